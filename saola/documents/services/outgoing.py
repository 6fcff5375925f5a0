"""Outgoing documents (văn bản đi, Decree 30/2020 Điều 11–19): drafting, review by the leader,
approval (the leader's signature), issue by the clerk (number, date, organisation signature),
distribution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from saola.core.models import AGENCY_CODE_RE, Organization, User
from saola.documents import numbering, signatures
from saola.documents.drafts import TEMPLATES, issue_values, render_document
from saola.documents.files import pdf_upload, store_attachment
from saola.documents.models import Attachment, Distribution, Document, DocumentType, ProcessingNote
from saola.documents.permissions import (
    ensure_can_clerk,
    ensure_can_draft,
    ensure_can_edit_draft,
    ensure_can_lead,
    is_officer,
)
from saola.documents.services.common import (
    document_lock,
    ensure_transition,
    record_event,
    reindex,
    required_text,
    transition_apply,
)
from saola.documents.states import EDITABLE_DRAFT, Action, Direction, Status


@dataclass(frozen=True)
class DraftData:
    document_type: DocumentType
    summary: str
    body: str = ""
    template: str = ""
    drafting_unit: Organization | None = None
    signer: User | None = None
    signer_title: str = ""
    signing_authority: str = ""
    authority_title: str = ""
    recipients_text: str = ""
    urgency: str = Document.Urgency.NORMAL
    confidentiality: str = Document.Confidentiality.NORMAL
    legal_normative: bool = False
    due_on: dt.date | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _validate_draft(data: DraftData, organization: Organization) -> None:
    errors: dict[str, list[str]] = {}
    if not data.summary.strip():
        errors["summary"] = [_("Cần nhập trích yếu nội dung văn bản.")]
    elif len(data.summary) > 1000:
        errors["summary"] = [_("Trích yếu tối đa 1000 ký tự.")]
    if len(data.body) > 100_000:
        errors["body"] = [_("Nội dung quá dài (tối đa 100.000 ký tự).")]
    if data.template and data.template not in TEMPLATES:
        errors["template"] = [_("Mẫu văn bản không có trong danh mục.")]
    if data.signing_authority not in Document.Authority.values:
        errors["signing_authority"] = [_("Thẩm quyền ký không hợp lệ.")]
    if data.urgency not in Document.Urgency.values:
        errors["urgency"] = [_("Độ khẩn không hợp lệ.")]
    if data.confidentiality not in Document.Confidentiality.values:
        errors["confidentiality"] = [_("Độ mật không hợp lệ.")]
    if data.drafting_unit is not None and not data.drafting_unit.path.startswith(organization.path):
        errors["drafting_unit"] = [_("Đơn vị soạn thảo phải thuộc cơ quan ban hành.")]
    if data.signer is not None and not is_officer(data.signer):
        errors["signer"] = [_("Người ký phải là cán bộ, công chức.")]
    if errors:
        raise ValidationFailed(fields=errors)


def _apply(document: Document, data: DraftData) -> None:
    for name in (f.name for f in fields(DraftData) if f.name != "extra"):
        value = getattr(data, name)
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    if data.signer is not None:
        document.signer_name = data.signer.display_name
        document.signer_title = data.signer_title.strip() or data.signer.position


@transaction.atomic
def draft_create(*, author: User, organization: Organization, data: DraftData) -> Document:
    """A new outgoing draft of `organization`, written by a processing officer or leader.

    An empty body starts from the chosen template's text (Quyết định, Công văn, Thông báo...).
    """
    home = author.organization
    if data.drafting_unit is None and home is not None and home.path.startswith(organization.path):
        data = replace(data, drafting_unit=home)
    ensure_can_draft(author, organization, data.drafting_unit)
    _validate_draft(data, organization)
    now = timezone.now()
    document = Document(
        direction=Direction.OUTGOING, organization=organization, status=Status.DRAFT, dated_at=now, created_by=author
    )
    _apply(document, data)
    if not document.template:
        document.template = next((t.key for t in TEMPLATES.values() if t.document_type == data.document_type.code), "")
    if not document.body and document.template:
        document.body = TEMPLATES[document.template].body
    document.save()
    record_event(document=document, action=Action.CREATE_DRAFT, actor=author)
    reindex(document)
    return document


@transaction.atomic
def draft_update(*, author: User, document: Document, data: DraftData) -> Document:
    """Edit a draft while it is with its drafters (draft, or returned with comments)."""
    locked = document_lock(document=document)
    ensure_can_edit_draft(author, locked)
    if locked.direction != Direction.OUTGOING or locked.status not in EDITABLE_DRAFT:
        raise ConflictError(
            _("Không sửa được văn bản ở trạng thái “%(status)s”.") % {"status": locked.get_status_display()}
        )
    _validate_draft(data, locked.organization)
    _apply(locked, data)
    locked.save()
    record_event(document=locked, action="edit", actor=author)
    reindex(locked)
    return locked


@transaction.atomic
def draft_submit(*, author: User, document: Document, note: str = "") -> Document:
    """Send the draft to the leader for review (draft or returned → in review)."""
    locked = document_lock(document=document)
    ensure_can_edit_draft(author, locked)
    return transition_apply(document=locked, action=Action.SUBMIT, actor=author, note=note.strip()[:4000])


@transaction.atomic
def draft_request_changes(*, leader: User, document: Document, comments: str) -> Document:
    """The leader returns the draft with comments (in review → returned)."""
    locked = document_lock(document=document)
    ensure_can_lead(leader, locked)
    text = required_text(comments, field="comments", message=_("Cần ghi ý kiến để người soạn thảo sửa."))
    ensure_transition(document=locked, action=Action.REQUEST_CHANGES)
    ProcessingNote.objects.create(document=locked, author=leader, text=text)
    return transition_apply(document=locked, action=Action.REQUEST_CHANGES, actor=leader, note=text)


@transaction.atomic
def draft_approve(*, leader: User, document: Document, secret: str = "") -> Document:
    """The leader approves and signs (in review → approved).

    The document is rendered in the Decree 30 layout and signed as the leader at the signer's box
    (saola.documents.signatures); the PDF becomes the main file. A draft addressed to another
    signer may only be approved by that signer.
    """
    locked = document_lock(document=document)
    ensure_can_lead(leader, locked)
    ensure_transition(document=locked, action=Action.APPROVE)
    if locked.signer_id is not None and locked.signer_id != leader.pk:
        raise PermissionDeniedError(_("Văn bản trình %(signer_name)s ký.") % {"signer_name": locked.signer_name})
    locked.signer = leader
    locked.signer_name = leader.display_name
    locked.signer_title = locked.signer_title or leader.position
    rendered = render_document(locked)
    pdf, signed = signatures.sign_approval(
        pdf=rendered.pdf, box=rendered.signer_box, leader=leader, organization=locked.organization, secret=secret
    )
    locked.attachments.filter(kind=Attachment.Kind.MAIN).delete()
    store_attachment(
        document=locked,
        checked=pdf_upload(pdf, f"{locked.document_type.name} - {locked.summary[:80]}.pdf"),
        kind=Attachment.Kind.MAIN,
        actor=leader,
        signed=signed,
    )
    note = _("Đã ký số") if signed else _("Đã duyệt (chưa có chữ ký số)")
    return transition_apply(document=locked, action=Action.APPROVE, actor=leader, note=note)


@transaction.atomic
def document_issue(*, clerk: User, document: Document, secret: str = "", at: dt.datetime | None = None) -> Document:
    """Issue an approved document: number, notation and date, then the organisation's signature.

    Decree 30/2020, Điều 15 and 16: the number comes from the register of the year of issue (in
    Vietnam time) and the document's series; it is taken under the register's row lock in this
    transaction, so a failure anywhere after it (signing, storage) rolls the number back too.
    Attachments in separate files are signed by the organisation with the notation (Phụ lục I,
    II.8). Writes history and audit, re-indexes the document.
    """
    locked = document_lock(document=document)
    ensure_can_clerk(clerk, locked)
    ensure_transition(document=locked, action=Action.ISSUE)
    moment = at or timezone.now()
    agency = numbering.agency_abbreviation(locked.organization)
    series, series_type = numbering.series_for(locked)
    register = numbering.register_for(
        organization=locked.organization,
        direction=Direction.OUTGOING,
        year=numbering.local_year(moment),
        series=series,
        document_type=series_type,
    )
    locked.register = register
    locked.number = numbering.take_number(register=register)
    locked.notation = numbering.notation(
        number=locked.number,
        document_type=locked.document_type,
        agency=agency,
        unit=numbering.keeper_abbreviation(locked),
    )
    locked.issued_at = moment
    locked.issued_on = moment.astimezone(LOCAL_TZ).date()
    locked.dated_at = moment
    _sign_files(locked, clerk=clerk, secret=secret)
    transition_apply(document=locked, action=Action.ISSUE, actor=clerk, note=locked.notation)
    reindex(locked)
    return locked


def _sign_files(document: Document, *, clerk: User, secret: str) -> None:
    main = document.attachments.filter(kind=Attachment.Kind.MAIN).order_by("-id").first()
    if main is not None and main.content_type == "application/pdf":
        with main.file.open("rb") as handle:
            content = handle.read()
        pdf, signed = signatures.sign_issue(
            pdf=content,
            values=issue_values(document),
            organization=document.organization,
            secret=secret,
            signed_before=main.signed,
            clerk=clerk,
        )
        if signed:
            main.delete()
            store_attachment(
                document=document,
                checked=pdf_upload(pdf, main.name),
                kind=Attachment.Kind.MAIN,
                actor=clerk,
                signed=True,
            )
    for appendix in document.attachments.filter(kind=Attachment.Kind.APPENDIX, content_type="application/pdf"):
        with appendix.file.open("rb") as handle:
            content = handle.read()
        pdf, signed = signatures.sign_attachment(
            pdf=content, organization=document.organization, secret=secret, notation=document.notation, clerk=clerk
        )
        if signed:
            appendix.delete()
            store_attachment(
                document=document,
                checked=pdf_upload(pdf, appendix.name),
                kind=Attachment.Kind.APPENDIX,
                actor=clerk,
                signed=True,
            )


@dataclass(frozen=True)
class ExternalRecipient:
    name: str
    code: str = ""


@transaction.atomic
def document_distribute(
    *,
    clerk: User,
    document: Document,
    units: Sequence[Organization] = (),
    people: Sequence[User] = (),
    external: Sequence[ExternalRecipient] = (),
) -> list[Distribution]:
    """Send an issued document to internal units and people (they see it at once) and record
    external agencies for the exchange module to send."""
    locked = document_lock(document=document)
    ensure_can_clerk(clerk, locked)
    if locked.status != Status.ISSUED:
        raise ConflictError(_("Chỉ phát hành văn bản đã cấp số, ban hành."))
    errors: list[str] = []
    if not (units or people or external):
        errors.append(_("Cần chọn ít nhất một nơi nhận."))
    errors.extend(
        _("“%(person)s” không phải cán bộ, công chức.") % {"person": p.display_name}
        for p in people
        if not is_officer(p)
    )
    for item in external:
        if not item.name.strip():
            errors.append(_("Cần nhập tên cơ quan nhận."))
        if item.code and not AGENCY_CODE_RE.match(item.code):
            errors.append(_("Mã định danh “%(code)s” không đúng dạng NNN.NN.NN.XNN.") % {"code": item.code})
    if errors:
        raise ValidationFailed(fields={"recipients": errors})
    rows = [Distribution(document=locked, unit=u, status=Distribution.Status.DELIVERED, sent_by=clerk) for u in units]
    rows += [
        Distribution(document=locked, person=p, status=Distribution.Status.DELIVERED, sent_by=clerk) for p in people
    ]
    rows += [
        Distribution(
            document=locked,
            external_name=e.name.strip()[:255],
            external_code=e.code.strip(),
            status=Distribution.Status.WAITING_EXCHANGE,
            sent_by=clerk,
        )
        for e in external
    ]
    created = Distribution.objects.bulk_create(rows)
    names = ", ".join(str(r) for r in created)
    record_event(document=locked, action="distribute", actor=clerk, note=names)
    return created
