"""CRL, OCSP (RFC 6960) and time-stamp (RFC 3161) answers of the platform's own PKI.

`load_responder()` reads everything the answers need from the database once (certificates,
current CRLs, revocation states) and decrypts the signing keys; the returned `Responder` then
answers without touching the database. The HTTP views build one per request; the signing
service builds one before pyHanko's event loop starts, because Django refuses ORM calls from
inside a running event loop, and hands it to the in-process fetchers and time-stamper.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509 import ocsp
from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute

from saola.signing.exceptions import PKINotReady
from saola.signing.models import CertificateAuthority, IssuedCertificate
from saola.signing.pki.keys import PrivateKey, load_private_key

# The TSA's policy (TSTInfo.policy). An OID under 2.25 (ITU-T X.667) made from a fixed UUID,
# since the platform has no registered arc of its own.
TSA_POLICY_OID = f"2.25.{uuid.UUID('6f1d2c3a-8b7e-4c55-9a3e-5a0a1a2b3c4d').int}"
TSA_HASH_ALGORITHMS = {"sha256": 32, "sha384": 48, "sha512": 64}
OCSP_VALIDITY = dt.timedelta(hours=24)

_REASONS = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "ca_compromise": x509.ReasonFlags.ca_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    "certificate_hold": x509.ReasonFlags.certificate_hold,
}


def reason_flag(reason: str) -> x509.ReasonFlags:
    return _REASONS.get(reason, x509.ReasonFlags.unspecified)


@dataclass(frozen=True)
class AuthorityState:
    slug: str
    certificate: x509.Certificate
    key: PrivateKey
    crl_der: bytes
    # serial -> (revoked_at or None, reason) of every certificate this CA issued
    statuses: dict[int, tuple[dt.datetime | None, str]]
    # A delegated OCSP signer issued by this CA, if any; else the CA key signs OCSP answers.
    ocsp_signer: tuple[x509.Certificate, PrivateKey] | None = None

    def matches(self, request: ocsp.OCSPRequest) -> bool:
        algorithm = request.hash_algorithm
        name_hash = hashes.Hash(algorithm)
        name_hash.update(self.certificate.subject.public_bytes())
        key_hash = hashes.Hash(algorithm)
        key_hash.update(
            self.certificate.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
        )
        return request.issuer_name_hash == name_hash.finalize() and request.issuer_key_hash == key_hash.finalize()


@dataclass(frozen=True)
class TSAState:
    certificate: x509.Certificate
    key: PrivateKey
    chain: list[x509.Certificate] = field(default_factory=list)


@dataclass(frozen=True)
class Responder:
    """Everything needed to answer CRL, OCSP, issuer-certificate and time-stamp requests."""

    authorities: dict[str, AuthorityState]
    tsa: TSAState | None

    def ca_certificate_der(self, slug: str) -> bytes | None:
        state = self.authorities.get(slug)
        return state.certificate.public_bytes(serialization.Encoding.DER) if state else None

    def crl_der(self, slug: str) -> bytes | None:
        state = self.authorities.get(slug)
        return state.crl_der if state else None

    def ocsp_response(self, slug: str, request_der: bytes, *, now: dt.datetime | None = None) -> bytes:
        """The DER OCSPResponse to `request_der` sent to /pki/ocsp/<slug>; errors are OCSP statuses."""
        state = self.authorities.get(slug)
        try:
            request = ocsp.load_der_ocsp_request(request_der)
        except ValueError:
            return _ocsp_error(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
        if state is None or not state.matches(request):
            return _ocsp_error(ocsp.OCSPResponseStatus.UNAUTHORIZED)
        now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        entry = state.statuses.get(request.serial_number)
        revoked_at, reason = (None, "") if entry is None else entry
        if entry is None:
            status = ocsp.OCSPCertStatus.UNKNOWN
        elif revoked_at is not None and revoked_at <= now:
            status = ocsp.OCSPCertStatus.REVOKED
        else:
            status = ocsp.OCSPCertStatus.GOOD
        signer_cert, signer_key = state.ocsp_signer or (state.certificate, state.key)
        builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
            issuer_name_hash=request.issuer_name_hash,
            issuer_key_hash=request.issuer_key_hash,
            serial_number=request.serial_number,
            algorithm=request.hash_algorithm,
            cert_status=status,
            this_update=now,
            next_update=now + OCSP_VALIDITY,
            revocation_time=revoked_at if status == ocsp.OCSPCertStatus.REVOKED else None,
            revocation_reason=reason_flag(reason) if status == ocsp.OCSPCertStatus.REVOKED else None,
        )
        builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, signer_cert)
        if state.ocsp_signer is not None:
            builder = builder.certificates([signer_cert])
        try:
            nonce = request.extensions.get_extension_for_class(x509.OCSPNonce).value
        except x509.ExtensionNotFound:
            nonce = None
        if nonce is not None:
            builder = builder.add_extension(nonce, critical=False)
        return builder.sign(signer_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def timestamp_response(self, request_der: bytes, *, now: dt.datetime | None = None) -> bytes:
        """The DER TimeStampResp (RFC 3161) to `request_der`; refusals are PKIStatus rejection."""
        try:
            request = tsp.TimeStampReq.load(request_der)
            request.native  # noqa: B018 - parses the whole structure, so malformed input fails here
        except (ValueError, TypeError):
            return _tsp_rejection("bad_data_format")
        response = self.timestamp(request, now=now)
        if response["status"]["status"].native != "granted":
            return _Rejection({"status": response["status"]}).dump()
        return response.dump()

    def timestamp(self, request: tsp.TimeStampReq, *, now: dt.datetime | None = None) -> tsp.TimeStampResp:
        if self.tsa is None:
            return tsp.TimeStampResp({"status": {"status": "rejection", "fail_info": {"system_failure"}}})
        imprint = request["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        if request["version"].native != "v1" or TSA_HASH_ALGORITHMS.get(algorithm) != len(
            imprint["hashed_message"].native
        ):
            return _tsp_response_rejection("bad_alg")
        policy = request["req_policy"].native
        if policy is not None and policy != TSA_POLICY_OID:
            return _tsp_response_rejection("unaccepted_policy")
        now = now or dt.datetime.now(dt.UTC)
        tsa_cert = _to_asn1(self.tsa.certificate)
        info: dict[str, object] = {
            "version": "v1",
            "policy": TSA_POLICY_OID,
            "message_imprint": imprint,
            # 127 significant bits, always: every token of this TSA then has the same size.
            "serial_number": secrets.randbits(126) | (1 << 126),
            "gen_time": core.GeneralizedTime(now),
            "accuracy": {"seconds": 1},
            "ordering": False,
            "tsa": asn1_x509.GeneralName(name="directory_name", value=tsa_cert.subject),
        }
        if request["nonce"].native is not None:
            info["nonce"] = request["nonce"]
        tst_info_der = tsp.TSTInfo(info).dump()
        digest = hashes.Hash(hashes.SHA256())
        digest.update(tst_info_der)
        signed_attrs = cms.CMSAttributes(
            [
                simple_cms_attribute("content_type", "tst_info"),
                simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(now)})),
                simple_cms_attribute("signing_certificate_v2", as_signing_certificate_v2(tsa_cert, "sha256")),
                simple_cms_attribute("message_digest", digest.finalize()),
            ]
        )
        signature = self.tsa.key.sign(signed_attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
        sha256 = algos.DigestAlgorithm({"algorithm": "sha256"})
        signer_info = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    {
                        "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                            {"issuer": tsa_cert.issuer, "serial_number": tsa_cert.serial_number}
                        )
                    }
                ),
                "digest_algorithm": sha256,
                "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
                "signed_attrs": signed_attrs,
                "signature": signature,
            }
        )
        certificates = [tsa_cert, *(_to_asn1(c) for c in self.tsa.chain)] if request["cert_req"].native else []
        signed_data = cms.SignedData(
            {
                "version": "v3",
                "digest_algorithms": [sha256],
                "encap_content_info": {"content_type": "tst_info", "content": cms.ParsableOctetString(tst_info_der)},
                "certificates": certificates or None,
                "signer_infos": [signer_info],
            }
        )
        token = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token})


def _to_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _ocsp_error(status: ocsp.OCSPResponseStatus) -> bytes:
    return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(serialization.Encoding.DER)


def _tsp_response_rejection(fail_info: str) -> tsp.TimeStampResp:
    return tsp.TimeStampResp({"status": {"status": "rejection", "fail_info": {fail_info}}})


class _Rejection(core.Sequence):
    """A TimeStampResp without a token (RFC 3161 §2.4.2); asn1crypto's class insists on one."""

    _fields = [("status", tsp.PKIStatusInfo)]


