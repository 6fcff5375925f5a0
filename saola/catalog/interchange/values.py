"""Checking and converting the values of one imported record (both formats share these rules)."""

from __future__ import annotations

import json
import re
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from saola.catalog.bpmn import InvalidFlow, parse_flow
from saola.catalog.interchange.common import MAX_JSON_DEPTH, CellError, json_depth
from saola.catalog.models import validate_procedure_code
from saola.core.text import fold

MSG_REQUIRED = _("Thiếu giá trị bắt buộc.")
MSG_NOT_TEXT = _("Phải là chuỗi ký tự.")
MSG_TOO_LONG = _("Dài quá %(max)s ký tự.")
MSG_NOT_NUMBER = _("“%(value)s” không phải là số hợp lệ.")
MSG_NOT_INTEGER = _("“%(value)s” phải là số nguyên.")
MSG_RANGE = _("Giá trị %(value)s nằm ngoài khoảng cho phép (%(min)s–%(max)s).")
MSG_DECIMALS = _("Thời hạn chỉ được có một chữ số thập phân (ví dụ 0,5).")
MSG_BAD_LEVEL = _(
    "Cấp thực hiện “%(value)s” không hợp lệ; dùng: trung ương (central), tỉnh (province), huyện (district), xã (commune)."
)
MSG_NO_LEVEL = _("Cần ít nhất một cấp thực hiện.")
MSG_BAD_ONLINE = _(
    "Mức độ trực tuyến “%(value)s” không hợp lệ; dùng: toàn trình, một phần, không (hoặc mức cũ 4, 3, 2; "
    "hoặc full, partial, none)."
)
MSG_BAD_CHANNEL = _(
    "Cách thức thực hiện “%(value)s” không hợp lệ; dùng: 1 (trực tiếp), 2 (trực tuyến), 3 (qua bưu chính công ích)."
)
MSG_NO_CHANNEL = _("Cần ít nhất một cách thức thực hiện (KENH).")
MSG_NO_TIME = _("Thiếu thời hạn giải quyết (THOIGIANGIAIQUYET).")
MSG_BAD_UNIT = _("Đơn vị tính “%(value)s” không được hỗ trợ; dùng: Ngày làm việc, Ngày, Giờ làm việc hoặc Giờ.")
MSG_BAD_CURRENCY = _("Chỉ hỗ trợ mức thu tính bằng Đồng; không dùng được đơn vị “%(value)s”.")
MSG_BAD_COLLECTION = _("Hình thức thu phải là 1 (khi tiếp nhận), 2 (khi bổ sung) hoặc 4 (khi trả kết quả).")
MSG_BAD_BOOL = _("Phải là “có” hoặc “không”.")
MSG_BAD_HOUR = _("Giờ tiếp nhận muộn nhất phải là một giờ trong ngày, từ 0 đến 23.")
MSG_BAD_URL = _("Đường dẫn phải là địa chỉ http:// hoặc https:// hợp lệ.")
MSG_BAD_FORM_SCHEMA = _("Biểu mẫu điện tử (BIEUMAUDIENTU) phải là một đối tượng JSON.")
MSG_BAD_FLOW_CODE = _("Mã quy trình “%(value)s” không hợp lệ; dùng chữ thường không dấu, số và dấu gạch ngang.")
MSG_BAD_FLOW = _("Quy trình BPMN không hợp lệ: %(reason)s")

