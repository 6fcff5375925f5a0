"""Types shared by the JSON and XLSX readers and writers of the catalogue interchange.

A reader turns a file into `RawRecord`s: every value still as found in the file, wrapped in a
`Cell` that remembers where it came from (record index and key path for JSON, sheet, row and
column for XLSX). `values.record_to_data` checks and converts them into `ProcedureData`, the
format-independent shape that the database layer writes and that the exporters start from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# An import is refused as a whole; past this many problems the list stops growing (a file that
# is wrong everywhere does not need 100 000 lines of explanation).
MAX_ERRORS = 500
# A province catalogue holds about two thousand procedures, the whole national one under ten.
MAX_RECORDS = 20_000
# The national layout nests eight containers deep (list, record, channels, channel, times, time,
# fees, fee); an electronic form's JSON Schema adds a few more.
MAX_JSON_DEPTH = 32

MSG_TOO_MANY_ERRORS = _("Còn %(count)s lỗi khác không được liệt kê; hãy sửa các lỗi trên rồi nhập lại.")
MSG_TOO_MANY_RECORDS = _("Tệp có quá nhiều thủ tục; tối đa %(max)s thủ tục mỗi lần nhập.")


class CellError(Exception):
    """A value that cannot be used; `message` is shown to the person next to its location."""

    def __init__(self, message: str | Promise) -> None:
        self.message = str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class Loc:
    """Where a value sits: JSON record index (1-based) and key path, or XLSX sheet, row and column."""

    line: int | None
    field: str
    sheet: str | None = None

    def at(self, field: str) -> Loc:
        return dataclasses.replace(self, field=field)

    def error(self, message: str | Promise) -> dict[str, Any]:
        err: dict[str, Any] = {"line": self.line, "field": self.field, "message": str(message)}
        if self.sheet is not None:
            err["sheet"] = self.sheet
        return err


@dataclass(frozen=True)
class Cell:
    value: Any
    loc: Loc


Row = dict[str, Cell]


@dataclass
class RawRecord:
    """One procedure as read from a file, before any check beyond the file's own structure."""

    loc: Loc
    values: dict[str, Cell] = field(default_factory=dict)
    # Each cell holds one channel (JSON) or a delimited list of channels (XLSX).
    channels: list[Cell] = field(default_factory=list)
    # (THOIGIANGIAIQUYET, DONVITINH) pairs; a channel may state several cases.
    times: list[tuple[Cell, Cell]] = field(default_factory=list)
    # Where to point when a record has no channel or no processing time at all.
    channels_loc: Loc | None = None
    times_loc: Loc | None = None
    fees: list[Row] = field(default_factory=list)
    papers: list[Row] = field(default_factory=list)
    legal_bases: list[Row] = field(default_factory=list)
    agencies: list[Row] = field(default_factory=list)

    def cell(self, key: str) -> Cell:
        return self.values.get(key) or Cell(None, self.loc.at(key))


@dataclass
class ProcedureData:
    """A procedure in plain values: what the import writes and what the export reads.

    `papers`, `fees` and `legal_bases` are dicts with the model field names that
    `catalog.services.procedure_save` takes; `agencies` are (code, name) pairs; `flow` is a
    flow code, or a BPMN document when `flow_is_xml`.
    """

    code: str
    name: str
    field_code: str
    field_name: str
    levels: list[str]
    online_category: str
    processing_days: Decimal
    channels: list[int]
    cut_off_hour: int | None = None
    applicants: str = ""
    requirements: str = ""
    steps: str = ""
    result: str = ""
    papers: list[dict[str, Any]] = field(default_factory=list)
    fees: list[dict[str, Any]] = field(default_factory=list)
    legal_bases: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[tuple[str, str]] = field(default_factory=list)
    flow: str | None = None
    flow_is_xml: bool = False
    form_schema: dict[str, Any] = field(default_factory=dict)
    is_active: bool = True


@dataclass
class ParsedRecord:
    """A checked record with the locations the cross-record and database checks point to."""

    data: ProcedureData
    loc: Loc
    code_loc: Loc
    field_loc: Loc


class ErrorList:
    """Collects row errors in the order they are found, capped at `MAX_ERRORS`."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.dropped = 0
        self._seen: set[tuple[Any, ...]] = set()
        # (sheet, column) pairs already reported as a missing column: not repeated on every row.
        self._muted: set[tuple[str | None, str]] = set()

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, loc: Loc, message: str | Promise) -> None:
        if (loc.sheet, loc.field) in self._muted and loc.line is not None:
            return
        self.append(loc.error(message))

    def mute(self, *, sheet: str | None, field: str) -> None:
        self._muted.add((sheet, field))

    def append(self, error: dict[str, Any]) -> None:
        key = tuple(sorted(error.items()))
        if key in self._seen:
            return
        self._seen.add(key)
        if len(self.items) >= MAX_ERRORS:
            self.dropped += 1
        else:
            self.items.append(error)

    def report(self, *, sheet_order: list[str] | None = None) -> list[dict[str, Any]]:
        """The errors for `ImportRejected`: XLSX ones sorted by sheet then row, plus the overflow note."""
        items = list(self.items)
        if sheet_order is not None:
            rank = {name: i for i, name in enumerate(sheet_order)}
            items.sort(key=lambda e: (rank.get(e.get("sheet") or "", -1), e.get("line") or 0))
        if self.dropped:
            items.append({"line": None, "field": "file", "message": str(MSG_TOO_MANY_ERRORS % {"count": self.dropped})})
        return items


def plain_number(value: Decimal | int) -> int | float:
    """A JSON or spreadsheet number: whole numbers without a fraction, halves as 0.5."""
    return int(value) if value == int(value) else float(value)


def json_depth(value: Any) -> int:
    """How many containers deep a parsed JSON value nests (without recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
