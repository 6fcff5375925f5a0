"""The platform's PKI: certificates, CRL and OCSP answers, RFC 3161 time stamps, revocation."""

from __future__ import annotations

import base64
import hashlib
import os

import pytest
from asn1crypto import algos, core, tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID
from django.test import Client

from saola.core.exceptions import ConflictError
from saola.core.models import AuditEntry, User
from saola.demo.loader import DEMO_PASSWORD
from saola.demo.orgs import load_current_organizations
from saola.demo.people import load_officers
from saola.demo.pki import SUB_SLUG, load_demo_pki
from saola.signing.credentials import credential_for
from saola.signing.models import CertificateAuthority, IssuedCertificate, SealImage, SignatureImage, SigningCredential
from saola.signing.pki.responders import TSA_POLICY_OID
from saola.signing.pki.services import certificate_revoke

pytestmark = pytest.mark.django_db


def _cert(der: bytes | memoryview) -> x509.Certificate:
    return x509.load_der_x509_certificate(bytes(der))


def _sub(pki: tuple[CertificateAuthority, CertificateAuthority]) -> x509.Certificate:
    return _cert(pki[1].certificate_der)


def _leader_certificate(user: User) -> IssuedCertificate:
    issued = credential_for(user=user).issued
    assert issued is not None
    return issued


def test_demo_pki_gives_every_leader_and_their_organisation_a_credential(settings: object) -> None:
    load_current_organizations()
    load_officers(password=DEMO_PASSWORD)
    created = load_demo_pki(passphrase=DEMO_PASSWORD)
    leaders = User.objects.filter(roles__role="unit_leader").distinct()
    organisations = {u.roles.get(role="unit_leader").organization for u in leaders}
    assert leaders.count() >= 4 and len(organisations) >= 4
    assert len(created) == leaders.count() + len(organisations)
    for leader in leaders:
        credential = credential_for(user=leader)
        assert credential.kind == SigningCredential.Kind.PKCS12
        assert credential.issued.owner_user == leader  # type: ignore[union-attr]
        assert SignatureImage.objects.filter(user=leader).exists()
    for organisation in organisations:
        cert = _cert(credential_for(organization=organisation).certificate_der)
        assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == organisation.name
        assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)[0].value == organisation.code
        assert SealImage.objects.get(organization=organisation).diameter_mm > 0
    kinds = set(IssuedCertificate.objects.values_list("kind", flat=True))
    assert kinds == {"ca", "personal", "organization", "tsa", "ocsp"}
    # Keys are encrypted files under SAOLA_PKI_DIR, never in the database.
    for authority in CertificateAuthority.objects.all():
        pem = (settings.SAOLA_PKI_DIR / authority.key_file).read_bytes()  # type: ignore[attr-defined]
        assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        assert os.stat(settings.SAOLA_PKI_DIR / authority.key_file).st_mode & 0o077 == 0  # type: ignore[attr-defined]
    # Idempotent.
    audit_rows = AuditEntry.objects.count()
    assert load_demo_pki(passphrase=DEMO_PASSWORD) == []
    assert AuditEntry.objects.count() == audit_rows


def test_certificates_point_at_the_platform_crl_ocsp_and_tsa_urls(
    pki: tuple[CertificateAuthority, CertificateAuthority], signing_leader: User, settings: object
) -> None:
    base = settings.SAOLA_PUBLIC_URL  # type: ignore[attr-defined]
    cert = _cert(_leader_certificate(signing_leader).certificate_der)
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == f"{base}/pki/crl/{SUB_SLUG}.crl"
    access = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    urls = {a.access_method: a.access_location.value for a in access}
    assert urls[AuthorityInformationAccessOID.OCSP] == f"{base}/pki/ocsp/{SUB_SLUG}"
    assert urls[AuthorityInformationAccessOID.CA_ISSUERS] == f"{base}/pki/ca/{SUB_SLUG}.crt"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    tsa = _cert(IssuedCertificate.objects.get(kind="tsa").certificate_der)
    eku = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    responder = _cert(IssuedCertificate.objects.get(kind="ocsp").certificate_der)
    assert responder.extensions.get_extension_for_class(x509.OCSPNoCheck)


