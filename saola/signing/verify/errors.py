"""Why a file could not be verified at all (as opposed to a verdict about its signatures)."""

from __future__ import annotations

from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import ValidationFailed


class UnverifiableFile(ValidationFailed):
    """The file is not a PDF, is damaged, encrypted or empty; `extra["reason"]` says which."""

    default_message: ClassVar[str | Promise] = _("Không kiểm tra được tệp này.")

    def __init__(self, message: str | Promise, *, reason: str) -> None:
        self.reason = reason
        super().__init__(message, fields={"file": [str(message)]}, extra={"reason": reason})


class FileTooLarge(UnverifiableFile):
    """Larger than SAOLA_VERIFY_MAX_BYTES: refused before the file is read (HTTP 413)."""

    http_status: ClassVar[int] = 413

    def __init__(self, message: str | Promise) -> None:
        super().__init__(message, reason="too_large")
