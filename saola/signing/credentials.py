"""Signing credentials: binding a person or an organisation to a certificate and its key.

A PKCS#12 credential is an encrypted file in private storage, opened with the passphrase its
holder types at signing time (never stored). A PKCS#11 credential names a token and a key on
it, opened with the PIN typed at signing time; the key never leaves the device.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from saola.core.audit import audit_record
from saola.core.models import Organization, User
from saola.core.services import model_full_clean
from saola.signing.exceptions import CredentialMissing, SigningError, WrongSecret
from saola.signing.models import CertificateAuthority, IssuedCertificate, SealImage, SignatureImage, SigningCredential
from saola.signing.pki.keys import PrivateKey

# PBKDF2 rounds of the PKCS#12 key bag and MAC: a few milliseconds per signature, and guessing a
# leaked file's passphrase is correspondingly slower.
PKCS12_KDF_ROUNDS = 50_000


def _chain(issued: IssuedCertificate) -> list[x509.Certificate]:
    chain: list[x509.Certificate] = []
    authority: CertificateAuthority | None = issued.issuer
    while authority is not None:
        chain.append(x509.load_der_x509_certificate(bytes(authority.certificate_der)))
        authority = authority.parent
    return chain


def _holder_filter(user: User | None, organization: Organization | None) -> dict[str, object]:
    if (user is None) == (organization is None):
        raise SigningError(_("Khóa ký số thuộc về đúng một cá nhân hoặc một cơ quan."))
    return {"user": user} if user is not None else {"organization": organization}


@transaction.atomic
def credential_create_pkcs12(
    *,
    actor: User | None,
    certificate: IssuedCertificate,
    key: PrivateKey,
    passphrase: str,
    user: User | None = None,
    organization: Organization | None = None,
) -> SigningCredential:
    """Store `key` + `certificate` (+ its CA chain) as an encrypted PKCS#12 credential of the holder.

    Earlier credentials of the same holder are deactivated. Audited; the passphrase is not kept.
    """
    holder = _holder_filter(user, organization)
    cert = x509.load_der_x509_certificate(bytes(certificate.certificate_der))
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(PKCS12_KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode())
    )
    data = pkcs12.serialize_key_and_certificates(
        certificate.common_name.encode(), key, cert, _chain(certificate), encryption
    )
    SigningCredential.objects.filter(**holder, active=True).update(active=False)
    credential = SigningCredential(
        kind=SigningCredential.Kind.PKCS12,
        certificate_der=bytes(certificate.certificate_der),
        issued=certificate,
        subject=certificate.subject,
        not_after=certificate.not_after,
        **holder,
    )
    credential.pkcs12_file.save(f"{certificate.fingerprint[:32]}.p12", ContentFile(data), save=False)
    model_full_clean(credential)
    credential.save()
    audit_record(actor=actor, action="signing.credential_create", obj=credential, after={"kind": "pkcs12", **holder})
    return credential


@transaction.atomic
def credential_create_pkcs11(
    *,
    actor: User | None,
    certificate_der: bytes,
    token_label: str,
    key_label: str,
    module: str = "",
    user: User | None = None,
    organization: Organization | None = None,
) -> SigningCredential:
    """Bind the holder to a key on a PKCS#11 token (e.g. an organisation's seal token)."""
    holder = _holder_filter(user, organization)
    cert = x509.load_der_x509_certificate(certificate_der)
    serial = f"{cert.serial_number:X}"
    issued = IssuedCertificate.objects.filter(serial=serial, certificate_der=certificate_der).first()
    SigningCredential.objects.filter(**holder, active=True).update(active=False)
    credential = SigningCredential(
        kind=SigningCredential.Kind.PKCS11,
        certificate_der=certificate_der,
        issued=issued,
        subject=cert.subject.rfc4514_string(),
        not_after=cert.not_valid_after_utc,
        pkcs11_module=module,
        token_label=token_label,
        key_label=key_label,
        **holder,
    )
    model_full_clean(credential)
    credential.save()
    audit_record(
        actor=actor,
        action="signing.credential_create",
        obj=credential,
        after={"kind": "pkcs11", "token_label": token_label, "key_label": key_label, **holder},
    )
    return credential


@transaction.atomic
def credential_deactivate(*, actor: User | None, credential: SigningCredential) -> SigningCredential:
    """Stop using a credential (the key file stays, for the record). Audited."""
    row = SigningCredential.objects.select_for_update().get(pk=credential.pk)
    if row.active:
        row.active = False
        row.save(update_fields=["active"])
        audit_record(
            actor=actor,
            action="signing.credential_deactivate",
            obj=row,
            before={"active": True},
            after={"active": False},
        )
    return row


