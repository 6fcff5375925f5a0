"""The XLSX form: one sheet of procedures and one sheet per list, columns named after national keys.

Layout (row 1 holds the column names; rows are matched to their procedure by MATTHC):

- ThuTuc          one row per procedure
- ThanhPhanHoSo   one row per required paper, in order
- PhiLePhi        one row per fee
- CanCuPhapLy     one row per legal basis
- CoQuanThucHien  one row per implementing agency
- HuongDan        what each column means and accepts (ignored on import)

Cells that hold several values (CAPTHUCHIEN, KENH) separate them with ";".
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook as WorkbookType
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from saola.catalog.interchange.common import (
    MAX_RECORDS,
    MSG_TOO_MANY_RECORDS,
    Cell,
    CellError,
    ErrorList,
    Loc,
    ProcedureData,
    RawRecord,
    Row,
    plain_number,
)
from saola.catalog.interchange.values import (
    CURRENCY,
    DAYS_UNIT,
    LEVEL_NAMES,
    ONLINE_NAMES,
    procedure_code,
)
from saola.core.exceptions import ValidationFailed
from saola.core.uploads import iter_sheet_rows, load_workbook_safely, reject_file


@dataclass(frozen=True)
class Column:
    key: str
    meaning: str
    required: bool = False
    width: int = 18
    accepts: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)


_CODE = Column("MATTHC", "Mã thủ tục hành chính", True, 12, "N.NNNNNN, ví dụ 1.001193")
PROCEDURES = Sheet(
    "ThuTuc",
    (
        _CODE,
        Column("TENTTHC", "Tên thủ tục", True, 50),
        Column("MALINHVUC", "Mã lĩnh vực (tạo mới nếu chưa có)", True, 12),
        Column("TENLINHVUC", "Tên lĩnh vực", True, 24),
        Column("CAPTHUCHIEN", "Cấp thực hiện", True, 16, "trung ương; tỉnh; huyện; xã (cách nhau bởi “;”)"),
        Column("MUCDO", "Mức độ dịch vụ công trực tuyến", True, 14, "toàn trình; một phần; không (hoặc 4, 3, 2)"),
        Column("KENH", "Cách thức thực hiện", True, 10, "1 trực tiếp; 2 trực tuyến; 3 bưu chính công ích"),
        Column("THOIGIANGIAIQUYET", "Thời hạn giải quyết", True, 12, "số, tối đa một chữ số thập phân"),
        Column("DONVITINH", "Đơn vị tính thời hạn", False, 16, "Ngày làm việc (mặc định); Ngày; Giờ làm việc; Giờ"),
        Column("GIONHANMUONNHAT", "Giờ tiếp nhận muộn nhất trong ngày", False, 10, "0–23; để trống nếu không áp dụng"),
        Column("MOTADOITUONGTHUCHIEN", "Đối tượng thực hiện", False, 30),
        Column("YEUCAU", "Yêu cầu, điều kiện", False, 30),
        Column("TRINHTUTHUCHIEN", "Trình tự thực hiện", False, 30),
        Column("KETQUATHUCHIEN", "Kết quả thực hiện", False, 24),
        Column("QUYTRINH", "Quy trình xử lý", False, 16, "mã quy trình đã có, hoặc nội dung BPMN 2.0"),
        Column("DANGAPDUNG", "Đang áp dụng", False, 10, "có; không (mặc định: có)"),
        Column("BIEUMAUDIENTU", "Biểu mẫu điện tử", False, 16, "đối tượng JSON Schema; để trống nếu không có"),
    ),
)
PAPERS = Sheet(
    "ThanhPhanHoSo",
    (
        _CODE,
        Column("MAGIAYTO", "Mã giấy tờ", False, 16),
        Column("GIAYTO", "Tên giấy tờ", True, 50),
        Column("SOBANCHINH", "Số bản chính", False, 10, "0–100 (mặc định 1)"),
        Column("SOBANSAO", "Số bản sao", False, 10, "0–100 (mặc định 0)"),
        Column("BATBUOC", "Bắt buộc", False, 10, "có; không (mặc định: có)"),
        Column("TENMAUDON", "Tên mẫu đơn, tờ khai", False, 30),
        Column("URL", "Đường dẫn tải mẫu", False, 30, "http:// hoặc https://"),
    ),
)
FEES = Sheet(
    "PhiLePhi",
    (
        _CODE,
        Column("TENPHILEPHI", "Tên phí, lệ phí", False, 30),
        Column("SOTIEN", "Mức thu", True, 12, "số nguyên, đồng"),
        Column("DONVI", "Đơn vị", False, 8, "Đồng"),
        Column("MOTA", "Mô tả", False, 40),
        Column("HINHTHUCTHU", "Thời điểm thu", False, 10, "1 khi tiếp nhận; 2 khi bổ sung; 4 khi trả kết quả"),
    ),
)
LEGAL_BASES = Sheet(
    "CanCuPhapLy",
    (_CODE, Column("SOVANBAN", "Số hiệu văn bản", True, 20), Column("TENVANBAN", "Trích yếu văn bản", True, 60)),
)
AGENCIES = Sheet(
    "CoQuanThucHien",
    (
        _CODE,
        Column("MADONVI", "Mã định danh cơ quan (phải có trong hệ thống)", True, 16),
        Column("TENDONVI", "Tên cơ quan (chỉ để đọc)", False, 40),
    ),
)
SHEETS = (PROCEDURES, PAPERS, FEES, LEGAL_BASES, AGENCIES)
GUIDE = "HuongDan"
SHEET_ORDER = [sheet.name for sheet in SHEETS]
# Excel refuses longer text in one cell.
MAX_CELL_CHARS = 32_767
_TEXT_KEYS = {"MATTHC", "MALINHVUC", "MADONVI", "MAGIAYTO", "SOVANBAN", "KENH"}

GUIDE_NOTE = (
    "Dòng 1 mỗi trang là tên cột. Các trang phụ nối với trang ThuTuc qua cột MATTHC. "
    "Khi nhập, mỗi thủ tục trong tệp được thay thế toàn bộ (kể cả giấy tờ, phí, căn cứ, cơ quan); "
    "thủ tục không có trong tệp giữ nguyên. Tệp có bất kỳ dòng lỗi nào sẽ không được nhập."
)
MSG_UNKNOWN_SHEET = _("Trang tính “%(sheet)s” không thuộc mẫu nhập thủ tục; hãy xóa hoặc đổi tên.")
MSG_NO_HEADER = _("Trang tính thiếu dòng tiêu đề (tên cột ở dòng 1).")
MSG_UNKNOWN_COLUMN = _("Cột “%(column)s” không thuộc mẫu; các cột của trang này: %(columns)s.")
MSG_DUPLICATE_COLUMN = _("Cột “%(column)s” xuất hiện hai lần.")
MSG_MISSING_COLUMN = _("Thiếu cột bắt buộc “%(column)s”.")
MSG_NAMELESS_COLUMN = _("Ô có dữ liệu nhưng cột không có tên ở dòng tiêu đề.")
MSG_ORPHAN_ROW = _("Mã thủ tục %(code)s không có trong trang ThuTuc.")
MSG_CELL_TOO_LONG = _("Thủ tục %(code)s: nội dung cột %(column)s dài quá giới hạn một ô Excel; hãy xuất dạng JSON.")


def read(data: bytes, errors: ErrorList) -> list[RawRecord]:
    """Raw records from a workbook; layout problems (sheets, columns, orphan rows) go to `errors`."""
    workbook = load_workbook_safely(data)
    try:
        for name in workbook.sheetnames:
            if name not in SHEET_ORDER and name != GUIDE:
                errors.add(Loc(None, "", sheet=name), MSG_UNKNOWN_SHEET % {"sheet": name})
        records: list[RawRecord] = []
        by_code: dict[str, RawRecord] = {}
        for row in _rows(workbook, PROCEDURES, errors):
            record = RawRecord(
                loc=row["MATTHC"].loc,
                values=row,
                channels=[row["KENH"]],
                times=[(row["THOIGIANGIAIQUYET"], row["DONVITINH"])],
            )
            records.append(record)
            if len(records) > MAX_RECORDS:
                raise reject_file(MSG_TOO_MANY_RECORDS % {"max": MAX_RECORDS})
            code = _code(row["MATTHC"])
            if code:
                by_code.setdefault(code, record)
        for sheet, target in ((PAPERS, "papers"), (FEES, "fees"), (LEGAL_BASES, "legal_bases"), (AGENCIES, "agencies")):
            for row in _rows(workbook, sheet, errors):
                code = _code(row["MATTHC"], errors)
                if code is None:
                    continue
                owner = by_code.get(code)
                if owner is None:
                    errors.add(row["MATTHC"].loc, MSG_ORPHAN_ROW % {"code": code})
                    continue
                getattr(owner, target).append(row)
        return records
    finally:
        workbook.close()


def _code(cell: Cell, errors: ErrorList | None = None) -> str | None:
    try:
        return procedure_code(cell.value)
    except CellError as exc:
        if errors is not None:
            errors.add(cell.loc, exc.message)
        return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(workbook: WorkbookType, sheet: Sheet, errors: ErrorList) -> Iterator[Row]:
    """The sheet's data rows as cells keyed by column name (absent optional columns read as empty).

    The header is the first row that is not empty (row 1 in the exported template).
    """
    columns: dict[str, int] | None = None
    named: set[int] = set()
    for number, values in iter_sheet_rows(workbook, sheet.name, max_columns=len(sheet.columns) + 20):
        if all(_blank(value) for value in values):
            continue
        if columns is None:
            columns = _header(values, sheet, errors, number)
            named = {index for index, value in enumerate(values) if not _blank(value)}
            continue
        for index, value in enumerate(values):
            if index not in named and not _blank(value):
                errors.add(Loc(number, get_column_letter(index + 1), sheet=sheet.name), MSG_NAMELESS_COLUMN)
        yield {
            key: Cell(values[columns[key]] if key in columns else None, Loc(number, key, sheet=sheet.name))
            for key in sheet.keys
        }
    if columns is None:
        errors.add(Loc(1, "", sheet=sheet.name), MSG_NO_HEADER)


def _header(values: list[Any], sheet: Sheet, errors: ErrorList, number: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, value in enumerate(values):
        if _blank(value):
            continue
        name = str(value).strip()
        key = name.upper()
        if key not in sheet.keys:
            errors.add(
                Loc(number, name, sheet=sheet.name),
                MSG_UNKNOWN_COLUMN % {"column": name, "columns": ", ".join(sheet.keys)},
            )
        elif key in columns:
            errors.add(Loc(number, name, sheet=sheet.name), MSG_DUPLICATE_COLUMN % {"column": name})
        else:
            columns[key] = index
    for column in sheet.columns:
        if column.required and column.key not in columns:
            errors.add(Loc(number, column.key, sheet=sheet.name), MSG_MISSING_COLUMN % {"column": column.key})
            errors.mute(sheet=sheet.name, field=column.key)
    return columns


def _yes_no(value: bool) -> str:
    return "có" if value else "không"


def _procedure_row(data: ProcedureData) -> list[Any]:
    return [
        data.code,
        data.name,
        data.field_code,
        data.field_name,
        "; ".join(LEVEL_NAMES[level] for level in data.levels),
        ONLINE_NAMES[data.online_category],
        "; ".join(str(channel) for channel in data.channels),
        plain_number(data.processing_days),
        DAYS_UNIT,
        data.cut_off_hour,
        data.applicants,
        data.requirements,
        data.steps,
        data.result,
        data.flow,
        _yes_no(data.is_active),
        json.dumps(data.form_schema, ensure_ascii=False) if data.form_schema else None,
    ]


def _child_rows(data: ProcedureData) -> dict[str, list[list[Any]]]:
    return {
        PAPERS.name: [
            [
                data.code,
                p["code"],
                p["name"],
                p["originals"],
                p["copies"],
                _yes_no(p["required"]),
                p["form_name"],
                p["form_url"],
            ]
            for p in data.papers
        ],
        FEES.name: [
            [data.code, f["name"], int(f["amount"]), CURRENCY, f["description"], int(f["collection"])]
            for f in data.fees
        ],
        LEGAL_BASES.name: [[data.code, b["number"], b["title"]] for b in data.legal_bases],
        AGENCIES.name: [[data.code, code, name] for code, name in data.agencies],
    }


_CHOICES = {
    "MUCDO": ", ".join(ONLINE_NAMES.values()),
    "DANGAPDUNG": "có, không",
    "BATBUOC": "có, không",
    "HINHTHUCTHU": "1, 2, 4",
    "DONVITINH": f"{DAYS_UNIT}, Ngày, Giờ làm việc, Giờ",
}


def write(items: list[ProcedureData]) -> bytes:
    """The whole catalogue as a workbook a person can edit in Excel and import back."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows: dict[str, list[list[Any]]] = {sheet.name: [] for sheet in SHEETS}
    for item in items:
        rows[PROCEDURES.name].append(_procedure_row(item))
        for name, child_rows in _child_rows(item).items():
            rows[name].extend(child_rows)
    for sheet in SHEETS:
        _write_sheet(workbook.create_sheet(sheet.name), sheet, rows[sheet.name])
    _write_guide(workbook.create_sheet(GUIDE))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(worksheet: Worksheet, sheet: Sheet, rows: list[list[Any]]) -> None:
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.key)
        cell.font, cell.fill = header_font, header_fill
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = column.width
        if column.key in _TEXT_KEYS:
            # Keep codes such as 1.000100 as text when a person types into the column.
            worksheet.column_dimensions[letter].number_format = "@"
    for row_number, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            _put(worksheet, row_number, index, column, value, code=values[0])
    worksheet.freeze_panes = "B2"
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(len(rows) + 1, 2)}"
    last = len(rows) + 1000
    for index, column in enumerate(sheet.columns, start=1):
        if column.key in _CHOICES:
            validation = DataValidation(type="list", formula1=f'"{_CHOICES[column.key]}"', allow_blank=True)
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{last}")
            worksheet.add_data_validation(validation)


def _put(worksheet: Worksheet, row: int, column_index: int, column: Column, value: Any, *, code: str) -> None:
    if value == "":
        value = None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > MAX_CELL_CHARS:
            raise ValidationFailed(MSG_CELL_TOO_LONG % {"code": code, "column": column.key})
    cell = worksheet.cell(row=row, column=column_index, value=value)
    if isinstance(value, str):
        # Text stays text: a value starting with "=" must never become a formula.
        cell.data_type = "s"
        if column.key in _TEXT_KEYS:
            cell.number_format = "@"
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_guide(worksheet: Worksheet) -> None:
    worksheet.append(["Trang", "Cột", "Bắt buộc", "Ý nghĩa", "Giá trị hợp lệ"])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        for column in sheet.columns:
            worksheet.append([sheet.name, column.key, _yes_no(column.required), column.meaning, column.accepts or None])
    worksheet.append([])
    worksheet.append(
        [
            None,
            None,
            None,
            GUIDE_NOTE,
        ]
    )
    for letter, width in zip("ABCDE", (16, 22, 10, 50, 50), strict=True):
        worksheet.column_dimensions[letter].width = width
