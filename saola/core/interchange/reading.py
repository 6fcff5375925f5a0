"""Reading a CSV/XLSX file into rows, with every per-row check (formats, dates, lengths)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from saola.core.interchange.common import (
    ADMIN_UNIT_CODE_DIGITS,
    COLUMNS,
    DATE_FIELDS,
    FORMULA_PREFIXES,
    REQUIRED_COLUMNS,
    SHEET_NAME,
    TEXT_FIELDS,
    Errors,
    Format,
    Row,
)
from saola.core.models import AGENCY_CODE_RE, Organization
from saola.core.uploads import iter_csv_rows, iter_sheet_rows, load_workbook_safely, reject_file


def _cell_text(value: Any) -> str | dt.date:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def raw_rows(data: bytes, fmt: Format) -> list[tuple[int, list[str | dt.date]]]:
    """Header and data records as `(line, cells)`, blank records dropped."""
    records: list[tuple[int, list[str | dt.date]]] = []
    if fmt is Format.CSV:
        for line, cells in iter_csv_rows(data):
            records.append((line, [_unescape_csv(cell.strip()) for cell in cells]))
    else:
        workbook = load_workbook_safely(data)
        try:
            names = workbook.sheetnames
            sheet = SHEET_NAME if SHEET_NAME in names or len(names) != 1 else names[0]
            records.extend(
                (line, [_cell_text(value) for value in values])
                for line, values in iter_sheet_rows(workbook, sheet, max_columns=len(COLUMNS) + 20)
            )
        finally:
            workbook.close()
    return [(line, cells) for line, cells in records if any(cell != "" for cell in cells)]


def _unescape_csv(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text


def read_header(records: list[tuple[int, list[str | dt.date]]], errors: Errors) -> list[str]:
    if not records:
        raise reject_file(_("Tệp không có dữ liệu (cần dòng tiêu đề và ít nhất một dòng)."))
    line, cells = records[0]
    header = [str(cell).strip().lower() for cell in cells]
    while header and header[-1] == "":
        header.pop()
    for column in sorted({c for c in header if header.count(c) > 1}):
        errors.add(line, column, _("Cột “%(column)s” xuất hiện nhiều lần.") % {"column": column})
    for position, column in enumerate(header, start=1):
        if column == "":
            errors.add(line, "file", _("Dòng tiêu đề có cột thứ %(position)s không có tên.") % {"position": position})
        elif column not in COLUMNS:
            errors.add(
                line,
                column,
                _("Cột “%(column)s” không được hỗ trợ. Các cột hợp lệ: %(columns)s.")
                % {"column": column, "columns": ", ".join(COLUMNS)},
            )
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.add(line, column, _("Thiếu cột bắt buộc “%(column)s”.") % {"column": column})
    errors.raise_if_any()
    if len(records) == 1:
        raise reject_file(_("Tệp không có dòng dữ liệu nào."))
    return header


def _parse_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(value)


def parse_row(line: int, header: list[str], cells: list[str | dt.date], errors: Errors) -> Row | None:
    """One record into a `Row`, adding an error for every bad cell; None when the code is unusable."""
    if len(cells) > len(header) and any(cell != "" for cell in cells[len(header) :]):
        errors.add(line, "file", _("Dòng có nhiều ô hơn số cột của dòng tiêu đề."))
        return None
    values = dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=False))
    row = Row(line=line, code=str(values.get("code", "")).strip().upper())
    if not row.code:
        errors.add(line, "code", _("Thiếu mã định danh."))
    elif not AGENCY_CODE_RE.match(row.code):
        errors.add(
            line,
            "code",
            _("Mã định danh “%(value)s” không đúng dạng NNN.NN.NN.XNN (13 ký tự).") % {"value": row.code},
        )
    for name in (*TEXT_FIELDS, "parent"):
        raw = values.get(name, "")
        if isinstance(raw, dt.date):
            errors.add(line, name, _("Ô này phải là văn bản, không phải ngày tháng."))
            continue
        # NFC: text typed on some systems arrives decomposed (e + combining marks).
        setattr(row, name, unicodedata.normalize("NFC", raw.strip()))
    row.level = row.level.lower()
    row.parent = row.parent.upper()
    for name in DATE_FIELDS:
        raw = values.get(name, "")
        if raw == "":
            continue
        try:
            setattr(row, name, _parse_date(raw))
        except ValueError:
            errors.add(
                line,
                name,
                _("Ngày “%(value)s” không hợp lệ; dùng dạng 2025-07-01 hoặc 01/07/2025.") % {"value": raw},
            )
    _check_row_fields(row, errors)
    return row if row.code and AGENCY_CODE_RE.match(row.code) else None


def _check_row_fields(row: Row, errors: Errors) -> None:
    if row.level not in Organization.Level.values:
        errors.add(
            row.line,
            "level",
            _("Cấp “%(value)s” không hợp lệ; dùng một trong: %(choices)s.")
            % {"value": row.level, "choices": ", ".join(Organization.Level.values)},
        )
    if row.parent and not AGENCY_CODE_RE.match(row.parent):
        errors.add(
            row.line,
            "parent",
            _("Mã cơ quan cấp trên “%(value)s” không đúng dạng NNN.NN.NN.XNN.") % {"value": row.parent},
        )
    digits = ADMIN_UNIT_CODE_DIGITS.get(row.level)
    if row.admin_unit_code and not (
        row.admin_unit_code.isascii()
        and row.admin_unit_code.isdigit()
        and (digits is None or len(row.admin_unit_code) == digits)
    ):
        errors.add(
            row.line,
            "admin_unit_code",
            _("Mã đơn vị hành chính “%(value)s” không hợp lệ (cấp tỉnh 2 chữ số, cấp huyện 3, cấp xã 5).")
            % {"value": row.admin_unit_code},
        )
    if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
        errors.add(row.line, "valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu."))
    # Lengths and required fields, with the model's own messages.
    probe = Organization(**row.values())
    try:
        probe.clean_fields(exclude=["code", "level", "admin_unit_code", "parent", "path", "depth", "search_text"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                errors.add(row.line, name, message)
