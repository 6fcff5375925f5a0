"""What the node sends: issued documents as signed edXML packages, and status messages about the
documents it received. Everything goes to the outbox (`OutboundMessage`) in the caller's
transaction; the transport sends it after commit and reports back with `outbound_mark_sent` /
`outbound_mark_failed`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saola.core.audit import audit_record
from saola.core.exceptions import ConflictError, NotFoundError, ValidationFailed
from saola.core.models import User
from saola.documents.drafts import place_name
from saola.documents.models import Attachment, Distribution, Document
from saola.documents.permissions import ensure_can_clerk
from saola.documents.services.common import document_lock
from saola.documents.services.received import document_note_exchange
from saola.documents.states import Direction, Status
from saola.exchange.edxml import package_to_xml, status_to_xml
from saola.exchange.exceptions import EdxmlError
from saola.exchange.models import Agency
from saola.exchange.node.common import PRIORITY_OF_URGENCY, digest, organ_of, staff_of
from saola.exchange.node.selectors import exchange_receipt
from saola.exchange.node_models import (
    BusinessType,
    MessageKind,
    OutboundMessage,
    RecipientStatus,
    RecipientStatusEvent,
)
from saola.exchange.package import Attachment as PackageAttachment
from saola.exchange.package import (
    Business,
    BusinessDocType,
    DocumentCode,
    DocumentType,
    EdxmlPackage,
    EdxmlStatus,
    Organ,
    OtherInfo,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StatusCode,
    TraceHeader,
    document_id_for,
    split_document_id,
)
from saola.exchange.signature import sign_package

MAX_BACKOFF_SECONDS = 3600


def document_code(document: Document) -> DocumentCode:
    """Code of an issued document: `01/QĐ-UBND` → number 01, notation QĐ-UBND."""
    number, sep, rest = document.notation.partition("/")
    if sep:
        return DocumentCode(number=number, notation=rest)
    return DocumentCode(number=f"{document.number or 0:02d}", notation=document.notation)


def edxml_document_id(document: Document) -> str:
    """The DocumentId of an issued outgoing document (same for its recall and update)."""
    if document.issued_on is None:
        raise ConflictError(_("Văn bản chưa ban hành."))
    return document_id_for(
        organ_id=document.organization.code, promulgation_date=document.issued_on, code=document_code(document)
    )


def _files(document: Document) -> tuple[PackageAttachment, ...]:
    rows = document.attachments.filter(kind__in=[Attachment.Kind.MAIN, Attachment.Kind.APPENDIX])
    ordered = sorted(rows, key=lambda a: (a.kind != Attachment.Kind.MAIN, a.pk))
    files = []
    for row in ordered:
        with row.file.open("rb") as handle:
            data = handle.read()
        files.append(
            PackageAttachment(
                name=row.name, content_type=row.content_type, data=data, description=row.get_kind_display()
            )
        )
    return tuple(files)


def _package(
    document: Document,
    agencies: Sequence[Agency],
    *,
    clerk: User,
    business_type: BusinessDocType,
    reason: str,
    replaces_document_id: str,
) -> EdxmlPackage:
    organization = document.organization
    assert document.issued_on is not None  # noqa: S101 - an issued document has its date
    replacements = (
        (ReplacementInfo(document_id=replaces_document_id, organ_ids=tuple(a.code for a in agencies)),)
        if replaces_document_id
        else ()
    )
    competence = " ".join(part for part in (document.signing_authority, document.authority_title) if part)
    return EdxmlPackage(
        from_organ=organ_of(organization),
        to_organs=tuple(Organ(organ_id=a.code, organ_name=a.name) for a in agencies),
        code=document_code(document),
        promulgation_place=place_name(organization),
        promulgation_date=document.issued_on,
        # The Type code list differs between sources (see package.DocumentType): the name is what
        # receivers match; the code is our list's position.
        document_type=DocumentType(type=str(document.document_type.position), type_name=document.document_type.name),
        subject=document.summary,
        content=document.body,
        signer=SignerInfo(competence=competence, position=document.signer_title, full_name=document.signer_name),
        due_date=document.due_on,
        to_places=tuple(line.strip(" ;") for line in document.recipients_text.splitlines() if line.strip(" ;")),
        other_info=OtherInfo(priority=PRIORITY_OF_URGENCY.get(document.urgency, 0)),
        document_id=edxml_document_id(document),
        trace_headers=(TraceHeader(organ_id=organization.code, timestamp=timezone.now()),),
        business=Business(doc_type=business_type, reason=reason, replacements=replacements, staff=staff_of(clerk)),
        attachments=() if business_type == BusinessDocType.RECALL else _files(document),
    )


def _agencies(codes: Sequence[str]) -> list[Agency]:
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    if not wanted:
        raise ValidationFailed(fields={"recipients": [_("Cần chọn ít nhất một cơ quan nhận.")]})
    found = {a.code: a for a in Agency.objects.filter(code__in=wanted, is_active=True)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationFailed(
            fields={
                "recipients": [
                    _("Không có cơ quan mã “%(code)s” trong danh bạ liên thông.") % {"code": code} for code in missing
                ]
            }
        )
    return [found[c] for c in wanted]


def _check_business(
    document: Document, agencies: Sequence[Agency], business_type: BusinessDocType, reason: str, replaces: str
) -> None:
    errors: dict[str, list[str]] = {}
    if business_type != BusinessDocType.NEW and not reason.strip():
        errors["reason"] = [_("Cần nêu lý do thu hồi, cập nhật hoặc thay thế.")]
    if business_type in (BusinessDocType.RECALL, BusinessDocType.UPDATE):
        sent = set(RecipientStatus.objects.filter(document=document).values_list("organ_code", flat=True))
        never = [_("Văn bản chưa được gửi cho “%(name)s”.") % {"name": a.name} for a in agencies if a.code not in sent]
        if never:
            errors["recipients"] = never
    if business_type == BusinessDocType.REPLACE:
        if not replaces.strip():
            errors["replaces_document_id"] = [_("Cần nêu mã định danh văn bản bị thay thế.")]
        else:
            try:
                organ, _date, _code = split_document_id(replaces.strip())
            except EdxmlError as exc:
                errors["replaces_document_id"] = [str(exc.message)]
            else:
                if organ != document.organization.code:
                    errors["replaces_document_id"] = [_("Chỉ thay thế văn bản do chính cơ quan mình ban hành.")]
                elif replaces.strip() == edxml_document_id(document):
                    errors["replaces_document_id"] = [_("Văn bản không thể thay thế chính nó.")]
    if errors:
        raise ValidationFailed(fields=errors)


@transaction.atomic
def document_send(
    *,
    clerk: User,
    document: Document,
    recipients: Sequence[str],
    secret: str,
    business_type: BusinessDocType | int = BusinessDocType.NEW,
    reason: str = "",
    replaces_document_id: str = "",
) -> OutboundMessage:
    """Send an issued outgoing document to agencies of the exchange directory, as one signed package.

    Only a clerk of the document's organisation (as for distribution); recipients must be active
    agencies of the directory (`Agency`). Recall (1) and update (2) go to agencies it was sent to,
    with the same DocumentId; replace (3) sends this document in place of `replaces_document_id`.
    Locks the document; signs the package with the organisation's credential unlocked by
    `secret` (audited); queues ONE outbox message for all recipients; marks each external
    distribution sent and each recipient's status row (with a history event); writes the
    document's history and audit entry (`exchange_send`).
    """
    locked = document_lock(document=document)
    ensure_can_clerk(clerk, locked)
    if locked.direction != Direction.OUTGOING or locked.status != Status.ISSUED:
        raise ConflictError(_("Chỉ gửi liên thông văn bản đi đã cấp số, ban hành."))
    try:
        kind = BusinessDocType(int(business_type))
    except ValueError:
        raise ValidationFailed(fields={"business_type": [_("Loại nghiệp vụ không hợp lệ.")]}) from None
    reason = reason.strip()[:2000]
    replaces = replaces_document_id.strip()
    agencies = _agencies(recipients)
    _check_business(locked, agencies, kind, reason, replaces)
    package = _package(locked, agencies, clerk=clerk, business_type=kind, reason=reason, replaces_document_id=replaces)
    body = sign_package(package_to_xml(package), organization=locked.organization, secret=secret, actor=clerk)
    now = timezone.now()
    message = OutboundMessage(
        organization=locked.organization,
        kind=MessageKind.PACKAGE,
        document=locked,
        recipient_codes=[a.code for a in agencies],
        edxml_document_id=package.document_id,
        business_type=int(kind),
        body=body,
        digest=digest(body),
        next_attempt_at=now,
        created_at=now,
    )
    message.full_clean()
    message.save()
    for agency in agencies:
        _mark_recipient(locked, agency, message=message, kind=kind, reason=reason, clerk=clerk, now=now)
    label = BusinessType(int(kind)).label
    names = ", ".join(a.name for a in agencies)
    document_note_exchange(document=locked, action="exchange_send", actor=clerk, note=f"{label}: {names}")
    # Statuses about this DocumentId that arrived before this send (kept pending) apply now.
    from saola.exchange.node.inbound import inbound_apply_pending

    inbound_apply_pending(document_ids=[message.edxml_document_id])
    return message


def _mark_recipient(
    document: Document,
    agency: Agency,
    *,
    message: OutboundMessage,
    kind: BusinessDocType,
    reason: str,
    clerk: User,
    now: dt.datetime,
) -> None:
    row, _created = RecipientStatus.objects.get_or_create(
        document=document, organ_code=agency.code, defaults={"organ_name": agency.name, "updated_at": now}
    )
    row.organ_name = agency.name
    row.last_message = message
    row.updated_at = now
    if kind == BusinessDocType.RECALL:
        row.recall = RecipientStatus.Recall.REQUESTED
    row.save()
    RecipientStatusEvent.objects.create(
        recipient=row, business_type=int(kind), description=reason, staff=clerk.display_name, at=now
    )
    if kind == BusinessDocType.RECALL:
        return
    updated = Distribution.objects.filter(document=document, external_code=agency.code).update(
        status=Distribution.Status.SENT
    )
    if not updated:
        Distribution.objects.create(
            document=document,
            external_name=agency.name[:255],
            external_code=agency.code,
            status=Distribution.Status.SENT,
            sent_by=clerk,
        )


@transaction.atomic
def status_enqueue(
    *, document: Document, status_code: StatusCode | str, description: str = "", actor: User | None = None
) -> OutboundMessage | None:
    """Queue a status message to the sender of an incoming document received by exchange.

    None for a document that did not come through exchange. From: the receiving organisation;
    StaffInfo: `actor` (None: the system). The message goes to the outbox in the caller's
    transaction.
    """
    receipt = exchange_receipt(document=document) if document.direction == Direction.INCOMING else None
    if receipt is None:
        return None
    code = StatusCode(str(status_code))
    status = EdxmlStatus(
        response_for=ResponseFor(
            organ_id=receipt.sender_code,
            code=document.notation,
            promulgation_date=document.issued_on,
            document_id=receipt.edxml_document_id,
        ),
        from_organ=organ_of(document.organization),
        status_code=code,
        timestamp=timezone.now(),
        description=description.strip()[:2000],
        staff=staff_of(actor),
    )
    body = status_to_xml(status)
    now = timezone.now()
    message = OutboundMessage(
        organization=document.organization,
        kind=MessageKind.STATUS,
        document=document,
        recipient_codes=[receipt.sender_code],
        edxml_document_id=receipt.edxml_document_id,
        status_code=str(code),
        body=body,
        digest=digest(body),
        next_attempt_at=now,
        created_at=now,
    )
    message.full_clean()
    message.save()
    return message


def _locked_message(message_id: int) -> OutboundMessage:
    message = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None:
        raise NotFoundError(_("Không tìm thấy gói tin chờ gửi."))
    return message


@transaction.atomic
def outbound_mark_sent(*, message_id: int) -> OutboundMessage:
    """The hub accepted the message: it leaves the queue. Locks the row; a repeat changes nothing."""
    message = _locked_message(message_id)
    if message.state != OutboundMessage.State.SENT:
        message.state = OutboundMessage.State.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["state", "sent_at", "last_error"])
    return message


@transaction.atomic
def outbound_mark_failed(*, message_id: int, error: str, permanent: bool = False) -> OutboundMessage:
    """A send failed: try again after min(SAOLA_EXCHANGE_RETRY_SECONDS * 2**attempts, 3600) seconds
    (`attempts` counted before this failure, so the first retry waits RETRY_SECONDS), or give up
    (dead) when `permanent` or after SAOLA_EXCHANGE_MAX_ATTEMPTS failures. Locks the row; a message
    already sent or dead is left as it is.
    """
    message = _locked_message(message_id)
    if message.state != OutboundMessage.State.QUEUED:
        return message
    now = timezone.now()
    delay = min(int(settings.SAOLA_EXCHANGE_RETRY_SECONDS) * 2**message.attempts, MAX_BACKOFF_SECONDS)
    message.attempts += 1
    message.last_error = error[:4000]
    if permanent or message.attempts >= int(settings.SAOLA_EXCHANGE_MAX_ATTEMPTS):
        message.state = OutboundMessage.State.DEAD
    else:
        message.next_attempt_at = now + dt.timedelta(seconds=delay)
    message.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
    return message


@transaction.atomic
def outbound_retry(*, actor: User | None, message: OutboundMessage) -> OutboundMessage:
    """Queue a message that could not be sent (dead) again, to be tried at once. Audited."""
    row = _locked_message(message.pk)
    if row.state != OutboundMessage.State.DEAD:
        raise ConflictError(_("Chỉ gửi lại được gói tin không gửi được."))
    before = {"state": row.state, "attempts": row.attempts, "last_error": row.last_error[:500]}
    row.state = OutboundMessage.State.QUEUED
    row.attempts = 0
    row.next_attempt_at = timezone.now()
    row.save(update_fields=["state", "attempts", "next_attempt_at"])
    audit_record(actor=actor, action="exchange.outbound_retry", obj=row, before=before, after={"state": row.state})
    return row
