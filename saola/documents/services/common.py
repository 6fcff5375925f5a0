"""What every document write shares: the row lock, the checked transition, history and audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from saola.core.audit import audit_record
from saola.core.exceptions import ConflictError, NotFoundError, ValidationFailed
from saola.core.models import User
from saola.documents.models import Document, DocumentEvent
from saola.documents.search import index_document
from saola.documents.signals import document_transitioned
from saola.documents.states import Action, Status, next_status

TEXT_MAX = 4000


def document_lock(*, document: Document) -> Document:
    """The document's row, locked for the rest of the transaction (SELECT … FOR UPDATE)."""
    locked = (
        Document.objects.select_for_update(of=("self",))
        .select_related("organization", "document_type", "drafting_unit", "register")
        .filter(pk=document.pk)
        .first()
    )
    if locked is None:
        raise NotFoundError(_("Không tìm thấy văn bản."))
    return locked


def ensure_transition(*, document: Document, action: str) -> str:
    """The status `action` leads to from the document's status, or ConflictError (409)."""
    target = next_status(document.status, action)
    if target is None:
        raise ConflictError(
            _("Không thể “%(action)s” khi văn bản đang ở trạng thái “%(status)s”.")
            % {"action": Action(action).label, "status": Status(document.status).label},
            extra={"status": document.status, "action": action},
        )
    return target


def transition_apply(*, document: Document, action: str, actor: User | None, note: str = "") -> Document:
    """Move the document by `action` if the table allows it (else 409); saves, records history and audit.

    Assumes the caller holds the row lock (`document_lock`) and checked permissions. Sends
    `document_transitioned` inside the transaction (receivers' writes commit or roll back with it).
    """
    current = document.status
    document.status = ensure_transition(document=document, action=action)
    document.save()
    record_event(document=document, action=action, actor=actor, from_status=current, note=note)
    document_transitioned.send(
        sender=Document, document=document, action=action, actor=actor, from_status=current, note=note
    )
    return document


def record_event(
    *, document: Document, action: str, actor: User | None, from_status: str = "", note: str = ""
) -> DocumentEvent:
    event = DocumentEvent.objects.create(
        document=document,
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        from_status=from_status,
        to_status=document.status,
        note=note[:TEXT_MAX],
    )
    audit_record(
        actor=actor,
        action=f"document.{action}",
        obj=document,
        before={"status": from_status} if from_status else None,
        after={"status": document.status, "number": document.number, "notation": document.notation, "note": note[:500]},
    )
    return event


def reindex(document: Document) -> None:
    index_document(document)


def required_text(value: str, *, field: str, message: str, max_length: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(fields={field: [message]})
    if len(text) > max_length:
        raise ValidationFailed(fields={field: [_("Tối đa %(max_length)s ký tự.") % {"max_length": max_length}]})
    return text


def ensure_future_date(value: dt.date | None, *, field: str) -> None:
    if value is not None and value < timezone.localdate():
        raise ValidationFailed(fields={field: [_("Hạn xử lý không được trước ngày hôm nay.")]})


def field_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationFailed(fields=errors)


def choice_or_error(value: str, choices: Any, *, field: str, errors: dict[str, list[str]]) -> None:
    if value not in choices.values:
        errors[field] = [_("Giá trị “%(value)s” không hợp lệ.") % {"value": value}]
