"""Admin for the PKI and signing credentials. Every write goes through an audited service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from saola.core.admin import AuditedDeleteMixin, ReadOnlyAdmin, copy_saved, request_actor
from saola.core.exceptions import SaolaError
from saola.signing.credentials import (
    MAX_IMAGE_BYTES,
    SEAL_DIAMETER_RANGE,
    _checked_png,
    credential_deactivate,
    seal_image_set,
    signature_image_set,
)
from saola.signing.models import (
    CertificateAuthority,
    IssuedCertificate,
    SealImage,
    SignatureImage,
    SigningCredential,
    TrustedRoot,
)
from saola.signing.pki.services import certificate_revoke, trusted_root_check, trusted_root_create, trusted_root_update

MAX_CERTIFICATE_BYTES = 64 * 1024


class TrustedRootForm(forms.ModelForm[TrustedRoot]):
    certificate_file = forms.FileField(
        label=_("Tệp chứng thư gốc (PEM hoặc DER)"), required=False, help_text=_("Tệp .crt, .cer hoặc .pem.")
    )

    class Meta:
        model = TrustedRoot
        fields = ("name", "enabled")

    def clean_certificate_file(self) -> bytes | None:
        upload = self.cleaned_data.get("certificate_file")
        if upload is None:
            if self.instance.pk is None:
                raise forms.ValidationError(_("Cần tải lên tệp chứng thư gốc."))
            return None
        if upload.size > MAX_CERTIFICATE_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn so với một chứng thư số."))
        data = bytes(upload.read())
        try:
            trusted_root_check(data)
        except SaolaError as exc:
            raise forms.ValidationError(str(exc.message)) from exc
        return data


@admin.register(TrustedRoot)
class TrustedRootAdmin(AuditedDeleteMixin[TrustedRoot]):
    form = TrustedRootForm
    audit_prefix = "pki.trusted_root"
    list_display = ("name", "subject", "not_after", "enabled")
    list_filter = ("enabled",)
    readonly_fields = ("subject", "fingerprint", "not_after", "created_at")

    def save_model(self, request: HttpRequest, obj: TrustedRoot, form: Any, change: bool) -> None:
        actor = request_actor(request)
        if change:
            saved = trusted_root_update(actor=actor, root=obj, name=obj.name, enabled=obj.enabled)
        else:
            saved = trusted_root_create(
                actor=actor, name=obj.name, data=form.cleaned_data["certificate_file"], enabled=obj.enabled
            )
        copy_saved(obj, saved)


@admin.register(CertificateAuthority)
class CertificateAuthorityAdmin(ReadOnlyAdmin[CertificateAuthority]):
    list_display = ("name", "slug", "parent", "not_after", "crl_number", "crl_next_update")
    readonly_fields = ("slug", "name", "parent", "not_before", "not_after", "crl_number", "crl_next_update")
    exclude = ("certificate_der", "crl_der", "key_file")


def _revoke(request: HttpRequest, queryset: QuerySet[IssuedCertificate], reason: str) -> None:
    done = 0
    for certificate in queryset.filter(revoked_at__isnull=True):
        certificate_revoke(actor=request_actor(request), certificate=certificate, reason=reason)
        done += 1
    messages.success(request, _("Đã thu hồi %(count)d chứng thư số.") % {"count": done})


@admin.register(IssuedCertificate)
class IssuedCertificateAdmin(admin.ModelAdmin[IssuedCertificate]):
    list_display = ("common_name", "kind", "serial", "issuer", "not_after", "revoked_at", "revocation_reason")
    list_filter = ("kind", "issuer", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("common_name", "serial", "subject")
    exclude = ("certificate_der", "key_file")
    actions = ("revoke_unspecified", "revoke_key_compromise", "revoke_affiliation_changed")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Thu hồi chứng thư số đã chọn (không nêu lý do)"), permissions=["change"])
    def revoke_unspecified(self, request: HttpRequest, queryset: QuerySet[IssuedCertificate]) -> None:
        _revoke(request, queryset, IssuedCertificate.Reason.UNSPECIFIED)

    @admin.action(description=_("Thu hồi chứng thư số đã chọn: lộ khóa bí mật"), permissions=["change"])
    def revoke_key_compromise(self, request: HttpRequest, queryset: QuerySet[IssuedCertificate]) -> None:
        _revoke(request, queryset, IssuedCertificate.Reason.KEY_COMPROMISE)

    @admin.action(description=_("Thu hồi chứng thư số đã chọn: thay đổi đơn vị công tác"), permissions=["change"])
    def revoke_affiliation_changed(self, request: HttpRequest, queryset: QuerySet[IssuedCertificate]) -> None:
        _revoke(request, queryset, IssuedCertificate.Reason.AFFILIATION_CHANGED)


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin[SigningCredential]):
    list_display = ("__str__", "kind", "subject", "not_after", "active")
    list_filter = ("kind", "active")
    search_fields = ("subject", "user__full_name", "organization__name")
    exclude = ("certificate_der", "pkcs12_file")
    actions = ("deactivate",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Ngừng dùng các khóa ký số đã chọn"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[SigningCredential]) -> None:
        for credential in queryset.filter(active=True):
            credential_deactivate(actor=request_actor(request), credential=credential)


def _png_upload(form: forms.BaseForm) -> bytes:
    upload = form.cleaned_data.get("upload")
    if upload is None:
        raise forms.ValidationError(_("Cần tải lên ảnh PNG."))
    data = bytes(upload.read(MAX_IMAGE_BYTES + 1))
    try:
        _checked_png(data)
    except SaolaError as exc:
        raise forms.ValidationError(str(exc.message)) from exc
    return data


class SignatureImageForm(forms.ModelForm[SignatureImage]):
    upload = forms.FileField(label=_("Ảnh chữ ký (PNG, nền trong suốt, màu xanh)"))

    class Meta:
        model = SignatureImage
        fields = ("user",)

    def clean_upload(self) -> bytes:
        return _png_upload(self)


class SealImageForm(forms.ModelForm[SealImage]):
    upload = forms.FileField(label=_("Ảnh con dấu (PNG, nền trong suốt, màu đỏ)"))

    class Meta:
        model = SealImage
        fields = ("organization", "diameter_mm")

    def clean_upload(self) -> bytes:
        return _png_upload(self)

    def clean_diameter_mm(self) -> Decimal:
        value: Decimal = self.cleaned_data["diameter_mm"]
        if not SEAL_DIAMETER_RANGE[0] <= value <= SEAL_DIAMETER_RANGE[1]:
            raise forms.ValidationError(_("Đường kính con dấu phải từ 20 đến 60 mm."))
        return value


@admin.register(SignatureImage)
class SignatureImageAdmin(AuditedDeleteMixin[SignatureImage]):
    form = SignatureImageForm
    audit_prefix = "signing.signature_image"
    list_display = ("user", "updated_at")
    raw_id_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: SignatureImage, form: Any, change: bool) -> None:
        saved = signature_image_set(actor=request_actor(request), user=obj.user, png=form.cleaned_data["upload"])
        copy_saved(obj, saved)


@admin.register(SealImage)
class SealImageAdmin(AuditedDeleteMixin[SealImage]):
    form = SealImageForm
    audit_prefix = "signing.seal_image"
    list_display = ("organization", "diameter_mm", "updated_at")
    raw_id_fields = ("organization",)

    def save_model(self, request: HttpRequest, obj: SealImage, form: Any, change: bool) -> None:
        saved = seal_image_set(
            actor=request_actor(request),
            organization=obj.organization,
            png=form.cleaned_data["upload"],
            diameter_mm=obj.diameter_mm,
        )
        copy_saved(obj, saved)
