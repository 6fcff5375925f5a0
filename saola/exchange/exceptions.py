"""Errors of the exchange app: unreadable, unsafe or invalid edXML input."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import ValidationFailed


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
