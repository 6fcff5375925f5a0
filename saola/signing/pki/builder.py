"""Building certificates and names with `cryptography`; no database here.

Profiles follow RFC 5280 and what the government's special-use CA issues: RSA-2048 with
SHA-256, a two-level hierarchy (root → subordinate CA → end entities), end-entity certificates
with digitalSignature + nonRepudiation, CRL distribution points and OCSP/caIssuers URLs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID
from django.conf import settings

from saola.signing.pki.keys import PrivateKey

ROOT_YEARS = 20
SUBORDINATE_YEARS = 10
END_ENTITY_YEARS = 3
SERVICE_YEARS = 5
# Certificates are back-dated a little so that a clock a few minutes behind still accepts them.
BACKDATE = dt.timedelta(minutes=10)


def pki_url(path: str) -> str:
    """An absolute URL of the platform's PKI endpoints, e.g. pki_url("/pki/tsa")."""
    return settings.SAOLA_PUBLIC_URL.rstrip("/") + path


def crl_url(slug: str) -> str:
    return pki_url(f"/pki/crl/{slug}.crl")


def ocsp_url(slug: str) -> str:
    return pki_url(f"/pki/ocsp/{slug}")


def ca_cert_url(slug: str) -> str:
    return pki_url(f"/pki/ca/{slug}.crt")


def tsa_url() -> str:
    return pki_url("/pki/tsa")


def name(
    *,
    common_name: str,
    organization: str = "",
    organizational_unit: str = "",
    title: str = "",
    organization_identifier: str = "",
    user_id: str = "",
    locality: str = "",
) -> x509.Name:
    """A subject name; attributes left empty are omitted. Strings are encoded as UTF8String."""
    parts = [(NameOID.COUNTRY_NAME, "VN")]
    parts += [
        (oid, value)
        for oid, value in (
            (NameOID.LOCALITY_NAME, locality),
            (NameOID.ORGANIZATION_NAME, organization),
            (NameOID.ORGANIZATIONAL_UNIT_NAME, organizational_unit),
            (NameOID.ORGANIZATION_IDENTIFIER, organization_identifier),
            (NameOID.TITLE, title),
            (NameOID.USER_ID, user_id),
            (NameOID.COMMON_NAME, common_name),
        )
        if value
    ]
    return x509.Name([x509.NameAttribute(oid, value[:64]) for oid, value in parts])


@dataclass(frozen=True)
class Issuer:
    """What signing a certificate needs from its issuer."""

    slug: str
    certificate: x509.Certificate
    key: PrivateKey


def _base(
    *, subject: x509.Name, issuer_name: x509.Name, key: PrivateKey, years: int, now: dt.datetime
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + dt.timedelta(days=365 * years + years // 4))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


def _revocation_pointers(builder: x509.CertificateBuilder, issuer: Issuer, *, ocsp: bool) -> x509.CertificateBuilder:
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
    ).add_extension(
        x509.CRLDistributionPoints(
            [x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url(issuer.slug))], None, None, None)]
        ),
        critical=False,
    )
    access = [
        x509.AccessDescription(
            AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(ca_cert_url(issuer.slug))
        )
    ]
    if ocsp:
        access.insert(
            0,
            x509.AccessDescription(
                AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url(issuer.slug))
            ),
        )
    return builder.add_extension(x509.AuthorityInformationAccess(access), critical=False)


def _key_usage(*, signature: bool = False, non_repudiation: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signature,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def root_certificate(*, key: PrivateKey, subject: x509.Name, now: dt.datetime) -> x509.Certificate:
    builder = (
        _base(subject=subject, issuer_name=subject, key=key, years=ROOT_YEARS, now=now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
    )
    return builder.sign(key, hashes.SHA256())


def subordinate_certificate(
    *, key: PrivateKey, subject: x509.Name, issuer: Issuer, now: dt.datetime
) -> x509.Certificate:
    builder = _base(subject=subject, issuer_name=issuer.certificate.subject, key=key, years=SUBORDINATE_YEARS, now=now)
    builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True).add_extension(
        _key_usage(ca=True), critical=True
    )
    # The root has no OCSP responder: the subordinate CA's status is in the root's CRL.
    return _revocation_pointers(builder, issuer, ocsp=False).sign(issuer.key, hashes.SHA256())


def end_entity_certificate(
    *, key: PrivateKey, subject: x509.Name, issuer: Issuer, now: dt.datetime, email: str = ""
) -> x509.Certificate:
    """A signing certificate for a person or an organisation (digitalSignature + nonRepudiation)."""
    builder = _base(subject=subject, issuer_name=issuer.certificate.subject, key=key, years=END_ENTITY_YEARS, now=now)
    builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True).add_extension(
        _key_usage(signature=True, non_repudiation=True), critical=True
    )
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    return _revocation_pointers(builder, issuer, ocsp=True).sign(issuer.key, hashes.SHA256())


def tsa_certificate(*, key: PrivateKey, subject: x509.Name, issuer: Issuer, now: dt.datetime) -> x509.Certificate:
    """RFC 3161 §2.3: the only extended key usage is timeStamping, marked critical."""
    builder = _base(subject=subject, issuer_name=issuer.certificate.subject, key=key, years=SERVICE_YEARS, now=now)
    builder = (
        builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signature=True, non_repudiation=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    )
    return _revocation_pointers(builder, issuer, ocsp=True).sign(issuer.key, hashes.SHA256())


def ocsp_certificate(*, key: PrivateKey, subject: x509.Name, issuer: Issuer, now: dt.datetime) -> x509.Certificate:
    """A delegated OCSP signer (RFC 6960 §4.2.2.2) with id-pkix-ocsp-nocheck, so it needs no status itself."""
    builder = _base(subject=subject, issuer_name=issuer.certificate.subject, key=key, years=1, now=now)
    builder = (
        builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signature=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False)
        .add_extension(x509.OCSPNoCheck(), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    )
    return builder.sign(issuer.key, hashes.SHA256())
