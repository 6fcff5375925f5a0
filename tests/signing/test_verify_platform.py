"""Verification of documents signed by the platform itself (sign_as_person, sign_as_organization),
against the platform's own trust list and revocation data (saola.signing.trust)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from saola.signing.models import IssuedCertificate, SigningCredential
from saola.signing.pki.services import certificate_revoke
from saola.signing.services import fill_text_fields
from saola.signing.verify import verify_pdf

pytestmark = pytest.mark.django_db


def _issued(**filters) -> IssuedCertificate:
    credential = SigningCredential.objects.get(**filters)
    assert credential.issued is not None
    return credential.issued


def test_verify_pdf_accepts_the_leaders_signature(person_signed_pdf, signing_leader):
    report = verify_pdf(data=person_signed_pdf)

    assert report.valid, report.as_dict()
    (sig,) = report.signatures
    assert sig.signer == "Cầm Văn Thành"
    assert sig.trusted and sig.intact and not sig.revoked and sig.covers_whole_document
    assert sig.timestamped
    assert sig.signed_at is not None and abs(sig.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_verify_pdf_accepts_the_person_then_the_organisation(fully_signed_pdf, signing_org):
    report = verify_pdf(data=fully_signed_pdf)

    assert report.valid, report.as_dict()
    person, organisation = report.signatures
    assert person.signer == "Cầm Văn Thành"
    assert organisation.signer == "Văn phòng Ủy ban nhân dân tỉnh Sơn La"
    assert all(s.trusted and s.intact and not s.revoked for s in report.signatures)
    # The organisation's signature came after the person's: form filling, allowed.
    assert person.modification_level in {"form_filling", "lta_updates"}
    assert person.covers_whole_document


def test_verify_pdf_allows_filling_the_form_after_signing(person_signed_pdf, signing_leader):
    filled = fill_text_fields(person_signed_pdf, values={"so_ky_hieu": "15/QĐ-UBND"})

    report = verify_pdf(data=filled)

    assert report.valid, report.as_dict()
    assert report.signatures[0].modification_level == "form_filling"


def test_verify_pdf_reports_a_certificate_revoked_before_the_signing_time(person_signed_pdf, signing_leader):
    signed_at = verify_pdf(data=person_signed_pdf).signatures[0].signed_at
    assert signed_at is not None
    # A key compromise found later is dated back to when the key was first misused.
    certificate_revoke(
        actor=None,
        certificate=_issued(user=signing_leader),
        reason="key_compromise",
        at=signed_at - dt.timedelta(hours=1),
    )

    report = verify_pdf(data=person_signed_pdf)

    (sig,) = report.signatures
    assert not report.valid
    assert sig.revoked and not sig.trusted
    assert "Chứng thư số đã bị thu hồi" in sig.problems


def test_verify_pdf_keeps_a_signature_made_before_the_revocation(person_signed_pdf, signing_leader):
    time.sleep(1.1)  # revocation times have whole seconds: keep it clearly after the timestamp
    certificate_revoke(actor=None, certificate=_issued(user=signing_leader), reason="cessation_of_operation")

    report = verify_pdf(data=person_signed_pdf)

    # Timestamped before the revocation: the signature stays good, as it was when made.
    assert report.valid, report.as_dict()
    assert not report.signatures[0].revoked


def test_platform_contexts_judge_a_past_moment_with_todays_revocation_data(person_signed_pdf, signing_leader):
    """At a trusted signing time the certificate is checked against revocation data fetched now
    (the platform's OCSP answered in-process): revoked before that time counts, after does not."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    from saola.signing.verify.checks import SIGNER_KEY_USAGE
    from saola.signing.verify.service import _platform_contexts

    signed_at = verify_pdf(data=person_signed_pdf).signatures[0].signed_at
    assert signed_at is not None
    revoked_at = signed_at.replace(microsecond=0) - dt.timedelta(seconds=1)
    certificate_revoke(actor=None, certificate=_issued(user=signing_leader), reason="key_compromise", at=revoked_at)

    def status_at(moment: dt.datetime):
        (embedded,) = PdfFileReader(io.BytesIO(person_signed_pdf)).embedded_signatures
        return validate_pdf_signature(
            embedded, signer_validation_context=_platform_contexts()(moment), key_usage_settings=SIGNER_KEY_USAGE
        )

    assert status_at(signed_at).revoked
    # Every certificate of the demo PKI is backdated a little: a second before the revocation
    # they were all valid already.
    assert status_at(revoked_at - dt.timedelta(seconds=1)).trusted