def _crl(client: Client, slug: str = SUB_SLUG) -> x509.CertificateRevocationList:
    response = client.get(f"/pki/crl/{slug}.crl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    return x509.load_der_x509_crl(response.content)


def test_crl_is_signed_by_its_ca_and_lists_revoked_certificates(
    pki: tuple[CertificateAuthority, CertificateAuthority], signing_leader: User, client: Client
) -> None:
    crl = _crl(client)
    assert crl.is_signature_valid(_sub(pki).public_key())
    assert len(crl) == 0
    number = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    issued = _leader_certificate(signing_leader)
    certificate_revoke(actor=None, certificate=issued, reason=IssuedCertificate.Reason.AFFILIATION_CHANGED)
    crl = _crl(client)
    entry = crl.get_revoked_certificate_by_serial_number(issued.serial_int)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.affiliation_changed
    assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == number + 1
    assert client.get("/pki/crl/khong-co.crl").status_code == 404
    # The root's CRL covers the subordinate CA.
    assert _crl(client, "saola-root").is_signature_valid(_cert(pki[0].certificate_der).public_key())


def _ocsp_request(cert: x509.Certificate, issuer: x509.Certificate, nonce: bytes | None = None) -> bytes:
    builder = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA256())
    if nonce:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.build().public_bytes(serialization.Encoding.DER)


def _ocsp_post(client: Client, der: bytes) -> ocsp.OCSPResponse:
    response = client.post(f"/pki/ocsp/{SUB_SLUG}", data=der, content_type="application/ocsp-request")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(response.content)


def test_ocsp_answers_good_then_revoked_after_revocation(
    pki: tuple[CertificateAuthority, CertificateAuthority], signing_leader: User, client: Client
) -> None:
    issued = _leader_certificate(signing_leader)
    cert, sub = _cert(issued.certificate_der), _sub(pki)
    nonce = os.urandom(16)
    answer = _ocsp_post(client, _ocsp_request(cert, sub, nonce))
    assert answer.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert answer.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert answer.serial_number == cert.serial_number
    assert answer.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == nonce
    # Signed by the delegated responder, whose certificate the CA issued.
    responder = answer.certificates[0]
    responder.verify_directly_issued_by(sub)
    responder.public_key().verify(
        answer.signature, answer.tbs_response_bytes, padding.PKCS1v15(), answer.signature_hash_algorithm
    )
    certificate_revoke(actor=None, certificate=issued, reason=IssuedCertificate.Reason.KEY_COMPROMISE)
    answer = _ocsp_post(client, _ocsp_request(cert, sub))
    assert answer.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert answer.revocation_reason == x509.ReasonFlags.key_compromise
    # RFC 6960 A.1 GET form answers the same.
    encoded = base64.b64encode(_ocsp_request(cert, sub)).decode()
    response = client.get(f"/pki/ocsp/{SUB_SLUG}/{encoded}")
    assert ocsp.load_der_ocsp_response(response.content).certificate_status == ocsp.OCSPCertStatus.REVOKED


def test_ocsp_refuses_malformed_and_foreign_requests(
    pki: tuple[CertificateAuthority, CertificateAuthority], signing_leader: User, client: Client
) -> None:
    assert _ocsp_post(client, b"\x30\x03\x02\x01\x00").response_status == ocsp.OCSPResponseStatus.MALFORMED_REQUEST
    # Asking the subordinate CA's responder about a certificate the root issued: not ours to answer.
    root, sub = _cert(pki[0].certificate_der), _sub(pki)
    foreign = _ocsp_post(client, _ocsp_request(sub, root))
    assert foreign.response_status == ocsp.OCSPResponseStatus.UNAUTHORIZED
    response = client.post(f"/pki/ocsp/{SUB_SLUG}", data=b"x", content_type="text/plain")
    assert response.status_code == 400


