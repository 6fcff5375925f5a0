"""What the node receives: packages become incoming documents of the organisation addressed, status
messages update the recipients' statuses of documents it sent.

`inbound_receive` is what the transport calls for each message the hub delivers. It is
idempotent (the same bytes from the same sender to the same recipient are one message) and
atomic. A package whose signature does not verify is still registered, with the problems
recorded and shown on the document's page: the clerk decides (refusing it sends status 02), as
with a paper document that looks wrong; an unreadable package is refused (EdxmlError, 400) and
the transport treats that as a permanent failure.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saola.core.exceptions import NotFoundError, ValidationFailed
from saola.core.models import AGENCY_CODE_RE, Organization
from saola.documents.doctypes import sync_document_types
from saola.documents.models import Attachment, Document, DocumentType
from saola.documents.services.incoming import IncomingData
from saola.documents.services.received import (
    ReceivedFile,
    document_note_exchange,
    document_register_received,
    document_update_received,
    document_withdraw_by_sender,
)
from saola.documents.states import OPEN_INCOMING, Status
from saola.exchange.edxml import package_from_xml, status_from_xml
from saola.exchange.node.common import URGENCY_OF_PRIORITY, digest
from saola.exchange.node.outbound import status_enqueue
from saola.exchange.node_models import (
    BusinessType,
    InboundMessage,
    MessageKind,
    OutboundMessage,
    RecipientStatus,
    RecipientStatusEvent,
)
from saola.exchange.package import Attachment as PackageAttachment
from saola.exchange.package import BusinessDocType, EdxmlPackage, EdxmlStatus, StatusCode, document_id_for
from saola.exchange.signature import verify_package_signature
from saola.signing.verify import FileTooLarge, UnverifiableFile, verify_pdf

RECALL_OF_STATUS = {
    StatusCode.RECALL_REQUESTED: RecipientStatus.Recall.REQUESTED,
    StatusCode.RECALL_AGREED: RecipientStatus.Recall.AGREED,
    StatusCode.RECALL_REFUSED: RecipientStatus.Recall.REFUSED,
}


def _hosted(code: str, *, lock: bool = False) -> Organization:
    qs = Organization.objects.select_for_update() if lock else Organization.objects.all()
    organization = qs.filter(code=code).first()
    if organization is None:
        raise NotFoundError(_("Cơ quan “%(code)s” không thuộc nền tảng này.") % {"code": code})
    return organization


def _existing(recipient_code: str, sender_code: str, body_digest: str) -> InboundMessage | None:
    return InboundMessage.objects.filter(
        recipient_code=recipient_code, sender_code=sender_code, digest=body_digest
    ).first()


@transaction.atomic
def inbound_receive(
    *, kind: str, body: bytes, recipient_code: str, trace: list[Any], delivery_id: int | None = None
) -> InboundMessage:
    """Take one package or status message delivered for `recipient_code`, apply it, return its row.

    Raises NotFoundError when the recipient is not an organisation hosted here, EdxmlError
    (400) when the bytes are not a readable package/status, ValidationFailed when the package is
    not addressed to the recipient. The same bytes again return the existing row and do nothing.
    A new package is registered as an incoming document (statuses 01 and 03 queued); recall,
    update and replace act on the document received before; a status updates the recipient's
    status of the document sent. What cannot be applied yet stays pending, and every message
    applied retries the pending ones about the same DocumentId, in the order received. Locks the
    recipient organisation's row, so the messages of one recipient are applied one at a time.
    """
    if kind not in MessageKind.values:
        raise ValidationFailed(fields={"kind": [_("Loại gói tin phải là package hoặc status.")]})
    recipient = _hosted(recipient_code)
    parsed: EdxmlPackage | EdxmlStatus
    if kind == MessageKind.PACKAGE:
        parsed = package_from_xml(body)
        sender = parsed.from_organ.organ_id
        if recipient_code not in {organ.organ_id for organ in parsed.to_organs}:
            raise ValidationFailed(
                _("Gói tin không gửi cho cơ quan “%(code)s”.") % {"code": recipient_code},
                extra={"recipient": recipient_code},
            )
    else:
        parsed = status_from_xml(body)
        sender = parsed.from_organ.organ_id
    body_digest = digest(body)
    # One message at a time per recipient: two packages with the same DocumentId (a resend) or
    # the same bytes must not both register a document.
    _hosted(recipient_code, lock=True)
    found = _existing(recipient_code, sender, body_digest)
    if found is not None:
        return found
    message = InboundMessage(
        kind=kind,
        recipient_code=recipient_code,
        sender_code=sender,
        digest=body_digest,
        hub_delivery_id=delivery_id,
        body=body,
        trace=list(trace),
        received_at=timezone.now(),
        state=InboundMessage.State.PENDING,
    )
    if isinstance(parsed, EdxmlPackage):
        business = parsed.business.doc_type if parsed.business is not None else BusinessDocType.NEW
        message.edxml_document_id = _package_document_id(parsed)
        message.business_type = int(business)
    else:
        message.edxml_document_id = parsed.response_for.document_id
        message.status_code = str(parsed.status_code)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # The same bytes received at the same time by another worker: theirs is the message.
        again = _existing(recipient_code, sender, body_digest)
        if again is None:
            raise
        return again
    if isinstance(parsed, EdxmlPackage):
        _record_signatures(message, parsed)
        _apply_package(message, parsed, recipient)
    else:
        _apply_status(message, parsed, recipient)
    if message.state == InboundMessage.State.APPLIED:
        inbound_apply_pending(document_ids=_related_ids(message, parsed))
    return message


def _package_document_id(package: EdxmlPackage) -> str:
    return package.document_id or document_id_for(
        organ_id=package.from_organ.organ_id, promulgation_date=package.promulgation_date, code=package.code
    )


def _related_ids(message: InboundMessage, parsed: EdxmlPackage | EdxmlStatus) -> set[str]:
    ids = {message.edxml_document_id}
    if isinstance(parsed, EdxmlPackage) and parsed.business is not None:
        ids.update(r.document_id for r in parsed.business.replacements)
    return ids


def _pdf_check(attachment: PackageAttachment) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": attachment.name, "content_id": attachment.content_id}
    try:
        report = verify_pdf(data=attachment.data)
    except (UnverifiableFile, FileTooLarge) as exc:
        return {**entry, "signed": False, "valid": False, "signers": [], "problems": [str(exc.message)]}
    problems = [str(p) for p in report.problems] + [str(p) for s in report.signatures for p in s.problems]
    return {
        **entry,
        "signed": bool(report.signatures),
        "valid": report.valid,
        "signers": [s.signer for s in report.signatures],
        "problems": problems,
    }


def _record_signatures(message: InboundMessage, package: EdxmlPackage) -> None:
    """The package's XML signature and each PDF attachment's PAdES signatures, as found now."""
    check = verify_package_signature(bytes(message.body))
    message.signature_valid = check.valid
    message.signer = check.signer[:255]
    message.signature_problems = [str(p) for p in check.problems]
    message.attachment_signatures = [
        _pdf_check(a) for a in package.attachments if a.data.startswith(b"%PDF-") or a.content_type == "application/pdf"
    ]
    message.save(update_fields=["signature_valid", "signer", "signature_problems", "attachment_signatures"])


def _document_type(package: EdxmlPackage) -> DocumentType:
    name = package.document_type.type_name.strip()
    found = DocumentType.objects.filter(name__iexact=name).first() if name else None
    if found is None and not DocumentType.objects.filter(code="cong-van").exists():
        # The Decree 30 list is loaded by a migration; put it back if someone emptied it.
        sync_document_types(DocumentType)
    return found or DocumentType.objects.get(code="cong-van")


def _incoming_data(package: EdxmlPackage) -> IncomingData:
    sender = package.from_organ
    priority = package.other_info.priority if package.other_info is not None else None
    return IncomingData(
        document_type=_document_type(package),
        summary=(package.subject.strip() or package.document_type.type_name or str(package.code))[:1000],
        sender_name=(sender.organ_name.strip() or sender.organ_id)[:255],
        sender_code=sender.organ_id if AGENCY_CODE_RE.match(sender.organ_id) else "",
        notation=str(package.code)[:64],
        issued_on=package.promulgation_date,
        signer_name=(package.signer.full_name if package.signer is not None else "")[:255],
        urgency=URGENCY_OF_PRIORITY.get(priority or 0, Document.Urgency.NORMAL),
        due_on=package.due_date,
    )


def _files(message: InboundMessage, package: EdxmlPackage) -> list[ReceivedFile]:
    valid = {entry["content_id"]: bool(entry["valid"]) for entry in message.attachment_signatures}
    return [
        ReceivedFile(
            name=a.name,
            content_type=a.content_type,
            data=a.data,
            signed=valid.get(a.content_id, False),
            kind=Attachment.Kind.MAIN if index == 0 else Attachment.Kind.APPENDIX,
        )
        for index, a in enumerate(package.attachments)
    ]


def _received_document(recipient_code: str, document_id: str, sender_code: str | None = None) -> Document | None:
    """The incoming document registered here from the package with this DocumentId."""
    qs = InboundMessage.objects.filter(
        recipient_code=recipient_code,
        edxml_document_id=document_id,
        kind=MessageKind.PACKAGE,
        state=InboundMessage.State.APPLIED,
        business_type__in=[BusinessType.NEW, BusinessType.REPLACE],
        document__isnull=False,
    )
    if sender_code is not None:
        qs = qs.filter(sender_code=sender_code)
    found = qs.select_related("document").order_by("id").first()
    return found.document if found is not None else None


def _finish(message: InboundMessage, state: str, *, document: Document | None = None, note: str = "") -> None:
    message.state = state
    message.document = document
    message.note = note
    message.save(update_fields=["state", "document", "note"])


def _apply_package(message: InboundMessage, package: EdxmlPackage, recipient: Organization) -> None:
    business = BusinessDocType(message.business_type or 0)
    if business in (BusinessDocType.NEW, BusinessDocType.REPLACE):
        _register(message, package, recipient, business)
        return
    target = _received_document(recipient.code, message.edxml_document_id, message.sender_code)
    if target is None:
        _finish(message, InboundMessage.State.PENDING, note=_("Chưa có văn bản được gửi trước đó để áp dụng."))
        return
    reason = package.business.reason if package.business is not None else ""
    if business == BusinessDocType.RECALL:
        _recall(message, target, reason)
    else:
        document_update_received(
            document=target,
            data=_incoming_data(package),
            files=_files(message, package),
            note=reason or _("Nơi gửi cập nhật văn bản."),
        )
        _finish(message, InboundMessage.State.APPLIED, document=target)


def _register(message: InboundMessage, package: EdxmlPackage, recipient: Organization, business: int) -> None:
    if _received_document(recipient.code, message.edxml_document_id, message.sender_code) is not None:
        _finish(message, InboundMessage.State.DUPLICATE, note=_("Văn bản này đã được nhận và vào sổ trước đó."))
        return
    sender_name = package.from_organ.organ_name or package.from_organ.organ_id
    document = document_register_received(
        organization=recipient,
        data=_incoming_data(package),
        files=_files(message, package),
        note=_("Nhận qua trục liên thông từ %(sender)s") % {"sender": sender_name},
    )
    _finish(message, InboundMessage.State.APPLIED, document=document)
    if business == BusinessDocType.REPLACE and package.business is not None:
        text = _("Được thay thế bằng văn bản %(code)s (số đến %(number)s): %(reason)s") % {
            "code": package.code,
            "number": document.number,
            "reason": package.business.reason or "—",
        }
        for replacement in package.business.replacements:
            old = _received_document(recipient.code, replacement.document_id)
            if old is not None:
                document_note_exchange(document=old, action="exchange_replaced", actor=None, note=text)
    status_enqueue(document=document, status_code=StatusCode.ARRIVED, description=_("Văn bản đã đến."))
    status_enqueue(
        document=document,
        status_code=StatusCode.ACCEPTED,
        description=_("Đã vào sổ văn bản đến, số đến %(number)s.") % {"number": document.number},
    )


def _recall(message: InboundMessage, target: Document, reason: str) -> None:
    document_note_exchange(document=target, action="exchange_recall", actor=None, note=reason)
    if target.status == Status.COMPLETED:
        status_enqueue(
            document=target,
            status_code=StatusCode.RECALL_REFUSED,
            description=_("Văn bản đã được xử lý xong, không thể thu hồi."),
        )
        note = _("Văn bản đã xử lý xong: trả lời từ chối thu hồi.")
    else:
        if target.status in OPEN_INCOMING:
            target = document_withdraw_by_sender(document=target, reason=reason)
        status_enqueue(document=target, status_code=StatusCode.RECALL_AGREED, description=_("Đồng ý thu hồi."))
        note = _("Đã trả lại văn bản cho nơi gửi theo yêu cầu thu hồi.")
    _finish(message, InboundMessage.State.APPLIED, document=target, note=note)


def _apply_status(message: InboundMessage, status: EdxmlStatus, recipient: Organization) -> None:
    sent = (
        OutboundMessage.objects.filter(
            kind=MessageKind.PACKAGE,
            organization=recipient,
            edxml_document_id=status.response_for.document_id,
            document__isnull=False,
        )
        .order_by("-id")
        .first()
    )
    row = (
        RecipientStatus.objects.select_for_update()
        .filter(document=sent.document, organ_code=message.sender_code)
        .first()
        if sent is not None
        else None
    )
    if sent is None or row is None:
        _finish(message, InboundMessage.State.PENDING, note=_("Chưa có văn bản đã gửi tương ứng."))
        return
    staff = status.staff.staff if status.staff is not None else ""
    code = str(status.status_code)
    RecipientStatusEvent.objects.create(
        recipient=row,
        status_code=code,
        description=status.description,
        staff=staff,
        at=status.timestamp,
        inbound=message,
    )
    if row.status_at is None or status.timestamp >= row.status_at:
        row.status_code = code
        row.description = status.description
        row.staff = staff[:255]
        row.status_at = status.timestamp
    if status.status_code in RECALL_OF_STATUS:
        row.recall = RECALL_OF_STATUS[status.status_code]
    row.updated_at = timezone.now()
    row.save()
    _finish(message, InboundMessage.State.APPLIED, document=sent.document)


@transaction.atomic
def inbound_apply_pending(*, document_ids: Collection[str] | None = None) -> int:
    """Apply the pending messages that can be applied now, in the order received; how many were.

    `document_ids` narrows the retry to messages about those DocumentIds (what the message just
    applied, or the document just sent, can unblock); None retries every pending message. Locks
    the pending rows it reads. Called inside `inbound_receive` (the recipient's row locked) and
    `document_send`.
    """
    qs = InboundMessage.objects.select_for_update().filter(state=InboundMessage.State.PENDING)
    if document_ids is not None:
        qs = qs.filter(edxml_document_id__in=list(document_ids))
    applied = 0
    for message in qs.order_by("id"):
        recipient = Organization.objects.filter(code=message.recipient_code).first()
        if recipient is None:
            continue
        if message.kind == MessageKind.STATUS:
            _apply_status(message, status_from_xml(bytes(message.body)), recipient)
        else:
            _apply_package(message, package_from_xml(bytes(message.body)), recipient)
        applied += int(message.state != InboundMessage.State.PENDING)
    return applied
