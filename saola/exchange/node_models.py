"""The platform node's side of document exchange: outbox, inbox and per-recipient statuses.

One deployment hosts many organisations; for the exchange it is one node of the hub. What it
sends waits in `OutboundMessage` (the exact signed bytes) until the transport hands it to the
hub; what it receives is kept in `InboundMessage` with what was done with it; each recipient of
a document sent is a `RecipientStatus` row with its history of status messages.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saola.core.models import Organization
from saola.documents.models import Document

__all__ = [
    "BusinessType",
    "ExchangeStatus",
    "InboundMessage",
    "MessageKind",
    "OutboundMessage",
    "RecipientStatus",
    "RecipientStatusEvent",
]


class MessageKind(models.TextChoices):
    PACKAGE = "package", _("Gói tin văn bản")
    STATUS = "status", _("Gói tin trạng thái")


class ExchangeStatus(models.TextChoices):
    """What a recipient reported (edXML StatusCode), in the words shown to the sender."""

    ARRIVED = "01", _("Đã đến")
    REJECTED = "02", _("Từ chối tiếp nhận")
    ACCEPTED = "03", _("Đã tiếp nhận, vào sổ")
    ASSIGNED = "04", _("Đã phân công xử lý")
    PROCESSING = "05", _("Đang xử lý")
    COMPLETED = "06", _("Đã hoàn thành xử lý")
    RECALL_REQUESTED = "13", _("Yêu cầu thu hồi")
    RECALL_AGREED = "15", _("Đồng ý thu hồi")
    RECALL_REFUSED = "16", _("Từ chối thu hồi")


class BusinessType(models.IntegerChoices):
    """edXML BussinessDocType: what a package does to the document."""

    NEW = 0, _("Gửi mới")
    RECALL = 1, _("Thu hồi")
    UPDATE = 2, _("Cập nhật")
    REPLACE = 3, _("Thay thế")


class OutboundMessage(models.Model):
    """A package or status message to hand to the hub: the node's outbox.

    `body` is exactly what is sent (packages are signed); one row serves every recipient in
    `recipient_codes`. The transport takes `state=queued, next_attempt_at<=now` rows and reports
    with `outbound_mark_sent` / `outbound_mark_failed` (saola.exchange.node.outbound).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        SENT = "sent", _("Đã chuyển lên trục")
        DEAD = "dead", _("Không gửi được")

    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan gửi"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=MessageKind.choices)
    # The outgoing document of a package; the incoming document a status message reports on.
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="exchange_outbound"
    )
    recipient_codes = models.JSONField(_("cơ quan nhận"), default=list)
    edxml_document_id = models.CharField(_("mã định danh văn bản (DocumentId)"), max_length=255)
    business_type = models.PositiveSmallIntegerField(
        _("loại nghiệp vụ"), choices=BusinessType.choices, null=True, blank=True
    )
    status_code = models.CharField(_("mã trạng thái"), max_length=2, blank=True)
    body = models.BinaryField()
    digest = models.CharField(max_length=64)
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = _("gói tin chờ gửi")
        verbose_name_plural = _("gói tin chờ gửi")
        indexes: ClassVar = [models.Index(fields=["state", "next_attempt_at"], name="exchange_outbound_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.edxml_document_id} ({self.state})"


class InboundMessage(models.Model):
    """A package or status message received for one of the organisations hosted here.

    Receipt is idempotent per (recipient, sender, digest of the bytes). `state`: applied (a
    document registered, updated or recalled, or a status recorded), pending (a status or a
    recall/update whose document is not known yet; applied when it arrives), duplicate (a new
    package whose DocumentId is already registered), refused (nothing to apply it to).
    """

    class State(models.TextChoices):
        APPLIED = "applied", _("Đã xử lý")
        PENDING = "pending", _("Chờ văn bản liên quan")
        DUPLICATE = "duplicate", _("Trùng, bỏ qua")
        REFUSED = "refused", _("Không áp dụng được")

    kind = models.CharField(_("loại"), max_length=8, choices=MessageKind.choices)
    recipient_code = models.CharField(_("cơ quan nhận"), max_length=13)
    sender_code = models.CharField(_("cơ quan gửi"), max_length=13)
    digest = models.CharField(max_length=64)
    hub_delivery_id = models.BigIntegerField(null=True, blank=True)
    edxml_document_id = models.CharField(_("mã định danh văn bản (DocumentId)"), max_length=255, blank=True)
    business_type = models.PositiveSmallIntegerField(
        _("loại nghiệp vụ"), choices=BusinessType.choices, null=True, blank=True
    )
    status_code = models.CharField(_("mã trạng thái"), max_length=2, blank=True)
    body = models.BinaryField()
    trace = models.JSONField(default=list)
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now)
    # None for status messages (they are not signed).
    signature_valid = models.BooleanField(_("chữ ký số hợp lệ"), null=True)
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    signature_problems = models.JSONField(default=list)
    # One entry per PDF attachment: {"name", "signed", "valid", "signers", "problems"}.
    attachment_signatures = models.JSONField(default=list)
    # The incoming document registered (or recalled, updated), or the outgoing one a status is about.
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="exchange_inbound"
    )
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = _("gói tin đã nhận")
        verbose_name_plural = _("gói tin đã nhận")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recipient_code", "sender_code", "digest"], name="exchange_inbound_sender_digest"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["recipient_code", "edxml_document_id", "kind"], name="exchange_inbound_document"),
            models.Index(fields=["state", "id"], name="exchange_inbound_state"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.edxml_document_id or self.digest[:12]} ({self.state})"


