"""What every dossier write shares: the checked transition, its event and its audit entry."""

from __future__ import annotations

from django.core.files.base import File
from django.utils import timezone

from saola.core.audit import audit_record
from saola.core.exceptions import ConflictError
from saola.core.models import User
from saola.dossiers.files import CheckedFile
from saola.dossiers.models import Dossier, DossierEvent, DossierFile
from saola.dossiers.notify import dossier_event_notify
from saola.dossiers.states import Action, Status, next_status


def ensure_transition(*, dossier: Dossier, action: str) -> str:
    """The status `action` leads to from the dossier's status, or ConflictError (409)."""
    target = next_status(dossier.status, action)
    if target is None:
        raise ConflictError(
            f"Không thể “{Action(action).label}” khi hồ sơ đang ở trạng thái “{Status(dossier.status).label}”.",
            extra={"status": dossier.status, "action": action},
        )
    return target


def transition_apply(
    *, dossier: Dossier, action: str, actor: User | None, note: str = "", step_name: str = ""
) -> Dossier:
    """Move `dossier` by `action` if the transition table allows it, else ConflictError (409).

    Assumes the caller holds the row lock (`dossier_lock`) and checked permissions; writes the
    history event and the audit entry. The caller saves any other field it changed.
    """
    current = dossier.status
    dossier.status = ensure_transition(dossier=dossier, action=action)
    if (
        dossier.status in {Status.REFUSED, Status.STOPPED, Status.WITHDRAWN, Status.FINISHED}
        and dossier.ended_at is None
    ):
        dossier.ended_at = timezone.now()
    dossier.save()
    record_event(dossier=dossier, action=action, actor=actor, from_status=current, note=note, step_name=step_name)
    return dossier


def record_event(
    *, dossier: Dossier, action: str, actor: User | None, from_status: str = "", note: str = "", step_name: str = ""
) -> DossierEvent:
    event = DossierEvent.objects.create(
        dossier=dossier,
        actor=actor if actor and actor.pk else None,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        step_name=step_name,
        note=note,
    )
    audit_record(
        actor=actor,
        action=f"dossier.{action}",
        obj=dossier,
        before={"status": from_status} if from_status else None,
        after={"status": dossier.status, "step": step_name, "note": note[:500]},
    )
    dossier_event_notify(dossier=dossier, event=event)
    return event


def attach_files(
    *, dossier: Dossier, files: list[tuple[CheckedFile, str, int | None]], kind: str, actor: User | None
) -> list[DossierFile]:
    """Store checked uploads as the dossier's files: (file, paper name, catalogue paper id)."""
    stored = []
    for checked, name, paper_id in files:
        row = DossierFile(
            dossier=dossier,
            paper_id=paper_id,
            kind=kind,
            name=name[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor if actor and actor.pk else None,
        )
        row.file.save(f"{checked.sha256[:16]}.{checked.extension}", File(checked.upload), save=False)
        row.save()
        stored.append(row)
    return stored
