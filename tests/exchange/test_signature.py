"""XML signatures on edXML packages: sign, verify, tampering, empty and untrusted signatures."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod, XMLSigner

from saola.demo.loader import DEMO_PASSWORD
from saola.exchange.edxml import package_from_xml, package_to_xml
from saola.exchange.package import NAMESPACE
from saola.exchange.signature import DSIG, sign_package, verify_package_signature
from saola.exchange.validation import validate
from saola.signing.exceptions import SigningError, WrongSecret
from tests.core.factories import OrganizationFactory
from tests.exchange.support import sample_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(sender_org) -> bytes:
    return sign_package(package_to_xml(sample_package()), organization=sender_org, secret=DEMO_PASSWORD)


def test_signed_package_verifies_and_still_parses_and_validates(signed):
    check = verify_package_signature(signed)

    assert check.signed and check.valid, check.problems
    assert check.signer == "Văn phòng Ủy ban nhân dân tỉnh Sơn La"
    assert check.organization_code == "000.01.53.H53"
    assert check.problems == []
    root = etree.fromstring(signed)
    holder = root.find(f"{{{NAMESPACE}}}edXMLEnvelope/{{{NAMESPACE}}}edXMLHeader/{{{NAMESPACE}}}DigitalSignature")
    assert holder is not None and holder[0].tag == f"{{{DSIG}}}Signature"
    assert holder.find(f".//{{{DSIG}}}SignatureMethod").get("Algorithm").endswith("rsa-sha256")
    assert holder.find(f".//{{{DSIG}}}CanonicalizationMethod").get("Algorithm") == (
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    )
    transforms = [t.get("Algorithm") for t in holder.iterfind(f".//{{{DSIG}}}Transform")]
    assert transforms[0] == "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    assert len(holder.findall(f".//{{{DSIG}}}X509Certificate")) >= 1
    assert package_from_xml(signed) == sample_package()
    assert validate(signed) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Cầm Văn Thành", "Cầm Văn Thánh"),  # the signer's name in the header
        ("2026/11/20", "2026/11/21"),  # the promulgation date
    ],
)
def test_tampered_header_is_invalid(signed, before, after):
    tampered = signed.replace(before.encode(), after.encode(), 1)
    assert tampered != signed

    check = verify_package_signature(tampered)

    assert check.signed and not check.valid
    assert "đã bị sửa đổi" in check.problems[0]


def test_signing_is_audited(sender_org):
    from saola.core.models import AuditEntry

    xml = package_to_xml(sample_package())
    signed = sign_package(xml, organization=sender_org, secret=DEMO_PASSWORD)

    entry = AuditEntry.objects.get(action="exchange.package_sign")
    assert entry.object_type == "signing.signingcredential"
    assert entry.after is not None
    assert entry.after["input_sha256"] == hashlib.sha256(xml).hexdigest()
    assert entry.after["output_sha256"] == hashlib.sha256(signed).hexdigest()


def test_tampered_attachment_outside_the_envelope_is_invalid(signed):
    root = etree.fromstring(signed)
    payload = root.find(f".//{{{NAMESPACE}}}ContentTransferEncoded")
    assert payload is not None
    payload.text = "QUJD"
    check = verify_package_signature(etree.tostring(root))

    assert check.signed and not check.valid


def test_an_empty_digital_signature_is_well_formed_but_unsigned():
    xml = package_to_xml(sample_package()).replace(
        b"</edXML:TraceHeaderList>", b"</edXML:TraceHeaderList><edXML:DigitalSignature/>"
    )

    check = verify_package_signature(xml)

    assert not check.signed and not check.valid
    assert check.problems == ["Gói tin chưa được ký số."]
    assert validate(xml) == []


def test_a_second_signature_outside_digital_signature_is_refused(signed):
    root = etree.fromstring(signed)
    signature = root.find(f".//{{{DSIG}}}Signature")
    assert signature is not None
    root.append(etree.fromstring(etree.tostring(signature)))

    check = verify_package_signature(etree.tostring(root))

    assert check.signed and not check.valid
    assert "đúng một chữ ký số" in check.problems[0]


def self_signed(common_name: str, code: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, code),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def test_self_signed_certificate_is_well_signed_but_untrusted(pki):
    key, cert = self_signed("Cơ quan giả mạo", "000.01.53.H53")
    root = etree.fromstring(package_to_xml(sample_package()))
    header = root.find(f"{{{NAMESPACE}}}edXMLEnvelope/{{{NAMESPACE}}}edXMLHeader")
    assert header is not None
    holder = etree.SubElement(header, f"{{{NAMESPACE}}}DigitalSignature")
    etree.SubElement(holder, f"{{{DSIG}}}Signature", Id="placeholder")
    signed = XMLSigner(signature_algorithm=SignatureMethod.RSA_SHA256, digest_algorithm=DigestAlgorithm.SHA256).sign(
        root, key=key, cert=[cert.public_bytes(serialization.Encoding.PEM).decode()]
    )

    check = verify_package_signature(etree.tostring(signed))

    assert check.signed and not check.valid
    assert check.signer == "Cơ quan giả mạo"
    assert check.problems == ["Chứng thư số không được cấp bởi tổ chức chứng thực mà hệ thống tin cậy."]


def issued_by_unknown_ca(common_name: str, code: str) -> tuple[rsa.RSAPrivateKey, list[x509.Certificate]]:
    """A leaf certificate and its CA, the CA being in no trust list of the platform."""
    ca_key, ca_cert = self_signed("CA lạ", "000.00.00.Z99")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                    x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, code),
                ]
            )
        )
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(ca_key, hashes.SHA256())
    )
    return key, [leaf, ca_cert]


def test_certificate_from_an_unknown_ca_is_untrusted(pki):
    key, chain = issued_by_unknown_ca("Cơ quan lạ", "000.01.53.H53")
    root = etree.fromstring(package_to_xml(sample_package()))
    header = root.find(f"{{{NAMESPACE}}}edXMLEnvelope/{{{NAMESPACE}}}edXMLHeader")
    assert header is not None
    holder = etree.SubElement(header, f"{{{NAMESPACE}}}DigitalSignature")
    etree.SubElement(holder, f"{{{DSIG}}}Signature", Id="placeholder")
    signed = XMLSigner(signature_algorithm=SignatureMethod.RSA_SHA256, digest_algorithm=DigestAlgorithm.SHA256).sign(
        root, key=key, cert=[c.public_bytes(serialization.Encoding.PEM).decode() for c in chain]
    )

    check = verify_package_signature(etree.tostring(signed))

    assert check.signed and not check.valid
    assert check.problems == ["Chứng thư số không được cấp bởi tổ chức chứng thực mà hệ thống tin cậy."]


def test_revoked_certificate_makes_the_signature_invalid(sender_org, signed):
    from saola.signing.credentials import credential_for
    from saola.signing.pki.services import certificate_revoke

    issued = credential_for(organization=sender_org).issued
    assert issued is not None
    certificate_revoke(actor=None, certificate=issued, reason="key_compromise")

    check = verify_package_signature(signed)

    assert check.signed and not check.valid
    assert check.problems == ["Chứng thư số đã bị thu hồi."]


def test_certificate_of_another_agency_than_the_sender_is_invalid(pki, sender_org):
    from saola.demo.pki import issue_organization_credential

    other = OrganizationFactory(code="000.02.53.H53", name="Sở Nội vụ tỉnh Sơn La", level="province")
    issue_organization_credential(organization=other, issuer=pki[1], passphrase=DEMO_PASSWORD)

    signed = sign_package(package_to_xml(sample_package()), organization=other, secret=DEMO_PASSWORD)
    check = verify_package_signature(signed)

    assert check.signed and not check.valid
    assert check.problems == ["Chứng thư số thuộc cơ quan 000.02.53.H53, không phải cơ quan gửi 000.01.53.H53."]


def test_signing_refuses_a_wrong_passphrase_and_a_signed_package(sender_org, signed):
    with pytest.raises(WrongSecret):
        sign_package(package_to_xml(sample_package()), organization=sender_org, secret="sai-mat-khau")
    with pytest.raises(SigningError, match="đã có chữ ký số"):
        sign_package(signed, organization=sender_org, secret=DEMO_PASSWORD)


def test_verifying_garbage_reports_instead_of_raising():
    check = verify_package_signature(b"<khong-phai-xml")

    assert not check.signed and not check.valid and check.problems
