"""What the back office shows about a dossier: deadline flags, labels, the filled-in e-form,
the paper checklist, and which actions the current officer is offered in the current state.

Offering an action is only a convenience: every action is checked again by its service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import NotFoundError, PermissionDeniedError
from saola.core.models import RoleAssignment
from saola.dossiers import deadlines
from saola.dossiers.models import Dossier, DossierFile, DossierStep
from saola.dossiers.permissions import ensure_can_act_on_step, ensure_can_lead, ensure_can_receive, ensure_can_work_on
from saola.dossiers.services.signing import step_signs
from saola.dossiers.states import EXTRA_EVENTS, WORKING, Action, Status, next_status
from saola.workflow.engine import RETURN_TASK_ID, flow_task_decides

OVERDUE = "overdue"
DUE_SOON = "due_soon"
# Must match `dossier_inbox(only="due_soon")`, so the tab count and the row labels agree.
DUE_SOON_WITHIN = dt.timedelta(days=1)
CLOSED = {Status.REFUSED, Status.STOPPED, Status.WITHDRAWN, Status.RETURNED}

EVENT_LABELS: dict[str, Any] = {**dict(Action.choices), **EXTRA_EVENTS}
OUTCOME_LABELS: dict[str, Any] = {
    "done": _("Hoàn thành"),
    "approved": _("Đồng ý"),
    "returned": _("Trả lại"),
}


def deadline_flag(dossier: Dossier, *, now: dt.datetime) -> str:
    """ "overdue" past the appointment, "due_soon" within a day of it, else "" (paused or closed: "")."""
    if dossier.due_at is None or dossier.paused_at is not None or dossier.status in CLOSED:
        return ""
    if dossier.due_at < now:
        return OVERDUE
    if dossier.due_at < now + DUE_SOON_WITHIN:
        return DUE_SOON
    return ""


def step_timeliness(step: DossierStep, *, now: dt.datetime) -> str:
    """Trước hạn / Đúng hạn / Quá hạn for a done step, "Đang xử lý" (maybe late) for an open one."""
    if step.completed_at is None:
        if step.due_at is not None and now > step.due_at:
            return str(_("Đang xử lý, đã quá hạn"))
        return str(_("Đang xử lý"))
    if step.due_at is None:
        return str(_("Đã xử lý"))
    if step.completed_at > step.due_at:
        return str(_("Quá hạn"))
    if timezone.localtime(step.completed_at).date() < timezone.localtime(step.due_at).date():
        return str(_("Trước hạn"))
    return str(_("Đúng hạn"))


def role_label(role: str) -> str:
    try:
        return str(RoleAssignment.Role(role).label)
    except ValueError:
        return role


def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))


def outcome_label(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome))


def status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


# --- The filled-in e-form ---------------------------------------------------------------------


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, list):
        return ", ".join(_display(v) for v in value)
    if value is None:
        return ""
    return str(value)


def form_rows(schema: dict[str, Any] | None, data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(label, answer) pairs in the schema's order; labels are the properties' titles when given.

    Answers the schema does not describe are listed after, under their keys.
    """
    rows: list[tuple[str, str]] = []
    _collect(schema if isinstance(schema, dict) else {}, data if isinstance(data, dict) else {}, "", rows)
    return rows


def _collect(schema: dict[str, Any], data: dict[str, Any], prefix: str, rows: list[tuple[str, str]]) -> None:
    found = schema.get("properties")
    properties: dict[str, Any] = found if isinstance(found, dict) else {}
    keys = [k for k in properties if k in data] + [k for k in data if k not in properties]
    for key in keys:
        found_prop = properties.get(key)
        prop: dict[str, Any] = found_prop if isinstance(found_prop, dict) else {}
        label = f"{prefix}{prop.get('title') or key}"
        value = data[key]
        if isinstance(value, dict):
            _collect(prop, value, f"{label} — ", rows)
        else:
            rows.append((label, _display(value)))


# --- Papers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperRow:
    name: str
    required: bool
    original_received: bool
    files: list[DossierFile]


