"""The one-stop dossier API: citizens submit and follow, officers receive and process, anyone
looks a status up by code.

Handlers parse, look the dossier up for the caller (someone else's dossier is a 404, never a
403), call one service or selector and render. Permissions are the services' own checks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status

from saola.api.auth import api_auth
from saola.api.errors import error_body
from saola.api.paging import PageParams, paginate
from saola.api.schemas import ErrorOut, Page
from saola.catalog import selectors as catalog_selectors
from saola.catalog.models import Procedure
from saola.core import selectors as core_selectors
from saola.core.exceptions import ErrorCode, NotFoundError, PermissionDeniedError, ValidationFailed
from saola.core.models import Organization, User
from saola.core.ratelimit import client_address, parse_rate, rate_limit_hit
from saola.core.text import fold
from saola.dossiers import documents, selectors, selectors_office
from saola.dossiers.api_uploads import multipart_openapi, read_multipart
from saola.dossiers.file_access import dossier_file_get_for
from saola.dossiers.models import CounterRefusal, Dossier, DossierFile, Rating
from saola.dossiers.permissions import is_officer
from saola.dossiers.schemas import (
    ApologyIn,
    CompleteStepIn,
    CounterDossierForm,
    CounterRefusalIn,
    CounterRefusalOut,
    DossierCreateForm,
    DossierFilter,
    DossierListOut,
    DossierOut,
    InboxFilter,
    NoteIn,
    PublicStatusOut,
    RatingIn,
    RatingOut,
    ReasonIn,
    ResultForm,
    SupplementForm,
    SupplementRequestIn,
    TransferIn,
)
from saola.dossiers.selectors import PublicStatus
from saola.dossiers.services import counter, intake, processing, transfer
from saola.dossiers.services.intake import PaperUpload

router = Router(tags=["dossiers"])

DEFAULT_STATUS_RATE = "60/m"
PAPER_FILES_DOC = (
    "Mỗi giấy tờ của thủ tục là một trường tệp tên `paper_<mã giấy tờ>` (PDF, JPEG hoặc PNG); "
    "các tệp khác gửi trong trường bất kỳ (ví dụ `files`)."
)


def _errors(*codes: int) -> dict[int, Any]:
    return dict.fromkeys(codes, ErrorOut)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by api_auth
    return user


def _dossier(request: HttpRequest, code: str) -> Dossier:
    return selectors.dossier_get_for(user=request.user, code=code)


def _procedure(code: str) -> Procedure:
    try:
        return catalog_selectors.procedure_get(code=code)
    except NotFoundError:
        raise ValidationFailed(fields={"procedure": [f"Không có thủ tục mã “{code}”."]}) from None


def _organization(code: str) -> Organization | None:
    if not code:
        return None
    try:
        return core_selectors.organization_get(code=code)
    except NotFoundError:
        raise ValidationFailed(fields={"organization": [f"Không có cơ quan mã “{code}”."]}) from None


# --- citizens ------------------------------------------------------------------------------


@router.post(
    "/dossiers",
    response={200: DossierOut, 201: DossierOut, **_errors(400, 401, 403, 409, 413)},
    auth=api_auth,
    openapi_extra=multipart_openapi(
        DossierCreateForm, files=PAPER_FILES_DOC, json_fields=("form_data",), idempotency_header=True
    ),
)
def create_dossier(request: HttpRequest) -> Status[Dossier]:
    """Submit a dossier online (multipart). 201 with the new dossier; 200 with the dossier
    already created by an earlier request with the same `Idempotency-Key`."""
    form, uploads = read_multipart(request, DossierCreateForm)
    started = timezone.now()
    dossier = intake.dossier_submit_online(
        applicant=_user(request),
        procedure=_procedure(form.procedure),
        organization=_organization(form.organization),
        form_data=form.form_data,
        uploads=uploads,
        idempotency_key=request.headers.get("Idempotency-Key") or form.idempotency_key,
        summary=form.summary,
    )
    # A dossier submitted before this request began is the one an earlier request created.
    return Status(201 if dossier.submitted_at >= started else 200, dossier)


@router.get("/dossiers", response={200: Page[DossierListOut], **_errors(401, 422)}, auth=api_auth)
def list_dossiers(request: HttpRequest, filters: Query[DossierFilter], page: Query[PageParams]) -> dict[str, Any]:
    """A citizen's own dossiers; for an officer, the dossiers of their units (search with `q`)."""
    user = _user(request)
    if is_officer(user):
        qs = selectors.dossier_list_for_officer(officer=user, q=filters.q, status=filters.status)
    else:
        qs = selectors.dossier_list_for_applicant(user=user, status=filters.status)
    return paginate(qs, page)


