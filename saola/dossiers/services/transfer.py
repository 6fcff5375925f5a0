"""Inter-agency one-stop (liên thông): handing the open step to another unit or level and back."""

from __future__ import annotations

from django.db import transaction

from saola.core.exceptions import ConflictError, ValidationFailed
from saola.core.models import Organization, User
from saola.dossiers.models import Dossier
from saola.dossiers.permissions import ensure_can_act_on_step, ensure_can_work_on
from saola.dossiers.services.common import transition_apply
from saola.dossiers.services.intake import dossier_lock
from saola.dossiers.services.steps import step_open
from saola.dossiers.states import Action


@transaction.atomic
def dossier_transfer(*, officer: User, dossier: Dossier, organization: Organization, note: str) -> Dossier:
    """Send the dossier's open step to another unit or level (e.g. commune → province department).

    Officers of that unit holding the step's role see it in their inbox; they complete it or
    send it back. The deadline does not change: the receiving unit answers for the whole time.
    """
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    if not note.strip():
        raise ValidationFailed(fields={"note": ["Cần nêu nội dung đề nghị phối hợp."]})
    step = step_open(dossier=locked)
    if step is None:
        raise ConflictError("Hồ sơ không có bước đang chờ xử lý để chuyển.")
    if organization.pk == step.organization_id:
        raise ValidationFailed(fields={"organization": ["Bước này đang ở chính đơn vị được chọn."]})
    transition_apply(
        dossier=locked,
        action=Action.TRANSFER,
        actor=officer,
        step_name=step.name,
        note=f"Chuyển {organization.name}: {note.strip()}",
    )
    step.organization = organization
    step.save(update_fields=["organization"])
    return locked


@transaction.atomic
def dossier_return_from_other_unit(*, officer: User, dossier: Dossier, note: str = "") -> Dossier:
    """The other unit sends the step back to the dossier's own unit without completing it."""
    locked = dossier_lock(code=dossier.code)
    step = step_open(dossier=locked)
    if step is None:
        raise ConflictError("Hồ sơ không có bước đang chờ xử lý.")
    ensure_can_act_on_step(officer, step)
    transition_apply(
        dossier=locked,
        action=Action.RETURN_FROM_OTHER_UNIT,
        actor=officer,
        step_name=step.name,
        note=note.strip() or "Trả lại đơn vị tiếp nhận",
    )
    step.organization = locked.organization
    step.save(update_fields=["organization"])
    return locked
