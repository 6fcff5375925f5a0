"""Writes of the platform's PKI: authorities, issued certificates, revocation and CRLs. Each is audited."""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.db import transaction

from saola.core.audit import audit_record
from saola.core.exceptions import ConflictError
from saola.core.models import Organization, User
from saola.signing.models import CertificateAuthority, IssuedCertificate, TrustedRoot
from saola.signing.pki import builder
from saola.signing.pki.keys import PrivateKey, load_private_key, new_private_key, store_private_key
from saola.signing.pki.responders import reason_flag

CRL_VALIDITY = dt.timedelta(days=7)
# A CRL is re-signed once this much of its validity is left, so relying parties always find a
# fresh one well before its nextUpdate.
CRL_REFRESH_BEFORE = dt.timedelta(days=6)


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def _fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(_der(certificate)).hexdigest()


def _issuer(authority: CertificateAuthority) -> builder.Issuer:
    return builder.Issuer(
        slug=authority.slug,
        certificate=x509.load_der_x509_certificate(bytes(authority.certificate_der)),
        key=load_private_key(authority.key_file),
    )


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


@transaction.atomic
def authority_create(
    *, actor: User | None, slug: str, subject: x509.Name, parent: CertificateAuthority | None = None
) -> CertificateAuthority:
    """Create a root CA (no parent) or a CA subordinate to `parent`, with a fresh key and an empty CRL.

    The key is written encrypted under SAOLA_PKI_DIR; a subordinate CA is also recorded as a
    certificate issued by its parent, so the parent's CRL can revoke it.
    """
    if CertificateAuthority.objects.filter(slug=slug).exists():
        raise ConflictError(extra={"slug": slug})
    key = new_private_key()
    now = dt.datetime.now(dt.UTC)
    if parent is None:
        certificate = builder.root_certificate(key=key, subject=subject, now=now)
    else:
        certificate = builder.subordinate_certificate(key=key, subject=subject, issuer=_issuer(parent), now=now)
    authority = CertificateAuthority.objects.create(
        slug=slug,
        name=_common_name(subject),
        parent=parent,
        certificate_der=_der(certificate),
        key_file=store_private_key(key, name=f"ca-{slug}-{certificate.serial_number:X}"),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )
    if parent is not None:
        _record(issuer=parent, certificate=certificate, kind=IssuedCertificate.Kind.CA)
    crl_refresh(authority=authority, force=True)
    audit_record(actor=actor, action="pki.authority_create", obj=authority, after={"slug": slug, "parent": parent})
    return authority


def _record(
    *,
    issuer: CertificateAuthority,
    certificate: x509.Certificate,
    kind: str,
    owner_user: User | None = None,
    owner_organization: Organization | None = None,
    key_file: str = "",
) -> IssuedCertificate:
    return IssuedCertificate.objects.create(
        issuer=issuer,
        serial=f"{certificate.serial_number:X}",
        kind=kind,
        subject=certificate.subject.rfc4514_string(),
        common_name=_common_name(certificate.subject),
        owner_user=owner_user,
        owner_organization=owner_organization,
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        certificate_der=_der(certificate),
        fingerprint=_fingerprint(certificate),
        key_file=key_file,
    )


@transaction.atomic
def certificate_issue(
    *,
    actor: User | None,
    issuer: CertificateAuthority,
    kind: str,
    subject: x509.Name,
    key: PrivateKey,
    owner_user: User | None = None,
    owner_organization: Organization | None = None,
    email: str = "",
) -> IssuedCertificate:
    """Issue a personal or organisation signing certificate for `key`'s public half and record it.

    The private key is the caller's to keep (typically in a PKCS#12 credential).
    """
    now = dt.datetime.now(dt.UTC)
    certificate = builder.end_entity_certificate(key=key, subject=subject, issuer=_issuer(issuer), now=now, email=email)
    row = _record(
        issuer=issuer,
        certificate=certificate,
        kind=kind,
        owner_user=owner_user,
        owner_organization=owner_organization,
    )
    audit_record(
        actor=actor,
        action="pki.certificate_issue",
        obj=row,
        after={"serial": row.serial, "subject": row.subject, "kind": kind},
    )
    return row


@transaction.atomic
def service_certificate_issue(
    *, actor: User | None, issuer: CertificateAuthority, kind: str, subject: x509.Name
) -> IssuedCertificate:
    """Issue the TSA (`kind="tsa"`) or delegated OCSP (`kind="ocsp"`) certificate, its key stored encrypted."""
    key = new_private_key()
    now = dt.datetime.now(dt.UTC)
    make = builder.tsa_certificate if kind == IssuedCertificate.Kind.TSA else builder.ocsp_certificate
    certificate = make(key=key, subject=subject, issuer=_issuer(issuer), now=now)
    key_file = store_private_key(key, name=f"{kind}-{issuer.slug}-{certificate.serial_number:X}")
    row = _record(issuer=issuer, certificate=certificate, kind=kind, key_file=key_file)
    audit_record(actor=actor, action="pki.certificate_issue", obj=row, after={"serial": row.serial, "kind": kind})
    return row