@router.get("/dossiers/{code}", response={200: DossierOut, **_errors(401, 404)}, auth=api_auth)
def get_dossier(request: HttpRequest, code: str) -> Dossier:
    return _dossier(request, code)


@router.post(
    "/dossiers/{code}/supplement",
    response={200: DossierOut, **_errors(400, 401, 403, 404, 409, 413)},
    auth=api_auth,
    openapi_extra=multipart_openapi(SupplementForm, files=PAPER_FILES_DOC),
)
def submit_supplement(request: HttpRequest, code: str) -> Dossier:
    """The applicant sends the papers a supplement request asked for (multipart)."""
    dossier = _dossier(request, code)
    form, uploads = read_multipart(request, SupplementForm)
    return intake.dossier_submit_supplement(applicant=_user(request), dossier=dossier, uploads=uploads, note=form.note)


@router.post(
    "/dossiers/{code}/withdraw", response={200: DossierOut, **_errors(400, 401, 403, 404, 409, 422)}, auth=api_auth
)
def withdraw_dossier(request: HttpRequest, code: str, payload: ReasonIn | None = None) -> Dossier:
    """Withdrawn at once before processing starts; a withdrawal request afterwards."""
    dossier = _dossier(request, code)
    return intake.dossier_withdraw(applicant=_user(request), dossier=dossier, reason=(payload or ReasonIn()).reason)


@router.post(
    "/dossiers/{code}/rating", response={201: RatingOut, **_errors(400, 401, 403, 404, 409, 422)}, auth=api_auth
)
def rate_dossier(request: HttpRequest, code: str, payload: RatingIn) -> Status[Rating]:
    dossier = _dossier(request, code)
    rating = processing.dossier_rate(
        applicant=_user(request), dossier=dossier, score=payload.score, comment=payload.comment
    )
    return Status(201, rating)


def _download_name(row: DossierFile) -> str:
    stem = "-".join(fold(row.name).replace(".", " ").split())[:80] or "tep"
    extension = row.file.name.rsplit(".", 1)[-1] if "." in row.file.name else "bin"
    return f"{stem}.{extension}"


