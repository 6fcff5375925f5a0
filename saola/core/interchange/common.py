"""Shared pieces of the organisation import/export: columns, formats, rows and the error list."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import ImportRejected
from saola.core.uploads import reject_file

COLUMNS = (
    "code",
    "name",
    "short_name",
    "level",
    "parent",
    "admin_unit_code",
    "address",
    "valid_from",
    "valid_to",
)
REQUIRED_COLUMNS = ("code", "name", "level", "parent")
SHEET_NAME = "CoQuan"
TEXT_FIELDS = ("name", "short_name", "level", "admin_unit_code", "address")
DATE_FIELDS = ("valid_from", "valid_to")
# Statistical unit codes (QĐ 124/2004/QĐ-TTg, kept by QĐ 19/2025/QĐ-TTg): 2 digits for a
# province, 3 for a (former) district, 5 for a commune.
ADMIN_UNIT_CODE_DIGITS = {"province": 2, "district": 3, "commune": 5}
# Excel runs a cell starting with one of these as a formula; exported CSV cells get a "'" prefix
# (stripped again on import) so a hostile name cannot become a formula on someone's desktop.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_ERRORS = 1000


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass
class Row:
    line: int
    code: str
    name: str = ""
    short_name: str = ""
    level: str = ""
    parent: str = ""
    admin_unit_code: str = ""
    address: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in (*TEXT_FIELDS, *DATE_FIELDS)}


@dataclass
class Errors:
    """Row errors; past `MAX_ERRORS` only counted, so a hostile file cannot produce a huge answer."""

    items: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0

    def add(self, line: int | None, field_name: str, message: str | Promise) -> None:
        if len(self.items) >= MAX_ERRORS:
            self.dropped += 1
            return
        self.items.append({"line": line, "field": field_name, "message": str(message)})

    def raise_if_any(self) -> None:
        if not self.items:
            return
        self.items.sort(key=lambda e: (e["line"] or 0, COLUMNS.index(e["field"]) if e["field"] in COLUMNS else -1))
        if self.dropped:
            message = _("Còn %(count)s lỗi khác không được liệt kê.") % {"count": self.dropped}
            self.items.append({"line": None, "field": "file", "message": str(message)})
        raise ImportRejected(errors=self.items)


def parse_format(fmt: str) -> Format:
    try:
        return Format(fmt.lower())
    except ValueError:
        raise reject_file(_("Định dạng “%(fmt)s” không được hỗ trợ; dùng csv hoặc xlsx.") % {"fmt": fmt}) from None


def format_from_name(name: str) -> Format:
    """The format named by a file's extension (.csv or .xlsx); ImportRejected otherwise."""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    try:
        return Format(extension)
    except ValueError:
        raise reject_file(_("Chỉ nhận tệp .csv hoặc .xlsx.")) from None
