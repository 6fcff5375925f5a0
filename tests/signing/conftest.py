"""Fixtures of the signing tests, reusable by any test that needs the platform's PKI or signed PDFs.

- `pki`: the demo root and subordinate CA with TSA and OCSP certificates (keys in tmp_path).
- `signing_org`, `signing_leader`: an organisation and its leader, each with a PKCS#12
  credential (passphrase DEMO_PASSWORD), a signature image and a seal image.
- `form_pdf`: a one-page PDF from WeasyPrint with the text fields so_ky_hieu and ngay_ban_hanh.
- `fielded_pdf`: `form_pdf` with the signature fields ChuKyNguoiKy and ConDauCoQuan.
- `person_signed_pdf`, `fully_signed_pdf`: signed by the leader, then also by the organisation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from saola.core.models import Organization, User
from saola.demo.loader import DEMO_PASSWORD
from saola.demo.pki import ensure_authorities, issue_organization_credential, issue_person_credential
from saola.signing.models import CertificateAuthority
from saola.signing.services import add_signature_fields, sign_as_organization, sign_as_person
from tests.core.factories import OrganizationFactory, officer

# The box of the leader's signature on the one-page form: page, x1, y1, x2, y2 (points).
SIGNER_BOX = (-1, 330.0, 160.0, 500.0, 230.0)

FORM_HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 20mm 20mm 30mm }
body { font-family: 'Liberation Serif'; font-size: 13pt }
input { width: 40mm; height: 6mm; border: none; font: inherit }
</style></head><body>
<p>ỦY BAN NHÂN DÂN TỈNH SƠN LA</p>
<p>Số: <input type="text" name="so_ky_hieu"> — Sơn La, <input type="text" name="ngay_ban_hanh"></p>
<h1>QUYẾT ĐỊNH</h1><p>Về việc thử nghiệm chữ ký số trên văn bản điện tử.</p>
</body></html>"""


@pytest.fixture(autouse=True)
def _pki_dir(settings: object, tmp_path: Path) -> None:
    settings.SAOLA_PKI_DIR = tmp_path / "pki"  # type: ignore[attr-defined]


@pytest.fixture
def pki(db: None) -> tuple[CertificateAuthority, CertificateAuthority]:
    return ensure_authorities()


@pytest.fixture
def signing_org(db: None) -> Organization:
    return OrganizationFactory(code="000.01.53.H53", name="Văn phòng Ủy ban nhân dân tỉnh Sơn La", level="province")


@pytest.fixture
def signing_leader(pki: tuple[CertificateAuthority, CertificateAuthority], signing_org: Organization) -> User:
    leader = officer(signing_org, "unit_leader", username="lanhdao.test", full_name="Cầm Văn Thành")
    issue_person_credential(user=leader, issuer=pki[1], passphrase=DEMO_PASSWORD)
    issue_organization_credential(organization=signing_org, issuer=pki[1], passphrase=DEMO_PASSWORD)
    return leader


@pytest.fixture(scope="session")
def form_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=FORM_HTML).write_pdf(pdf_forms=True)


@pytest.fixture
def fielded_pdf(form_pdf: bytes, signing_org: Organization) -> bytes:
    return add_signature_fields(form_pdf, signer_box=SIGNER_BOX, organization=signing_org)


@pytest.fixture
def person_signed_pdf(fielded_pdf: bytes, signing_leader: User) -> bytes:
    return sign_as_person(fielded_pdf, user=signing_leader, secret=DEMO_PASSWORD, reason="Phê duyệt")


@pytest.fixture
def fully_signed_pdf(person_signed_pdf: bytes, signing_org: Organization) -> bytes:
    return sign_as_organization(person_signed_pdf, organization=signing_org, secret=DEMO_PASSWORD)
