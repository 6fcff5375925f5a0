"""Errors of the payments app beyond the shared hierarchy of saola.core.exceptions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import PermissionDeniedError


class SignatureInvalid(PermissionDeniedError):
    """A message claiming to come from the payment provider whose signature does not verify."""

    default_message = _("Chữ ký của đơn vị thanh toán không hợp lệ.")
