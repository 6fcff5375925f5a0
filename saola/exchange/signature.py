"""XML signatures on edXML packages: enveloped, RSA-SHA256, in edXML:DigitalSignature.

The signature covers the whole document (Reference URI="", enveloped-signature transform), so
the header, the manifest and the attachments outside the envelope are all protected. KeyInfo
carries the organisation's certificate followed by its CA chain. Verification checks the
signature value against that certificate, then the certificate's chain against the platform's
trust roots (saola.signing.trust), with revocation checked soft-fail.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InvalidCertificateError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
    ValidationError,
)
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner, XMLVerifier
from signxml.exceptions import InvalidInput, SignXMLException
from signxml.verifier import SignatureConfiguration

from saola.core.audit import audit_record
from saola.core.models import Organization, User
from saola.exchange.edxml import is_edxml
from saola.exchange.exceptions import EdxmlError, InvalidPackage
from saola.exchange.package import NAMESPACE
from saola.exchange.safexml import parse_xml
from saola.signing.credentials import (
    KeySigner,
    certificate_of,
    credential_chain,
    credential_for,
    ensure_usable,
    open_signer,
)
from saola.signing.exceptions import SigningError
from saola.signing.trust import validation_context

DSIG = "http://www.w3.org/2000/09/xmldsig#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome of verifying a package's signature. `valid` needs `signed` and no problem."""

    signed: bool
    valid: bool
    signer: str = ""
    organization_code: str = ""
    problems: list[str] = field(default_factory=list)
    # SHA-256 of the signer's certificate (DER, hex): what a hub compares with the registered one.
    certificate_sha256: str = ""


def _header(root: etree._Element) -> etree._Element:
    if not is_edxml(root, "edXML"):
        raise InvalidPackage(_("Không phải gói tin edXML."), line=root.sourceline)
    envelope = next((c for c in root if is_edxml(c, "edXMLEnvelope")), None)
    header = next((c for c in envelope if is_edxml(c, "edXMLHeader")), None) if envelope is not None else None
    if header is None:
        raise InvalidPackage(_("Gói tin thiếu phần tử edXMLHeader."), line=root.sourceline)
    return header


def _digital_signature(header: etree._Element) -> etree._Element | None:
    return next((c for c in header if is_edxml(c, "DigitalSignature")), None)


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


@transaction.atomic
def sign_package(xml: bytes, *, organization: Organization, secret: str, actor: User | None = None) -> bytes:
    """`xml` with the organisation's enveloped XML signature in edXML:DigitalSignature.

    Uses the organisation's active PKCS#12 credential, unlocked with `secret`. Refuses
    (SigningError) an already signed package, and the credential's usual refusals (missing,
    revoked or expired certificate, wrong passphrase). Audited (actor: who had it signed).
    """
    root = parse_xml(xml)
    header = _header(root)
    holder = _digital_signature(header)
    if holder is not None and len(holder):
        raise SigningError(_("Gói tin đã có chữ ký số."))
    if holder is None:
        holder = etree.Element(f"{{{NAMESPACE}}}DigitalSignature")
        trace = next((c for c in header if is_edxml(c, "TraceHeaderList")), None)
        anchor = trace if trace is not None else next(c for c in header if is_edxml(c, "MessageHeader"))
        anchor.addnext(holder)
    etree.SubElement(holder, f"{{{DSIG}}}Signature", Id="placeholder", nsmap={"ds": DSIG})
    credential = credential_for(organization=organization)
    ensure_usable(credential)
    certificates = [_pem(certificate_of(credential))] + [
        _pem(x509.load_der_x509_certificate(c.dump())) for c in credential_chain(credential)[:-1]
    ]
    with open_signer(credential, secret=secret) as signer:
        if not isinstance(signer, KeySigner):
            raise SigningError(_("Ký gói tin edXML hiện chỉ hỗ trợ khóa ký số dạng tệp PKCS#12."))
        # Inclusive C14N 1.0: what .NET's SignedXml (the national gateway's side) understands.
        xml_signer = XMLSigner(
            signature_algorithm=SignatureMethod.RSA_SHA256,
            digest_algorithm=DigestAlgorithm.SHA256,
            c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
        )
        signed = xml_signer.sign(root, key=signer.key, cert=certificates)
    result = etree.tostring(signed, xml_declaration=True, encoding="UTF-8")
    audit_record(
        actor=actor,
        action="exchange.package_sign",
        obj=credential,
        after={
            "input_sha256": hashlib.sha256(xml).hexdigest(),
            "output_sha256": hashlib.sha256(result).hexdigest(),
            "certificate": credential.issued.serial if credential.issued else credential.subject,
            "signed_at": dt.datetime.now(dt.UTC),
        },
    )
    return result


