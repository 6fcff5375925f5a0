"""The hub's registry of the agencies (nodes) it serves."""

from __future__ import annotations

from typing import Any, ClassVar

from cryptography import x509
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from saola.core.models import Organization, validate_agency_code
from saola.core.text import fold

MAX_CERTIFICATE_CHARS = 20_000


def load_certificate(pem: str) -> x509.Certificate:
    """Parse one PEM certificate; ValidationError when it is not one."""
    if len(pem) > MAX_CERTIFICATE_CHARS or "-----BEGIN CERTIFICATE-----" not in pem:
        raise ValidationError(_("Chứng thư số phải là một chứng thư X.509 dạng PEM."), code="invalid_certificate")
    try:
        return x509.load_pem_x509_certificate(pem.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise ValidationError(
            _("Không đọc được chứng thư số (PEM không hợp lệ)."), code="invalid_certificate"
        ) from None


def validate_certificate(value: str) -> None:
    load_certificate(value)


class Agency(models.Model):
    class Mode(models.TextChoices):
        PUSH = "push", _("Trục đẩy đến địa chỉ của cơ quan")
        PULL = "pull", _("Cơ quan tự lấy về")

    code = models.CharField(_("mã định danh"), max_length=13, unique=True, validators=[validate_agency_code])
    name = models.CharField(_("tên"), max_length=255)
    level = models.CharField(_("cấp"), max_length=16, choices=Organization.Level.choices)
    # Code of the hub the agency is attached to; blank means this hub serves it directly.
    parent_hub = models.CharField(_("mã trục cấp trên"), max_length=13, blank=True, validators=[validate_agency_code])
    mode = models.CharField(_("cách nhận văn bản"), max_length=8, choices=Mode.choices, default=Mode.PULL)
    endpoint = models.URLField(
        _("địa chỉ nhận"), max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    certificate = models.TextField(_("chứng thư ký số (PEM)"), blank=True, validators=[validate_certificate])
    # SHA-256 of the credential secret; the secret itself is shown once and never stored.
    secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    secret_prefix = models.CharField(_("đầu mã bí mật"), max_length=12, blank=True, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("cơ quan kết nối trục")
        verbose_name_plural = _("cơ quan kết nối trục")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.mode == self.Mode.PUSH and not self.endpoint:
            raise ValidationError(
                {"endpoint": _("Cơ quan nhận theo cách trục đẩy phải có địa chỉ nhận.")}, code="endpoint_required"
            )

    @property
    def certificate_subject(self) -> str:
        """The certificate's subject (RFC 4514), or "" when there is none or it does not parse."""
        if not self.certificate:
            return ""
        try:
            return load_certificate(self.certificate).subject.rfc4514_string()
        except ValidationError:
            return ""


class HubMessage(models.Model):
    """A package or status message the hub accepted, kept as received (bytes) until delivered.

    Receipt is idempotent per sender and content digest: the same bytes sent twice (a retry after
    a lost answer) are one message. `trace` is the transport trace: one hop per hub that accepted
    it ({"organ_id", "at"}), the hop's own last; the signed XML itself is never changed.
    """

    class Kind(models.TextChoices):
        PACKAGE = "package", _("Gói tin văn bản")
        STATUS = "status", _("Gói tin trạng thái")

    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    sender_code = models.CharField(_("cơ quan gửi"), max_length=13)
    digest = models.CharField(max_length=64)
    document_id = models.CharField(_("mã định danh văn bản"), max_length=255, blank=True)
    business_type = models.PositiveSmallIntegerField(_("loại nghiệp vụ"), null=True, blank=True)
    status_code = models.CharField(_("mã trạng thái"), max_length=2, blank=True)
    body = models.BinaryField()
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    trace = models.JSONField(default=list)
    # None: the hub does not check signatures (SAOLA_HUB_VERIFY_SIGNATURES off) or a status message.
    signature_valid = models.BooleanField(_("chữ ký số hợp lệ"), null=True)
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    received_from = models.CharField(_("nhận từ"), max_length=13)
    received_at = models.DateTimeField(_("nhận lúc"), db_index=True)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = _("gói tin trên trục")
        verbose_name_plural = _("gói tin trên trục")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["sender_code", "digest"], name="hub_message_sender_digest"),
        ]
        indexes: ClassVar = [models.Index(fields=["document_id", "kind"], name="hub_message_document")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_id or self.digest[:12]}"


class HubDelivery(models.Model):
    """One recipient of a message: a row of the per-recipient queue of its next hop.

    `route_code` is the agency that takes the message from this hub: the recipient itself, the
    node or child hub it is registered under, or this hub's parent hub.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ chuyển")
        DELIVERED = "delivered", _("Đã chuyển")
        DEAD = "dead", _("Chuyển không thành công")

    message = models.ForeignKey(HubMessage, on_delete=models.CASCADE, related_name="deliveries")
    recipient_code = models.CharField(_("cơ quan nhận"), max_length=13)
    route_code = models.CharField(_("chuyển qua"), max_length=13)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"))
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("vào hàng đợi lúc"))
    delivered_at = models.DateTimeField(_("chuyển lúc"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = _("lượt chuyển gói tin")
        verbose_name_plural = _("lượt chuyển gói tin")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["message", "recipient_code"], name="hub_delivery_recipient"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["route_code", "state", "id"], name="hub_delivery_queue"),
            models.Index(fields=["state", "next_attempt_at"], name="hub_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.recipient_code} ({self.state})"


from saola.exchange.node_models import *  # noqa: E402, F403 - the node's outbox and inbox, same app
