"""One renderer for every error the API answers: {"error": {"code", "message", "details"}}."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from saola.core.exceptions import ErrorCode, SaolaError


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def register_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(SaolaError)
    def on_saola_error(request: HttpRequest, exc: SaolaError) -> HttpResponse:
        return api.create_response(request, {"error": exc.as_dict()}, status=exc.http_status)

    @api.exception_handler(NinjaValidationError)
    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body", "path"))
            fields.setdefault(loc or "request", []).append(str(err.get("msg", "")))
        body = error_body(ErrorCode.VALIDATION_FAILED, _("Dữ liệu gửi lên không hợp lệ."), {"fields": fields})
        return api.create_response(request, body, status=422)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        details: dict[str, Any] = (
            {"fields": exc.message_dict} if hasattr(exc, "error_dict") else {"messages": exc.messages}
        )
        body = error_body(ErrorCode.VALIDATION_FAILED, _("Dữ liệu không hợp lệ."), details)
        return api.create_response(request, body, status=400)

    @api.exception_handler(AuthenticationError)
    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body(ErrorCode.NOT_AUTHENTICATED, _("Bạn cần đăng nhập."))
        return api.create_response(request, body, status=401)

    @api.exception_handler(PermissionDenied)
    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        body = error_body(ErrorCode.PERMISSION_DENIED, _("Bạn không có quyền thực hiện thao tác này."))
        return api.create_response(request, body, status=403)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body(ErrorCode.NOT_FOUND, _("Không tìm thấy.")), status=404)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {
            401: ErrorCode.NOT_AUTHENTICATED,
            403: ErrorCode.PERMISSION_DENIED,
            404: ErrorCode.NOT_FOUND,
            429: ErrorCode.RATE_LIMITED,
        }.get(exc.status_code, ErrorCode.VALIDATION_FAILED)
        return api.create_response(request, error_body(code, str(exc)), status=exc.status_code)