def _tsp_rejection(fail_info: str) -> bytes:
    return _Rejection({"status": {"status": "rejection", "fail_info": {fail_info}}}).dump()


def _load_certificate(der: bytes | memoryview) -> x509.Certificate:
    return x509.load_der_x509_certificate(bytes(der))


def load_responder() -> Responder:
    """Read the PKI's current state (refreshing stale CRLs) and decrypt its signing keys.

    Raises PKINotReady when the platform has no CA yet. May write: a CRL past its refresh
    time is re-signed (see `crl_refresh`).
    """
    from saola.signing.pki.services import crl_refresh

    authorities: dict[str, AuthorityState] = {}
    rows = list(CertificateAuthority.objects.all())
    if not rows:
        raise PKINotReady()
    statuses: dict[int, dict[int, tuple[dt.datetime | None, str]]] = {row.pk: {} for row in rows}
    for issuer_id, serial, revoked_at, reason in IssuedCertificate.objects.values_list(
        "issuer_id", "serial", "revoked_at", "revocation_reason"
    ):
        statuses[issuer_id][int(serial, 16)] = (revoked_at, reason)
    services = _service_certificates()
    for row in rows:
        ca = crl_refresh(authority=row)
        signer = services.get((IssuedCertificate.Kind.OCSP, ca.pk))
        authorities[ca.slug] = AuthorityState(
            slug=ca.slug,
            certificate=_load_certificate(ca.certificate_der),
            key=load_private_key(ca.key_file),
            crl_der=bytes(ca.crl_der),
            statuses=statuses[ca.pk],
            ocsp_signer=(_load_certificate(signer.certificate_der), load_private_key(signer.key_file))
            if signer
            else None,
        )
    tsa_row = next((row for (kind, _), row in services.items() if kind == IssuedCertificate.Kind.TSA), None)
    tsa = None
    if tsa_row is not None:
        chain = [authorities[s].certificate for s in _chain_slugs(tsa_row.issuer, rows)]
        tsa = TSAState(
            certificate=_load_certificate(tsa_row.certificate_der), key=load_private_key(tsa_row.key_file), chain=chain
        )
    return Responder(authorities=authorities, tsa=tsa)


def _service_certificates() -> dict[tuple[str, int], IssuedCertificate]:
    """The newest valid, unrevoked TSA and OCSP certificate of each CA."""
    now = dt.datetime.now(dt.UTC)
    found: dict[tuple[str, int], IssuedCertificate] = {}
    for row in IssuedCertificate.objects.filter(
        kind__in=[IssuedCertificate.Kind.TSA, IssuedCertificate.Kind.OCSP],
        revoked_at__isnull=True,
        not_before__lte=now,
        not_after__gt=now,
    ).order_by("created_at", "id"):
        found[(row.kind, row.issuer_id)] = row
    return found


def _chain_slugs(authority: CertificateAuthority, rows: list[CertificateAuthority]) -> list[str]:
    by_id = {row.pk: row for row in rows}
    slugs: list[str] = []
    current: CertificateAuthority | None = by_id[authority.pk]
    while current is not None:
        slugs.append(current.slug)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return slugs
