"""Writing the organisation tree as CSV (UTF-8 with BOM) or XLSX rows, parents before children."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from saola.core.interchange.common import COLUMNS, FORMULA_PREFIXES, SHEET_NAME, Format
from saola.core.models import Organization


def export_rows() -> list[list[Any]]:
    """Every organisation, parents before children, siblings by code (independent of ids)."""
    orgs = list(Organization.objects.select_related("parent").order_by("path"))
    children: dict[int | None, list[Organization]] = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    ordered: list[Organization] = []
    stack = sorted(children.get(None, []), key=lambda o: o.code, reverse=True)
    while stack:
        org = stack.pop()
        ordered.append(org)
        stack.extend(sorted(children.get(org.pk, []), key=lambda o: o.code, reverse=True))
    return [
        [
            org.code,
            org.name,
            org.short_name,
            org.level,
            org.parent.code if org.parent else "",
            org.admin_unit_code,
            org.address,
            org.valid_from,
            org.valid_to,
        ]
        for org in ordered
    ]


def _render_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _render_xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new Workbook always has one sheet
    sheet.title = SHEET_NAME
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str):
                # Text, never a formula, and kept as text (codes like "01") when edited in Excel.
                cell.data_type = "s"
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (16, 48, 16, 10, 16, 12, 40, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(rows: list[list[Any]], fmt: Format) -> bytes:
    return _render_xlsx(rows) if fmt is Format.XLSX else _render_csv(rows)