def credential_for(*, user: User | None = None, organization: Organization | None = None) -> SigningCredential:
    """The holder's active credential (the newest); CredentialMissing if none."""
    credential = (
        SigningCredential.objects.select_related("issued")
        .filter(**_holder_filter(user, organization), active=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if credential is None:
        raise CredentialMissing()
    return credential


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def credential_chain(credential: SigningCredential) -> list[asn1_x509.Certificate]:
    """The CA certificates above the credential's certificate, when issued by the platform."""
    return [_asn1(c) for c in _chain(credential.issued)] if credential.issued else []


@contextlib.contextmanager
def open_signer(credential: SigningCredential, *, secret: str) -> Iterator[Signer]:
    """A pyHanko signer for `credential`, unlocked with `secret` (passphrase or PIN).

    Raises WrongSecret when the passphrase or PIN is refused. A PKCS#11 session stays open
    for the duration of the block.
    """
    if credential.kind == SigningCredential.Kind.PKCS12:
        with credential.pkcs12_file.open("rb") as handle:
            data = handle.read()
        yield _pkcs12_signer(
            data, passphrase=secret, certificate=certificate_of(credential), chain=credential_chain(credential)
        )
        return
    with _pkcs11_signer(credential, secret=secret) as signer:
        yield signer


class KeySigner(SimpleSigner):
    """pyHanko's SimpleSigner keeping the decrypted key as a `cryptography` object.

    SimpleSigner re-parses its key for every raw signature, and OpenSSL re-checks an RSA key on
    each parse (~35 ms for 2048 bits); it also signs for real when only the size is asked
    (dry run). This signer parses once and answers dry runs with the signature's length.
    """

    def __init__(self, *, key: rsa.RSAPrivateKey, **kwargs: Any) -> None:
        self.key = key
        super().__init__(**kwargs)

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if dry_run:
            return bytes(self.key.key_size // 8)
        return self.sign_raw(data, digest_algorithm)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism["algorithm"].native != "sha256_rsa" or digest_algorithm != "sha256":
            return super().sign_raw(data, digest_algorithm)
        return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def _shrouded_key(data: bytes, passphrase: bytes) -> rsa.RSAPrivateKey | None:
    """The RSA key of a PKCS#12 file whose key bag is PBES2-encrypted in a plain SafeContents (the
    layout this module writes, and OpenSSL 3's); None for any other layout.

    `cryptography`'s PKCS#12 loader re-checks the RSA key on every load, ~45 ms of a ~100 ms
    signature; the key was checked when the credential was made, so it is decrypted here without
    that check. The file's MAC is not verified: a wrong passphrase fails the decryption, and the
    key must match the credential's certificate (checked by the caller).
    """
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        for info in pfx.authenticated_safe:
            if info["content_type"].native != "data":
                continue
            for bag in asn1_pkcs12.SafeContents.load(info["content"].native):
                if bag["bag_id"].native != "pkcs8_shrouded_key_bag":
                    continue
                # PKCS#12's own PBE schemes derive keys from the BMPString password: leave them to
                # the full loader.
                if bag["bag_value"]["encryption_algorithm"]["algorithm"].native != "pbes2":
                    return None
                key = serialization.load_der_private_key(
                    bag["bag_value"].untag().dump(), passphrase, unsafe_skip_rsa_key_validation=True
                )
                return key if isinstance(key, rsa.RSAPrivateKey) else None
    except (ValueError, TypeError, KeyError) as exc:
        if "password" in str(exc).lower():
            raise WrongSecret() from exc
        return None
    return None


def _pkcs12_signer(
    data: bytes, *, passphrase: str, certificate: x509.Certificate, chain: list[asn1_x509.Certificate]
) -> Signer:
    key = _shrouded_key(data, passphrase.encode())
    if key is None:
        try:
            loaded, _cert, _extra = pkcs12.load_key_and_certificates(data, passphrase.encode())
        except ValueError as exc:
            raise WrongSecret() from exc
        key = loaded if isinstance(loaded, rsa.RSAPrivateKey) else None
    public = certificate.public_key()
    if (
        key is None
        or not isinstance(public, rsa.RSAPublicKey)
        or key.public_key().public_numbers() != public.public_numbers()
    ):
        raise SigningError(_("Khóa bí mật trong tệp PKCS#12 không khớp với chứng thư số."))
    registry = SimpleCertificateStore()
    registry.register_multiple(chain)
    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return KeySigner(key=key, signing_cert=_asn1(certificate), signing_key=key_info, cert_registry=registry)


@contextlib.contextmanager
def _pkcs11_signer(credential: SigningCredential, *, secret: str) -> Iterator[Signer]:
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    module = credential.pkcs11_module or settings.SAOLA_PKCS11_MODULE
    try:
        session = open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=credential.token_label), user_pin=secret
        )
    except (pkcs11.exceptions.PinIncorrect, pkcs11.exceptions.PinLenRange, pkcs11.exceptions.PinInvalid) as exc:
        raise WrongSecret() from exc
    except (pkcs11.PKCS11Error, OSError, RuntimeError) as exc:
        raise SigningError(
            _("Không mở được thiết bị ký số “%(token)s”.") % {"token": credential.token_label},
            extra={"reason": str(exc)},
        ) from exc
    try:
        yield PKCS11Signer(
            session,
            key_label=credential.key_label,
            signing_cert=asn1_x509.Certificate.load(bytes(credential.certificate_der)),
            ca_chain=credential_chain(credential),
            other_certs_to_pull=(),
        )
    finally:
        session.close()


def certificate_of(credential: SigningCredential) -> x509.Certificate:
    return x509.load_der_x509_certificate(bytes(credential.certificate_der))


def ensure_usable(credential: SigningCredential, *, now: dt.datetime | None = None) -> None:
    """Refuse (CertificateUnusable) a revoked, expired or not-yet-valid certificate before signing."""
    from saola.signing.exceptions import CertificateUnusable

    now = now or dt.datetime.now(dt.UTC)
    cert = certificate_of(credential)
    if credential.issued_id is not None:
        issued = IssuedCertificate.objects.only("revoked_at").get(pk=credential.issued_id)
        if issued.revoked_at is not None and issued.revoked_at <= now:
            raise CertificateUnusable(
                _("Chứng thư số đã bị thu hồi từ %(at)s; không thể ký.")
                % {"at": issued.revoked_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M")},
                extra={"serial": issued.serial},
            )
    if cert.not_valid_after_utc <= now:
        raise CertificateUnusable(
            _("Chứng thư số đã hết hạn; không thể ký."), extra={"serial": f"{cert.serial_number:X}"}
        )
    if cert.not_valid_before_utc > now:
        raise CertificateUnusable(
            _("Chứng thư số chưa đến thời hạn hiệu lực; không thể ký."), extra={"serial": f"{cert.serial_number:X}"}
        )


MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 4000
# Round seals of state agencies are a few centimetres across; outside this range is a typing error.
SEAL_DIAMETER_RANGE = (Decimal("20"), Decimal("60"))


def _checked_png(data: bytes) -> bytes:
    """`data` if it is a PNG with an alpha channel (Decree 30/2020: transparent background)."""
    import io

    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_IMAGE_BYTES or not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise SigningError(_("Ảnh phải là tệp PNG không quá 2 MB."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            transparent = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise SigningError(_("Ảnh phải là tệp PNG không quá 2 MB.")) from exc
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        raise SigningError(_("Kích thước ảnh không hợp lệ."))
    if not transparent:
        raise SigningError(_("Ảnh chữ ký, con dấu phải có nền trong suốt."))
    return data


@transaction.atomic
def signature_image_set(*, actor: User | None, user: User, png: bytes) -> SignatureImage:
    """Set the person's handwritten signature image (blue, PNG with transparency). Audited."""
    image = SignatureImage.objects.filter(user=user).first() or SignatureImage(user=user)
    image.image.save(
        f"{user.pk}-{hashlib.sha256(png).hexdigest()[:12]}.png", ContentFile(_checked_png(png)), save=False
    )
    image.save()
    audit_record(actor=actor, action="signing.signature_image_set", obj=image, after={"user": user.pk})
    return image


@transaction.atomic
def seal_image_set(*, actor: User | None, organization: Organization, png: bytes, diameter_mm: Decimal) -> SealImage:
    """Set the organisation's seal image (red, PNG with transparency) and its real diameter. Audited."""
    if not SEAL_DIAMETER_RANGE[0] <= diameter_mm <= SEAL_DIAMETER_RANGE[1]:
        raise SigningError(_("Đường kính con dấu phải từ 20 đến 60 mm."), fields={"diameter_mm": ["20–60"]})
    seal = SealImage.objects.filter(organization=organization).first() or SealImage(organization=organization)
    seal.diameter_mm = diameter_mm
    seal.image.save(
        f"{organization.code}-{hashlib.sha256(png).hexdigest()[:12]}.png", ContentFile(_checked_png(png)), save=False
    )
    seal.save()
    audit_record(
        actor=actor,
        action="signing.seal_image_set",
        obj=seal,
        after={"organization": organization.pk, "diameter_mm": diameter_mm},
    )
    return seal
