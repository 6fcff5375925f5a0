"""Labels of stored dossier codes for the citizen's pages and the public lookup."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from saola.dossiers.states import Action, Status

register = template.Library()

# Events written outside the transition table (see services/intake.py and processing.py).
EXTRA_ACTIONS = {
    "submit": _("Nộp hồ sơ"),
    "upload_result": _("Cập nhật kết quả giải quyết"),
    "sign_result": _("Kết quả được ký số"),
    "seal_result": _("Kết quả được ký số của cơ quan"),
    "apologize": _("Xin lỗi và hẹn lại ngày trả kết quả"),
    "rate": _("Đánh giá mức độ hài lòng"),
}
# The ten national statuses (DVCQG TrangThaiHoSo), as states.NATIONAL_LABEL, translatable.
NATIONAL_LABELS = {
    1: _("Mới đăng ký"),
    2: _("Được tiếp nhận"),
    3: _("Không được tiếp nhận"),
    4: _("Đang xử lý"),
    5: _("Yêu cầu bổ sung giấy tờ"),
    6: _("Yêu cầu thực hiện nghĩa vụ tài chính"),
    7: _("Công dân yêu cầu rút hồ sơ"),
    8: _("Dừng xử lý"),
    9: _("Đã xử lý xong"),
    10: _("Đã trả kết quả"),
}
TONES: dict[str, str] = {
    Status.SUPPLEMENT_REQUESTED: "attention",
    Status.PAYMENT_REQUIRED: "attention",
    Status.FINISHED: "done",
    Status.RETURNED: "done",
    Status.REFUSED: "ended",
    Status.STOPPED: "ended",
    Status.WITHDRAWN: "ended",
}


@register.filter
def action_label(action: Any) -> str:
    """What an event of the dossier's history did ("accept" → "Tiếp nhận")."""
    value = str(action)
    if value in EXTRA_ACTIONS:
        return str(EXTRA_ACTIONS[value])
    try:
        return str(Action(value).label)
    except ValueError:
        return value


@register.filter
def status_label(status: Any) -> str:
    try:
        return str(Status(str(status)).label)
    except ValueError:
        return str(status)


@register.filter
def national_label(code: Any) -> str:
    try:
        return str(NATIONAL_LABELS[int(code)])
    except (KeyError, TypeError, ValueError):
        return str(code)


@register.filter
def status_tone(status: Any) -> str:
    """A class suffix for the status badge: attention, done, ended or progress."""
    return TONES.get(str(status), "progress")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]`, or "" when there is no such key."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
