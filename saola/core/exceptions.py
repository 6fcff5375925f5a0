"""The one error hierarchy: services raise these, the API and views render them one way."""

from enum import StrEnum
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    VALIDATION_FAILED = "VALIDATION_FAILED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    NOT_AUTHENTICATED = "NOT_AUTHENTICATED"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    EXTERNAL_SERVICE = "EXTERNAL_SERVICE"
    IMPORT_REJECTED = "IMPORT_REJECTED"
    INVALID_FLOW = "INVALID_FLOW"
    RATE_LIMITED = "RATE_LIMITED"


class SaolaError(Exception):
    code: ClassVar[ErrorCode] = ErrorCode.VALIDATION_FAILED
    http_status: ClassVar[int] = 400
    default_message: ClassVar[str | Promise] = _("Yêu cầu không hợp lệ.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.fields = fields or {}
        self.extra = extra or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        details: dict[str, Any] = {}
        if self.fields:
            details["fields"] = self.fields
        details.update(self.extra)
        return {"code": str(self.code), "message": str(self.message), "details": details}


class ValidationFailed(SaolaError):
    code = ErrorCode.VALIDATION_FAILED
    http_status = 400


class PermissionDeniedError(SaolaError):
    code = ErrorCode.PERMISSION_DENIED
    http_status = 403
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class NotFoundError(SaolaError):
    code = ErrorCode.NOT_FOUND
    http_status = 404
    default_message = _("Không tìm thấy.")


class ConflictError(SaolaError):
    code = ErrorCode.CONFLICT
    http_status = 409
    default_message = _("Thao tác xung đột với trạng thái hiện tại.")


class ExternalServiceError(SaolaError):
    code = ErrorCode.EXTERNAL_SERVICE
    http_status = 502
    default_message = _("Hệ thống bên ngoài không phản hồi.")


class ImportRejected(ValidationFailed):
    """A whole import file was refused; `extra["errors"]` lists every bad row."""

    code = ErrorCode.IMPORT_REJECTED
    default_message = _("Tệp nhập có lỗi; không có dữ liệu nào được ghi.")

    def __init__(self, errors: list[dict[str, Any]], message: str | Promise | None = None) -> None:
        self.errors = errors
        super().__init__(message, extra={"errors": errors})