@transaction.atomic
def certificate_revoke(
    *, actor: User | None, certificate: IssuedCertificate, reason: str, at: dt.datetime | None = None
) -> IssuedCertificate:
    """Revoke `certificate` from `at` (default now) and re-sign its issuer's CRL in the same transaction.

    From the commit on, the CRL lists it and OCSP answers `revoked`. Revoking twice is a conflict.
    """
    row = IssuedCertificate.objects.select_for_update().get(pk=certificate.pk)
    if row.revoked_at is not None:
        raise ConflictError(extra={"serial": row.serial, "revoked_at": row.revoked_at.isoformat()})
    if reason not in IssuedCertificate.Reason.values:
        reason = IssuedCertificate.Reason.UNSPECIFIED
    row.revoked_at = (at or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    row.revocation_reason = reason
    row.save(update_fields=["revoked_at", "revocation_reason"])
    crl_refresh(authority=row.issuer, force=True)
    audit_record(
        actor=actor,
        action="pki.certificate_revoke",
        obj=row,
        before={"revoked_at": None},
        after={"revoked_at": row.revoked_at, "reason": reason, "serial": row.serial},
    )
    certificate.revoked_at, certificate.revocation_reason = row.revoked_at, row.revocation_reason
    return row


@transaction.atomic
def crl_refresh(*, authority: CertificateAuthority, force: bool = False) -> CertificateAuthority:
    """Re-sign the authority's CRL when forced or when it is due; return the (locked, fresh) row.

    Listing every revoked certificate of the authority; the CRL number grows by one each time.
    Nothing is written when the current CRL is still fresh.
    """
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not force and _crl_fresh(authority, now):
        return authority
    ca = CertificateAuthority.objects.select_for_update().get(pk=authority.pk)
    if not force and _crl_fresh(ca, now):
        return ca
    issuer = _issuer(ca)
    crl_builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.certificate.subject)
        .last_update(now)
        .next_update(now + CRL_VALIDITY)
        .add_extension(x509.CRLNumber(ca.crl_number + 1), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    )
    for serial, revoked_at, reason in IssuedCertificate.objects.filter(issuer=ca, revoked_at__isnull=False).values_list(
        "serial", "revoked_at", "revocation_reason"
    ):
        if revoked_at is None:  # excluded by the filter; keeps the type checker informed
            continue
        entry = x509.RevokedCertificateBuilder().serial_number(int(serial, 16)).revocation_date(revoked_at)
        flag = reason_flag(reason)
        if flag != x509.ReasonFlags.unspecified:
            entry = entry.add_extension(x509.CRLReason(flag), critical=False)
        crl_builder = crl_builder.add_revoked_certificate(entry.build())
    crl = crl_builder.sign(issuer.key, hashes.SHA256())
    ca.crl_der = crl.public_bytes(serialization.Encoding.DER)
    ca.crl_number += 1
    ca.crl_next_update = now + CRL_VALIDITY
    ca.save(update_fields=["crl_der", "crl_number", "crl_next_update"])
    audit_record(actor=None, action="pki.crl_issue", obj=ca, after={"crl_number": ca.crl_number})
    return ca


def _crl_fresh(authority: CertificateAuthority, now: dt.datetime) -> bool:
    next_update = authority.crl_next_update
    return bool(authority.crl_der) and next_update is not None and next_update - now > CRL_REFRESH_BEFORE


def new_key() -> PrivateKey:
    """A fresh key pair for a certificate request (re-exported for the demo and tests)."""
    return new_private_key()


def parse_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes; ValidationFailed if it is neither."""
    from django.utils.translation import gettext as _

    from saola.core.exceptions import ValidationFailed

    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ValidationFailed(_("Tệp không phải chứng thư số X.509 (PEM hoặc DER).")) from exc


def trusted_root_check(data: bytes) -> x509.Certificate:
    """The CA certificate in `data` (PEM or DER), if it may become a trusted root.

    ValidationFailed for anything but a CA certificate; ConflictError if already trusted.
    """
    from django.utils.translation import gettext as _

    from saola.core.exceptions import ValidationFailed

    certificate = parse_certificate(data)
    try:
        is_ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = certificate.issuer == certificate.subject
    if not is_ca:
        raise ValidationFailed(_("Chứng thư số này không phải của một tổ chức cấp chứng thư (CA)."))
    fingerprint = _fingerprint(certificate)
    if TrustedRoot.objects.filter(fingerprint=fingerprint).exists():
        raise ConflictError(_("Chứng thư gốc này đã có trong danh sách tin cậy."), extra={"fingerprint": fingerprint})
    return certificate


@transaction.atomic
def trusted_root_create(*, actor: User | None, name: str, data: bytes, enabled: bool = True) -> TrustedRoot:
    """Trust a root certificate (PEM or DER) for validating signatures (see trusted_root_check). Audited."""
    certificate = trusted_root_check(data)
    fingerprint = _fingerprint(certificate)
    root = TrustedRoot.objects.create(
        name=name or _common_name(certificate.subject),
        certificate_der=_der(certificate),
        subject=certificate.subject.rfc4514_string(),
        fingerprint=fingerprint,
        not_after=certificate.not_valid_after_utc,
        enabled=enabled,
    )
    audit_record(
        actor=actor,
        action="pki.trusted_root_create",
        obj=root,
        after={"name": root.name, "subject": root.subject, "fingerprint": fingerprint, "enabled": enabled},
    )
    return root


@transaction.atomic
def trusted_root_update(*, actor: User | None, root: TrustedRoot, name: str, enabled: bool) -> TrustedRoot:
    """Rename or enable/disable a trusted root. Audited."""
    row = TrustedRoot.objects.select_for_update().get(pk=root.pk)
    before = {"name": row.name, "enabled": row.enabled}
    row.name, row.enabled = name, enabled
    row.save(update_fields=["name", "enabled"])
    audit_record(
        actor=actor, action="pki.trusted_root_update", obj=row, before=before, after={"name": name, "enabled": enabled}
    )
    return row
