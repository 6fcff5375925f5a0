"""Incoming documents (văn bản đến, Decree 30/2020 Điều 20–24): registration by the clerk,
assignment by the leader, processing by officers, return or refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saola.core.exceptions import ConflictError, ValidationFailed
from saola.core.models import AGENCY_CODE_RE, Organization, User
from saola.documents import numbering
from saola.documents.files import check_upload, store_attachment
from saola.documents.models import Assignment, Attachment, Document, DocumentType, ProcessingNote, Register
from saola.documents.permissions import (
    LEADER,
    ensure_can_assign,
    ensure_can_clerk,
    ensure_can_process,
    ensure_can_view_document,
    ensure_clerk_of,
    has_role,
    is_officer,
)
from saola.documents.services.common import (
    document_lock,
    ensure_future_date,
    ensure_transition,
    record_event,
    reindex,
    required_text,
    transition_apply,
)
from saola.documents.states import Action, Direction, Status


@dataclass(frozen=True)
class IncomingData:
    """What the clerk reads off a received document."""

    document_type: DocumentType
    summary: str
    sender_name: str
    sender_code: str = ""
    notation: str = ""
    issued_on: dt.date | None = None
    signer_name: str = ""
    urgency: str = Document.Urgency.NORMAL
    confidentiality: str = Document.Confidentiality.NORMAL
    due_on: dt.date | None = None


def _validate_incoming(data: IncomingData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.summary.strip():
        errors["summary"] = [_("Cần nhập trích yếu nội dung văn bản.")]
    elif len(data.summary) > 1000:
        errors["summary"] = [_("Trích yếu tối đa 1000 ký tự.")]
    if not data.sender_name.strip():
        errors["sender_name"] = [_("Cần nhập cơ quan, tổ chức gửi văn bản.")]
    if data.sender_code and not AGENCY_CODE_RE.match(data.sender_code):
        errors["sender_code"] = [_("Mã định danh không đúng dạng NNN.NN.NN.XNN.")]
    if data.urgency not in Document.Urgency.values:
        errors["urgency"] = [_("Độ khẩn không hợp lệ.")]
    if data.confidentiality not in Document.Confidentiality.values:
        errors["confidentiality"] = [_("Độ mật không hợp lệ.")]
    if data.issued_on and data.issued_on > timezone.localdate():
        errors["issued_on"] = [_("Ngày ban hành không được sau ngày hôm nay.")]
    if data.due_on and data.due_on < timezone.localdate():
        errors["due_on"] = [_("Hạn xử lý không được trước ngày hôm nay.")]
    return errors


@transaction.atomic
def document_register_incoming(
    *,
    clerk: User,
    organization: Organization,
    data: IncomingData,
    files: Sequence[UploadedFile] = (),
) -> Document:
    """Register a received document: take its số đến from the incoming register of the year.

    Only clerks of `organization` (or of its records office). The number is taken under the
    register's row lock in this transaction, so a failure later (a refused file) leaves no gap.
    Writes the history event and the audit entry; indexes the document for search.
    """
    ensure_clerk_of(clerk, organization)
    errors = _validate_incoming(data)
    checked = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationFailed as exc:
            errors.setdefault("files", []).extend(exc.fields.get("files", []))
    if errors:
        raise ValidationFailed(fields=errors)
    document = new_incoming(organization=organization, data=data, actor=clerk)
    for item in checked:
        store_attachment(document=document, checked=item, kind=Attachment.Kind.MAIN, actor=clerk)
    record_event(
        document=document,
        action=Action.REGISTER,
        actor=clerk,
        note=_("Số đến %(number)s") % {"number": document.number},
    )
    reindex(document)
    return document


def new_incoming(*, organization: Organization, data: IncomingData, actor: User | None) -> Document:
    """Save a registered incoming document with its số đến (no files, no history yet).

    Assumes the data was validated and the registration authorised; takes the number under the
    register's row lock, so the caller must be inside a transaction.
    """
    now = timezone.now()
    series = (
        Register.Series.CONFIDENTIAL
        if data.confidentiality != Document.Confidentiality.NORMAL
        else Register.Series.GENERAL
    )
    register = numbering.register_for(
        organization=organization, direction=Direction.INCOMING, year=numbering.local_year(now), series=series
    )
    document = Document(
        direction=Direction.INCOMING,
        organization=organization,
        status=Status.REGISTERED,
        register=register,
        number=numbering.take_number(register=register),
        notation=data.notation.strip()[:64],
        issued_on=data.issued_on,
        document_type=data.document_type,
        summary=data.summary.strip(),
        sender_name=data.sender_name.strip(),
        sender_code=data.sender_code.strip(),
        signer_name=data.signer_name.strip(),
        urgency=data.urgency,
        confidentiality=data.confidentiality,
        due_on=data.due_on,
        received_at=now,
        dated_at=now,
        created_by=actor,
    )
    document.save()
    return document


@dataclass(frozen=True)
class AssignmentTarget:
    """One unit or one person to assign, with their role in handling the document."""

    unit: Organization | None = None
    assignee: User | None = None
    role: str = Assignment.Role.MAIN


def _check_target(target: AssignmentTarget, scope: Organization) -> str | None:
    if (target.unit is None) == (target.assignee is None):
        return _("Mỗi dòng phân công chọn một đơn vị hoặc một người.")
    if target.role not in Assignment.Role.values:
        return _("Vai trò xử lý không hợp lệ.")
    if target.unit is not None and not target.unit.path.startswith(scope.path):
        return _("Đơn vị “%(name)s” không thuộc phạm vi được phân công.") % {"name": target.unit.name}
    if target.assignee is not None:
        person = target.assignee
        org = person.organization
        if not is_officer(person) or org is None or not org.path.startswith(scope.path):
            return _("“%(person)s” không thuộc phạm vi được phân công.") % {"person": person.display_name}
    return None


@transaction.atomic
def document_assign(
    *,
    actor: User,
    document: Document,
    targets: Sequence[AssignmentTarget],
    instruction: str = "",
    deadline: dt.date | None = None,
) -> list[Assignment]:
    """Assign an incoming document to units or people (leader), or sub-assign (holder of an assignment).

    A leader assigns within the document's organisation; the holder of an assignment within their
    own unit. At most one main handler per level. Moves registered → assigned (409 otherwise).
    """
    locked = document_lock(document=document)
    parent = ensure_can_assign(actor, locked)
    ensure_transition(document=locked, action=Action.ASSIGN)
    scope = locked.organization
    if parent is not None:
        scope = parent.unit or (parent.assignee.organization if parent.assignee else None) or scope
    errors: dict[str, list[str]] = {}
    if not targets:
        errors["targets"] = [_("Cần chọn ít nhất một đơn vị hoặc người xử lý.")]
    problems = [p for p in (_check_target(t, scope) for t in targets) if p]
    if problems:
        errors["targets"] = problems
    if sum(1 for t in targets if t.role == Assignment.Role.MAIN) > 1:
        errors.setdefault("targets", []).append(_("Chỉ giao một đơn vị hoặc một người xử lý chính."))
    if len(instruction) > 4000:
        errors["instruction"] = [_("Ý kiến chỉ đạo tối đa 4000 ký tự.")]
    try:
        ensure_future_date(deadline, field="deadline")
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    created = []
    for target in targets:
        row = Assignment(
            document=locked,
            parent=parent,
            unit=target.unit,
            assignee=target.assignee,
            role=target.role,
            instruction=instruction.strip(),
            deadline=deadline,
            assigned_by=actor,
        )
        row.full_clean()
        row.save()
        created.append(row)
    if parent is not None and parent.status == Assignment.Status.PENDING:
        parent.status = Assignment.Status.IN_PROGRESS
        parent.save(update_fields=["status"])
    if deadline and parent is None and (locked.due_on is None or deadline < locked.due_on):
        locked.due_on = deadline
    names = ", ".join(str(t.assignee or t.unit) for t in targets)
    transition_apply(document=locked, action=Action.ASSIGN, actor=actor, note=f"{names}. {instruction}".strip())
    return created


@transaction.atomic
def document_comment(*, actor: User, document: Document, text: str) -> ProcessingNote:
    """Add an opinion to the processing thread; the first one by a handler starts processing."""
    locked = document_lock(document=document)
    ensure_can_view_document(actor, locked)
    body = required_text(text, field="text", message=_("Cần nhập nội dung ý kiến."))
    note = ProcessingNote.objects.create(document=locked, author=actor, text=body)
    if locked.direction == Direction.INCOMING and locked.status == Status.ASSIGNED:
        held = ensure_can_process(actor, locked)
        _start(held)
        transition_apply(document=locked, action=Action.START, actor=actor, note=body)
    else:
        record_event(document=locked, action="comment", actor=actor, note=body)
    return note


def _start(held: list[Assignment]) -> None:
    for assignment in held:
        if assignment.status == Assignment.Status.PENDING:
            assignment.status = Assignment.Status.IN_PROGRESS
            assignment.save(update_fields=["status"])


@transaction.atomic
def document_complete(*, actor: User, document: Document, result: str) -> Document:
    """Record the handling result of the actor's assignments.

    The main handler (or a leader of the organisation) completes the document itself; a
    cooperating unit only closes its own part.
    """
    locked = document_lock(document=document)
    held = ensure_can_process(actor, locked)
    text = required_text(result, field="result", message=_("Cần nêu kết quả xử lý."))
    now = timezone.now()
    for assignment in held:
        assignment.status = Assignment.Status.DONE
        assignment.completed_at = now
        assignment.result = text
        assignment.save(update_fields=["status", "completed_at", "result"])
    finishes = any(a.role == Assignment.Role.MAIN for a in held) or has_role(actor, locked.organization, LEADER)
    if finishes:
        ensure_transition(document=locked, action=Action.COMPLETE)
        locked.completed_at = now
        transition_apply(document=locked, action=Action.COMPLETE, actor=actor, note=text)
    elif locked.status == Status.ASSIGNED:
        transition_apply(document=locked, action=Action.START, actor=actor, note=text)
    else:
        record_event(document=locked, action="complete_part", actor=actor, note=text)
    return locked


@transaction.atomic
def document_return_to_sender(*, actor: User, document: Document, reason: str) -> Document:
    """Return a document to its sender (sent to the wrong place, not within competence)."""
    locked = document_lock(document=document)
    ensure_can_view_document(actor, locked)
    if not has_role(actor, locked.organization, LEADER):
        ensure_can_clerk(actor, locked)
    text = required_text(reason, field="reason", message=_("Cần nêu lý do trả lại."))
    return transition_apply(document=locked, action=Action.RETURN_TO_SENDER, actor=actor, note=text)


@transaction.atomic
def document_refuse(*, actor: User, document: Document, reason: str) -> Document:
    """Refuse a registered document (duplicate, unreadable, forged)."""
    locked = document_lock(document=document)
    ensure_can_clerk(actor, locked)
    text = required_text(reason, field="reason", message=_("Cần nêu lý do từ chối."))
    return transition_apply(document=locked, action=Action.REFUSE, actor=actor, note=text)


@transaction.atomic
def document_attach(
    *, actor: User, document: Document, files: Sequence[UploadedFile], kind: str = Attachment.Kind.APPENDIX
) -> list[Attachment]:
    """Attach files to a document someone works on (not to an issued one: that would change it)."""
    locked = document_lock(document=document)
    ensure_can_view_document(actor, locked)
    if locked.status == Status.ISSUED:
        raise ConflictError(_("Văn bản đã ban hành, không thể thêm tệp."))
    if not files:
        raise ValidationFailed(fields={"files": [_("Cần chọn tệp.")]})
    errors: list[str] = []
    checked = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationFailed as exc:
            errors.extend(exc.fields.get("files", []))
    if errors:
        raise ValidationFailed(fields={"files": errors})
    stored = [store_attachment(document=locked, checked=c, kind=kind, actor=actor) for c in checked]
    record_event(document=locked, action="attach", actor=actor, note=", ".join(a.name for a in stored))
    reindex(locked)
    return stored
