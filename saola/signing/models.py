"""PKI and signing data: authorities, issued certificates, trusted roots, signing credentials, images.

Private keys never live in these rows: CA, TSA and OCSP keys are encrypted PKCS#8 files under
settings.SAOLA_PKI_DIR; a person's or an organisation's key is an encrypted PKCS#12 file in
private storage (opened with the passphrase its holder types when signing) or stays on a PKCS#11
token.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from saola.core.models import Organization, User


class CertificateAuthority(models.Model):
    """One of the platform's own certification authorities (the root or a subordinate CA)."""

    slug = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("CA cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certificate_der = models.BinaryField(_("chứng thư số (DER)"))
    # Relative to settings.SAOLA_PKI_DIR; the file is encrypted PKCS#8.
    key_file = models.CharField(_("tệp khóa bí mật"), max_length=255)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    # The current CRL, re-signed when a certificate is revoked or when it comes close to its
    # next update; the number only ever grows (RFC 5280 §5.2.3).
    crl_der = models.BinaryField(_("danh sách thu hồi (DER)"), default=b"")
    crl_number = models.PositiveBigIntegerField(_("số CRL"), default=0)
    crl_next_update = models.DateTimeField(_("CRL cập nhật tiếp"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["id"]
        verbose_name = _("tổ chức cấp chứng thư số của hệ thống")
        verbose_name_plural = _("tổ chức cấp chứng thư số của hệ thống")

    def __str__(self) -> str:
        return self.name


class IssuedCertificate(models.Model):
    """A certificate issued by one of the platform's CAs, with its revocation state."""

    class Kind(models.TextChoices):
        CA = "ca", _("CA cấp dưới")
        PERSONAL = "personal", _("Cá nhân")
        ORGANIZATION = "organization", _("Cơ quan, tổ chức")
        TSA = "tsa", _("Máy chủ cấp dấu thời gian")
        OCSP = "ocsp", _("Máy chủ trả lời trạng thái (OCSP)")

    class Reason(models.TextChoices):
        # RFC 5280 §5.3.1 reason codes, by their asn1crypto / cryptography names.
        UNSPECIFIED = "unspecified", _("Không nêu lý do")
        KEY_COMPROMISE = "key_compromise", _("Lộ khóa bí mật")
        CA_COMPROMISE = "ca_compromise", _("Lộ khóa của CA")
        AFFILIATION_CHANGED = "affiliation_changed", _("Thay đổi đơn vị công tác")
        SUPERSEDED = "superseded", _("Đã được thay thế")
        CESSATION_OF_OPERATION = "cessation_of_operation", _("Ngừng hoạt động")
        CERTIFICATE_HOLD = "certificate_hold", _("Tạm dừng")

    issuer = models.ForeignKey(CertificateAuthority, on_delete=models.PROTECT, related_name="issued")
    # Hexadecimal, upper case: serials reach 20 bytes, more than a database integer holds.
    serial = models.CharField(_("số hiệu"), max_length=40)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    subject = models.CharField(_("chủ thể"), max_length=1000)
    common_name = models.CharField(_("tên chủ thể"), max_length=255)
    owner_user = models.ForeignKey(
        User, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    owner_organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan, tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    certificate_der = models.BinaryField(_("chứng thư số (DER)"))
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True)
    # For the TSA and OCSP certificates: their encrypted PKCS#8 key under SAOLA_PKI_DIR.
    key_file = models.CharField(_("tệp khóa bí mật"), max_length=255, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revocation_reason = models.CharField(_("lý do thu hồi"), max_length=32, choices=Reason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("chứng thư số đã cấp")
        verbose_name_plural = _("chứng thư số đã cấp")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["issuer", "serial"], name="uniq_issued_certificate_serial"),
        ]
        indexes: ClassVar = [models.Index(fields=["kind", "revoked_at"], name="issued_cert_kind_revoked")]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.serial[:12]}…)"

    @property
    def serial_int(self) -> int:
        return int(self.serial, 16)


class TrustedRoot(models.Model):
    """A root certificate the platform trusts when validating signatures (besides its own root)."""

    name = models.CharField(_("tên"), max_length=255)
    certificate_der = models.BinaryField(_("chứng thư số (DER)"))
    subject = models.CharField(_("chủ thể"), max_length=1000, editable=False)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True, editable=False)
    not_after = models.DateTimeField(_("hiệu lực đến"), editable=False)
    enabled = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("chứng thư gốc tin cậy")

    def __str__(self) -> str:
        return self.name


