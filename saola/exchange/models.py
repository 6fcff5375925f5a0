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