def paper_rows(dossier: Dossier, files: list[DossierFile]) -> list[PaperRow]:
    """The procedure's papers as they were at intake: ticked on the counter checklist, and their files."""
    snapshot = dossier.procedure_snapshot or {}
    checked = set(snapshot.get("checked_papers") or [])
    submitted = [f for f in files if f.kind in {DossierFile.Kind.SUBMITTED, DossierFile.Kind.SUPPLEMENT}]
    rows = [
        PaperRow(
            name=str(p.get("name", "")),
            required=bool(p.get("required", True)),
            original_received=p.get("id") in checked,
            files=[f for f in submitted if f.paper_id is not None and f.paper_id == p.get("id")],
        )
        for p in snapshot.get("papers") or []
    ]
    known = {p.get("id") for p in snapshot.get("papers") or []}
    loose = [f for f in submitted if f.paper_id is None or f.paper_id not in known]
    if loose:
        rows.append(PaperRow(name=str(_("Tệp khác")), required=False, original_received=False, files=loose))
    return rows


# --- Actions ----------------------------------------------------------------------------------


def _allowed(check: Callable[..., None], *args: Any) -> bool:
    try:
        check(*args)
    except (PermissionDeniedError, NotFoundError):
        return False
    return True


@dataclass(frozen=True)
class OfficeActions:
    """What the officer may do now; `step` is the open step they may complete, if any."""

    accept: bool = False
    refuse: bool = False
    request_supplement: bool = False
    accept_supplement: bool = False
    step: DossierStep | None = None
    step_decides: bool = False
    leader_step: bool = False
    # At a signing step: "person" or "organization", and how many PDF results it will sign.
    signs_as: str = ""
    pdf_results: int = 0
    upload_result: bool = False
    return_result: bool = False
    apologize: bool = False
    stop: bool = False
    approve_withdrawal: bool = False
    transfer: bool = False
    return_to_origin: bool = False

    @property
    def any(self) -> bool:
        return any(
            (
                self.accept,
                self.refuse,
                self.request_supplement,
                self.accept_supplement,
                self.step,
                self.upload_result,
                self.return_result,
                self.apologize,
                self.stop,
                self.approve_withdrawal,
                self.transfer,
                self.return_to_origin,
            )
        )


def office_actions(
    user: Any, dossier: Dossier, steps: list[DossierStep], *, now: dt.datetime, pdf_results: int = 0
) -> OfficeActions:
    status = dossier.status
    receive = _allowed(ensure_can_receive, user, dossier)
    work = _allowed(ensure_can_work_on, user, dossier)
    lead = _allowed(ensure_can_lead, user, dossier)
    open_step = next((s for s in steps if s.completed_at is None), None)
    step = None
    if (
        open_step is not None
        and status in WORKING
        and open_step.task_id != RETURN_TASK_ID
        and _allowed(ensure_can_act_on_step, user, open_step)
    ):
        step = open_step
    flow = dossier.procedure.flow
    # The current appointment (after any apology), not the national statistic: a dossier that
    # was late once stays "late" (`deadlines.is_late`) but needs a new apology only when the
    # date it was given again is missed or about to be.
    missed = dossier.due_at is not None and dossier.paused_at is None and now >= dossier.due_at
    late_or_at_risk = missed or deadlines.is_at_risk(dossier, now=now)
    return OfficeActions(
        accept=receive and status == Status.SUBMITTED,
        refuse=receive and next_status(status, Action.REFUSE) is not None,
        request_supplement=work and next_status(status, Action.REQUEST_SUPPLEMENT) is not None,
        accept_supplement=work and status == Status.SUPPLEMENT_RECEIVED,
        step=step,
        step_decides=step is not None and flow is not None and flow_task_decides(flow=flow, task_id=step.task_id),
        leader_step=step is not None and step.role == RoleAssignment.Role.UNIT_LEADER,
        signs_as=step_signs(step) if step is not None else "",
        pdf_results=pdf_results if step is not None and step_signs(step) else 0,
        upload_result=work and status in WORKING | {Status.FINISHED},
        return_result=work and status == Status.FINISHED,
        apologize=work
        and status in WORKING | {Status.PAYMENT_REQUIRED}
        and dossier.due_at is not None
        and late_or_at_risk,
        stop=lead and next_status(status, Action.STOP) is not None,
        approve_withdrawal=lead and status == Status.WITHDRAWAL_REQUESTED,
        transfer=work and open_step is not None and next_status(status, Action.TRANSFER) is not None,
        return_to_origin=status == Status.WAITING_OTHER_UNIT
        and open_step is not None
        and _allowed(ensure_can_act_on_step, user, open_step),
    )
