"""Reading the multipart requests of the dossier API: size first, then fields, then files.

The body is not parsed until the declared size (Content-Length) is known to be acceptable,
so an oversized request is refused (413) before Django spools its files to disk. Form fields
are validated through a schema into the one error shape (400 with `fields`); files named
`paper_<id>` belong to that paper of the procedure, any other file field is an extra paper.
Each file's own limit and type are checked later by `saola.dossiers.files.check_upload`.
"""

from __future__ import annotations

import re
import typing
from typing import Any, TypeVar

import pydantic
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from ninja import Schema

from saola.core.exceptions import ValidationFailed
from saola.dossiers.exceptions import UploadTooLarge
from saola.dossiers.files import human_size
from saola.dossiers.services.intake import PaperUpload

S = TypeVar("S", bound=Schema)

MAX_FILES_PER_REQUEST = 20
PAPER_FIELD = re.compile(r"^paper_(\d{1,12})$")
DEFAULT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024

_MESSAGES = {
    "missing": "Trường này là bắt buộc.",
    "int_parsing": "Giá trị phải là số nguyên.",
    "int_type": "Giá trị phải là số nguyên.",
    "string_too_long": "Giá trị quá dài.",
    "string_too_short": "Giá trị quá ngắn.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "too_long": "Quá nhiều giá trị.",
}


def upload_max_bytes() -> int:
    """The largest request body one upload may send (every file and field together)."""
    return int(getattr(settings, "SAOLA_DOSSIER_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


def ensure_request_size(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = upload_max_bytes()
    if length > limit:
        message = (
            f"Dung lượng gửi lên ({human_size(length)}) vượt quá giới hạn {human_size(limit)} cho một lần gửi; "
            "hãy giảm dung lượng tệp (ví dụ quét ở độ phân giải thấp hơn) hoặc gửi thành nhiều lần."
        )
        raise UploadTooLarge(message, fields={"files": [message]})


def _message(error: Any) -> str:
    kind = str(error.get("type", ""))
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return _MESSAGES.get(kind, str(error.get("msg", "Giá trị không hợp lệ.")))


def _list_fields(schema: type[Schema]) -> set[str]:
    return {name for name, info in schema.model_fields.items() if typing.get_origin(info.annotation) is list}


def read_multipart(request: HttpRequest, schema: type[S]) -> tuple[S, list[PaperUpload]]:
    """The form fields validated by `schema` and the uploaded files, or the right error."""
    ensure_request_size(request)
    try:
        post, files = request.POST, request.FILES
    except RequestDataTooBig as exc:
        raise UploadTooLarge("Các trường của biểu mẫu quá lớn.") from exc
    except (MultiPartParserError, SuspiciousOperation) as exc:
        raise ValidationFailed(
            "Không đọc được dữ liệu gửi lên (multipart/form-data) hoặc có quá nhiều tệp, quá nhiều trường."
        ) from exc
    lists = _list_fields(schema)
    data: dict[str, Any] = {}
    for key in post:
        values = post.getlist(key)
        data[key] = values if key in lists else values[-1]
    try:
        parsed = schema.model_validate(data)
    except pydantic.ValidationError as exc:
        fields: dict[str, list[str]] = {}
        for error in exc.errors():
            name = str(error["loc"][0]) if error.get("loc") else "request"
            fields.setdefault(name, []).append(_message(error))
        raise ValidationFailed("Dữ liệu gửi lên không hợp lệ.", fields=fields) from exc
    uploads: list[PaperUpload] = []
    for name, items in files.lists():
        match = PAPER_FIELD.match(name)
        for upload in items:
            if match:
                uploads.append(PaperUpload(file=upload, paper_id=int(match[1])))
            else:
                uploads.append(PaperUpload(file=upload, name=upload.name or ""))
    if len(uploads) > MAX_FILES_PER_REQUEST:
        raise ValidationFailed(
            f"Mỗi lần gửi tối đa {MAX_FILES_PER_REQUEST} tệp.",
            fields={"files": [f"Có {len(uploads)} tệp; tối đa {MAX_FILES_PER_REQUEST} tệp."]},
        )
    return parsed, uploads


def multipart_openapi(
    schema: type[Schema], *, files: str, json_fields: tuple[str, ...] = (), idempotency_header: bool = False
) -> dict[str, Any]:
    """The OpenAPI request body of a multipart endpoint read with `read_multipart`."""
    body = schema.model_json_schema()
    body.pop("title", None)
    for name in json_fields:
        described = body["properties"][name].get("description", "")
        body["properties"][name] = {"type": "string", "description": described or "Chuỗi JSON"}
    body["additionalProperties"] = {"type": "string", "format": "binary"}
    body["description"] = files
    extra: dict[str, Any] = {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}},
    }
    if idempotency_header:
        extra["parameters"] = [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "schema": {"type": "string", "maxLength": 64},
                "description": "Gửi lại cùng khóa sẽ nhận lại hồ sơ đã tạo thay vì tạo hồ sơ mới.",
            }
        ]
    return extra