def _subject_value(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _certificates(signature: etree._Element) -> list[x509.Certificate]:
    return [
        x509.load_der_x509_certificate(base64.b64decode("".join((element.text or "").split())))
        for element in signature.iter(f"{{{DSIG}}}X509Certificate")
    ]


def _chain_problems(leaf: x509.Certificate, others: list[x509.Certificate]) -> list[str]:
    def asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    validator = CertificateValidator(
        asn1(leaf), intermediate_certs=[asn1(c) for c in others], validation_context=validation_context()
    )
    try:
        asyncio.run(validator.async_validate_usage({"digital_signature"}))
    except PathBuildingError:
        return [_("Chứng thư số không được cấp bởi tổ chức chứng thực mà hệ thống tin cậy.")]
    except RevokedError:
        return [_("Chứng thư số đã bị thu hồi.")]
    except ExpiredError:
        return [_("Chứng thư số đã hết hạn.")]
    except NotYetValidError:
        return [_("Chứng thư số chưa đến thời hạn hiệu lực.")]
    except InvalidCertificateError as exc:
        # Raised instead of PathBuildingError when the untrusted certificate is self-signed.
        if leaf.issuer == leaf.subject:
            return [_("Chứng thư số không được cấp bởi tổ chức chứng thực mà hệ thống tin cậy.")]
        return [_("Chứng thư số không hợp lệ: %(reason)s") % {"reason": exc}]
    except (PathValidationError, ValidationError) as exc:
        return [_("Chứng thư số không hợp lệ: %(reason)s") % {"reason": exc}]
    return []


# Chain verdicts remembered by `verify_package_signature(..., cache_chain=True)`: chain
# fingerprints → (verdict, monotonic time it was reached).
_CHAIN_CACHE: dict[tuple[str, ...], tuple[list[str], float]] = {}
_CHAIN_CACHE_MAX = 10_000


def _cached_chain_problems(leaf: x509.Certificate, others: list[x509.Certificate], ttl: float) -> list[str]:
    key = tuple(c.fingerprint(hashes.SHA256()).hex() for c in [leaf, *others])
    now = time.monotonic()
    hit = _CHAIN_CACHE.get(key)
    if hit is not None and now - hit[1] < ttl:
        return list(hit[0])
    problems = _chain_problems(leaf, others)
    if len(_CHAIN_CACHE) >= _CHAIN_CACHE_MAX:
        _CHAIN_CACHE.clear()
    _CHAIN_CACHE[key] = (list(problems), now)
    return problems


def verify_package_signature(
    xml: bytes, *, cache_chain: bool = False, root: etree._Element | None = None
) -> SignatureCheck:
    """Check the package's XML signature and its certificate chain; never raises for bad input.

    With `cache_chain` (the hub, verifying a stream of packages from the same few agencies) the
    verdict on a certificate chain is reused for SAOLA_EXCHANGE_CHAIN_CACHE_SECONDS: a revocation
    is seen that much later. The signature value itself is always checked. `root`: `xml`
    already parsed with `parse_xml`, to spare a second parse.
    """
    try:
        root = parse_xml(xml) if root is None else root
        header = _header(root)
    except EdxmlError as exc:
        return SignatureCheck(signed=False, valid=False, problems=[str(exc.message)])
    holder = _digital_signature(header)
    signatures = list(root.iter(f"{{{DSIG}}}Signature"))
    if not signatures:
        return SignatureCheck(signed=False, valid=False, problems=[_("Gói tin chưa được ký số.")])
    if holder is None or len(signatures) != 1 or signatures[0].getparent() is not holder:
        return SignatureCheck(
            signed=True,
            valid=False,
            problems=[_("Gói tin phải có đúng một chữ ký số, đặt trong phần tử DigitalSignature.")],
        )
    signature = signatures[0]
    try:
        certificates = _certificates(signature)
    except ValueError:
        certificates = []
    if not certificates:
        return SignatureCheck(signed=True, valid=False, problems=[_("Chữ ký số không kèm chứng thư số của người ký.")])
    leaf, others = certificates[0], certificates[1:]
    signer = _subject_value(leaf, NameOID.COMMON_NAME)
    organization_code = _subject_value(leaf, NameOID.ORGANIZATION_IDENTIFIER)
    problems: list[str] = []
    references = signature.findall(f"{{{DSIG}}}SignedInfo/{{{DSIG}}}Reference")
    if len(references) != 1 or references[0].get("URI") != "":
        problems.append(_("Chữ ký số phải bao trùm toàn bộ gói tin (Reference URI rỗng)."))
    else:
        try:
            XMLVerifier().verify(
                root,
                x509_cert=_pem(leaf),
                expect_config=SignatureConfiguration(
                    signature_methods=frozenset({SignatureMethod.RSA_SHA256}),
                    digest_algorithms=frozenset({DigestAlgorithm.SHA256}),
                    expect_references=1,
                ),
            )
        except (InvalidInput, SignXMLException):
            problems.append(_("Chữ ký số không khớp với nội dung: gói tin đã bị sửa đổi sau khi ký."))
    if not problems:
        ttl = float(getattr(settings, "SAOLA_EXCHANGE_CHAIN_CACHE_SECONDS", 0))
        problems += (
            _cached_chain_problems(leaf, others, ttl) if cache_chain and ttl > 0 else _chain_problems(leaf, others)
        )
    sender = _sender(header)
    if sender and organization_code and sender != organization_code:
        problems.append(
            _("Chứng thư số thuộc cơ quan %(cert)s, không phải cơ quan gửi %(sender)s.")
            % {"cert": organization_code, "sender": sender}
        )
    return SignatureCheck(
        signed=True,
        valid=not problems,
        signer=signer,
        organization_code=organization_code,
        problems=problems,
        certificate_sha256=leaf.fingerprint(hashes.SHA256()).hex(),
    )


def _sender(header: etree._Element) -> str:
    message = next((c for c in header if is_edxml(c, "MessageHeader")), None)
    source = next((c for c in message if is_edxml(c, "From")), None) if message is not None else None
    organ = next((c for c in source if is_edxml(c, "OrganId")), None) if source is not None else None
    return (organ.text or "").strip() if organ is not None else ""
