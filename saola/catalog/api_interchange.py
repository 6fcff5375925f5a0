"""Export and import of the whole procedure catalogue over the API (platform admins only).

Signed-in platform admins and superusers, by browser session (with CSRF on the upload) or API
token. The file formats are described in `saola.catalog.interchange`.
"""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from saola.api.auth import api_auth
from saola.api.schemas import ErrorOut
from saola.catalog.interchange import CONTENT_TYPES, catalog_export, catalog_import_upload
from saola.core.models import User
from saola.core.permissions import ensure_platform_admin

router = Router(tags=["catalog-admin"])


class ExportParams(Schema):
    format: Literal["json", "xlsx"] = "json"


class ImportOut(Schema):
    imported: int


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by api_auth and ensure_platform_admin
    return user


@router.get(
    "/catalog/export",
    auth=api_auth,
    response={200: None, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Xuất danh mục thủ tục hành chính (JSON hoặc XLSX)",
)
def export_catalog(request: HttpRequest, params: Query[ExportParams]) -> HttpResponse:
    ensure_platform_admin(request.user)
    data = catalog_export(fmt=params.format)
    response = HttpResponse(data, content_type=CONTENT_TYPES[params.format])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="thu-tuc-{stamp}.{params.format}"'
    return response


@router.post(
    "/catalog/import",
    auth=api_auth,
    response={200: ImportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Nhập danh mục thủ tục hành chính từ tệp JSON hoặc XLSX (tất cả hoặc không)",
)
def import_catalog(request: HttpRequest, file: File[UploadedFile]) -> dict[str, int]:
    ensure_platform_admin(request.user)
    imported = catalog_import_upload(
        name=file.name or "",
        size=file.size,
        stream=file,
        actor=_actor(request),
    )
    return {"imported": imported}
