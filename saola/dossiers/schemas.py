"""Input and output schemas of the dossier API.

Outputs read model rows; inputs of multipart endpoints (submission, supplement, result,
counter intake) are validated from form fields by `saola.dossiers.api_uploads`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Schema
from pydantic import Field, field_validator

from saola.core.models import RoleAssignment
from saola.dossiers import deadlines
from saola.dossiers.documents import has_receipt
from saola.dossiers.file_access import dossier_files_for
from saola.dossiers.models import Apology, Dossier, DossierEvent, DossierFile, DossierStep, Rating
from saola.dossiers.states import EXTRA_EVENTS, NATIONAL_LABEL, Action, Status

SearchText = Annotated[str, Field(max_length=200)]
ShortText = Annotated[str, Field(max_length=255)]
LongText = Annotated[str, Field(max_length=2000)]


def _status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def _event_label(action: str) -> str:
    if action in Action.values:
        return str(Action(action).label)
    return str(EXTRA_EVENTS.get(action, action))


# --- filters -----------------------------------------------------------------------------


class DossierFilter(Schema):
    q: SearchText = ""
    status: Status | None = None


class InboxFilter(Schema):
    q: SearchText = ""
    status: Status | None = None
    only: Literal["overdue", "due_soon"] | None = None


# --- outputs -----------------------------------------------------------------------------


class NamedRefOut(Schema):
    code: str
    name: str


class DossierListOut(Schema):
    code: str
    status: str
    status_label: str
    national_status: int
    national_status_label: str
    channel: str
    procedure: NamedRefOut
    organization: NamedRefOut
    applicant_name: str
    summary: str
    current_step: str
    submitted_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    ended_at: datetime | None
    returned_at: datetime | None
    late: bool
    at_risk: bool

    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return _status_label(obj.status)

    @staticmethod
    def resolve_national_status_label(obj: Dossier) -> str:
        return NATIONAL_LABEL[obj.national_status]

    @staticmethod
    def resolve_late(obj: Dossier) -> bool:
        return deadlines.is_late(obj, now=timezone.now())

    @staticmethod
    def resolve_at_risk(obj: Dossier) -> bool:
        return deadlines.is_at_risk(obj, now=timezone.now())


class ApplicantOut(Schema):
    name: str
    id_number: str
    phone: str
    email: str
    address: str


class FileOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str


class EventOut(Schema):
    at: datetime
    action: str
    action_label: str
    from_status: str
    to_status: str
    to_status_label: str
    step_name: str
    note: str

    @staticmethod
    def resolve_action_label(obj: DossierEvent) -> str:
        return _event_label(obj.action)

    @staticmethod
    def resolve_to_status_label(obj: DossierEvent) -> str:
        return _status_label(obj.to_status)


class StepOut(Schema):
    task_id: str
    name: str
    role: str
    role_label: str
    started_at: datetime
    due_at: datetime | None
    completed_at: datetime | None
    outcome: str
    comment: str

    @staticmethod
    def resolve_role_label(obj: DossierStep) -> str:
        roles = RoleAssignment.Role
        return str(roles(obj.role).label) if obj.role in roles.values else obj.role


class SupplementOut(Schema):
    requested_at: datetime
    reason: str
    items: list[str]
    answered_at: datetime | None
    accepted_at: datetime | None


class ApologyOut(Schema):
    created_at: datetime
    reason: str
    previous_due_at: datetime
    new_due_at: datetime


class RatingOut(Schema):
    score: int
    comment: str
    created_at: datetime


class DossierOut(DossierListOut):
    """One dossier with its files (those the viewer may open), history, steps and requests."""

    applicant: ApplicantOut
    form_data: dict[str, Any]
    original_due_at: datetime | None
    paused_at: datetime | None
    supplement_count: int
    files: list[FileOut]
    events: list[EventOut]
    steps: list[StepOut]
    supplements: list[SupplementOut]
    apologies: list[ApologyOut]
    rating: RatingOut | None
    receipt_url: str

    @staticmethod
    def resolve_receipt_url(obj: Dossier) -> str:
        """The receipt slip (PDF): provisional at once for an online submission, final on receipt."""
        if not has_receipt(obj):
            return ""
        return reverse("api-v1:dossier_receipt_pdf", kwargs={"code": obj.code})

    @staticmethod
    def resolve_applicant(obj: Dossier) -> dict[str, str]:
        return {
            "name": obj.applicant_name,
            "id_number": obj.applicant_id_number,
            "phone": obj.applicant_phone,
            "email": obj.applicant_email,
            "address": obj.applicant_address,
        }

    @staticmethod
    def resolve_files(obj: Dossier, context: dict[str, Any]) -> list[dict[str, Any]]:
        request = context["request"]
        return [_file_out(obj, row) for row in dossier_files_for(user=request.user, dossier=obj)]

    @staticmethod
    def resolve_events(obj: Dossier) -> list[DossierEvent]:
        return list(obj.events.order_by("at", "id"))

    @staticmethod
    def resolve_steps(obj: Dossier) -> list[DossierStep]:
        return list(obj.steps.order_by("started_at", "id"))

    @staticmethod
    def resolve_supplements(obj: Dossier) -> list[Any]:
        return list(obj.supplements.order_by("requested_at", "id"))

    @staticmethod
    def resolve_apologies(obj: Dossier) -> list[Apology]:
        return list(obj.apologies.order_by("created_at", "id"))

    @staticmethod
    def resolve_rating(obj: Dossier) -> Rating | None:
        return Rating.objects.filter(dossier=obj).first()


def _file_out(dossier: Dossier, row: DossierFile) -> dict[str, Any]:
    kinds = DossierFile.Kind
    return {
        "id": row.pk,
        "name": row.name,
        "kind": row.kind,
        "kind_label": str(kinds(row.kind).label) if row.kind in kinds.values else row.kind,
        "content_type": row.content_type,
        "size": row.size,
        "sha256": row.sha256,
        "uploaded_at": row.uploaded_at,
        "url": reverse("api-v1:download_dossier_file", kwargs={"code": dossier.code, "file_id": row.pk}),
    }


class PublicStepOut(Schema):
    at: datetime
    status: str
    status_label: str
    step: str
    action: str

    @staticmethod
    def resolve_status_label(obj: dict[str, Any]) -> str:
        return str(obj["status_label"])  # the selector gives a lazy translation


class PublicStatusOut(Schema):
    """What anyone may read with a dossier code: the national status and the steps, no names."""

    code: str
    status: int = Field(description="Mã trạng thái hồ sơ theo Cổng Dịch vụ công quốc gia (1–10)")
    status_label: str
    procedure: str
    received_at: datetime | None
    due_at: datetime | None
    steps: list[PublicStepOut]


# --- JSON inputs -------------------------------------------------------------------------


class NoteIn(Schema):
    note: LongText = ""


class TransferIn(Schema):
    organization: Annotated[str, Field(min_length=13, max_length=13)]
    note: LongText = ""


class ReasonIn(Schema):
    reason: LongText = ""


class SupplementRequestIn(Schema):
    reason: LongText = ""
    items: Annotated[list[ShortText], Field(max_length=50)] = []


class CompleteStepIn(Schema):
    comment: LongText = ""
    approved: bool | None = None
    secret: Annotated[
        str,
        Field(
            max_length=256,
            description="Mật khẩu (mã PIN) chứng thư số: bắt buộc ở bước ký khi hồ sơ có kết quả PDF cần ký số",
        ),
    ] = ""


class ApologyIn(Schema):
    reason: LongText = ""
    extra_days: float


class RatingIn(Schema):
    score: int
    comment: LongText = ""


# --- multipart form fields ---------------------------------------------------------------


def _json_object(value: Any) -> Any:
    """Form data arrives as a JSON string inside a multipart field."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValueError("Tờ khai phải là một chuỗi JSON hợp lệ.") from exc
    if not isinstance(value, dict):
        raise ValueError("Tờ khai phải là một đối tượng JSON.")  # noqa: TRY004 - pydantic reports only ValueError
    return value


