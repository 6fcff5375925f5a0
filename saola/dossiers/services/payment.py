"""The dossier side of fees: waiting for the applicant's financial obligation and back.

The payments app owns the orders; these two writes only move the dossier and its clock. Time
spent waiting for the applicant to pay does not count against the unit (status 6 of the
national list, "Yêu cầu thực hiện nghĩa vụ tài chính"): the clock stops the way it does for a
supplement request (`paused_at`) and restarts with the working time that was left.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from saola.core.models import User
from saola.dossiers import deadlines
from saola.dossiers.models import Dossier
from saola.dossiers.permissions import ensure_can_work_on
from saola.dossiers.services.common import transition_apply
from saola.dossiers.services.intake import dossier_lock
from saola.dossiers.states import Action


@transaction.atomic
def dossier_request_payment(*, officer: User, dossier: Dossier, note: str) -> Dossier:
    """Move a dossier in processing to "payment required" and stop its clock.

    Checks that `officer` works on the dossier's unit and that the transition is allowed (409
    otherwise). Writes the history event and audit entry; the applicant is notified through
    the event (template "dossier.payment_required"). Returns the locked, updated dossier.
    """
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    transition_apply(dossier=locked, action=Action.REQUEST_PAYMENT, actor=officer, note=note)
    if locked.received_at is not None and locked.paused_at is None:
        locked.paused_at = timezone.now()
        locked.save(update_fields=["paused_at", "updated_at"])
    return locked


def dossier_confirm_payment_apply(*, dossier: Dossier, actor: User | None, note: str) -> Dossier:
    """Back to processing once the fees are paid; the clock restarts with the time that was left.

    Assumes the caller holds the dossier's row lock (`dossier_lock`) and has established the
    payment (a verified provider callback, or an officer's counter confirmation whose
    permission it checked). 409 when the dossier is not waiting for a payment.
    """
    now = timezone.now()
    transition_apply(dossier=dossier, action=Action.CONFIRM_PAYMENT, actor=actor, note=note)
    if dossier.paused_at and dossier.due_at:
        paused = dossier.paused_at
        dossier.due_at = deadlines.resume_after_pause(paused_at=paused, due_at=dossier.due_at, resumed_at=now)
        if dossier.original_due_at:
            dossier.original_due_at = deadlines.resume_after_pause(
                paused_at=paused, due_at=dossier.original_due_at, resumed_at=now
            )
    dossier.paused_at = None
    dossier.save()
    return dossier
