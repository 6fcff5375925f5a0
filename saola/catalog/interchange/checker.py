"""Turning raw records into checked `ProcedureData`, with every problem located."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _

from saola.catalog.interchange import values as v
from saola.catalog.interchange.common import (
    Cell,
    CellError,
    ErrorList,
    Loc,
    ParsedRecord,
    ProcedureData,
    RawRecord,
    Row,
)
from saola.catalog.models import Fee

T = TypeVar("T")

DEFAULT_FEE_NAME = _("Phí, lệ phí")
MSG_DUPLICATE_CODE = _("Mã thủ tục %(code)s lặp lại (đã có ở %(first)s).")
MSG_FIELD_NAME_CONFLICT = _("Lĩnh vực %(code)s đã mang tên “%(name)s” ở %(first)s; mỗi mã lĩnh vực chỉ có một tên.")


class RecordChecker:
    """Converts `RawRecord`s to `ParsedRecord`s, adding every problem to `errors`."""

    def __init__(self, errors: ErrorList) -> None:
        self.errors = errors
        self.ok = True

    def take(self, cell: Cell, convert: Callable[..., T], **kwargs: Any) -> T | None:
        try:
            return convert(cell.value, **kwargs)
        except CellError as exc:
            self.errors.add(cell.loc, exc.message)
        except (InvalidOperation, OverflowError, ValueError):
            self.errors.add(cell.loc, v.MSG_NOT_NUMBER % {"value": str(cell.value)[:40]})
        self.ok = False
        return None

    def check(self, raw: RawRecord) -> ParsedRecord | None:
        self.ok = True
        cell = raw.cell
        found: dict[str, Any] = {
            "code": self.take(cell("MATTHC"), v.procedure_code),
            "name": self.take(cell("TENTTHC"), v.text, required=True, max_length=500),
            "field_code": self.take(cell("MALINHVUC"), v.text, required=True, max_length=32),
            "field_name": self.take(cell("TENLINHVUC"), v.text, required=True, max_length=255),
            "levels": self.take(cell("CAPTHUCHIEN"), v.levels),
            "online_category": self.take(cell("MUCDO"), v.online_category),
            "cut_off_hour": self.take(cell("GIONHANMUONNHAT"), v.cut_off_hour),
            "applicants": self.take(cell("MOTADOITUONGTHUCHIEN"), v.text, strip=False),
            "requirements": self.take(cell("YEUCAU"), v.text, strip=False),
            "steps": self.take(cell("TRINHTUTHUCHIEN"), v.text, strip=False),
            "result": self.take(cell("KETQUATHUCHIEN"), v.text, max_length=500),
            "form_schema": self.take(cell("BIEUMAUDIENTU"), v.form_schema),
            "is_active": self.take(cell("DANGAPDUNG"), v.boolean, default=True),
            "channels": self._channels(raw),
            "processing_days": self._processing_days(raw),
            "papers": [self._paper(row) for row in raw.papers],
            "fees": _unique([self._fee(row) for row in raw.fees]),
            "legal_bases": [self._legal_basis(row) for row in raw.legal_bases],
        }
        flow = self.take(cell("QUYTRINH"), v.flow)
        agencies = [self.take(row["MADONVI"], v.text, required=True, max_length=13) for row in raw.agencies]
        if not self.ok or flow is None:
            return None
        data = ProcedureData(
            **found,
            agencies=[(code or "", "") for code in agencies],
            flow=flow[0],
            flow_is_xml=flow[1],
        )
        return ParsedRecord(
            data=data,
            loc=raw.loc,
            code_loc=cell("MATTHC").loc,
            field_loc=cell("TENLINHVUC").loc,
        )

    def _channels(self, raw: RawRecord) -> list[int]:
        result: list[int] = []
        failed = False
        for cell in raw.channels:
            found = self.take(cell, v.channels)
            failed = failed or found is None
            for channel in found or []:
                if channel not in result:
                    result.append(channel)
        if not result and not failed:
            self.errors.add(
                raw.channels[0].loc if raw.channels else raw.channels_loc or raw.loc.at("KENH"), v.MSG_NO_CHANNEL
            )
            self.ok = False
        return result

    def _processing_days(self, raw: RawRecord) -> Decimal:
        # Appointment dates use one deadline: the longest case the catalogue states.
        found: list[Decimal] = []
        for amount, unit in raw.times:
            factor = self.take(unit, v.unit_factor)
            value = self.take(amount, v.days, factor=factor) if factor is not None else None
            if value is not None:
                found.append(value)
        if not raw.times:
            self.errors.add(raw.times_loc or raw.loc.at("THOIGIANGIAIQUYET"), v.MSG_NO_TIME)
            self.ok = False
        return max(found, default=Decimal(0))

    def _paper(self, row: Row) -> dict[str, Any]:
        return {
            "code": self.take(row["MAGIAYTO"], v.text, max_length=64),
            "name": self.take(row["GIAYTO"], v.text, required=True, max_length=500),
            "originals": self.take(row["SOBANCHINH"], v.optional_integer, low=0, high=v.MAX_COPIES, default=1),
            "copies": self.take(row["SOBANSAO"], v.optional_integer, low=0, high=v.MAX_COPIES, default=0),
            "required": self.take(row["BATBUOC"], v.boolean, default=True),
            "form_name": self.take(row["TENMAUDON"], v.text, max_length=255),
            "form_url": self.take(row["URL"], v.url),
        }

    def _fee(self, row: Row) -> dict[str, Any]:
        description = self.take(row["MOTA"], v.text, max_length=500) or ""
        self.take(row["DONVI"], v.currency)
        name = self.take(row["TENPHILEPHI"], v.text, max_length=255)
        collection = self.take(
            row["HINHTHUCTHU"], v.optional_integer, low=0, high=9, default=int(Fee.Collection.AT_INTAKE)
        )
        if collection is not None and collection not in Fee.Collection.values:
            self.errors.add(row["HINHTHUCTHU"].loc, v.MSG_BAD_COLLECTION)
            self.ok = False
        return {
            # The national layout has no fee name: the description (or a generic name) stands in.
            "name": name or description[:255] or str(DEFAULT_FEE_NAME),
            "amount": self.take(row["SOTIEN"], v.integer, low=0, high=v.MAX_FEE, thousands=True),
            "description": description,
            "collection": collection,
        }

    def _legal_basis(self, row: Row) -> dict[str, Any]:
        return {
            "number": self.take(row["SOVANBAN"], v.text, required=True, max_length=64),
            "title": self.take(row["TENVANBAN"], v.text, required=True, max_length=500),
        }


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fees repeated under each channel in the national layout are one fee of the procedure."""
    seen: list[dict[str, Any]] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def check_records(raws: list[RawRecord], errors: ErrorList) -> list[ParsedRecord]:
    """Check every record and the rules that span records: unique codes, one name per field code."""
    checker = RecordChecker(errors)
    parsed: list[ParsedRecord] = []
    first_code: dict[str, ParsedRecord] = {}
    first_field: dict[str, ParsedRecord] = {}
    for raw in raws:
        record = checker.check(raw)
        if record is None:
            continue
        data = record.data
        if data.code in first_code:
            errors.add(
                record.code_loc,
                MSG_DUPLICATE_CODE % {"code": data.code, "first": describe(first_code[data.code].code_loc)},
            )
            continue
        first_code[data.code] = record
        earlier = first_field.setdefault(data.field_code, record)
        if earlier.data.field_name != data.field_name:
            errors.add(
                record.field_loc,
                MSG_FIELD_NAME_CONFLICT
                % {"code": data.field_code, "name": earlier.data.field_name, "first": describe(earlier.field_loc)},
            )
            continue
        parsed.append(record)
    return parsed


def describe(loc: Loc) -> str:
    """A short human reference to another place in the file ("bản ghi 3", "trang ThuTuc dòng 5")."""
    if loc.sheet:
        return str(_("trang %(sheet)s dòng %(line)s") % {"sheet": loc.sheet, "line": loc.line})
    return str(_("bản ghi %(line)s") % {"line": loc.line})