class DossierCreateForm(Schema):
    procedure: Annotated[str, Field(min_length=1, max_length=32, description="Mã thủ tục hành chính")]
    organization: Annotated[str, Field(max_length=40, description="Mã định danh cơ quan tiếp nhận")] = ""
    form_data: Annotated[dict[str, Any], Field(description="Nội dung tờ khai, chuỗi JSON")] = {}
    idempotency_key: Annotated[str, Field(max_length=64)] = ""
    summary: Annotated[str, Field(max_length=500)] = ""

    _form_data = field_validator("form_data", mode="before")(_json_object)


class SupplementForm(Schema):
    note: LongText = ""


class ResultForm(Schema):
    name: Annotated[str, Field(max_length=255, description="Tên kết quả (mặc định: tên tệp)")] = ""


class CounterDossierForm(Schema):
    """Received by the officer's own unit."""

    procedure: Annotated[str, Field(min_length=1, max_length=32)]
    form_data: dict[str, Any] = {}
    checked_papers: Annotated[
        list[int], Field(description="Mã các giấy tờ bản giấy đã kiểm tra (lặp lại trường hoặc cách nhau bởi dấu phẩy)")
    ] = []
    applicant_id: Annotated[int | None, Field(description="Mã tài khoản người nộp đã có")] = None
    applicant_id_number: Annotated[str, Field(max_length=14)] = ""
    applicant_email: Annotated[str, Field(max_length=254)] = ""
    applicant_phone: Annotated[str, Field(max_length=20)] = ""
    applicant_name: Annotated[str, Field(max_length=255)] = ""
    applicant_address: Annotated[str, Field(max_length=255)] = ""

    _form_data = field_validator("form_data", mode="before")(_json_object)

    @field_validator("checked_papers", mode="before")
    @classmethod
    def _split_papers(cls, value: Any) -> Any:
        values = value if isinstance(value, list) else [value]
        items: list[str] = []
        for item in values:
            if isinstance(item, str):
                items.extend(part.strip() for part in item.strip("[] ").split(",") if part.strip())
            else:
                items.append(item)
        return items


class CounterRefusalIn(Schema):
    """A walk-in request refused at the counter of the officer's own unit (Mẫu 03)."""

    procedure: Annotated[str, Field(min_length=1, max_length=32)]
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    applicant_id: Annotated[int | None, Field(description="Mã tài khoản người nộp đã có")] = None
    applicant_name: Annotated[str, Field(max_length=255)] = ""
    applicant_phone: Annotated[str, Field(max_length=15)] = ""
    applicant_address: Annotated[str, Field(max_length=255)] = ""
    missing_papers: list[Annotated[str, Field(max_length=500)]] = []


class CounterRefusalOut(Schema):
    id: int
    organization: NamedRefOut
    procedure: NamedRefOut
    applicant_name: str
    applicant_phone: str
    applicant_address: str
    reason: str
    missing_papers: list[str]
    refused_at: datetime
