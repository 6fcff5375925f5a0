"""Runs a procedure's BPMN flow with SpiffWorkflow; the state is kept as JSON on the dossier.

Conventions the one-stop system relies on: the first user task is intake (receiving officer)
and a user task with id `tra_ket_qua` returns the result; every user task sits in a lane
named after the role that performs it (checked when the flow is saved).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.defaults import ExclusiveGateway, UserTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from saola.catalog.models import Flow
from saola.core.exceptions import ConflictError

RETURN_TASK_ID = "tra_ket_qua"
# Steps where the result is signed: by the leader (ký duyệt, phê duyệt: a personal signature)
# or by the clerk who holds the seal (phát hành: the organisation's signature). While one of
# them is open the dossier waits for a signature (national status 4, internally its own).
PERSONAL_SIGNING_TASK_IDS = frozenset({"ky_duyet", "phe_duyet"})
ORGANIZATION_SIGNING_TASK_IDS = frozenset({"phat_hanh"})
SIGNING_TASK_IDS = PERSONAL_SIGNING_TASK_IDS | ORGANIZATION_SIGNING_TASK_IDS
_serializer = BpmnWorkflowSerializer()


@dataclass(frozen=True)
class ReadyTask:
    id: str
    name: str
    role: str


@lru_cache(maxsize=128)
def _spec(flow_id: int, process_id: str, bpmn_xml: str) -> BpmnProcessSpec:
    parser = BpmnParser()
    parser.add_bpmn_xml(etree.ElementTree(etree.fromstring(bpmn_xml.encode())), filename=f"flow-{flow_id}.bpmn")
    return parser.get_spec(process_id)


def _ready(workflow: BpmnWorkflow) -> list[ReadyTask]:
    tasks = workflow.get_tasks(state=TaskState.READY, manual=True)
    return [
        ReadyTask(id=t.task_spec.name, name=t.task_spec.bpmn_name or t.task_spec.name, role=t.task_spec.lane or "")
        for t in tasks
        if isinstance(t.task_spec, UserTask)
    ]


@dataclass(frozen=True)
class FlowState:
    state: str
    ready: list[ReadyTask]
    completed: bool


def _snapshot(workflow: BpmnWorkflow) -> FlowState:
    return FlowState(state=_serializer.serialize_json(workflow), ready=_ready(workflow), completed=workflow.completed)


def flow_start(*, flow: Flow, data: dict[str, Any] | None = None) -> FlowState:
    """A new instance of `flow`, advanced to its first user task."""
    workflow = BpmnWorkflow(_spec(flow.pk, flow.process_id, flow.bpmn_xml))
    workflow.data.update(data or {})
    workflow.do_engine_steps()
    return _snapshot(workflow)


def flow_complete_task(*, flow: Flow, state: str, task_id: str, data: dict[str, Any] | None = None) -> FlowState:
    """Complete the ready user task `task_id` with `data` (e.g. {"approved": True}) and advance."""
    workflow = _serializer.deserialize_json(state)
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        if task.task_spec.name == task_id:
            task.data.update(data or {})
            try:
                task.run()
                workflow.do_engine_steps()
            except SpiffWorkflowException as exc:
                raise ConflictError(f"Quy trình không thể chuyển tiếp: {exc}") from exc
            return _snapshot(workflow)
    raise ConflictError(f"Bước “{task_id}” không ở trạng thái chờ xử lý.")


def flow_task_decides(*, flow: Flow, task_id: str) -> bool:
    """True when user task `task_id` leads straight to an exclusive gateway.

    Its performer chooses the way on (the `approved` / `complete` variables the gateway's
    conditions read), so the task must be completed with a decision, not just "done".
    """
    task_spec = _spec(flow.pk, flow.process_id, flow.bpmn_xml).task_specs.get(task_id)
    return task_spec is not None and any(isinstance(out, ExclusiveGateway) for out in task_spec.outputs)
