"""Work dossiers (hồ sơ công việc, Decree 30/2020 Điều 28–31): opened by an officer, filled with
documents, closed when the matter ends, then handed to the archive by the clerk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saola.core.audit import audit_record, snapshot
from saola.core.exceptions import ConflictError, ValidationFailed
from saola.core.models import Organization, User
from saola.core.services import model_full_clean
from saola.documents.models import Document, WorkDossier
from saola.documents.permissions import (
    ensure_can_archive,
    ensure_can_manage_work_dossier,
    ensure_can_view_document,
    has_role,
)
from saola.documents.states import DOSSIER_TRANSITIONS, DossierAction, DossierState


def _lock(dossier: WorkDossier) -> WorkDossier:
    return WorkDossier.objects.select_for_update(of=("self",)).select_related("organization").get(pk=dossier.pk)


def _transition(dossier: WorkDossier, action: str, actor: User) -> None:
    target = DOSSIER_TRANSITIONS.get((dossier.state, action))
    if target is None:
        raise ConflictError(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": DossierAction(action).label, "state": dossier.get_state_display()},
            extra={"state": dossier.state, "action": action},
        )
    before = snapshot(dossier)
    dossier.state = target
    dossier.save()
    audit_record(actor=actor, action=f"work_dossier.{action}", obj=dossier, before=before, after=snapshot(dossier))


@transaction.atomic
def work_dossier_create(
    *,
    actor: User,
    organization: Organization,
    title: str,
    code: str,
    retention_years: int | None = None,
    permanent: bool = False,
    opened_on: dt.date | None = None,
    note: str = "",
) -> WorkDossier:
    """Open a work dossier of `organization` owned by `actor` (any officer with a role there)."""
    if not has_role(actor, organization):
        raise ValidationFailed(fields={"organization": [_("Bạn không công tác tại cơ quan này.")]})
    dossier = WorkDossier(
        title=title.strip(),
        code=code.strip(),
        organization=organization,
        owner=actor,
        retention_years=retention_years,
        permanent=permanent,
        opened_on=opened_on or timezone.localdate(),
        note=note.strip(),
    )
    model_full_clean(dossier)
    dossier.save()
    audit_record(actor=actor, action="work_dossier.create", obj=dossier, after=snapshot(dossier))
    return dossier


@transaction.atomic
def work_dossier_add_documents(*, actor: User, dossier: WorkDossier, documents: Sequence[Document]) -> WorkDossier:
    """File documents into an open dossier; the actor must see each of them."""
    locked = _lock(dossier)
    ensure_can_manage_work_dossier(actor, locked)
    if locked.state != DossierState.OPEN:
        raise ConflictError(_("Hồ sơ đã kết thúc, không thể thêm văn bản."))
    if not documents:
        raise ValidationFailed(fields={"documents": [_("Cần chọn ít nhất một văn bản.")]})
    for document in documents:
        ensure_can_view_document(actor, document)
    locked.documents.add(*documents)
    audit_record(
        actor=actor,
        action="work_dossier.add_documents",
        obj=locked,
        after={"documents": [d.pk for d in documents]},
    )
    return locked


@transaction.atomic
def work_dossier_close(*, actor: User, dossier: WorkDossier, closed_on: dt.date | None = None) -> WorkDossier:
    """Close the dossier when its matter is settled (open → closed)."""
    locked = _lock(dossier)
    ensure_can_manage_work_dossier(actor, locked)
    locked.closed_on = closed_on or timezone.localdate()
    if locked.state == DossierState.OPEN and locked.closed_on < locked.opened_on:
        raise ValidationFailed(fields={"closed_on": [_("Ngày kết thúc phải sau ngày mở hồ sơ.")]})
    _transition(locked, DossierAction.CLOSE, actor)
    return locked


@transaction.atomic
def work_dossier_archive(*, actor: User, dossier: WorkDossier) -> WorkDossier:
    """Hand a closed dossier to the agency's archive (closed → archived), by a clerk."""
    locked = _lock(dossier)
    ensure_can_archive(actor, locked)
    locked.archived_at = timezone.now()
    _transition(locked, DossierAction.ARCHIVE, actor)
    return locked
