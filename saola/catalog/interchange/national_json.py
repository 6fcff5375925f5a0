"""The JSON form: a list of records in the national procedure database's layout."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from saola.catalog.interchange.common import (
    MAX_JSON_DEPTH,
    MAX_RECORDS,
    MSG_TOO_MANY_RECORDS,
    Cell,
    ErrorList,
    Loc,
    ProcedureData,
    RawRecord,
    Row,
    json_depth,
    plain_number,
)
from saola.catalog.interchange.values import CURRENCY, DAYS_UNIT
from saola.core.uploads import reject_file

TOP_KEYS = (
    "MATTHC",
    "TENTTHC",
    "LINHVUCTHUCHIEN",
    "CAPTHUCHIEN",
    "MUCDO",
    "CACHTHUCTHUCHIEN",
    "GIONHANMUONNHAT",
    "THANHPHANHOSO",
    "YEUCAU",
    "MOTADOITUONGTHUCHIEN",
    "TRINHTUTHUCHIEN",
    "KETQUATHUCHIEN",
    "CANCUPHAPLY",
    "COQUANTHUCHIEN",
    "QUYTRINH",
    "BIEUMAUDIENTU",
    "DANGAPDUNG",
)
SCALAR_KEYS = (
    "MATTHC",
    "TENTTHC",
    "CAPTHUCHIEN",
    "MUCDO",
    "GIONHANMUONNHAT",
    "YEUCAU",
    "MOTADOITUONGTHUCHIEN",
    "QUYTRINH",
    "BIEUMAUDIENTU",
    "DANGAPDUNG",
)
FIELD_KEYS = ("MALINHVUC", "TENLINHVUC")
CHANNEL_KEYS = ("KENH", "THOIGIAN")
TIME_KEYS = ("THOIGIANGIAIQUYET", "DONVITINH", "MOTA", "PHILEPHI")
FEE_KEYS = ("TENPHILEPHI", "SOTIEN", "DONVI", "MOTA", "HINHTHUCTHU")
PAPER_KEYS = ("MAGIAYTO", "GIAYTO", "SOBANCHINH", "SOBANSAO", "BATBUOC", "TENMAUDON", "URL")
RESULT_KEYS = ("MAKETQUA", "TENKETQUA")
BASIS_KEYS = ("SOVANBAN", "TENVANBAN")
AGENCY_KEYS = ("MADONVI", "TENDONVI")
STEP_CASE_KEYS = ("TRUONGHOP", "TRINHTU")
STEP_KEYS = ("TENTRINHTU",)

MSG_NOT_UTF8 = _("Tệp JSON phải dùng bảng mã UTF-8.")
MSG_SYNTAX = _("Tệp JSON sai cú pháp ở dòng %(line)s, cột %(column)s: %(reason)s.")
MSG_BAD_JSON = _("Tệp JSON sai cú pháp hoặc chứa số không hợp lệ.")
MSG_TOO_DEEP = _("Tệp JSON lồng nhau quá sâu (tối đa %(max)s cấp).")
MSG_NOT_LIST = _("Tệp JSON phải là một danh sách (mảng) các thủ tục.")
MSG_RECORD_NOT_OBJECT = _("Mỗi thủ tục phải là một đối tượng JSON.")
MSG_UNKNOWN_KEY = _("Trường “%(key)s” không có trong cấu trúc CSDL quốc gia về TTHC.")
MSG_EXPECTED_LIST = _("Phải là một danh sách (mảng).")
MSG_EXPECTED_OBJECT = _("Phải là một đối tượng JSON.")
MSG_ONE_FIELD = _("Mỗi thủ tục thuộc đúng một lĩnh vực; ở đây có %(count)s.")


def load(data: bytes) -> list[Any]:
    """Decode and parse the file, refusing bad encodings, bad syntax, deep nesting and non-lists."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise reject_file(MSG_NOT_UTF8) from exc
    try:
        # Exact decimals for deadlines and fees; NaN and Infinity are not JSON.
        value = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise reject_file(MSG_SYNTAX % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}) from exc
    except RecursionError as exc:
        raise reject_file(MSG_TOO_DEEP % {"max": MAX_JSON_DEPTH}) from exc
    except ValueError as exc:
        raise reject_file(MSG_BAD_JSON) from exc
    if not isinstance(value, list):
        raise reject_file(MSG_NOT_LIST)
    if json_depth(value) > MAX_JSON_DEPTH:
        raise reject_file(MSG_TOO_DEEP % {"max": MAX_JSON_DEPTH})
    if len(value) > MAX_RECORDS:
        raise reject_file(MSG_TOO_MANY_RECORDS % {"max": MAX_RECORDS})
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def read(data: bytes, errors: ErrorList) -> list[RawRecord]:
    """Raw records from a JSON file; structural problems (unknown keys, wrong types) go to `errors`."""
    records: list[RawRecord] = []
    for index, item in enumerate(load(data), start=1):
        record = _RecordReader(index, errors).read(item)
        if record is not None:
            records.append(record)
    return records


