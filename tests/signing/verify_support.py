"""A private test PKI for the verification tests: CA, TSA, CRL, and PDFs signed with pyHanko.

Everything is made with `cryptography` in memory, independently of the platform's own PKI, so
each bad certificate (expired, revoked, unknown CA, self-signed) can be built on purpose.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

CRL_URL = "http://pki.verify.test/crl"
DAY = dt.timedelta(days=1)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def name(common_name: str, organization: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organization:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attrs)


def asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def asn1_key(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> asn1_keys.PrivateKeyInfo:
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return asn1_keys.PrivateKeyInfo.load(der)


def _key_usage(*, ca: bool, usage: str = "sign") -> x509.KeyUsage:
    """`usage` of an end-entity key: "sign" (digitalSignature and nonRepudiation), "digital"
    (digitalSignature only) or "encipher" (keyEncipherment only, not for signing)."""
    return x509.KeyUsage(
        digital_signature=usage in {"sign", "digital"},
        content_commitment=not ca and usage == "sign",
        key_encipherment=usage == "encipher",
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class Holder:
    """A certificate with its private key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def issue(
    subject: x509.Name,
    *,
    issuer: Holder | None,
    not_before: dt.datetime,
    not_after: dt.datetime,
    ca: bool = False,
    tsa: bool = False,
    crl_point: bool = True,
    usage: str = "sign",
) -> Holder:
    """A certificate signed by `issuer`, or self-signed when `issuer` is None; an issued end-entity
    certificate names the CRL (unless `crl_point` is False), so its revocation status is checked."""
    # pyHanko's in-process time-stamping authority signs with RSA only.
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if tsa
        else ec.generate_private_key(ec.SECP256R1())
    )
    issuer_name = issuer.cert.subject if issuer else subject
    issuer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_key_usage(ca=ca, usage=usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    if issuer is not None and not ca and crl_point:
        point = x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(CRL_URL)], relative_name=None, reasons=None, crl_issuer=None
        )
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return Holder(cert=builder.sign(issuer_key, hashes.SHA256()), key=key)


@dataclass
class VerifyPKI:
    """A root CA that issues signers and a TSA, with a CRL that lists the revoked serials."""

    root: Holder
    tsa: Holder
    now: dt.datetime
    crl_points: bool = True
    revoked: dict[int, dt.datetime] = field(default_factory=dict)

    @classmethod
    def create(cls, *, crl_points: bool = True) -> VerifyPKI:
        """Without `crl_points`, certificates name no CRL: the platform's own trust list can
        then validate them without trying to fetch revocation data from a made-up address."""
        now = utcnow()
        root = issue(
            name("CA thử nghiệm Saola", "Saola"),
            issuer=None,
            not_before=now - 1000 * DAY,
            not_after=now + 3000 * DAY,
            ca=True,
        )
        tsa = issue(
            name("TSA thử nghiệm Saola", "Saola"),
            issuer=root,
            not_before=now - 900 * DAY,
            not_after=now + 2000 * DAY,
            tsa=True,
            crl_point=crl_points,
        )
        return cls(root=root, tsa=tsa, now=now, crl_points=crl_points)

    def person(
        self,
        common_name: str = "Nguyễn Văn An",
        organization: str = "Ủy ban nhân dân tỉnh Sơn La",
        *,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        usage: str = "sign",
    ) -> Holder:
        return issue(
            name(common_name, organization),
            issuer=self.root,
            not_before=not_before or self.now - DAY,
            not_after=not_after or self.now + 365 * DAY,
            crl_point=self.crl_points,
            usage=usage,
        )

    def revoke(self, holder: Holder, *, at: dt.datetime) -> None:
        self.revoked[holder.cert.serial_number] = at

    def crl(self, *, issued: dt.datetime | None = None) -> asn1_crl.CertificateList:
        """The root's current CRL as of `issued` (default: when the PKI was made)."""
        issued = issued or self.now
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.root.cert.subject)
            .last_update(issued - dt.timedelta(minutes=5))
            .next_update(issued + 7 * DAY)
            .add_extension(x509.CRLNumber(len(self.revoked) + 1), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root.key.public_key()), critical=False
            )
        )
        for serial, at in self.revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at).build()
            )
        crl = builder.sign(self.root.key, hashes.SHA256())
        return asn1_crl.CertificateList.load(crl.public_bytes(serialization.Encoding.DER))

    def contexts(self, *, now: dt.datetime | None = None):
        """Validation contexts trusting this root, built the way saola.signing.trust builds them.

        For the present (`moment` None, or `now` when verification is pretended to run later)
        the root's current CRL is at hand, as if fetched; for a past moment the same CRL is read
        as valid back then (retroactive), as saola.signing.verify does with fetched data.
        """

        def build(moment: dt.datetime | None) -> ValidationContext:
            if moment is not None:
                return ValidationContext(
                    trust_roots=[asn1_cert(self.root.cert)],
                    crls=[self.crl(issued=now)],
                    moment=moment,
                    allow_fetching=False,
                    retroactive_revinfo=True,
                    revocation_mode="soft-fail",
                )
            return ValidationContext(
                trust_roots=[asn1_cert(self.root.cert)],
                crls=[self.crl(issued=now)],
                allow_fetching=False,
                revocation_mode="soft-fail",
                moment=now or utcnow(),
            )

        return build

    def timestamper(self, *, at: dt.datetime | None = None) -> DummyTimeStamper:
        return DummyTimeStamper(
            tsa_cert=asn1_cert(self.tsa.cert),
            tsa_key=asn1_key(self.tsa.key),
            certs_to_embed=SimpleCertificateStore.from_certs([asn1_cert(self.root.cert)]),
            fixed_dt=at,
        )