LEVEL_NAMES = {"central": "trung ương", "province": "tỉnh", "district": "huyện", "commune": "xã"}
_LEVEL_WORDS = {
    **{code: code for code in LEVEL_NAMES},
    **{fold(name): code for code, name in LEVEL_NAMES.items()},
    **{fold(f"cấp {name}"): code for code, name in LEVEL_NAMES.items()},
}
ONLINE_NAMES = {"full": "toàn trình", "partial": "một phần", "none": "không"}
# NĐ 42/2022/NĐ-CP names, the legacy levels of NĐ 43/2011 (4/3/2, levels 1–2 were not online)
# and the wording seen in published catalogues.
_ONLINE_WORDS = {
    **{code: code for code in ONLINE_NAMES},
    **{fold(name): code for code, name in ONLINE_NAMES.items()},
    "4": "full",
    "3": "partial",
    "2": "none",
    "1": "none",
    "muc do 4": "full",
    "muc do 3": "partial",
    "muc do 2": "none",
    "muc do 1": "none",
    "dich vu cong truc tuyen toan trinh": "full",
    "dich vu cong truc tuyen mot phan": "partial",
    "dich vu cong": "none",
    "khong cung cap": "none",
    "chua cung cap": "none",
    "khong cung cap truc tuyen": "none",
    "dich vu cung cap thong tin truc tuyen": "none",
}
CHANNEL_NAMES = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Qua bưu chính công ích"}
_CHANNEL_WORDS = {
    "truc tiep": 1,
    "truc tuyen": 2,
    "buu chinh": 3,
    "qua buu chinh": 3,
    "qua buu chinh cong ich": 3,
    "nop qua buu chinh cong ich": 3,
}
DAYS_UNIT = "Ngày làm việc"
# Hours become days at eight working hours a day, rounded up to the tenth of a day.
_UNIT_FACTORS = {
    fold(DAYS_UNIT): Decimal(1),
    "ngay": Decimal(1),
    "gio lam viec": Decimal(1) / Decimal(8),
    "gio": Decimal(1) / Decimal(8),
}
CURRENCY = "Đồng"
_CURRENCY_WORDS = {"dong", "vnd", "d", "vn dong", "viet nam dong"}
_YES = {"co", "x", "true", "1", "yes", "bat buoc", "dang ap dung"}
_NO = {"khong", "false", "0", "no", "khong bat buoc", "ngung ap dung"}
_LIST_SPLIT = re.compile(r"\s*[;,\n]\s*")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_HOUR = re.compile(r"^(\d{1,2})\s*(?:h|giờ|gio|:00)?$", re.IGNORECASE)
_FLOW_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
_url = URLValidator(schemes=["http", "https"])

MAX_DAYS = Decimal(3650)
MAX_FEE = 10**12
MAX_COPIES = 100


def text(value: Any, *, required: bool = False, max_length: int | None = None, strip: bool = True) -> str:
    """A text value; numbers typed into a spreadsheet cell are accepted as their digits."""
    if value is None:
        value = ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise CellError(MSG_NOT_TEXT)
    if isinstance(value, float):
        value = str(int(value)) if value.is_integer() else repr(value)
    # Excel and XML keep only "\n" inside a cell; normalise so both formats read the same.
    result = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if strip or not result.strip():
        result = result.strip()
    if required and not result:
        raise CellError(MSG_REQUIRED)
    if max_length is not None and len(result) > max_length:
        raise CellError(MSG_TOO_LONG % {"max": max_length})
    return result


def procedure_code(value: Any) -> str:
    # A code typed into Excel without the text format becomes a number (1.0001 for 1.000100).
    if isinstance(value, float) and 0 <= value < 10:
        value = f"{value:.6f}"
    code = text(value, required=True, max_length=16)
    try:
        validate_procedure_code(code)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from exc
    return code


def number(value: Any, *, thousands: bool = False) -> Decimal:
    """A decimal from a JSON number, a spreadsheet number or text ("1,5"; "50.000" when `thousands`)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError(MSG_REQUIRED)
    if isinstance(value, bool):
        raise CellError(MSG_NOT_NUMBER % {"value": value})
    result: Decimal
    if isinstance(value, int | Decimal):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        raw = value.strip().replace(" ", "").replace("\u00a0", "")
        raw = re.sub(r"[.,]", "", raw) if thousands and _THOUSANDS.match(raw) else raw.replace(",", ".")
        if not _PLAIN_NUMBER.match(raw):
            raise CellError(MSG_NOT_NUMBER % {"value": value[:40]})
        result = Decimal(raw)
    else:
        raise CellError(MSG_NOT_NUMBER % {"value": str(value)[:40]})
    if not result.is_finite():
        raise CellError(MSG_NOT_NUMBER % {"value": value})
    return result


def bounded(value: Decimal, *, low: Decimal | int, high: Decimal | int) -> Decimal:
    if value < low or value > high:
        raise CellError(MSG_RANGE % {"value": _plain(value), "min": low, "max": high})
    return value


def integer(value: Any, *, low: int, high: int, thousands: bool = False) -> int:
    result = bounded(number(value, thousands=thousands), low=low, high=high)
    if result != result.to_integral_value():
        raise CellError(MSG_NOT_INTEGER % {"value": _plain(result)})
    return int(result)


def optional_integer(value: Any, *, low: int, high: int, default: int) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    return integer(value, low=low, high=high)


def boolean(value: Any, *, default: bool) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        return value
    word = fold(str(int(value)) if isinstance(value, int | float | Decimal) else str(value))
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(MSG_BAD_BOOL)


def _words(value: Any) -> list[Any]:
    """A JSON list, or a spreadsheet cell listing values separated by ";" (or "," or new lines)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part for part in _LIST_SPLIT.split(value.strip()) if part]
    return [value]