class _RecordReader:
    def __init__(self, index: int, errors: ErrorList) -> None:
        self.index = index
        self.errors = errors

    def loc(self, path: str) -> Loc:
        return Loc(self.index, path)

    def read(self, item: Any) -> RawRecord | None:
        if not isinstance(item, dict):
            self.errors.add(self.loc(""), MSG_RECORD_NOT_OBJECT)
            return None
        # A missing required key is reported by the checker, as "missing value" at that key.
        self._unknown(item, "", TOP_KEYS)
        raw = RawRecord(
            loc=self.loc("MATTHC"),
            values={key: Cell(item.get(key), self.loc(key)) for key in SCALAR_KEYS},
            channels_loc=self.loc("CACHTHUCTHUCHIEN"),
            times_loc=self.loc("CACHTHUCTHUCHIEN"),
        )
        self._field(raw, item.get("LINHVUCTHUCHIEN"))
        for path, channel in self._objects(item.get("CACHTHUCTHUCHIEN"), "CACHTHUCTHUCHIEN", CHANNEL_KEYS):
            raw.channels.append(Cell(channel.get("KENH"), self.loc(f"{path}.KENH")))
            for time_path, time in self._objects(channel.get("THOIGIAN"), f"{path}.THOIGIAN", TIME_KEYS):
                row = self._row(time, time_path, TIME_KEYS)
                raw.times.append((row["THOIGIANGIAIQUYET"], row["DONVITINH"]))
                fees = self._objects(time.get("PHILEPHI"), f"{time_path}.PHILEPHI", FEE_KEYS)
                raw.fees.extend(self._row(fee, fee_path, FEE_KEYS) for fee_path, fee in fees)
        raw.papers = self._rows(item.get("THANHPHANHOSO"), "THANHPHANHOSO", PAPER_KEYS)
        raw.legal_bases = self._rows(item.get("CANCUPHAPLY"), "CANCUPHAPLY", BASIS_KEYS)
        raw.agencies = self._rows(item.get("COQUANTHUCHIEN"), "COQUANTHUCHIEN", AGENCY_KEYS)
        raw.values["KETQUATHUCHIEN"] = self._results(item.get("KETQUATHUCHIEN"))
        raw.values["TRINHTUTHUCHIEN"] = self._steps(item.get("TRINHTUTHUCHIEN"))
        return raw

    def _unknown(self, obj: dict[str, Any], path: str, keys: tuple[str, ...]) -> None:
        for key in obj:
            if key not in keys:
                self.errors.add(self.loc(f"{path}.{key}" if path else str(key)), MSG_UNKNOWN_KEY % {"key": key})

    def _objects(self, value: Any, path: str, keys: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.errors.add(self.loc(path), MSG_EXPECTED_LIST)
            return []
        found: list[tuple[str, dict[str, Any]]] = []
        for position, item in enumerate(value, start=1):
            item_path = f"{path}[{position}]"
            if not isinstance(item, dict):
                self.errors.add(self.loc(item_path), MSG_EXPECTED_OBJECT)
                continue
            self._unknown(item, item_path, keys)
            found.append((item_path, item))
        return found

    def _row(self, obj: dict[str, Any], path: str, keys: tuple[str, ...]) -> Row:
        return {key: Cell(obj.get(key), self.loc(f"{path}.{key}")) for key in keys}

    def _rows(self, value: Any, path: str, keys: tuple[str, ...]) -> list[Row]:
        return [self._row(obj, item_path, keys) for item_path, obj in self._objects(value, path, keys)]

    def _field(self, raw: RawRecord, value: Any) -> None:
        fields = self._objects(value, "LINHVUCTHUCHIEN", FIELD_KEYS)
        if len(fields) > 1:
            self.errors.add(self.loc("LINHVUCTHUCHIEN"), MSG_ONE_FIELD % {"count": len(fields)})
        if fields:
            raw.values.update(self._row(fields[0][1], fields[0][0], FIELD_KEYS))
        else:
            raw.values.update({key: Cell(None, self.loc("LINHVUCTHUCHIEN")) for key in FIELD_KEYS})

    def _results(self, value: Any) -> Cell:
        """KETQUATHUCHIEN: one text here; several national results are joined with "; "."""
        if not isinstance(value, list):
            return Cell(value, self.loc("KETQUATHUCHIEN"))
        names: list[str] = []
        for path, result in self._objects(value, "KETQUATHUCHIEN", RESULT_KEYS):
            name = result.get("TENKETQUA")
            if name is not None and not isinstance(name, str):
                return Cell(name, self.loc(f"{path}.TENKETQUA"))
            if name and name.strip():
                names.append(name.strip())
        return Cell("; ".join(names), self.loc("KETQUATHUCHIEN"))

    def _steps(self, value: Any) -> Cell:
        """TRINHTUTHUCHIEN: text here; the national list of cases and steps becomes lines."""
        if not isinstance(value, list):
            return Cell(value, self.loc("TRINHTUTHUCHIEN"))
        lines: list[str] = []
        for path, case in self._objects(value, "TRINHTUTHUCHIEN", STEP_CASE_KEYS):
            heading = case.get("TRUONGHOP")
            if isinstance(heading, str) and heading.strip():
                lines.append(heading.strip())
            for step_path, step in self._objects(case.get("TRINHTU"), f"{path}.TRINHTU", STEP_KEYS):
                name = step.get("TENTRINHTU")
                if not isinstance(name, str):
                    return Cell(name, self.loc(f"{step_path}.TENTRINHTU"))
                lines.append(name.strip())
        return Cell("\n".join(lines), self.loc("TRINHTUTHUCHIEN"))


def record(data: ProcedureData) -> dict[str, Any]:
    """One procedure in the national layout plus Saola's extension keys."""

    def time() -> dict[str, Any]:
        # Fees belong to a channel's processing time in the national layout; ours apply to every channel.
        fees = [
            {
                "TENPHILEPHI": fee["name"],
                "SOTIEN": int(fee["amount"]),
                "DONVI": CURRENCY,
                "MOTA": fee["description"],
                "HINHTHUCTHU": int(fee["collection"]),
            }
            for fee in data.fees
        ]
        days = plain_number(data.processing_days)
        return {"THOIGIANGIAIQUYET": days, "DONVITINH": DAYS_UNIT, "MOTA": "", "PHILEPHI": fees}

    return {
        "MATTHC": data.code,
        "TENTTHC": data.name,
        "LINHVUCTHUCHIEN": [{"MALINHVUC": data.field_code, "TENLINHVUC": data.field_name}],
        "CAPTHUCHIEN": list(data.levels),
        "MUCDO": data.online_category,
        "CACHTHUCTHUCHIEN": [{"KENH": channel, "THOIGIAN": [time()]} for channel in data.channels],
        "GIONHANMUONNHAT": data.cut_off_hour,
        "THANHPHANHOSO": [
            {
                "MAGIAYTO": paper["code"],
                "GIAYTO": paper["name"],
                "SOBANCHINH": paper["originals"],
                "SOBANSAO": paper["copies"],
                "BATBUOC": paper["required"],
                "TENMAUDON": paper["form_name"],
                "URL": paper["form_url"],
            }
            for paper in data.papers
        ],
        "YEUCAU": data.requirements,
        "MOTADOITUONGTHUCHIEN": data.applicants,
        "TRINHTUTHUCHIEN": data.steps,
        "KETQUATHUCHIEN": [{"MAKETQUA": "", "TENKETQUA": data.result}] if data.result else [],
        "CANCUPHAPLY": [{"SOVANBAN": b["number"], "TENVANBAN": b["title"]} for b in data.legal_bases],
        "COQUANTHUCHIEN": [{"MADONVI": code, "TENDONVI": name} for code, name in data.agencies],
        "QUYTRINH": data.flow,
        "BIEUMAUDIENTU": data.form_schema,
        "DANGAPDUNG": data.is_active,
    }


def write(items: list[ProcedureData]) -> bytes:
    text = json.dumps([record(item) for item in items], ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
