"""Trust roots, the validation context, and which URLs are answered in-process."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from asn1crypto import x509 as asn1_x509

from saola.core.models import User
from saola.signing.credentials import credential_for
from saola.signing.fetchers import local_target
from saola.signing.models import CertificateAuthority
from saola.signing.pki.services import trusted_root_create, trusted_root_update
from saola.signing.trust import trusted_root_certificates, validation_context

pytestmark = pytest.mark.django_db


def test_local_target_recognises_only_the_platforms_pki_urls(settings: object) -> None:
    settings.SAOLA_PUBLIC_URL = "https://dichvucong.sonla.gov.vn"  # type: ignore[attr-defined]
    base = "https://dichvucong.sonla.gov.vn"
    assert local_target(f"{base}/pki/crl/saola-ca.crl") == ("crl", "saola-ca")
    assert local_target(f"{base}/pki/ocsp/saola-ca") == ("ocsp", "saola-ca")
    assert local_target(f"{base}/pki/ca/saola-root.crt") == ("ca", "saola-root")
    for foreign in (
        "http://dichvucong.sonla.gov.vn/pki/crl/saola-ca.crl",  # other scheme
        "https://dichvucong.sonla.gov.vn.evil.example/pki/crl/saola-ca.crl",
        "https://ca.gov.vn/pki/crl/saola-ca.crl",
        f"{base}/pki/crl/saola-ca",  # no .crl
        f"{base}/pki/crl/a/b.crl",
        f"{base}/khac/crl/saola-ca.crl",
    ):
        assert local_target(foreign) is None, foreign


def test_trust_list_is_the_own_root_plus_enabled_trusted_roots(
    pki: tuple[CertificateAuthority, CertificateAuthority],
) -> None:
    own_root = bytes(pki[0].certificate_der)
    assert [c.dump() for c in trusted_root_certificates()] == [own_root]
    other = trusted_root_create(actor=None, name="CA khác", data=bytes(pki[1].certificate_der))
    assert {c.dump() for c in trusted_root_certificates()} == {own_root, bytes(other.certificate_der)}
    trusted_root_update(actor=None, root=other, name=other.name, enabled=False)
    assert [c.dump() for c in trusted_root_certificates()] == [own_root]


def test_validation_context_validates_a_leader_certificate_with_revocation_checks(
    pki: tuple[CertificateAuthority, CertificateAuthority], signing_leader: User
) -> None:
    from pyhanko_certvalidator import CertificateValidator

    cert = asn1_x509.Certificate.load(bytes(credential_for(user=signing_leader).certificate_der))
    context = validation_context(for_signing=True)
    path = asyncio.run(CertificateValidator(cert, validation_context=context).async_validate_usage({"non_repudiation"}))
    assert path.first.dump() == bytes(pki[0].certificate_der)
    # The revocation data used came from the platform's own responder and CRL, in-process.
    assert context.ocsps and context.crls
    past = validation_context(moment=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    assert not past.fetching_allowed
