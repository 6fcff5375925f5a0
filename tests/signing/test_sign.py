"""Signing with PAdES B-LT: one and two signatures, refusals, form filling after signing."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign.diff_analysis import ModificationLevel

from saola.core.models import AuditEntry, Organization, User
from saola.demo.loader import DEMO_PASSWORD
from saola.signing.credentials import credential_for, ensure_usable
from saola.signing.exceptions import CertificateUnusable, CredentialMissing, SigningError, WrongSecret
from saola.signing.models import CertificateAuthority, IssuedCertificate
from saola.signing.pki.services import certificate_revoke
from saola.signing.services import fill_text_fields, sign_as_organization, sign_as_person
from tests.signing.pdf_inspect import reader, statuses

pytestmark = pytest.mark.django_db


def _assert_b_lt(status: object) -> None:
    assert status.bottom_line  # type: ignore[attr-defined]
    assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    assert status.timestamp_validity is not None  # type: ignore[attr-defined]
    assert status.timestamp_validity.valid and status.timestamp_validity.trusted  # type: ignore[attr-defined]


def _dss(pdf: bytes) -> dict[str, int]:
    dss = reader(pdf).root["/DSS"]
    return {key: len(dss[key]) for key in ("/Certs", "/OCSPs", "/CRLs") if key in dss}


def test_sign_as_person_makes_a_timestamped_signature_with_revocation_data(
    person_signed_pdf: bytes, signing_leader: User
) -> None:
    found = statuses(person_signed_pdf)
    assert list(found) == ["ChuKyNguoiKy"]
    status = found["ChuKyNguoiKy"]
    _assert_b_lt(status)
    assert status.signing_cert.subject.native["common_name"] == "Cầm Văn Thành"
    # B-LT: the DSS holds the chain, the OCSP answers for the signer and the TSA, the root's CRL.
    dss = _dss(person_signed_pdf)
    assert dss["/Certs"] >= 3 and dss["/OCSPs"] >= 2 and dss["/CRLs"] >= 1
    # The DSS comes in its own revision after the signature: only "LTA updates" follow it.
    assert status.modification_level == ModificationLevel.LTA_UPDATES
    # An approval signature: no DocMDP certification that would forbid the seal and form filling.
    assert "/Perms" not in reader(person_signed_pdf).root
    audit = AuditEntry.objects.get(action="signing.sign_person")
    assert audit.actor == signing_leader and audit.after["certificate"]


def test_person_then_organisation_signatures_both_verify(fully_signed_pdf: bytes) -> None:
    found = statuses(fully_signed_pdf)
    assert set(found) == {"ChuKyNguoiKy", "ConDauCoQuan"}
    for status in found.values():
        _assert_b_lt(status)
    # The seal's signature came after the person's: for the person's signature it is form filling.
    assert found["ChuKyNguoiKy"].modification_level == ModificationLevel.FORM_FILLING
    assert found["ConDauCoQuan"].signing_cert.subject.native["organization_identifier"] == "000.01.53.H53"
    assert AuditEntry.objects.filter(action="signing.sign_organization").count() == 1


def test_filling_the_number_after_signing_is_form_filling(person_signed_pdf: bytes, signing_org: Organization) -> None:
    filled = fill_text_fields(person_signed_pdf, values={"so_ky_hieu": "125/QĐ-UBND", "ngay_ban_hanh": "25/11/2026"})
    status = statuses(filled)["ChuKyNguoiKy"]
    _assert_b_lt(status)
    assert status.docmdp_ok
    assert status.modification_level == ModificationLevel.FORM_FILLING
    fields = {f.get_object()["/T"]: f.get_object() for f in reader(filled).root["/AcroForm"]["/Fields"]}
    assert fields["so_ky_hieu"]["/V"] == "125/QĐ-UBND"
    assert "/AP" in fields["so_ky_hieu"]
    # The organisation can still seal the filled document, and both signatures stay valid.
    sealed = sign_as_organization(filled, organization=signing_org, secret=DEMO_PASSWORD)
    assert all(s.bottom_line for s in statuses(sealed).values())


def test_fill_text_fields_refuses_unknown_fields(form_pdf: bytes) -> None:
    with pytest.raises(SigningError) as excinfo:
        fill_text_fields(form_pdf, values={"khong_co": "x"})
    assert "khong_co" in str(excinfo.value.message)


def test_wrong_passphrase_is_refused_in_vietnamese_and_nothing_is_written(
    fielded_pdf: bytes, signing_leader: User
) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(WrongSecret) as excinfo:
        sign_as_person(fielded_pdf, user=signing_leader, secret="sai-mat-khau")
    assert "không đúng" in str(excinfo.value.message)
    assert excinfo.value.http_status == 400
    assert AuditEntry.objects.count() == before


def test_revoked_certificate_is_refused(fielded_pdf: bytes, signing_leader: User) -> None:
    issued = credential_for(user=signing_leader).issued
    assert issued is not None
    certificate_revoke(actor=None, certificate=issued, reason=IssuedCertificate.Reason.KEY_COMPROMISE)
    with pytest.raises(CertificateUnusable) as excinfo:
        sign_as_person(fielded_pdf, user=signing_leader, secret=DEMO_PASSWORD)
    assert excinfo.value.http_status == 409
    assert "thu hồi" in str(excinfo.value.message)


def test_expired_or_not_yet_valid_certificate_is_refused(signing_leader: User) -> None:
    credential = credential_for(user=signing_leader)
    with pytest.raises(CertificateUnusable, match="hết hạn"):
        ensure_usable(credential, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=365 * 4))
    with pytest.raises(CertificateUnusable, match="chưa đến"):
        ensure_usable(credential, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))


def test_signing_without_a_credential_is_refused(fielded_pdf: bytes, signing_org: Organization) -> None:
    from tests.core.factories import officer

    stranger = officer(signing_org, "unit_leader", username="khong.co.khoa")
    with pytest.raises(CredentialMissing):
        sign_as_person(fielded_pdf, user=stranger, secret=DEMO_PASSWORD)


def test_signing_something_that_is_not_a_pdf_is_refused(signing_leader: User) -> None:
    with pytest.raises(SigningError):
        sign_as_person(b"%PDF-1.7 not really", user=signing_leader, secret=DEMO_PASSWORD)


def test_a_signed_field_cannot_be_signed_again(person_signed_pdf: bytes, signing_leader: User) -> None:
    with pytest.raises(SigningError, match="đã được ký"):
        sign_as_person(person_signed_pdf, user=signing_leader, secret=DEMO_PASSWORD)


def test_the_seal_needs_the_persons_signature_first(
    fielded_pdf: bytes, signing_leader: User, signing_org: Organization
) -> None:
    with pytest.raises(SigningError, match="người có thẩm quyền"):
        sign_as_organization(fielded_pdf, organization=signing_org, secret=DEMO_PASSWORD)
    # Attachments and copies carry only the organisation's signature.
    attachment = sign_as_organization(fielded_pdf, organization=signing_org, secret=DEMO_PASSWORD, attachment=True)
    assert statuses(attachment)["ChuKyCoQuan"].bottom_line


@pytest.mark.parametrize(
    "algorithm",
    [pkcs12.PBES.PBESv2SHA256AndAES256CBC, pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC],
    ids=["pbes2", "legacy"],
)
def test_pkcs12_files_open_with_the_right_passphrase_only(
    signing_leader: User, pki: tuple[CertificateAuthority, CertificateAuthority], algorithm: pkcs12.PBES
) -> None:
    """Our own layout (PBES2) and a legacy one (3DES, as older tools export) both open with the
    right passphrase; a wrong one or a key that does not match the certificate is refused."""
    from saola.demo.pki import person_subject
    from saola.signing.credentials import KeySigner, _pkcs12_signer
    from saola.signing.pki.keys import new_private_key
    from saola.signing.pki.services import certificate_issue

    key = new_private_key()
    issued = certificate_issue(
        actor=None, issuer=pki[1], kind="personal", subject=person_subject(signing_leader), key=key
    )
    certificate = x509.load_der_x509_certificate(bytes(issued.certificate_der))

    def p12(private_key: object) -> bytes:
        encryption = (
            serialization.PrivateFormat.PKCS12.encryption_builder().key_cert_algorithm(algorithm).build(b"Mat-khau-1")
        )
        return pkcs12.serialize_key_and_certificates(b"x", private_key, None, None, encryption)  # type: ignore[arg-type]

    signer = _pkcs12_signer(p12(key), passphrase="Mat-khau-1", certificate=certificate, chain=[])
    assert isinstance(signer, KeySigner) and signer.key.private_numbers() == key.private_numbers()
    with pytest.raises(WrongSecret):
        _pkcs12_signer(p12(key), passphrase="sai-mat-khau", certificate=certificate, chain=[])
    with pytest.raises(SigningError, match="không khớp"):
        _pkcs12_signer(p12(new_private_key()), passphrase="Mat-khau-1", certificate=certificate, chain=[])
