"""The official-documents API: registers, incoming and outgoing documents, work dossiers.

Handlers parse, look the document up for the caller (a document they may not see is a 404, never
a 403), call one service or selector and render. Permissions are the services' own checks.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile as NinjaUploadedFile

from saola.api.auth import api_auth
from saola.api.paging import PageParams
from saola.api.schemas import ErrorOut, Page
from saola.core.exceptions import NotFoundError, ValidationFailed
from saola.core.models import User
from saola.core.text import fold
from saola.documents import inputs, selectors
from saola.documents.models import Attachment, Document, DocumentType, WorkDossier
from saola.documents.schemas import (
    AssignIn,
    AssignmentOut,
    AttachmentOut,
    CommentsIn,
    DistributeIn,
    DistributionOut,
    DocumentFilter,
    DocumentListOut,
    DocumentOut,
    DocumentTypeOut,
    DraftIn,
    IncomingForm,
    NoteOut,
    ReasonIn,
    RegisterOut,
    ResultIn,
    SecretIn,
    TextIn,
    WorkDossierDetailOut,
    WorkDossierDocumentsIn,
    WorkDossierFilter,
    WorkDossierIn,
    WorkDossierOut,
)
from saola.documents.services import incoming, outgoing, work

router = Router(tags=["documents"])


def _errors(*codes: int) -> dict[int, Any]:
    return dict.fromkeys(codes, ErrorOut)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by api_auth
    return user


def _document(request: HttpRequest, pk: int) -> Document:
    return selectors.document_get_for(user=request.user, pk=pk)


def _filters(f: DocumentFilter) -> selectors.DocumentFilters:
    return selectors.DocumentFilters(
        direction=f.direction,
        status=f.status,
        document_type=f.type or None,
        register=f.register_id,
        urgency=f.urgency,
        date_from=f.date_from,
        date_to=f.date_to,
    )


# --- reference data -----------------------------------------------------------------------


@router.get("/document-types", response={200: list[DocumentTypeOut], **_errors(401)}, auth=api_auth)
def list_document_types(request: HttpRequest) -> list[DocumentType]:
    """Document types of Decree 30/2020, Phụ lục III (công văn has no abbreviation)."""
    return list(selectors.document_type_list())


@router.get("/document-registers", response={200: Page[RegisterOut], **_errors(401, 422)}, auth=api_auth)
def list_registers(request: HttpRequest, page: Query[PageParams], year: int | None = None) -> dict[str, Any]:
    """Registers (sổ văn bản) of the organisations the caller works with, with their next number."""
    qs = selectors.register_list(user=request.user, year=year)
    return {"items": list(qs[page.offset : page.offset + page.limit]), "count": qs.count()}


# --- documents ----------------------------------------------------------------------------


@router.get("/documents", response={200: Page[DocumentListOut], **_errors(401, 422)}, auth=api_auth)
def list_documents(request: HttpRequest, filters: Query[DocumentFilter], page: Query[PageParams]) -> dict[str, Any]:
    """Documents the caller may see. With `q`: full-text search (number and notation, summary,
    sender, signer, attachments' text; diacritics optional) among the newest 1,000 matches, best
    first; `count` is then at most 1,000 (narrow the words or the dates to reach older ones)."""
    if filters.q.strip():
        found = selectors.document_search(
            user=request.user, q=filters.q, filters=_filters(filters), limit=page.limit, offset=page.offset
        )
        return {"items": found.items, "count": found.count}
    qs = selectors.document_list(user=request.user, filters=_filters(filters), sort=filters.sort)
    return {"items": list(qs[page.offset : page.offset + page.limit]), "count": qs.count()}


@router.get("/documents/{int:pk}", response={200: DocumentOut, **_errors(401, 404)}, auth=api_auth)
def get_document(request: HttpRequest, pk: int) -> Document:
    return _document(request, pk)


@router.post("/documents/incoming", response={201: DocumentOut, **_errors(400, 401, 403, 422)}, auth=api_auth)
def register_incoming_document(
    request: HttpRequest,
    form: Form[IncomingForm],
    files: File[list[NinjaUploadedFile]] = None,  # type: ignore[assignment]  # files are optional
) -> Status[Document]:
    """The clerk registers a received document (multipart: fields and `files`); it takes its số đến."""
    organization, data = inputs.incoming_from(form.dict())
    uploads: list[UploadedFile] = list(files or [])
    document = incoming.document_register_incoming(
        clerk=_user(request), organization=organization, data=data, files=uploads
    )
    return Status(201, selectors.document_get_for(user=request.user, pk=document.pk))


@router.post(
    "/documents/{int:pk}/assignments",
    response={201: list[AssignmentOut], **_errors(400, 401, 403, 404, 409, 422)},
    auth=api_auth,
)
def assign_document(request: HttpRequest, pk: int, payload: AssignIn) -> Status[list[Any]]:
    """A leader assigns the document to units or people (one main handler); an assignee sub-assigns."""
    document = _document(request, pk)
    errors = inputs.FieldErrors()
    targets = []
    for item in payload.targets:
        unit = errors.organization(item.unit, field="targets", required=False)
        person = errors.officer(item.assignee, field="targets")
        targets.append(incoming.AssignmentTarget(unit=unit, assignee=person, role=item.role))
    deadline = errors.date(payload.deadline, field="deadline")
    errors.raise_if_any()
    created = incoming.document_assign(
        actor=_user(request), document=document, targets=targets, instruction=payload.instruction, deadline=deadline
    )
    return Status(201, created)


@router.post("/documents/{int:pk}/comments", response={201: NoteOut, **_errors(400, 401, 403, 404, 422)}, auth=api_auth)
def comment_document(request: HttpRequest, pk: int, payload: TextIn) -> Status[Any]:
    note = incoming.document_comment(actor=_user(request), document=_document(request, pk), text=payload.text)
    return Status(201, note)


@router.post(
    "/documents/{int:pk}/complete", response={200: DocumentOut, **_errors(400, 401, 403, 404, 409, 422)}, auth=api_auth
)
def complete_document(request: HttpRequest, pk: int, payload: ResultIn) -> Document:
    """The handler records the result; the main handler's result completes the document."""
    incoming.document_complete(actor=_user(request), document=_document(request, pk), result=payload.result)
    return _document(request, pk)


@router.post(
    "/documents/{int:pk}/return", response={200: DocumentOut, **_errors(400, 401, 403, 404, 409, 422)}, auth=api_auth
)
def return_document(request: HttpRequest, pk: int, payload: ReasonIn) -> Document:
    incoming.document_return_to_sender(actor=_user(request), document=_document(request, pk), reason=payload.reason)
    return _document(request, pk)


@router.post(
    "/documents/{int:pk}/refuse", response={200: DocumentOut, **_errors(400, 401, 403, 404, 409, 422)}, auth=api_auth
)
def refuse_document(request: HttpRequest, pk: int, payload: ReasonIn) -> Document:
    incoming.document_refuse(actor=_user(request), document=_document(request, pk), reason=payload.reason)
    return _document(request, pk)


@router.post("/documents/outgoing", response={201: DocumentOut, **_errors(400, 401, 403, 422)}, auth=api_auth)
def create_draft(request: HttpRequest, payload: DraftIn) -> Status[Document]:
    """An officer starts an outgoing draft, from a template (Quyết định, Công văn, Thông báo...)."""
    organization, data = inputs.draft_from(payload.dict())
    document = outgoing.draft_create(author=_user(request), organization=organization, data=data)
    return Status(201, selectors.document_get_for(user=request.user, pk=document.pk))


@router.put(
    "/documents/{int:pk}/draft", response={200: DocumentOut, **_errors(400, 401, 403, 404, 409, 422)}, auth=api_auth
)
def update_draft(request: HttpRequest, pk: int, payload: DraftIn) -> Document:
    document = _document(request, pk)
    _, data = inputs.draft_from(payload.dict(), organization=document.organization)
    outgoing.draft_update(author=_user(request), document=document, data=data)
    return _document(request, pk)


@router.post(
    "/documents/{int:pk}/submit", response={200: DocumentOut, **_errors(401, 403, 404, 409, 422)}, auth=api_auth
)
def submit_draft(request: HttpRequest, pk: int, payload: TextIn | None = None) -> Document:
    note = payload.text if payload else ""
    outgoing.draft_submit(author=_user(request), document=_document(request, pk), note=note)
    return _document(request, pk)


@router.post(
    "/documents/{int:pk}/request-changes",
    response={200: DocumentOut, **_errors(400, 401, 403, 404, 409, 422)},
    auth=api_auth,
)
def request_changes(request: HttpRequest, pk: int, payload: CommentsIn) -> Document:
    """The leader returns the draft to its drafters with comments."""
    outgoing.draft_request_changes(leader=_user(request), document=_document(request, pk), comments=payload.comments)
    return _document(request, pk)


@router.post(
    "/documents/{int:pk}/approve", response={200: DocumentOut, **_errors(400, 401, 403, 404, 409, 422)}, auth=api_auth
)
def approve_draft(request: HttpRequest, pk: int, payload: SecretIn | None = None) -> Document:
    """The leader approves and signs (with the secret of their signing key)."""
    secret = payload.secret if payload else ""
    outgoing.draft_approve(leader=_user(request), document=_document(request, pk), secret=secret)
    return _document(request, pk)


@router.post(
    "/documents/{int:pk}/issue", response={200: DocumentOut, **_errors(400, 401, 403, 404, 409, 422)}, auth=api_auth
)
def issue_document(request: HttpRequest, pk: int, payload: SecretIn | None = None) -> Document:
    """The clerk issues: number and notation from the register of the year, then the organisation's signature."""
    secret = payload.secret if payload else ""
    outgoing.document_issue(clerk=_user(request), document=_document(request, pk), secret=secret)
    return _document(request, pk)


@router.post(
    "/documents/{int:pk}/distribute",
    response={201: list[DistributionOut], **_errors(400, 401, 403, 404, 409, 422)},
    auth=api_auth,
)
def distribute_document(request: HttpRequest, pk: int, payload: DistributeIn) -> Status[list[Any]]:
    """Send the issued document to internal units and people; external agencies wait for the exchange."""
    document = _document(request, pk)
    errors = inputs.FieldErrors()
    units = [u for u in (errors.organization(c, field="units") for c in payload.units) if u]
    people = [p for p in (errors.officer(n, field="people") for n in payload.people) if p]
    errors.raise_if_any()
    external = [outgoing.ExternalRecipient(name=e.name, code=e.code) for e in payload.external]
    created = outgoing.document_distribute(
        clerk=_user(request), document=document, units=units, people=people, external=external
    )
    return Status(201, created)


@router.post(
    "/documents/{int:pk}/attachments",
    response={201: list[AttachmentOut], **_errors(400, 401, 403, 404, 409)},
    auth=api_auth,
)
def attach_files(
    request: HttpRequest,
    pk: int,
    files: File[list[NinjaUploadedFile]] = None,  # type: ignore[assignment]  # a missing list is a 400 below
    kind: Form[str] = "appendix",
) -> Status[list[Any]]:
    """Attach files (PDF, DOCX, JPEG, PNG; `kind`: main, appendix or draft) to a document being
    worked on; PDF text joins the document's search text."""
    if kind not in Attachment.Kind.values:
        raise ValidationFailed(fields={"kind": [_("Loại tệp không hợp lệ.")]})
    uploads: list[UploadedFile] = list(files or [])
    stored = incoming.document_attach(actor=_user(request), document=_document(request, pk), files=uploads, kind=kind)
    return Status(201, stored)


def _download_name(name: str, extension: str) -> str:
    stem = "-".join(fold(name.rsplit(".", 1)[0]).replace(".", " ").split())[:80] or "van-ban"
    return f"{stem}.{extension}"


@router.get(
    "/documents/{int:pk}/attachments/{attachment_id}",
    response={**_errors(401, 404)},
    auth=api_auth,
    url_name="download_document_attachment",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Tệp của văn bản",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    document = _document(request, pk)
    row = document.attachments.filter(pk=attachment_id).first()
    if row is None:
        raise NotFoundError("Không tìm thấy tệp.")
    try:
        handle = row.file.open("rb")
    except OSError:
        raise NotFoundError("Không tìm thấy tệp.") from None
    extension = row.file.name.rsplit(".", 1)[-1] if "." in row.file.name else "bin"
    return FileResponse(
        handle, as_attachment=True, filename=_download_name(row.name, extension), content_type=row.content_type
    )


# --- work dossiers --------------------------------------------------------------------------


@router.get("/work-dossiers", response={200: Page[WorkDossierOut], **_errors(401, 422)}, auth=api_auth)
def list_work_dossiers(
    request: HttpRequest, filters: Query[WorkDossierFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.work_dossier_list(user=request.user, state=filters.state, q=filters.q)
    return {"items": list(qs[page.offset : page.offset + page.limit]), "count": qs.count()}


@router.post("/work-dossiers", response={201: WorkDossierOut, **_errors(400, 401, 403, 422)}, auth=api_auth)
def create_work_dossier(request: HttpRequest, payload: WorkDossierIn) -> Status[WorkDossier]:
    errors = inputs.FieldErrors()
    organization = errors.organization(payload.organization, field="organization")
    opened_on = errors.date(payload.opened_on, field="opened_on")
    errors.raise_if_any()
    assert organization is not None  # noqa: S101 - checked above
    dossier = work.work_dossier_create(
        actor=_user(request),
        organization=organization,
        title=payload.title,
        code=payload.code,
        retention_years=payload.retention_years,
        permanent=payload.permanent,
        opened_on=opened_on,
        note=payload.note,
    )
    return Status(201, dossier)


def _work_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    dossier = selectors.work_dossier_get_for(user=request.user, pk=pk)
    documents = list(selectors.work_dossier_documents(user=request.user, dossier=dossier))
    return {**WorkDossierOut.model_validate(dossier).model_dump(), "documents": documents}


@router.get("/work-dossiers/{int:pk}", response={200: WorkDossierDetailOut, **_errors(401, 404)}, auth=api_auth)
def get_work_dossier(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _work_detail(request, pk)


@router.post(
    "/work-dossiers/{int:pk}/documents",
    response={200: WorkDossierDetailOut, **_errors(400, 401, 403, 404, 409, 422)},
    auth=api_auth,
)
def add_work_dossier_documents(request: HttpRequest, pk: int, payload: WorkDossierDocumentsIn) -> dict[str, Any]:
    dossier = selectors.work_dossier_get_for(user=request.user, pk=pk)
    documents = [selectors.document_get_for(user=request.user, pk=doc_id) for doc_id in payload.documents]
    work.work_dossier_add_documents(actor=_user(request), dossier=dossier, documents=documents)
    return _work_detail(request, pk)


@router.post(
    "/work-dossiers/{int:pk}/close", response={200: WorkDossierDetailOut, **_errors(401, 403, 404, 409)}, auth=api_auth
)
def close_work_dossier(request: HttpRequest, pk: int) -> dict[str, Any]:
    dossier = selectors.work_dossier_get_for(user=request.user, pk=pk)
    work.work_dossier_close(actor=_user(request), dossier=dossier)
    return _work_detail(request, pk)


@router.post(
    "/work-dossiers/{int:pk}/archive",
    response={200: WorkDossierDetailOut, **_errors(401, 403, 404, 409)},
    auth=api_auth,
)
def archive_work_dossier(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The clerk hands a closed dossier to the archive."""
    dossier = selectors.work_dossier_get_for(user=request.user, pk=pk)
    work.work_dossier_archive(actor=_user(request), dossier=dossier)
    return _work_detail(request, pk)
