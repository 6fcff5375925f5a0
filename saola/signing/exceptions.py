"""Errors of the signing app: PKI, credentials, signing and verification."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from saola.core.exceptions import ConflictError, ExternalServiceError, NotFoundError, ValidationFailed


class SigningError(ValidationFailed):
    """The document could not be signed as asked (bad PDF, bad box, missing field...)."""

    default_message = _("Không ký được tài liệu.")


class WrongSecret(ValidationFailed):
    """The passphrase of a key file or the PIN of a token is wrong; nothing was signed."""

    default_message = _("Mật khẩu khóa bí mật hoặc mã PIN của thiết bị ký số không đúng.")


class CredentialMissing(NotFoundError):
    """The person or organisation has no active signing credential."""

    default_message = _("Chưa có chứng thư số và khóa bí mật để ký.")


class CertificateUnusable(ConflictError):
    """The signing certificate is revoked, expired, not yet valid, or fails validation."""

    default_message = _("Chứng thư số không còn hiệu lực; không thể ký.")


class PKINotReady(ConflictError):
    """The platform's CA, TSA or OCSP responder has not been set up (`saola pki init-demo`)."""

    default_message = _("Hạ tầng chứng thực của hệ thống chưa được khởi tạo.")


class TimestampUnavailable(ExternalServiceError):
    """The time-stamping authority did not answer or refused the request."""

    default_message = _("Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian.")


class SignatureFontMissing(SigningError):
    """The font configured in SAOLA_SIGNATURE_FONT does not exist."""

    default_message = _("Không tìm thấy phông chữ dùng cho chữ ký số (SAOLA_SIGNATURE_FONT).")
