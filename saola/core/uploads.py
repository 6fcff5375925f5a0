"""Safety checks for uploaded import files (CSV and XLSX), shared by every importer.

Every check runs before any parser sees the data, so a hostile file (oversized, a ZIP bomb
disguised as a workbook, a non-zip renamed to .xlsx, a CSV with a runaway field) is refused
with a clear Vietnamese message and never reaches openpyxl or the csv module unbounded.

All refusals raise `ImportRejected` with one file-level error (``"line": None``), so callers
render them exactly like row errors.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl.workbook.workbook import Workbook

from saola.core.exceptions import ImportRejected

# A real workbook's XML parts compress roughly 5-30x; ZIP bombs reach thousands.
XLSX_MAX_COMPRESSION_RATIO = 200
# Tiny parts may legitimately compress very well (a run of identical cells); ignore the ratio
# below this uncompressed size.
XLSX_RATIO_MIN_BYTES = 1024 * 1024
XLSX_MAX_MEMBERS = 2000
XML_PROLOG_MAX_BYTES = 64 * 1024
CSV_MAX_FIELD_CHARS = 10_000
CSV_MAX_ROWS = 100_000
CSV_MAX_COLUMNS = 200
EXCEL_MAX_ROWS = 1_048_576

_FILE_FIELD = "file"
# What openpyxl (and defusedxml/lxml beneath it) raise on a damaged or hostile workbook:
# XML parse errors derive from SyntaxError, defusedxml's refusals from ValueError.
_OPENPYXL_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
    OSError,
    EOFError,
)


def reject_file(message: str | Promise) -> ImportRejected:
    """An `ImportRejected` for a whole-file problem (no particular row)."""
    return ImportRejected(
        errors=[{"line": None, "field": _FILE_FIELD, "message": str(message)}],
        message=message,
    )


def max_import_bytes() -> int:
    return int(settings.SAOLA_IMPORT_MAX_BYTES)


def ensure_size_ok(size: int) -> None:
    """Refuse a file larger than `settings.SAOLA_IMPORT_MAX_BYTES` (call before reading it)."""
    limit = max_import_bytes()
    if size > limit:
        raise reject_file(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )
    if size == 0:
        raise reject_file(_("Tệp rỗng."))


def read_path_safely(path: str | os.PathLike[str]) -> bytes:
    """Read a file from disk after checking its size on the file system, never past the limit."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise reject_file(_("Không đọc được tệp: %(path)s.") % {"path": os.fspath(path)}) from exc
    ensure_size_ok(size)
    with open(path, "rb") as handle:
        return read_stream_safely(handle)


def read_stream_safely(stream: IO[bytes], size: int | None = None) -> bytes:
    """Read an upload stream; `size` (if known, e.g. `UploadedFile.size`) is checked first.

    The stream is read at most one byte past the limit, so a client lying about the size
    cannot make us buffer more than the limit.
    """
    if size is not None:
        ensure_size_ok(size)
    limit = max_import_bytes()
    data = stream.read(limit + 1)
    ensure_size_ok(len(data))
    return data