class RecipientStatus(models.Model):
    """One recipient agency of an outgoing document sent by exchange, with its latest status.

    `status_code` blank: sent, nothing reported back yet. `recall` follows a recall asked by the
    sender and the recipient's answer (status 13/15/16).
    """

    class Recall(models.TextChoices):
        NONE = "", _("Không")
        REQUESTED = "requested", _("Đang đề nghị thu hồi")
        AGREED = "agreed", _("Đồng ý thu hồi")
        REFUSED = "refused", _("Từ chối thu hồi")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="exchange_recipients")
    organ_code = models.CharField(_("mã định danh cơ quan nhận"), max_length=13)
    organ_name = models.CharField(_("cơ quan nhận"), max_length=255)
    status_code = models.CharField(_("trạng thái"), max_length=2, choices=ExchangeStatus.choices, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    staff = models.CharField(_("người xử lý"), max_length=255, blank=True)
    recall = models.CharField(_("thu hồi"), max_length=10, choices=Recall.choices, blank=True, default="")
    # The latest package sent to this recipient (its delivery state is shown until a status arrives).
    last_message = models.ForeignKey(
        OutboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Timestamp of the status shown (the recipient's clock): an older one arriving late only joins
    # the history.
    status_at = models.DateTimeField(_("thời điểm trạng thái"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        ordering: ClassVar = ["document", "organ_name", "id"]
        verbose_name = _("trạng thái nơi nhận liên thông")
        verbose_name_plural = _("trạng thái nơi nhận liên thông")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["document", "organ_code"], name="exchange_recipient_document_organ"),
        ]

    def __str__(self) -> str:
        return f"{self.organ_name} ({self.organ_code}): {self.status_code or '-'}"


class RecipientStatusEvent(models.Model):
    """The history of one recipient: each package sent to it and each status it reported."""

    recipient = models.ForeignKey(RecipientStatus, on_delete=models.CASCADE, related_name="events")
    # Blank for a package sent (then `business_type` says which).
    status_code = models.CharField(_("trạng thái"), max_length=2, choices=ExchangeStatus.choices, blank=True)
    business_type = models.PositiveSmallIntegerField(
        _("loại nghiệp vụ"), choices=BusinessType.choices, null=True, blank=True
    )
    description = models.TextField(_("nội dung"), blank=True)
    staff = models.CharField(_("người xử lý"), max_length=255, blank=True)
    # When it happened: the status message's timestamp, or when the package was queued.
    at = models.DateTimeField(_("thời điểm"))
    inbound = models.ForeignKey(InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering: ClassVar = ["recipient", "at", "id"]
        verbose_name = _("lịch sử trạng thái nơi nhận")
        verbose_name_plural = _("lịch sử trạng thái nơi nhận")

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.status_code or self.business_type}"
