"""Input and output schemas of the documents API.

Inputs keep dates and codes as text: the handlers turn them into dates and rows, so a bad value
is a 400 with a Vietnamese message for its field, like every service-level error.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from saola.core.models import User
from saola.documents.models import Assignment, Attachment, Document, DocumentEvent, WorkDossier
from saola.documents.states import Action, Status

ShortText = Annotated[str, Field(max_length=255)]
LongText = Annotated[str, Field(max_length=4000)]
SearchText = Annotated[str, Field(max_length=200)]
DateText = Annotated[str, Field(max_length=10, description="Ngày dạng YYYY-MM-DD")]

EVENT_LABELS = {
    "comment": "Cho ý kiến",
    "complete_part": "Hoàn thành phần việc phối hợp",
    "attach": "Đính kèm tệp",
    "edit": "Sửa dự thảo",
    "distribute": "Phát hành đến nơi nhận",
    "exchange_send": "Gửi qua trục liên thông",
    "exchange_recall": "Nơi gửi yêu cầu thu hồi",
    "exchange_update": "Nơi gửi cập nhật văn bản",
    "exchange_replaced": "Được thay thế bằng văn bản khác",
}


def event_label(action: str) -> str:
    if action in Action.values:
        return str(Action(action).label)
    return EVENT_LABELS.get(action, action)


# --- filters -------------------------------------------------------------------------------


class DocumentFilter(Schema):
    q: SearchText = ""
    direction: Literal["incoming", "outgoing"] | None = None
    status: Status | None = None
    type: Annotated[str, Field(max_length=32)] = ""
    register_id: int | None = Field(default=None, alias="register")
    urgency: Document.Urgency | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: Literal["-date", "date", "-number", "number", "due"] = "-date"


# --- outputs -------------------------------------------------------------------------------


class RefOut(Schema):
    code: str
    name: str


class DocumentTypeOut(Schema):
    code: str
    name: str
    abbreviation: str


class RegisterOut(Schema):
    id: int
    name: str
    organization: RefOut
    direction: str
    year: int
    series: str
    next_number: int


class DocumentListOut(Schema):
    id: int
    direction: str
    status: str
    status_label: str
    number: int | None
    notation: str
    summary: str
    document_type: DocumentTypeOut
    organization: RefOut
    sender_name: str
    signer_name: str
    urgency: str
    confidentiality: str
    issued_on: date | None
    received_at: datetime | None
    issued_at: datetime | None
    due_on: date | None
    register_id: int | None

    @staticmethod
    def resolve_status_label(obj: Document) -> str:
        return str(Status(obj.status).label)


class AssignmentOut(Schema):
    id: int
    parent_id: int | None
    unit: RefOut | None
    assignee: str | None
    role: str
    instruction: str
    deadline: date | None
    status: str
    result: str

    @staticmethod
    def resolve_assignee(obj: Assignment) -> str | None:
        return obj.assignee.display_name if obj.assignee else None


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    signed: bool

    @staticmethod
    def resolve_kind(obj: Attachment) -> str:
        return obj.kind


class EventOut(Schema):
    at: datetime
    action: str
    label: str
    actor: str | None
    from_status: str
    to_status: str
    note: str

    @staticmethod
    def resolve_label(obj: DocumentEvent) -> str:
        return event_label(obj.action)

    @staticmethod
    def resolve_actor(obj: DocumentEvent) -> str | None:
        return obj.actor.display_name if obj.actor else None


class NoteOut(Schema):
    id: int
    author: str | None
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: object) -> str | None:
        author = getattr(obj, "author", None)
        return author.display_name if author else None


class DistributionOut(Schema):
    unit: RefOut | None
    person: str | None
    external_name: str
    external_code: str
    status: str

    @staticmethod
    def resolve_person(obj: object) -> str | None:
        person = getattr(obj, "person", None)
        return person.display_name if person else None


class DocumentOut(DocumentListOut):
    body: str
    template: str
    sender_code: str
    signer_title: str
    signing_authority: str
    recipients_text: str
    legal_normative: bool
    drafting_unit: RefOut | None
    completed_at: datetime | None
    assignments: list[AssignmentOut]
    attachments: list[AttachmentOut]
    notes: list[NoteOut]
    distributions: list[DistributionOut]
    history: list[EventOut]

    @staticmethod
    def resolve_assignments(obj: Document) -> list[Assignment]:
        return list(obj.assignments.all())

    @staticmethod
    def resolve_attachments(obj: Document) -> list[Attachment]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_notes(obj: Document) -> list[object]:
        return list(obj.notes.select_related("author"))

    @staticmethod
    def resolve_distributions(obj: Document) -> list[object]:
        return list(obj.distributions.select_related("unit", "person"))

    @staticmethod
    def resolve_history(obj: Document) -> list[DocumentEvent]:
        return list(obj.events.select_related("actor").order_by("at", "id"))


class WorkDossierOut(Schema):
    id: int
    code: str
    title: str
    organization: RefOut
    owner: str
    state: str
    opened_on: date
    closed_on: date | None
    archived_at: datetime | None
    retention_years: int | None
    permanent: bool
    note: str

    @staticmethod
    def resolve_owner(obj: WorkDossier) -> str:
        # Rendered from the model, or from the dict of an already rendered dossier.
        owner: Any = getattr(obj, "owner", None)
        return str(owner.display_name) if isinstance(owner, User) else str(owner or "")


class WorkDossierDetailOut(WorkDossierOut):
    documents: list[DocumentListOut]


# --- inputs --------------------------------------------------------------------------------


class IncomingForm(Schema):
    organization: Annotated[str, Field(max_length=13)] = ""
    type: Annotated[str, Field(max_length=32)] = ""
    summary: Annotated[str, Field(max_length=1000)] = ""
    sender_name: ShortText = ""
    sender_code: Annotated[str, Field(max_length=13)] = ""
    notation: Annotated[str, Field(max_length=64)] = ""
    issued_on: DateText = ""
    signer_name: ShortText = ""
    urgency: Annotated[str, Field(max_length=16)] = "normal"
    confidentiality: Annotated[str, Field(max_length=16)] = "normal"
    due_on: DateText = ""


class TargetIn(Schema):
    unit: Annotated[str, Field(max_length=13)] = ""
    assignee: Annotated[str, Field(max_length=150, description="Tên đăng nhập của cán bộ")] = ""
    role: Annotated[str, Field(max_length=16)] = "main"


class AssignIn(Schema):
    targets: list[TargetIn] = Field(default_factory=list, max_length=50)
    instruction: LongText = ""
    deadline: DateText = ""


class TextIn(Schema):
    text: LongText = ""


class ResultIn(Schema):
    result: LongText = ""


class ReasonIn(Schema):
    reason: LongText = ""


class CommentsIn(Schema):
    comments: LongText = ""


class SecretIn(Schema):
    secret: Annotated[str, Field(max_length=256, description="Mật khẩu khóa ký số")] = ""


class DraftIn(Schema):
    organization: Annotated[str, Field(max_length=13)] = ""
    type: Annotated[str, Field(max_length=32)] = ""
    summary: Annotated[str, Field(max_length=1000)] = ""
    body: Annotated[str, Field(max_length=100_000)] = ""
    template: Annotated[str, Field(max_length=32)] = ""
    drafting_unit: Annotated[str, Field(max_length=13)] = ""
    signer: Annotated[str, Field(max_length=150)] = ""
    signer_title: ShortText = ""
    signing_authority: Annotated[str, Field(max_length=8)] = ""
    authority_title: ShortText = ""
    recipients_text: LongText = ""
    urgency: Annotated[str, Field(max_length=16)] = "normal"
    confidentiality: Annotated[str, Field(max_length=16)] = "normal"
    legal_normative: bool = False
    due_on: DateText = ""


class ExternalIn(Schema):
    name: ShortText = ""
    code: Annotated[str, Field(max_length=13)] = ""


class DistributeIn(Schema):
    units: list[Annotated[str, Field(max_length=13)]] = Field(default_factory=list, max_length=200)
    people: list[Annotated[str, Field(max_length=150)]] = Field(default_factory=list, max_length=200)
    external: list[ExternalIn] = Field(default_factory=list, max_length=200)


class WorkDossierIn(Schema):
    organization: Annotated[str, Field(max_length=13)] = ""
    title: Annotated[str, Field(max_length=500)] = ""
    code: Annotated[str, Field(max_length=64)] = ""
    retention_years: int | None = Field(default=None, ge=1, le=100)
    permanent: bool = False
    opened_on: DateText = ""
    note: LongText = ""


class WorkDossierDocumentsIn(Schema):
    documents: list[int] = Field(default_factory=list, max_length=200)


class WorkDossierFilter(Schema):
    q: SearchText = ""
    state: Literal["open", "closed", "archived"] | None = None