def _tsa_request(digest: bytes, nonce: int) -> bytes:
    return tsp.TimeStampReq(
        {
            "version": "v1",
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "hashed_message": digest,
            },
            "nonce": nonce,
            "cert_req": True,
        }
    ).dump()


def test_tsa_answers_an_rfc3161_request(pki: tuple[CertificateAuthority, CertificateAuthority], client: Client) -> None:
    digest = hashlib.sha256(b"van ban").digest()
    response = client.post("/pki/tsa", data=_tsa_request(digest, 4242), content_type="application/timestamp-query")
    assert response.status_code == 200 and response["Content-Type"] == "application/timestamp-reply"
    answer = tsp.TimeStampResp.load(response.content)
    assert answer["status"]["status"].native == "granted"
    signed_data = answer["time_stamp_token"]["content"]
    info = signed_data["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == digest
    assert info["nonce"].native == 4242
    assert info["policy"].dotted == TSA_POLICY_OID
    signer_info = signed_data["signer_infos"][0]
    attrs = {a["type"].native: a["values"][0] for a in signer_info["signed_attrs"]}
    tst_der = signed_data["encap_content_info"]["content"].contents
    assert attrs["message_digest"].native == hashlib.sha256(tst_der).digest()
    tsa_cert = _cert(IssuedCertificate.objects.get(kind="tsa").certificate_der)
    tsa_cert.public_key().verify(
        signer_info["signature"].native, signer_info["signed_attrs"].untag().dump(), padding.PKCS1v15(), hashes.SHA256()
    )
    embedded = {c.chosen.dump() for c in signed_data["certificates"]}
    assert tsa_cert.public_bytes(serialization.Encoding.DER) in embedded


def _rejection_status(der: bytes) -> tsp.PKIStatusInfo:
    """The status of a TimeStampResp without a token (asn1crypto's TimeStampResp requires one)."""
    return tsp.PKIStatusInfo.load(core.Sequence.load(der)[0].dump())


def test_tsa_rejects_bad_requests(pki: tuple[CertificateAuthority, CertificateAuthority], client: Client) -> None:
    short = _tsa_request(b"\x00" * 20, 1)  # a SHA-1-sized digest announced as SHA-256
    status = _rejection_status(client.post("/pki/tsa", data=short, content_type="application/timestamp-query").content)
    assert status["status"].native == "rejection"
    assert "bad_alg" in status["fail_info"].native
    garbage = client.post("/pki/tsa", data=b"\x30\x80garbage", content_type="application/timestamp-query")
    assert _rejection_status(garbage.content)["status"].native == "rejection"
    assert client.post("/pki/tsa", data=b"", content_type="application/json").status_code == 400
    assert client.get("/pki/tsa").status_code == 405


def test_issuer_certificate_is_served_for_aia(
    pki: tuple[CertificateAuthority, CertificateAuthority], client: Client
) -> None:
    response = client.get(f"/pki/ca/{SUB_SLUG}.crt")
    assert response["Content-Type"] == "application/pkix-cert"
    assert _cert(response.content) == _sub(pki)


def test_certificate_revoke_is_audited_and_happens_once(
    pki: tuple[CertificateAuthority, CertificateAuthority], signing_leader: User
) -> None:
    issued = _leader_certificate(signing_leader)
    certificate_revoke(actor=signing_leader, certificate=issued, reason="superseded")
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.revocation_reason == "superseded"
    entry = AuditEntry.objects.get(action="pki.certificate_revoke")
    assert entry.actor == signing_leader and entry.after["serial"] == issued.serial
    with pytest.raises(ConflictError):
        certificate_revoke(actor=None, certificate=issued, reason="superseded")
    assert AuditEntry.objects.filter(action="pki.certificate_revoke").count() == 1
