"""Signing a dossier's result at the flow's signing step, checked by the platform's verifier."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from saola.demo.loader import DEMO_PASSWORD
from saola.demo.pki import ensure_authorities, issue_person_credential
from saola.dossiers.models import DossierFile
from saola.dossiers.services import intake, processing
from saola.dossiers.services.intake import PaperUpload
from saola.signing.exceptions import WrongSecret
from saola.signing.verify.service import verify_pdf
from tests.dossiers.factories import GOOD_FORM, birth_uploads, build_one_stop

pytestmark = pytest.mark.django_db

RESULT_HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head>
<body style="font-family: 'Liberation Serif'"><h1>GIẤY KHAI SINH</h1><p>Họ và tên: Lò Văn An</p></body></html>"""


@pytest.fixture
def s(settings, tmp_path: Path):
    settings.SAOLA_PKI_DIR = tmp_path / "pki"
    one_stop = build_one_stop()
    _root, sub = ensure_authorities()
    issue_person_credential(user=one_stop.leader, issuer=sub, passphrase=DEMO_PASSWORD)
    return one_stop


def _at_signing_step(s):
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = intake.dossier_submit_online(
        applicant=s.citizen, procedure=s.birth, organization=s.ward, form_data=GOOD_FORM, uploads=birth_uploads(s.birth)
    )
    d = intake.dossier_accept(officer=s.receiver, dossier=d)
    draft = SimpleUploadedFile("giay-khai-sinh.pdf", HTML(string=RESULT_HTML).write_pdf(), "application/pdf")
    processing.dossier_upload_result(officer=s.processor, dossier=d, uploads=[PaperUpload(file=draft)])
    return processing.dossier_complete_step(officer=s.processor, dossier=d, comment="Dự thảo kết quả")


def test_leader_signs_the_pdf_result_when_approving(s):
    d = _at_signing_step(s)
    assert d.status == "waiting_signature"
    (row,) = DossierFile.objects.filter(dossier=d, kind=DossierFile.Kind.RESULT)
    draft_sha = row.sha256
    d = processing.dossier_complete_step(officer=s.leader, dossier=d, comment="Đồng ý", secret=DEMO_PASSWORD)
    assert d.status == "finished"
    row.refresh_from_db()
    assert row.sha256 != draft_sha
    with row.file.open("rb") as handle:
        report = verify_pdf(data=handle.read())
    assert report.valid
    (signature,) = report.signatures
    assert signature.signer == s.leader.display_name and signature.trusted and signature.timestamped
    assert list(d.events.values_list("action", flat=True))[-3:] == ["sign_result", "complete_step", "finish"]


def test_signing_step_needs_the_right_secret_and_changes_nothing_otherwise(s):
    from saola.core.exceptions import ConflictError, ValidationFailed

    d = _at_signing_step(s)
    (row,) = DossierFile.objects.filter(dossier=d, kind=DossierFile.Kind.RESULT)
    with pytest.raises(ValidationFailed) as missing:
        processing.dossier_complete_step(officer=s.leader, dossier=d)
    assert "secret" in missing.value.fields
    with pytest.raises(WrongSecret):
        processing.dossier_complete_step(officer=s.leader, dossier=d, secret="sai-mat-khau")
    d.refresh_from_db()
    row_after = DossierFile.objects.get(pk=row.pk)
    assert d.status == "waiting_signature" and row_after.sha256 == row.sha256
    # The basic flow's signing step has no way back: "not approved" cannot skip the signature.
    with pytest.raises(ConflictError):
        processing.dossier_complete_step(officer=s.leader, dossier=d, approved=False, comment="Sửa lại")
    assert DossierFile.objects.get(pk=row.pk).sha256 == row.sha256