def one_page_pdf(text: str = "Quyet dinh so 01/QD-UBND", *, padding: int = 0) -> bytes:
    """A one-page PDF with a line of text in its content stream, and `padding` bytes of random
    data in an extra stream (a scanned attachment's weight)."""
    writer = PdfFileWriter()
    if padding:
        writer.add_object(generic.StreamObject(stream_data=os.urandom(padding)))
    font = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Font"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
            generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name("/F1"): writer.add_object(font)})}
    )
    content = generic.StreamObject(stream_data=f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1"))
    writer.insert_page(PageObject(contents=writer.add_object(content), media_box=[0, 0, 595, 842], resources=resources))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(
    pdf: bytes,
    holder: Holder,
    *,
    chain: list[Holder] | None = None,
    field_name: str = "ChuKy1",
    timestamper: DummyTimeStamper | None = None,
) -> bytes:
    """`pdf` with one more approval signature by `holder` in a new incremental revision."""
    signer = signers.SimpleSigner(
        signing_cert=asn1_cert(holder.cert),
        signing_key=asn1_key(holder.key),
        cert_registry=SimpleCertificateStore.from_certs([asn1_cert(h.cert) for h in chain or []]),
    )
    meta = signers.PdfSignatureMetadata(field_name=field_name)
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer, timestamper=timestamper)
    return bytes(out.getvalue())


def rewrite_page_text(pdf: bytes, text: str) -> bytes:
    """Append a revision that replaces the first page's content stream (a visible change)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1"))
    )
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfFileWriter()
    content = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 760 Td (Mat) Tj ET")
    writer.insert_page(PageObject(contents=writer.add_object(content), media_box=[0, 0, 595, 842]))
    writer.encrypt("mat-khau-chu", "")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def trust_root(holder: Holder, *, name_: str = "CA thử nghiệm Saola"):
    """Add `holder`'s certificate to the platform's trusted roots (a TrustedRoot row)."""
    import hashlib

    from saola.signing.models import TrustedRoot

    der = holder.cert.public_bytes(serialization.Encoding.DER)
    return TrustedRoot.objects.create(
        name=name_,
        certificate_der=der,
        subject=holder.cert.subject.rfc4514_string(),
        fingerprint=hashlib.sha256(der).hexdigest(),
        not_after=holder.cert.not_valid_after_utc,
    )


def document_timestamp(pdf: bytes, timestamper: DummyTimeStamper) -> bytes:
    """`pdf` with a document timestamp (/DocTimeStamp) appended, as long-term archiving does."""
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper

    out = PdfTimeStamper(timestamper).timestamp_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), md_algorithm="sha256")
    return bytes(out.getvalue())


def add_comment(pdf: bytes, text: str) -> bytes:
    """Append a revision that adds a sticky-note annotation to the first page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
            generic.pdf_name("/Rect"): generic.ArrayObject(map(generic.FloatObject, [72, 700, 92, 720])),
            generic.pdf_name("/Contents"): generic.pdf_string(text),
        }
    )
    page["/Annots"] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
