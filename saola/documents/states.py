"""State machines of official documents and work dossiers (Decree 30/2020/NĐ-CP, Điều 14–24).

Incoming documents: registered → assigned → processing → completed, or returned to the sender /
refused with a reason. Outgoing documents: draft → in review → returned with comments (back to
drafting) or approved (signed by the leader) → issued (numbered, signed by the organisation).
Work dossiers: open → closed → archived (handed to the archive).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Văn bản đến")
    OUTGOING = "outgoing", _("Văn bản đi")


class Status(models.TextChoices):
    # Incoming.
    REGISTERED = "registered", _("Đã vào sổ")
    ASSIGNED = "assigned", _("Đã phân công")
    PROCESSING = "processing", _("Đang xử lý")
    COMPLETED = "completed", _("Đã xử lý xong")
    RETURNED = "returned", _("Đã trả lại nơi gửi")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    # Outgoing.
    DRAFT = "draft", _("Dự thảo")
    IN_REVIEW = "in_review", _("Chờ lãnh đạo duyệt")
    REVISION = "revision", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã ký duyệt")
    ISSUED = "issued", _("Đã ban hành")


INCOMING_STATUSES = (
    Status.REGISTERED,
    Status.ASSIGNED,
    Status.PROCESSING,
    Status.COMPLETED,
    Status.RETURNED,
    Status.REFUSED,
)
OUTGOING_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.REVISION, Status.APPROVED, Status.ISSUED)
EDITABLE_DRAFT = frozenset({Status.DRAFT, Status.REVISION})
OPEN_INCOMING = frozenset({Status.REGISTERED, Status.ASSIGNED, Status.PROCESSING})


class Action(models.TextChoices):
    REGISTER = "register", _("Vào sổ văn bản đến")
    ASSIGN = "assign", _("Phân công xử lý")
    START = "start", _("Bắt đầu xử lý")
    COMPLETE = "complete", _("Hoàn thành xử lý")
    RETURN_TO_SENDER = "return_to_sender", _("Trả lại nơi gửi")
    REFUSE = "refuse", _("Từ chối tiếp nhận")
    WITHDRAW = "withdraw", _("Nơi gửi thu hồi văn bản")
    CREATE_DRAFT = "create_draft", _("Tạo dự thảo")
    SUBMIT = "submit", _("Trình duyệt")
    REQUEST_CHANGES = "request_changes", _("Trả lại kèm ý kiến")
    APPROVE = "approve", _("Ký duyệt")
    ISSUE = "issue", _("Cấp số, ban hành")


# (from status, action) → to status. Anything not listed answers 409.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.REGISTERED, Action.ASSIGN): Status.ASSIGNED,
    (Status.ASSIGNED, Action.ASSIGN): Status.ASSIGNED,
    (Status.PROCESSING, Action.ASSIGN): Status.PROCESSING,
    (Status.ASSIGNED, Action.START): Status.PROCESSING,
    (Status.ASSIGNED, Action.COMPLETE): Status.COMPLETED,
    (Status.PROCESSING, Action.COMPLETE): Status.COMPLETED,
    (Status.REGISTERED, Action.RETURN_TO_SENDER): Status.RETURNED,
    (Status.ASSIGNED, Action.RETURN_TO_SENDER): Status.RETURNED,
    (Status.REGISTERED, Action.REFUSE): Status.REFUSED,
    # The sender recalls a document received by document exchange before it was completed.
    (Status.REGISTERED, Action.WITHDRAW): Status.RETURNED,
    (Status.ASSIGNED, Action.WITHDRAW): Status.RETURNED,
    (Status.PROCESSING, Action.WITHDRAW): Status.RETURNED,
    (Status.DRAFT, Action.SUBMIT): Status.IN_REVIEW,
    (Status.REVISION, Action.SUBMIT): Status.IN_REVIEW,
    (Status.IN_REVIEW, Action.REQUEST_CHANGES): Status.REVISION,
    (Status.IN_REVIEW, Action.APPROVE): Status.APPROVED,
    (Status.APPROVED, Action.ISSUE): Status.ISSUED,
}


def next_status(current: str, action: str) -> str | None:
    return TRANSITIONS.get((current, action))


class DossierState(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã kết thúc")
    ARCHIVED = "archived", _("Đã nộp lưu")


class DossierAction(models.TextChoices):
    CLOSE = "close", _("Kết thúc hồ sơ")
    ARCHIVE = "archive", _("Nộp lưu")


DOSSIER_TRANSITIONS: dict[tuple[str, str], str] = {
    (DossierState.OPEN, DossierAction.CLOSE): DossierState.CLOSED,
    (DossierState.CLOSED, DossierAction.ARCHIVE): DossierState.ARCHIVED,
}