def levels(value: Any) -> list[str]:
    result: list[str] = []
    for item in _words(value):
        if not isinstance(item, str):
            raise CellError(MSG_BAD_LEVEL % {"value": item})
        code = _LEVEL_WORDS.get(fold(item))
        if code is None:
            raise CellError(MSG_BAD_LEVEL % {"value": item[:40]})
        if code not in result:
            result.append(code)
    if not result:
        raise CellError(MSG_NO_LEVEL)
    return result


def online_category(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError(MSG_REQUIRED)
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise CellError(MSG_BAD_ONLINE % {"value": str(value)[:40]})
    if isinstance(value, float | Decimal) and value == int(value):
        value = int(value)
    code = _ONLINE_WORDS.get(fold(str(value)))
    if code is None:
        raise CellError(MSG_BAD_ONLINE % {"value": str(value)[:40]})
    return code


def channels(value: Any) -> list[int]:
    result: list[int] = []
    for item in _words(value):
        if isinstance(item, bool) or not isinstance(item, str | int | float | Decimal):
            raise CellError(MSG_BAD_CHANNEL % {"value": str(item)[:40]})
        word = fold(str(item))
        channel = _CHANNEL_WORDS.get(word)
        if channel is None and isinstance(item, int | float | Decimal) and item in CHANNEL_NAMES:
            channel = int(item)
        if channel is None and word in {"1", "2", "3"}:
            channel = int(word)
        if channel is None:
            raise CellError(MSG_BAD_CHANNEL % {"value": str(item)[:40]})
        result.append(channel)
    return result


def unit_factor(value: Any) -> Decimal:
    unit = text(value, max_length=64)
    if not unit:
        return Decimal(1)
    factor = _UNIT_FACTORS.get(fold(unit))
    if factor is None:
        raise CellError(MSG_BAD_UNIT % {"value": unit})
    return factor


def days(value: Any, factor: Decimal) -> Decimal:
    """Working days (one decimal) from an amount in the unit whose `factor` converts it to days."""
    amount = number(value)
    bounded(amount * factor, low=0, high=MAX_DAYS)
    if factor == 1 and amount != amount.quantize(Decimal("0.1")):
        raise CellError(MSG_DECIMALS)
    return (amount * factor).quantize(Decimal("0.1"), rounding=ROUND_CEILING)


def cut_off_hour(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        match = _HOUR.match(value.strip())
        if not match:
            raise CellError(MSG_BAD_HOUR)
        value = match.group(1)
    try:
        return integer(value, low=0, high=23)
    except CellError as exc:
        raise CellError(MSG_BAD_HOUR) from exc


def currency(value: Any) -> None:
    unit = text(value, max_length=32)
    if unit and fold(unit).replace(".", "") not in _CURRENCY_WORDS:
        raise CellError(MSG_BAD_CURRENCY % {"value": unit})


def url(value: Any) -> str:
    address = text(value, max_length=200)
    if address:
        try:
            _url(address)
        except ValidationError as exc:
            raise CellError(MSG_BAD_URL) from exc
    return address


def form_schema(value: Any) -> dict[str, Any]:
    """A JSON object, or (from a spreadsheet cell) its text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value, parse_constant=_no_constant)
        except RecursionError as exc:
            raise CellError(MSG_BAD_FORM_SCHEMA) from exc
        except ValueError as exc:
            raise CellError(MSG_BAD_FORM_SCHEMA) from exc
    if not isinstance(value, dict) or json_depth(value) > MAX_JSON_DEPTH:
        raise CellError(MSG_BAD_FORM_SCHEMA)
    return plain_json(value)


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def plain_json(value: Any) -> Any:
    """JSON read with exact decimals, back to the plain types a JSONField stores."""
    if isinstance(value, Decimal):
        # Only JSON numbers with a fraction or exponent are read as Decimal; they were floats.
        return float(value)
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    return value


def flow_reference(value: Any) -> tuple[str | None, bool]:
    """(flow code or BPMN document, whether it is a document), without parsing the document."""
    raw = text(value, max_length=2 * 1024 * 1024)
    if not raw:
        return None, False
    if raw.startswith("<"):
        return raw, True
    if not _FLOW_CODE.match(raw):
        raise CellError(MSG_BAD_FLOW_CODE % {"value": raw[:64]})
    return raw, False


def flow(value: Any) -> tuple[str | None, bool]:
    """`flow_reference`, and an embedded document must pass `parse_flow` (SpiffWorkflow)."""
    reference, is_xml = flow_reference(value)
    if reference and is_xml:
        try:
            parse_flow(reference)
        except InvalidFlow as exc:
            raise CellError(MSG_BAD_FLOW % {"reason": exc.message}) from exc
    return reference, is_xml


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