def ensure_safe_xlsx(data: bytes) -> None:
    """Refuse anything that is not a plain, reasonably sized XLSX zip, without decompressing it.

    From the central directory: it must be a zip, contain `[Content_Types].xml` and a workbook
    part, have a bounded number of members, a bounded total uncompressed size
    (`settings.SAOLA_XLSX_MAX_UNCOMPRESSED_BYTES`), no encrypted member and no member with an
    absurd compression ratio. Python's zipfile never returns more than a member's declared
    size, so these declared sizes bound what openpyxl can later inflate. Then only the prolog
    of each XML part is inflated, to refuse a DOCTYPE (entity expansion).
    """
    ensure_size_ok(len(data))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise reject_file(_("Tệp không phải bảng tính XLSX hợp lệ."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise reject_file(_("Tệp không phải bảng tính XLSX hợp lệ.")) from exc
    if len(members) > XLSX_MAX_MEMBERS:
        raise reject_file(_("Tệp XLSX có quá nhiều thành phần; có thể là tệp độc hại."))
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/workbook") for name in names):
        raise reject_file(_("Tệp không phải bảng tính XLSX hợp lệ."))
    limit = int(settings.SAOLA_XLSX_MAX_UNCOMPRESSED_BYTES)
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise reject_file(_("Tệp XLSX được mã hóa; hãy lưu lại không đặt mật khẩu."))
        total += member.file_size
        if total > limit:
            raise reject_file(
                _("Tệp XLSX khi giải nén vượt quá %(limit)s MB; có thể là tệp độc hại.") % {"limit": _megabytes(limit)}
            )
        if member.file_size > XLSX_RATIO_MIN_BYTES and member.file_size > XLSX_MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise reject_file(_("Tệp XLSX có tỉ lệ nén bất thường; có thể là tệp độc hại."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")) and _declares_doctype(archive, member):
                    raise reject_file(_("Tệp XLSX chứa khai báo DOCTYPE; có thể là tệp độc hại."))
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise reject_file(_("Tệp không phải bảng tính XLSX hợp lệ.")) from exc


def _declares_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Scan an XML part's prolog (up to its root element) for a DOCTYPE, reading as little as possible.

    Spreadsheet parts never carry one; a DOCTYPE is how entity-expansion attacks start. The
    parsers beneath openpyxl refuse entities too; this keeps the guarantee independent of them.
    """
    prefix = b""
    with archive.open(member) as stream:
        while len(prefix) < XML_PROLOG_MAX_BYTES:
            chunk = stream.read(8192)
            prefix += chunk
            verdict = _prolog_verdict(_decode_prefix(prefix))
            if verdict is not None:
                return verdict
            if not chunk:
                return False
    return True  # a prolog this long is not something a spreadsheet program writes


def _decode_prefix(prefix: bytes) -> str:
    encoding = "utf-16" if prefix.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    return prefix.decode(encoding, errors="ignore").lstrip("\ufeff")


def _prolog_verdict(text: str) -> bool | None:
    """True: DOCTYPE found; False: root element reached without one; None: need more text."""
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        rest = text[position:]
        if rest == "" or any(marker.startswith(rest) for marker in ("<?", "<!--", "<!")):
            return None  # too little text to tell
        if rest.startswith("<?"):
            terminator = "?>"
        elif rest.startswith("<!--"):
            terminator = "-->"
        else:
            return rest.startswith("<!")
        end = rest.find(terminator)
        if end < 0:
            return None
        position += end + len(terminator)


def load_workbook_safely(data: bytes) -> Workbook:
    """`ensure_safe_xlsx`, then open the workbook read-only with cached values (no formulas).

    The caller should `close()` the workbook when done (read-only workbooks keep the zip open).
    """
    ensure_safe_xlsx(data)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except _OPENPYXL_ERRORS as exc:
        raise reject_file(_("Không đọc được tệp XLSX: tệp hỏng hoặc sai định dạng.")) from exc


def decode_csv(data: bytes) -> str:
    """Decode UTF-8 CSV bytes, dropping the BOM Excel writes; refuse other encodings clearly."""
    ensure_size_ok(len(data))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise reject_file(_("Tệp CSV phải dùng bảng mã UTF-8 (trong Excel: Lưu dưới dạng CSV UTF-8).")) from exc


def iter_csv_rows(
    data: bytes, *, max_rows: int = CSV_MAX_ROWS, max_columns: int = CSV_MAX_COLUMNS
) -> Iterator[tuple[int, list[str]]]:
    """Yield `(line_number, cells)` for each CSV record, header included, bounded in every way.

    `line_number` is the physical line where the record starts (1-based), which is what a person
    sees in a text editor or Excel's row number. Fields longer than `CSV_MAX_FIELD_CHARS`, more
    than `max_rows` records or `max_columns` columns refuse the whole file.
    """
    text = decode_csv(data)
    if "\x00" in text:
        raise reject_file(_("Tệp CSV chứa ký tự không hợp lệ (NUL); có thể không phải tệp văn bản."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True)
    count = 0
    start_line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_error(exc, reader.line_num) from exc
        count += 1
        if count > max_rows:
            raise reject_file(_("Tệp có quá nhiều dòng; tối đa %(max)s dòng.") % {"max": max_rows})
        if len(row) > max_columns:
            raise _line_error(start_line, _("Dòng có quá nhiều cột."))
        if any(len(cell) > CSV_MAX_FIELD_CHARS for cell in row):
            raise _line_error(start_line, _field_too_long())
        yield start_line, row
        start_line = reader.line_num + 1


def _sniff_delimiter(text: str) -> str:
    # Excel under Vietnamese regional settings writes ";" (the decimal separator is ",").
    end = text.find("\n")
    header = text if end < 0 else text[:end]
    return max((",", ";", "\t"), key=header.count) if any(c in header for c in ",;\t") else ","


def _field_too_long() -> str:
    return str(_("Có ô dài quá %(max)s ký tự; tệp có thể bị hỏng.") % {"max": CSV_MAX_FIELD_CHARS})


def _line_error(line: int, message: str | Promise) -> ImportRejected:
    return ImportRejected(
        errors=[{"line": line, "field": _FILE_FIELD, "message": str(message)}],
        message=message,
    )


def _csv_error(exc: csv.Error, line: int) -> ImportRejected:
    # The csv module's own limit (131072 characters) is the backstop for one runaway field.
    if "field larger than field limit" in str(exc):
        return _line_error(line, _field_too_long())
    return _line_error(line, _("Tệp CSV sai định dạng (dấu ngoặc kép hoặc dấu phân cách không khớp)."))


def iter_sheet_rows(
    workbook: Workbook,
    sheet_name: str,
    *,
    max_rows: int = CSV_MAX_ROWS,
    max_columns: int = CSV_MAX_COLUMNS,
) -> Iterator[tuple[int, list[Any]]]:
    """Yield `(row_number, values)` for each non-blank row of a named sheet of a read-only workbook.

    Refuses a workbook without the sheet. Cells beyond `max_columns` and rows beyond Excel's own
    limit are not read (openpyxl would otherwise produce every empty row up to a forged row
    number); more than `max_rows` non-blank rows refuse the file.
    """
    if sheet_name not in workbook.sheetnames:
        raise reject_file(_("Không thấy trang tính “%(sheet)s” trong tệp XLSX.") % {"sheet": sheet_name})
    sheet = workbook[sheet_name]
    filled = 0
    rows = sheet.iter_rows(max_row=EXCEL_MAX_ROWS, max_col=max_columns, values_only=True)
    for number, values in enumerate(rows, start=1):
        if all(value is None or value == "" for value in values):
            continue
        filled += 1
        if filled > max_rows:
            raise reject_file(_("Tệp có quá nhiều dòng; tối đa %(max)s dòng.") % {"max": max_rows})
        yield number, list(values)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
