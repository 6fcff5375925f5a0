"""The dossier state machine and its mapping to the national portal's ten status codes.

Internal statuses are richer than the national list (waiting for signature, waiting for
another unit, supplement received...); each maps to exactly one DVCQG `TrangThaiHoSo` code
(1 newly submitted ... 10 result returned), which is what sync and public lookup report.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Mới đăng ký")
    RECEIVED = "received", _("Đã tiếp nhận")
    PROCESSING = "processing", _("Đang xử lý")
    WAITING_SIGNATURE = "waiting_signature", _("Chờ ký duyệt")
    WAITING_OTHER_UNIT = "waiting_other_unit", _("Chờ đơn vị khác xử lý")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung hồ sơ")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Đã bổ sung, chờ tiếp nhận")
    PAYMENT_REQUIRED = "payment_required", _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Công dân yêu cầu rút hồ sơ")
    REFUSED = "refused", _("Không được tiếp nhận")
    STOPPED = "stopped", _("Dừng xử lý")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")
    FINISHED = "finished", _("Đã có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")


class Action(models.TextChoices):
    ACCEPT = "accept", _("Tiếp nhận")
    REFUSE = "refuse", _("Từ chối tiếp nhận")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung")
    SUBMIT_SUPPLEMENT = "submit_supplement", _("Nộp bổ sung")
    ACCEPT_SUPPLEMENT = "accept_supplement", _("Tiếp nhận hồ sơ bổ sung")
    COMPLETE_STEP = "complete_step", _("Hoàn thành bước")
    SEND_TO_SIGNATURE = "send_to_signature", _("Trình ký")
    TRANSFER = "transfer", _("Chuyển đơn vị khác")
    RETURN_FROM_OTHER_UNIT = "return_from_other_unit", _("Đơn vị khác trả lại")
    REQUEST_PAYMENT = "request_payment", _("Yêu cầu nộp phí, lệ phí")
    CONFIRM_PAYMENT = "confirm_payment", _("Xác nhận đã nộp phí")
    FINISH = "finish", _("Có kết quả")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    REQUEST_WITHDRAWAL = "request_withdrawal", _("Yêu cầu rút hồ sơ")
    APPROVE_WITHDRAWAL = "approve_withdrawal", _("Đồng ý rút hồ sơ")
    STOP = "stop", _("Dừng xử lý")


# History events written outside the transition table (services/intake.py, processing.py, signing.py).
EXTRA_EVENTS: dict[str, Any] = {
    "submit": _("Nộp hồ sơ"),
    "upload_result": _("Tải lên kết quả"),
    "sign_result": _("Ký số kết quả"),
    "seal_result": _("Ký số của cơ quan trên kết quả"),
    "apologize": _("Xin lỗi, hẹn lại ngày trả kết quả"),
    "rate": _("Đánh giá mức độ hài lòng"),
}


# DVCQG TrangThaiHoSo codes (domain facts §2.2, high confidence).
NATIONAL_CODE: dict[str, int] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.PROCESSING: 4,
    Status.WAITING_SIGNATURE: 4,
    Status.WAITING_OTHER_UNIT: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.SUPPLEMENT_RECEIVED: 5,
    Status.PAYMENT_REQUIRED: 6,
    Status.WITHDRAWAL_REQUESTED: 7,
    Status.WITHDRAWN: 7,
    Status.REFUSED: 3,
    Status.STOPPED: 8,
    Status.FINISHED: 9,
    Status.RETURNED: 10,
}

NATIONAL_LABEL: dict[int, str] = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}

IN_PROGRESS = {
    Status.RECEIVED,
    Status.PROCESSING,
    Status.WAITING_SIGNATURE,
    Status.WAITING_OTHER_UNIT,
    Status.PAYMENT_REQUIRED,
    Status.WITHDRAWAL_REQUESTED,
}
WORKING = {Status.RECEIVED, Status.PROCESSING, Status.WAITING_SIGNATURE, Status.WAITING_OTHER_UNIT}
# Ends of processing for the national on-time rule (§2.2).
TERMINAL = {Status.REFUSED, Status.STOPPED, Status.WITHDRAWN, Status.FINISHED, Status.RETURNED}

# (from status, action) → to status. Anything not listed answers 409.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.SUBMITTED, Action.ACCEPT): Status.RECEIVED,
    (Status.SUBMITTED, Action.REFUSE): Status.REFUSED,
    (Status.SUBMITTED, Action.REQUEST_SUPPLEMENT): Status.SUPPLEMENT_REQUESTED,
    (Status.SUBMITTED, Action.REQUEST_WITHDRAWAL): Status.WITHDRAWN,
    (Status.SUPPLEMENT_REQUESTED, Action.SUBMIT_SUPPLEMENT): Status.SUPPLEMENT_RECEIVED,
    (Status.SUPPLEMENT_REQUESTED, Action.REQUEST_WITHDRAWAL): Status.WITHDRAWN,
    (Status.SUPPLEMENT_REQUESTED, Action.STOP): Status.STOPPED,
    (Status.SUPPLEMENT_RECEIVED, Action.ACCEPT_SUPPLEMENT): Status.PROCESSING,
    (Status.SUPPLEMENT_RECEIVED, Action.REQUEST_SUPPLEMENT): Status.SUPPLEMENT_REQUESTED,
    (Status.SUPPLEMENT_RECEIVED, Action.REFUSE): Status.REFUSED,
    (Status.PROCESSING, Action.COMPLETE_STEP): Status.PROCESSING,
    (Status.PROCESSING, Action.SEND_TO_SIGNATURE): Status.WAITING_SIGNATURE,
    (Status.WAITING_SIGNATURE, Action.COMPLETE_STEP): Status.PROCESSING,
    (Status.PROCESSING, Action.TRANSFER): Status.WAITING_OTHER_UNIT,
    (Status.WAITING_OTHER_UNIT, Action.RETURN_FROM_OTHER_UNIT): Status.PROCESSING,
    (Status.WAITING_OTHER_UNIT, Action.COMPLETE_STEP): Status.PROCESSING,
    (Status.PROCESSING, Action.REQUEST_SUPPLEMENT): Status.SUPPLEMENT_REQUESTED,
    (Status.PROCESSING, Action.REQUEST_PAYMENT): Status.PAYMENT_REQUIRED,
    # Fees collected at intake (HinhThucThu 1) are asked for right after receipt.
    (Status.RECEIVED, Action.REQUEST_PAYMENT): Status.PAYMENT_REQUIRED,
    (Status.PAYMENT_REQUIRED, Action.CONFIRM_PAYMENT): Status.PROCESSING,
    (Status.PROCESSING, Action.FINISH): Status.FINISHED,
    (Status.WAITING_SIGNATURE, Action.FINISH): Status.FINISHED,
    (Status.FINISHED, Action.RETURN_RESULT): Status.RETURNED,
    (Status.PROCESSING, Action.REQUEST_WITHDRAWAL): Status.WITHDRAWAL_REQUESTED,
    (Status.WAITING_SIGNATURE, Action.REQUEST_WITHDRAWAL): Status.WITHDRAWAL_REQUESTED,
    (Status.WITHDRAWAL_REQUESTED, Action.APPROVE_WITHDRAWAL): Status.WITHDRAWN,
    (Status.PROCESSING, Action.STOP): Status.STOPPED,
    (Status.WAITING_SIGNATURE, Action.STOP): Status.STOPPED,
    (Status.WAITING_OTHER_UNIT, Action.STOP): Status.STOPPED,
    (Status.WITHDRAWAL_REQUESTED, Action.STOP): Status.STOPPED,
}

# A received dossier, before its first processing step is done, accepts what processing does.
TRANSITIONS.update(
    {(Status.RECEIVED, action): to for (frm, action), to in list(TRANSITIONS.items()) if frm == Status.PROCESSING}
)


def next_status(current: str, action: str) -> str | None:
    return TRANSITIONS.get((current, action))


def national_code(status: str) -> int:
    return NATIONAL_CODE[status]
