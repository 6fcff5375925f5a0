"""Errors of the one-stop system beyond the shared hierarchy of saola.core.exceptions."""

from __future__ import annotations

from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import ValidationFailed


class UploadTooLarge(ValidationFailed):
    """The request carrying the files is larger than the platform accepts (HTTP 413)."""

    http_status: ClassVar[int] = 413
    default_message: ClassVar[str | Promise] = _("Dung lượng tải lên vượt quá giới hạn cho phép.")
