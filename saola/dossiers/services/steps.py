"""Moving a dossier through its procedure's BPMN flow, one user task (step) at a time."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from saola.core.exceptions import ConflictError
from saola.core.models import User
from saola.dossiers.models import Dossier, DossierStep
from saola.workflow.engine import (
    RETURN_TASK_ID,
    SIGNING_TASK_IDS,
    FlowState,
    ReadyTask,
    flow_complete_task,
    flow_start,
)


def _open_steps(dossier: Dossier, ready: list[ReadyTask]) -> None:
    now = timezone.now()
    for task in ready:
        DossierStep.objects.create(
            dossier=dossier,
            task_id=task.id,
            name=task.name,
            role=task.role,
            organization=dossier.organization,
            started_at=now,
            due_at=dossier.due_at,
        )
    dossier.current_step = ", ".join(t.name for t in ready)


def _apply(dossier: Dossier, state: FlowState) -> None:
    dossier.workflow_state = state.state
    _open_steps(dossier, state.ready)
    dossier.save(update_fields=["workflow_state", "current_step", "updated_at"])


def steps_start(*, dossier: Dossier, officer: User | None) -> None:
    """Start the dossier's flow (its first step is intake) and save the due date set by the caller."""
    flow = dossier.procedure.flow
    if flow is None:
        raise ConflictError("Thủ tục chưa có quy trình xử lý; vui lòng báo quản trị.")
    dossier.save()
    _apply(dossier, flow_start(flow=flow, data={"dossier": dossier.code}))


def step_open(*, dossier: Dossier) -> DossierStep | None:
    return dossier.steps.filter(completed_at__isnull=True).order_by("started_at", "id").first()


def steps_advance(
    *, dossier: Dossier, officer: User, comment: str = "", outcome: str = "done", data: dict[str, Any] | None = None
) -> DossierStep | None:
    """Complete the open step and open the next ones; returns the step completed (None if none open)."""
    step = step_open(dossier=dossier)
    flow = dossier.procedure.flow
    if step is None or flow is None:
        return None
    state = flow_complete_task(flow=flow, state=dossier.workflow_state, task_id=step.task_id, data=data)
    step.completed_at, step.completed_by, step.outcome, step.comment = timezone.now(), officer, outcome, comment
    step.save()
    _apply(dossier, state)
    return step


def at_return_step(dossier: Dossier) -> bool:
    step = step_open(dossier=dossier)
    return step is not None and step.task_id == RETURN_TASK_ID


def at_signing_step(dossier: Dossier) -> bool:
    """Whether the open step is one where the result is signed (leader or seal holder)."""
    step = step_open(dossier=dossier)
    return step is not None and step.task_id in SIGNING_TASK_IDS
