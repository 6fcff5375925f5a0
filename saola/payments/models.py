"""Payment orders for a dossier's fees (phí, lệ phí) and their lines.

An order is what the applicant is asked to pay once: its lines, its total in đồng, and how it
ended. Paid online through the payment provider (signed redirect, then the provider's signed
server callback) or at the one-stop counter (an officer records the receipt number).
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from saola.catalog.models import Fee
from saola.core.models import User
from saola.dossiers.models import Dossier


class PaymentOrder(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Thanh toán không thành công")
        CANCELLED = "cancelled", _("Đã huỷ")
        EXPIRED = "expired", _("Hết hạn")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Thanh toán trực tuyến")
        COUNTER = "counter", _("Nộp tại Bộ phận Một cửa")

    class Method(models.TextChoices):
        CASH = "cash", _("Tiền mặt")
        TRANSFER = "transfer", _("Chuyển khoản")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payment_orders")
    # The order's id towards the provider: unique, short, letters and digits only.
    merchant_order_id = models.CharField(_("mã đơn thanh toán"), max_length=32, unique=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    total = models.DecimalField(_("tổng số tiền (đồng)"), max_digits=14, decimal_places=0)
    currency = models.CharField(_("đơn vị tiền"), max_length=3, default="VND")
    description = models.CharField(_("nội dung thanh toán"), max_length=255)
    # Catalogue collection moment (HinhThucThu) the lines were taken from; null when set by hand.
    collection = models.PositiveSmallIntegerField(
        _("thời điểm thu"), choices=Fee.Collection.choices, null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # How it was paid: the provider (merchant code, its transaction id) or the counter (receipt number).
    channel = models.CharField(_("hình thức nộp"), max_length=16, choices=Channel.choices, blank=True)
    method = models.CharField(_("phương thức"), max_length=16, choices=Method.choices, blank=True)
    provider_reference = models.CharField(_("mã đơn vị chấp nhận thanh toán"), max_length=64, blank=True)
    transaction_id = models.CharField(_("mã giao dịch, số biên lai"), max_length=64, blank=True)
    paid_at = models.DateTimeField(_("thời điểm thanh toán"), null=True, blank=True)
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_reason = models.CharField(_("lý do"), max_length=500, blank=True)
    # The provider's last word on the order (status query or callback), for reconciliation.
    provider_status = models.CharField(_("trạng thái tại đơn vị thanh toán"), max_length=16, blank=True)
    provider_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("đơn thanh toán")
        verbose_name_plural = _("đơn thanh toán")
        constraints: ClassVar = [
            # One order waiting for payment per dossier at a time.
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(status="pending"), name="uniq_pending_payment_order"
            ),
            models.CheckConstraint(condition=models.Q(total__gt=0), name="payment_order_total_positive"),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "created_at"], name="payment_order_status_created")]

    def __str__(self) -> str:
        return self.merchant_order_id

    @property
    def is_final(self) -> bool:
        return self.status != self.Status.PENDING


class PaymentLine(models.Model):
    """One fee of an order (TENPHILEPHI and SOTIEN of the national payment platform's bill)."""

    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="lines")
    fee = models.ForeignKey(Fee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("tên phí, lệ phí"), max_length=255)
    amount = models.DecimalField(
        _("số tiền (đồng)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering: ClassVar = ["order", "id"]
        verbose_name = _("khoản phí, lệ phí")
        verbose_name_plural = _("khoản phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} đ"