def credential_file_path(instance: SigningCredential, filename: str) -> str:
    return f"private/signing/credentials/{filename}"


class SigningCredential(models.Model):
    """A certificate and the key that signs with it, held by a person or an organisation."""

    class Kind(models.TextChoices):
        PKCS12 = "pkcs12", _("Tệp khóa PKCS#12 (mật khẩu)")
        PKCS11 = "pkcs11", _("Thiết bị ký số PKCS#11 (mã PIN)")

    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        User, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan, tổ chức"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    certificate_der = models.BinaryField(_("chứng thư số (DER)"))
    # Set when the certificate was issued by the platform's own CA (revocation known locally).
    issued = models.ForeignKey(
        IssuedCertificate, verbose_name=_("chứng thư số"), null=True, blank=True, on_delete=models.PROTECT
    )
    subject = models.CharField(_("chủ thể"), max_length=1000, editable=False)
    not_after = models.DateTimeField(_("hiệu lực đến"))
    pkcs12_file = models.FileField(_("tệp PKCS#12"), upload_to=credential_file_path, blank=True, max_length=255)
    # Empty: settings.SAOLA_PKCS11_MODULE.
    pkcs11_module = models.CharField(_("thư viện PKCS#11"), max_length=255, blank=True)
    token_label = models.CharField(_("nhãn thiết bị"), max_length=64, blank=True)
    key_label = models.CharField(_("nhãn khóa"), max_length=64, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("khóa ký số")
        verbose_name_plural = _("khóa ký số")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, organization__isnull=True)
                    | models.Q(user__isnull=True, organization__isnull=False)
                ),
                name="signing_credential_one_holder",
            ),
        ]

    def __str__(self) -> str:
        holder = self.user or self.organization
        return f"{holder} — {self.get_kind_display()}"

    def clean(self) -> None:
        if (self.user_id is None) == (self.organization_id is None):
            raise ValidationError(_("Khóa ký số thuộc về đúng một cá nhân hoặc một cơ quan."))
        if self.kind == self.Kind.PKCS12 and not self.pkcs12_file:
            raise ValidationError({"pkcs12_file": _("Cần tệp PKCS#12.")})
        if self.kind == self.Kind.PKCS11 and not (self.token_label and self.key_label):
            raise ValidationError({"token_label": _("Cần nhãn thiết bị và nhãn khóa.")})


def signature_image_path(instance: SignatureImage, filename: str) -> str:
    return f"private/signing/signatures/{filename}"


def seal_image_path(instance: SealImage, filename: str) -> str:
    return f"private/signing/seals/{filename}"


class SignatureImage(models.Model):
    """A person's handwritten signature: blue, PNG with a transparent background (Decree 30/2020)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="signature_image")
    image = models.FileField(_("ảnh chữ ký"), upload_to=signature_image_path, max_length=255)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ảnh chữ ký")
        verbose_name_plural = _("ảnh chữ ký")

    def __str__(self) -> str:
        return str(self.user)


class SealImage(models.Model):
    """An organisation's seal: red, PNG with a transparent background, shown at its actual size."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="seal_image")
    image = models.FileField(_("ảnh con dấu"), upload_to=seal_image_path, max_length=255)
    diameter_mm = models.DecimalField(_("đường kính (mm)"), max_digits=5, decimal_places=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ảnh con dấu")
        verbose_name_plural = _("ảnh con dấu")

    def __str__(self) -> str:
        return str(self.organization)
