"""Documents that arrive by document exchange (liên thông văn bản, QCVN 102:2016/BTTTT).

No clerk acts here: the platform received a package addressed to one of its organisations and
registers it, or applies what its sender asked (recall, update). The caller
(saola.exchange.node.inbound) has parsed, verified and recorded the package; these functions
keep the documents side (number, files, history, audit, search) as the clerk's own services do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from saola.core.exceptions import ConflictError, ValidationFailed
from saola.core.models import Organization, User
from saola.documents.files import CheckedUpload, check_upload, store_attachment
from saola.documents.models import Attachment, Document, DocumentEvent
from saola.documents.services.common import document_lock, field_errors, record_event, reindex, transition_apply
from saola.documents.services.incoming import IncomingData, _validate_incoming, new_incoming
from saola.documents.states import Action, Direction

OPAQUE = "application/octet-stream"


@dataclass(frozen=True)
class ReceivedFile:
    """A file carried by the package; `signed` when its PDF signatures were verified valid."""

    name: str
    content_type: str
    data: bytes
    signed: bool = False
    kind: str = Attachment.Kind.MAIN


def _checked(item: ReceivedFile) -> CheckedUpload:
    """Recognised formats by their magic bytes, like an upload; anything else (a spreadsheet, an
    old .doc) is kept as opaque bytes, served as a download and never as what the sender claimed."""
    name = (item.name or _("tệp")).strip()[:255]
    try:
        return check_upload(ContentFile(item.data, name=name))
    except ValidationFailed:
        return CheckedUpload(
            content=item.data,
            name=name,
            content_type=OPAQUE,
            extension="bin",
            sha256=hashlib.sha256(item.data).hexdigest(),
        )


def _store(document: Document, files: Sequence[ReceivedFile]) -> None:
    for item in files:
        if item.data:
            store_attachment(document=document, checked=_checked(item), kind=item.kind, actor=None, signed=item.signed)


def _clean(data: IncomingData) -> None:
    errors = _validate_incoming(data)
    # The sender's dates are facts of the document received, not a clerk's input: a deadline
    # already past, or a date ahead of ours across midnight, is kept as sent.
    errors.pop("issued_on", None)
    errors.pop("due_on", None)
    field_errors(errors)


@transaction.atomic
def document_register_received(
    *, organization: Organization, data: IncomingData, files: Sequence[ReceivedFile] = (), note: str = ""
) -> Document:
    """Register a document received by exchange for `organization`: số đến, files, history.

    The system registers it (no actor); files are stored with their verified `signed` flag. Writes
    the history event and the audit entry, indexes the document for search.
    """
    _clean(data)
    document = new_incoming(organization=organization, data=data, actor=None)
    _store(document, files)
    text = _("Số đến %(number)s") % {"number": document.number}
    record_event(document=document, action=Action.REGISTER, actor=None, note=f"{text}. {note}".strip(". "))
    reindex(document)
    return document


@transaction.atomic
def document_withdraw_by_sender(*, document: Document, reason: str) -> Document:
    """The sender recalled the document before it was completed: it goes back (returned).

    Locks the row; 409 when the document is not open any more. Sends `document_transitioned`
    with the action `withdraw`.
    """
    locked = document_lock(document=document)
    note = _("Nơi gửi thu hồi văn bản: %(reason)s") % {"reason": reason.strip() or "—"}
    return transition_apply(document=locked, action=Action.WITHDRAW, actor=None, note=note)


@transaction.atomic
def document_update_received(
    *, document: Document, data: IncomingData, files: Sequence[ReceivedFile] = (), note: str = ""
) -> Document:
    """The sender updated a document it had sent: new metadata and, when it sent files, new files.

    The number and the processing (assignments, notes) stay. Locks the row; writes history and
    audit, re-indexes.
    """
    locked = document_lock(document=document)
    if locked.direction != Direction.INCOMING:
        raise ConflictError(_("Chỉ cập nhật được văn bản đến."))
    _clean(data)
    for name in ("document_type", "summary", "sender_name", "sender_code", "notation", "issued_on", "due_on"):
        value = getattr(data, name)
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.signer_name = data.signer_name.strip()
    locked.urgency = data.urgency
    locked.save()
    if files:
        locked.attachments.filter(kind__in=[Attachment.Kind.MAIN, Attachment.Kind.APPENDIX]).delete()
        _store(locked, files)
    record_event(document=locked, action="exchange_update", actor=None, note=note)
    reindex(locked)
    return locked


@transaction.atomic
def document_note_exchange(*, document: Document, action: str, actor: User | None, note: str = "") -> DocumentEvent:
    """A history event (and audit entry) for something the exchange did with the document:
    sent, recall asked, replaced. The status does not change."""
    return record_event(document=document, action=action, actor=actor, note=note)
