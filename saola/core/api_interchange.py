"""Import and export of the organisation tree over the API (CSV/XLSX).

Platform admins act anywhere; unit admins only inside their own subtree. Imports go through
`saola.core.interchange` (all or nothing, audited).
"""

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, UploadedFile

from saola.api.auth import api_auth
from saola.api.schemas import ErrorOut
from saola.core import interchange
from saola.core.models import User
from saola.core.permissions import ensure_can_exchange_organizations
from saola.core.uploads import read_stream_safely

router = Router(tags=["organizations-admin"])

CONTENT_TYPES = {
    interchange.Format.CSV: "text/csv; charset=utf-8",
    interchange.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class OrganizationImportOut(Schema):
    imported: int
    created: int
    updated: int
    unchanged: int


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by api_auth
    return user


@router.get("/organizations-export", response={200: None, 401: ErrorOut, 403: ErrorOut}, auth=api_auth)
def export_organizations(request: HttpRequest, format: interchange.Format = interchange.Format.CSV) -> HttpResponse:
    ensure_can_exchange_organizations(request.user)
    response = HttpResponse(interchange.organizations_export(fmt=format), content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="co-quan-don-vi.{format.value}"'
    return response


@router.post(
    "/organizations-import",
    response={200: OrganizationImportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    auth=api_auth,
)
def import_organizations(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[interchange.Format | None] = None,
) -> dict[str, int]:
    """Upsert the tree from a CSV or XLSX file (format from `format` or the file name).

    A file with any bad row writes nothing: 400 IMPORT_REJECTED with `details.errors`, one
    `{"line", "field", "message"}` per problem.
    """
    ensure_can_exchange_organizations(request.user)
    fmt = format or interchange.format_from_name(file.name or "")
    data = read_stream_safely(file, size=file.size)
    result = interchange.organizations_import_result(data=data, fmt=fmt, actor=_actor(request))
    return {
        "imported": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