@router.get(
    "/dossiers/{code}/files/{file_id}",
    response={**_errors(401, 404)},
    auth=api_auth,
    url_name="download_dossier_file",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Tệp giấy tờ (PDF, JPEG hoặc PNG)",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_dossier_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """A file of a dossier the caller may see (the applicant: their papers, results and letters)."""
    row = dossier_file_get_for(user=request.user, code=code, file_id=file_id)
    try:
        handle = row.file.open("rb")
    except OSError:
        raise NotFoundError("Tệp không còn trong kho lưu trữ.") from None
    response = FileResponse(handle, as_attachment=True, filename=_download_name(row), content_type=row.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


PDF_RESPONSE = {
    "responses": {
        "200": {
            "description": "PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/dossiers/{code}/receipt",
    response={**_errors(401, 404)},
    auth=api_auth,
    url_name="dossier_receipt_pdf",
    openapi_extra=PDF_RESPONSE,
)
def download_receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt-and-appointment slip (Mẫu 01) as PDF: provisional as soon as an online
    dossier is submitted, final once the one-stop desk receives it."""
    dossier = _dossier(request, code)
    response = HttpResponse(documents.receipt_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- officers ------------------------------------------------------------------------------


@router.get("/inbox", response={200: Page[DossierListOut], **_errors(401, 403, 422)}, auth=api_auth)
def list_inbox(request: HttpRequest, filters: Query[InboxFilter], page: Query[PageParams]) -> dict[str, Any]:
    """Dossiers waiting for the officer, soonest due first; `late` and `at_risk` flag each one."""
    officer = _user(request)
    if not is_officer(officer):
        raise PermissionDeniedError("Chỉ cán bộ, công chức có danh sách hồ sơ cần xử lý.")
    qs = selectors.dossier_inbox(officer=officer, q=filters.q, status=filters.status, only=filters.only)
    return paginate(qs, page)


OFFICER_ERRORS = _errors(400, 401, 403, 404, 409, 422)


@router.post("/dossiers/{code}/accept", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def accept_dossier(request: HttpRequest, code: str, payload: NoteIn | None = None) -> Dossier:
    """Receive an online dossier: the appointment date is set and processing starts."""
    dossier = _dossier(request, code)
    return intake.dossier_accept(officer=_user(request), dossier=dossier, note=(payload or NoteIn()).note)


@router.post("/dossiers/{code}/refuse", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def refuse_dossier(request: HttpRequest, code: str, payload: ReasonIn | None = None) -> Dossier:
    dossier = _dossier(request, code)
    return intake.dossier_refuse(officer=_user(request), dossier=dossier, reason=(payload or ReasonIn()).reason)


@router.post("/dossiers/{code}/request-supplement", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def request_supplement(request: HttpRequest, code: str, payload: SupplementRequestIn | None = None) -> Dossier:
    dossier = _dossier(request, code)
    data = payload or SupplementRequestIn()
    return intake.dossier_request_supplement(
        officer=_user(request), dossier=dossier, reason=data.reason, items=data.items
    )


@router.post("/dossiers/{code}/accept-supplement", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def accept_supplement(request: HttpRequest, code: str) -> Dossier:
    dossier = _dossier(request, code)
    return intake.dossier_accept_supplement(officer=_user(request), dossier=dossier)


@router.post("/dossiers/{code}/complete-step", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def complete_step(request: HttpRequest, code: str, payload: CompleteStepIn | None = None) -> Dossier:
    """Complete the open step: forward, or with `approved` the decision a gateway reads. At a
    signing step going forward signs the PDF results with `secret` (the certificate's PIN)."""
    dossier = _dossier(request, code)
    data = payload or CompleteStepIn()
    return processing.dossier_complete_step(
        officer=_user(request), dossier=dossier, comment=data.comment, approved=data.approved, secret=data.secret
    )


@router.post(
    "/dossiers/{code}/result",
    response={201: DossierOut, **_errors(400, 401, 403, 404, 409, 413)},
    auth=api_auth,
    openapi_extra=multipart_openapi(ResultForm, files="Tệp kết quả (PDF, JPEG hoặc PNG), trường tệp bất kỳ."),
)
def upload_result(request: HttpRequest, code: str) -> Status[Dossier]:
    dossier = _dossier(request, code)
    form, uploads = read_multipart(request, ResultForm)
    named = [PaperUpload(file=u.file, name=form.name or u.name) for u in uploads]
    processing.dossier_upload_result(officer=_user(request), dossier=dossier, uploads=named)
    return Status(201, _dossier(request, code))


@router.post(
    "/dossiers/{code}/working-files",
    response={201: DossierOut, **OFFICER_ERRORS},
    auth=api_auth,
    openapi_extra=multipart_openapi(ResultForm, files="Tài liệu xử lý (PDF, JPEG hoặc PNG), trường tệp bất kỳ."),
)
def attach_working_files(request: HttpRequest, code: str) -> Status[Dossier]:
    """Attach officers' working documents (not shown to the applicant)."""
    dossier = _dossier(request, code)
    form, uploads = read_multipart(request, ResultForm)
    named = [PaperUpload(file=u.file, name=form.name or u.name) for u in uploads]
    processing.dossier_attach_working_files(officer=_user(request), dossier=dossier, uploads=named)
    return Status(201, _dossier(request, code))


@router.post("/dossiers/{code}/return", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def return_result(request: HttpRequest, code: str, payload: NoteIn | None = None) -> Dossier:
    dossier = _dossier(request, code)
    return processing.dossier_return_result(officer=_user(request), dossier=dossier, note=(payload or NoteIn()).note)


@router.post("/dossiers/{code}/stop", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def stop_dossier(request: HttpRequest, code: str, payload: ReasonIn | None = None) -> Dossier:
    dossier = _dossier(request, code)
    return processing.dossier_stop(officer=_user(request), dossier=dossier, reason=(payload or ReasonIn()).reason)


@router.post("/dossiers/{code}/transfer", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def transfer_dossier(request: HttpRequest, code: str, payload: TransferIn) -> Dossier:
    """Send the open step to another unit or level (inter-agency one-stop)."""
    dossier = _dossier(request, code)
    target = core_selectors.organization_get(code=payload.organization)
    return transfer.dossier_transfer(officer=_user(request), dossier=dossier, organization=target, note=payload.note)


@router.post("/dossiers/{code}/return-to-origin", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def return_to_origin(request: HttpRequest, code: str, payload: NoteIn | None = None) -> Dossier:
    """The unit a step was transferred to sends it back without completing it."""
    dossier = _dossier(request, code)
    note = (payload or NoteIn()).note
    return transfer.dossier_return_from_other_unit(officer=_user(request), dossier=dossier, note=note)


@router.post("/dossiers/{code}/apology", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def apologize(request: HttpRequest, code: str, payload: ApologyIn) -> Dossier:
    """Apology and new appointment date (Mẫu 04) for a dossier that will be late."""
    dossier = _dossier(request, code)
    processing.dossier_apologize(
        officer=_user(request), dossier=dossier, reason=payload.reason, extra_days=payload.extra_days
    )
    return _dossier(request, code)


@router.post("/dossiers/{code}/approve-withdrawal", response={200: DossierOut, **OFFICER_ERRORS}, auth=api_auth)
def approve_withdrawal(request: HttpRequest, code: str) -> Dossier:
    dossier = _dossier(request, code)
    return processing.dossier_approve_withdrawal(officer=_user(request), dossier=dossier)


@router.post(
    "/counter/dossiers",
    response={201: DossierOut, **_errors(400, 401, 403, 409, 413)},
    auth=api_auth,
    openapi_extra=multipart_openapi(CounterDossierForm, files=PAPER_FILES_DOC, json_fields=("form_data",)),
)
def create_counter_dossier(request: HttpRequest) -> Status[Dossier]:
    """Counter intake: the applicant found by account id, identity number, email or phone, or
    a new citizen account opened from `applicant_name` and contacts; received at once."""
    form, uploads = read_multipart(request, CounterDossierForm)
    applicant, new_applicant = _counter_applicant(form)
    intake_result = counter.dossier_receive_at_counter(
        officer=_user(request),
        procedure=_procedure(form.procedure),
        applicant=applicant,
        new_applicant=new_applicant,
        address=form.applicant_address,
        form_data=form.form_data,
        uploads=uploads,
        checked_papers=form.checked_papers,
    )
    return Status(201, intake_result.dossier)


def _counter_applicant(form: CounterDossierForm) -> tuple[User | None, counter.NewApplicant | None]:
    """The existing account the form points at, else the new applicant it describes."""
    if form.applicant_id is not None:
        try:
            return selectors_office.applicant_get(pk=form.applicant_id), None
        except NotFoundError:
            raise ValidationFailed(fields={"applicant_id": ["Không tìm thấy người nộp."]}) from None
    for value in (form.applicant_id_number, form.applicant_email, form.applicant_phone):
        found = selectors_office.applicant_find(value=value) if value.strip() else []
        if found:
            return found[0], None
    if not form.applicant_name.strip():
        raise ValidationFailed(
            "Không tìm thấy người nộp; nhập họ tên và thông tin liên hệ để tạo tài khoản mới.",
            fields={"applicant_name": ["Cần họ tên người nộp để tạo tài khoản mới."]},
        )
    new_applicant = counter.NewApplicant(
        full_name=form.applicant_name,
        personal_id=form.applicant_id_number,
        phone=form.applicant_phone,
        email=form.applicant_email,
    )
    return None, new_applicant


@router.post("/counter/refusals", response={201: CounterRefusalOut, **_errors(400, 401, 403, 404, 422)}, auth=api_auth)
def create_counter_refusal(request: HttpRequest, payload: CounterRefusalIn) -> Status[CounterRefusal]:
    """Refuse a walk-in request at the counter: recorded (statistics, the slip printed again)
    without opening a dossier or an account."""
    applicant = None
    if payload.applicant_id is not None:
        try:
            applicant = selectors_office.applicant_get(pk=payload.applicant_id)
        except NotFoundError:
            raise ValidationFailed(fields={"applicant_id": ["Không tìm thấy người nộp."]}) from None
    refusal = counter.counter_refusal_record(
        officer=_user(request),
        procedure=_procedure(payload.procedure),
        applicant=applicant,
        applicant_name=payload.applicant_name,
        applicant_phone=payload.applicant_phone,
        applicant_address=payload.applicant_address,
        reason=payload.reason,
        missing_papers=payload.missing_papers,
    )
    return Status(201, refusal)


# --- anyone --------------------------------------------------------------------------------


@router.get("/dossiers/{code}/status", response={200: PublicStatusOut, **_errors(404, 429)}, auth=None)
def get_dossier_status(request: HttpRequest, code: str, response: HttpResponse) -> PublicStatus | Status[Any]:
    """Public lookup by code: national status (1–10), procedure, dates and steps; never personal
    data. Limited per client address (setting SAOLA_STATUS_RATE_LIMIT, e.g. "60/m")."""
    rate = parse_rate(getattr(settings, "SAOLA_STATUS_RATE_LIMIT", DEFAULT_STATUS_RATE))
    if rate is not None:
        decision = rate_limit_hit(scope="dossier-status", key=client_address(request), rate=rate)
        if not decision.allowed:
            response["Retry-After"] = str(decision.retry_after)
            message = f"Bạn đã tra cứu quá nhiều lần; vui lòng thử lại sau {decision.retry_after} giây."
            return Status(429, error_body(ErrorCode.RATE_LIMITED, message, {"retry_after": decision.retry_after}))
    return selectors.dossier_public_status(code=code)
