import pytest

from saola.catalog import services
from saola.core.exceptions import ConflictError
from saola.workflow.engine import RETURN_TASK_ID, flow_complete_task, flow_start

pytestmark = pytest.mark.django_db


def demo_flow(code):
    from pathlib import Path

    import saola.demo

    xml = (Path(saola.demo.__file__).parent / "flows" / f"{code}.bpmn").read_text()
    return services.flow_save(actor=None, code=code, name=code, bpmn_xml=xml)


def run_through(flow, decisions):
    state = flow_start(flow=flow)
    visited = []
    while not state.completed:
        (task,) = state.ready
        visited.append((task.id, task.role))
        state = flow_complete_task(flow=flow, state=state.state, task_id=task.id, data=decisions(task.id, visited))
    return visited


def test_straight_flow_visits_every_step_in_its_lane():
    visited = run_through(demo_flow("mot-cua-co-ban"), lambda task, v: {})
    assert visited == [
        ("tiep_nhan", "receiving_officer"),
        ("tham_dinh", "processing_officer"),
        ("ky_duyet", "unit_leader"),
        (RETURN_TASK_ID, "receiving_officer"),
    ]


def test_leader_sends_back_then_approves():
    answers = iter([False, True])

    def decide(task, visited):
        return {"approved": next(answers)} if task == "phe_duyet" else {}

    visited = [t for t, _ in run_through(demo_flow("mot-cua-phe-duyet"), decide)]
    assert visited == ["tiep_nhan", "tham_dinh", "phe_duyet", "tham_dinh", "phe_duyet", "phat_hanh", RETURN_TASK_ID]


def test_completing_a_task_that_is_not_ready_is_a_conflict():
    flow = demo_flow("mot-cua-co-ban")
    state = flow_start(flow=flow)
    with pytest.raises(ConflictError):
        flow_complete_task(flow=flow, state=state.state, task_id="ky_duyet")
