"""Presentation helpers for the public portal: labels for stored codes, days, money, file types."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from saola.core.models import Organization

register = template.Library()

# Channels (cách thức thực hiện) are stored as the KENH codes of the national procedure database.
CHANNEL_LABELS = {
    1: _("Trực tiếp tại Bộ phận Một cửa"),
    2: _("Trực tuyến trên Cổng dịch vụ công"),
    3: _("Qua dịch vụ bưu chính công ích"),
}


@register.filter
def level_label(code: str) -> str:
    """The label of an administrative level code (`commune` → "Cấp xã")."""
    try:
        return str(Organization.Level(code).label)
    except ValueError:
        return code


@register.filter
def channel_label(channel: Any) -> str:
    """The label of a KENH channel code; anything else (older free-text data) is shown as stored."""
    if isinstance(channel, int) and channel in CHANNEL_LABELS:
        return str(CHANNEL_LABELS[channel])
    return str(channel)


@register.filter
def working_days(value: Any) -> str:
    """A processing time in working days, with the plural form the active language needs."""
    try:
        days = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    # ngettext needs an integer; a fractional count (0.5, 1.5) reads as plural in English.
    count = int(days) if days == days.to_integral_value() else 2
    return ngettext("%(days)s ngày làm việc", "%(days)s ngày làm việc", count) % {"days": floatformat(days, -1)}


@register.filter
def money(value: Any) -> str:
    """An amount in đồng with the active language's digit grouping (100.000 đồng, 100,000 VND)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    # Django's Vietnamese locale sets no digit grouping; amounts are grouped by thousands anyway.
    grouped = numberformat.format(
        amount.quantize(Decimal(1)),
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=0,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    return gettext("%(amount)s đồng") % {"amount": grouped}


@register.filter
def file_kind(name: str) -> str:
    """The upper-case extension of a file name ("to-khai.docx" → "DOCX"), empty when there is none."""
    return PurePosixPath(str(name or "")).suffix.lstrip(".").upper()
