"""Errors of the exchange app: unreadable, unsafe or invalid edXML input."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed


class EdxmlError(ValidationFailed):
    """An edXML package or status message was refused; `line` is where, when known."""

    default_message = _("Gói tin edXML không hợp lệ.")

    def __init__(self, message: str | Promise | None = None, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(message, extra={"line": line} if line is not None else None)


class XmlTooLarge(EdxmlError):
    """The input is over SAOLA_EXCHANGE_MAX_BYTES; it was not parsed."""

    default_message = _("Gói tin vượt quá kích thước cho phép.")


class UnsafeXml(EdxmlError):
    """The input declares a DTD or entities (XXE, entity expansion); it is refused as a whole."""

    default_message = _("Gói tin có khai báo DTD hoặc thực thể; không được chấp nhận vì lý do an toàn.")


class MalformedXml(EdxmlError):
    """The input is not well-formed XML."""

    default_message = _("Gói tin không phải là XML hợp lệ.")


class InvalidPackage(EdxmlError):
    """Well-formed XML that is not an acceptable edXML package or status message."""

    default_message = _("Gói tin edXML không đúng cấu trúc.")


class HubRefused(ValidationFailed):
    """The hub refused a package or status message; `reason` says why, for machines."""

    default_message = _("Trục liên thông từ chối gói tin.")
    reason = "refused"

    def __init__(self, message: str | Promise | None = None, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.extra = {"reason": self.reason, **({"problems": problems} if problems else {})}


class UnknownRecipient(HubRefused):
    reason = "unknown_recipient"


class SenderMismatch(HubRefused):
    http_status = 403
    code = PermissionDeniedError.code
    reason = "sender_mismatch"


class SignatureRejected(HubRefused):
    reason = "signature_invalid"


class NoSuchPackage(HubRefused):
    """A status message about a package the reporting agency never received."""

    http_status = 409
    code = ConflictError.code
    reason = "unknown_package"
