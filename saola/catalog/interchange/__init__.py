"""Import and export of the procedure catalogue, in the national procedure database's layout.

Two forms, chosen by file extension: ``.json`` and ``.xlsx``. The export writes exactly what
the import reads, so export → import → export gives the same file.

JSON: a list of records keyed like the national procedure database (CSDL quốc gia về TTHC)::

    MATTHC                 procedure code N.NNNNNN (required)
    TENTTHC                name (required)
    LINHVUCTHUCHIEN        [{MALINHVUC, TENLINHVUC}], exactly one; an unknown field is created
    CACHTHUCTHUCHIEN       [{KENH: 1 counter | 2 online | 3 public post,
                             THOIGIAN: [{THOIGIANGIAIQUYET, DONVITINH, MOTA,
                                         PHILEPHI: [{SOTIEN, DONVI, MOTA, TENPHILEPHI*, HINHTHUCTHU*}]}]}]
    THANHPHANHOSO          [{MAGIAYTO, GIAYTO, TENMAUDON, URL, SOBANCHINH*, SOBANSAO*, BATBUOC*}]
    YEUCAU                 requirements (text)
    MOTADOITUONGTHUCHIEN   who may apply (text)
    TRINHTUTHUCHIEN        steps: text, or the national [{TRUONGHOP, TRINHTU: [{TENTRINHTU}]}] (read as lines)
    KETQUATHUCHIEN         [{MAKETQUA, TENKETQUA}] (several results are joined with "; "), or text
    CANCUPHAPLY            [{SOVANBAN, TENVANBAN}]
    COQUANTHUCHIEN         [{MADONVI, TENDONVI}]; MADONVI must be an existing Organization.code,
                           TENDONVI is informative only

Saola's extension keys (marked * above and below), where the national layout has nothing:

    CAPTHUCHIEN*      levels, a list of central / province / district / commune (required);
                      Vietnamese names are accepted too (trung ương, tỉnh, huyện, xã)
    MUCDO*            online category (required): full / partial / none; also "toàn trình",
                      "một phần", "không" and the legacy levels 4 / 3 / 2
    GIONHANMUONNHAT*  cut-off hour 0–23: receipts after it count from the next working day, or null
    QUYTRINH*         processing flow: the code of an existing flow, or a BPMN 2.0 document
                      (checked with `saola.catalog.bpmn.parse_flow`, saved as flow "tthc-N-NNNNNN"),
                      or null
    BIEUMAUDIENTU*    electronic form (JSON Schema object), {} when none
    DANGAPDUNG*       whether the procedure is in force (default true)
    TENPHILEPHI*      fee name (the national fee has only an amount and a description)
    HINHTHUCTHU*      when the fee is collected: 1 at intake, 2 at supplement, 4 at the result
    SOBANCHINH*, SOBANSAO*, BATBUOC*   originals, copies and whether a paper is required

How the national layout maps onto one procedure here: the channels are the KENH values; the
processing time is the longest THOIGIANGIAIQUYET (units "Ngày làm việc", "Ngày", "Giờ làm
việc", "Giờ"; hours count eight to a working day); fees under every channel are merged
(duplicates dropped) because fees here apply to the procedure. The export writes one THOIGIAN
per channel carrying the processing time and all fees; a procedure saved without channels is
exported with KENH 1 (counter intake is always open). SOTIEN is in đồng (DONVI "Đồng").

XLSX: the same fields, one sheet per list; see `workbook` for the layout. Errors name the
sheet and the spreadsheet row; in JSON they name the record (1-based) and the key path.

An import replaces each procedure it contains (with its papers, fees, legal bases and
agencies) and leaves the others alone. It is all-or-nothing: any bad row refuses the whole
file with `ImportRejected`, listing every problem found.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Literal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from saola.catalog.interchange import database, national_json, workbook
from saola.catalog.interchange.checker import check_records
from saola.catalog.interchange.common import ErrorList
from saola.core.exceptions import ImportRejected, ValidationFailed
from saola.core.models import User
from saola.core.uploads import ensure_size_ok, read_path_safely, read_stream_safely, reject_file

Format = Literal["json", "xlsx"]
FORMATS: dict[str, Format] = {".json": "json", ".xlsx": "xlsx"}
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

MSG_BAD_EXTENSION = _("Chỉ hỗ trợ tệp .json hoặc .xlsx (tệp “%(name)s”).")
MSG_BAD_FORMAT = _("Định dạng “%(format)s” không được hỗ trợ; dùng json hoặc xlsx.")

__all__ = [
    "CONTENT_TYPES",
    "catalog_export",
    "catalog_export_file",
    "catalog_import",
    "catalog_import_file",
    "catalog_import_upload",
    "format_for_name",
]


def format_for_name(name: str | os.PathLike[str]) -> Format:
    """The format a file name's extension announces; `ImportRejected` for anything else."""
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise reject_file(MSG_BAD_EXTENSION % {"name": Path(name).name})
    return fmt


def _checked_format(fmt: str) -> Format:
    if fmt not in CONTENT_TYPES:
        raise ValidationFailed(MSG_BAD_FORMAT % {"format": fmt})
    return "json" if fmt == "json" else "xlsx"


def catalog_export(*, fmt: str) -> bytes:
    """The whole catalogue (active and inactive procedures, by code) as JSON or XLSX bytes."""
    return _export(_checked_format(fmt))[0]


def _export(fmt: Format) -> tuple[bytes, int]:
    items = database.export_data()
    data = national_json.write(items) if fmt == "json" else workbook.write(items)
    return data, len(items)


def catalog_export_file(*, path: str | os.PathLike[str]) -> int:
    """Write the catalogue to `path` (format from its extension) and return how many procedures.

    The file is written next to its destination and renamed into place, so a failed export
    never leaves a truncated file behind.
    """
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValidationFailed(MSG_BAD_EXTENSION % {"name": Path(path).name})
    data, count = _export(fmt)
    target = Path(path)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return count


def catalog_import(*, data: bytes, fmt: str, actor: User | None) -> int:
    """Import a whole file's procedures in one transaction; return how many were saved.

    Refuses the file with `ImportRejected` (listing every bad row) and writes nothing when
    any row is bad. Each procedure is written by `procedure_save`, which audits it; one more
    audit entry ("catalog.import") records the import as a whole.
    """
    checked = _checked_format(fmt)
    ensure_size_ok(len(data))
    errors = ErrorList()
    raws = national_json.read(data, errors) if checked == "json" else workbook.read(data, errors)
    records = check_records(raws, errors)
    sheet_order = workbook.SHEET_ORDER if checked == "xlsx" else None
    with transaction.atomic():
        agencies = database.check_references(raws, errors)
        if errors:
            raise ImportRejected(errors=errors.report(sheet_order=sheet_order))
        saved = database.apply_records(records, agencies=agencies, actor=actor, errors=errors)
        if errors:
            raise ImportRejected(errors=errors.report(sheet_order=sheet_order))
        database.audit_import(actor=actor, fmt=checked, codes=[record.data.code for record in records])
    return saved


def catalog_import_file(*, path: str | os.PathLike[str], actor: User | None) -> int:
    """`catalog_import` from a file on disk; its size is checked before a byte is read."""
    fmt = format_for_name(path)
    return catalog_import(data=read_path_safely(path), fmt=fmt, actor=actor)


def catalog_import_upload(*, name: str, size: int | None, stream: IO[bytes], actor: User | None) -> int:
    """`catalog_import` from an uploaded file: extension, then declared and actual size, then content."""
    fmt = format_for_name(name)
    return catalog_import(data=read_stream_safely(stream, size), fmt=fmt, actor=actor)
