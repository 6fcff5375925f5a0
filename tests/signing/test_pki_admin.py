"""Admin of the PKI: trusted roots by upload, revocation from the certificate list; the CLI."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from saola.core.models import AuditEntry, User
from saola.signing.credentials import credential_for
from saola.signing.models import CertificateAuthority, IssuedCertificate, TrustedRoot
from saola.signing.trust import trusted_root_certificates

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db: None) -> Client:
    admin = User.objects.create_superuser(username="quantri.pki", password="Mat-khau-2026", email="pki@example.com")
    client = Client()
    client.force_login(admin)
    return client


def _pem(der: bytes | memoryview) -> bytes:
    return x509.load_der_x509_certificate(bytes(der)).public_bytes(serialization.Encoding.PEM)


def test_admin_adds_a_trusted_root_from_a_pem_upload_and_can_disable_it(
    site: Client, pki: tuple[CertificateAuthority, CertificateAuthority]
) -> None:
    # The subordinate CA stands in for another authority's root: a CA certificate we do not trust yet.
    upload = SimpleUploadedFile("ca.pem", _pem(pki[1].certificate_der), content_type="application/x-pem-file")
    response = site.post(
        "/admin/signing/trustedroot/add/", {"name": "CA chuyên dùng khác", "enabled": "on", "certificate_file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    root = TrustedRoot.objects.get()
    assert root.fingerprint and "Saola CA" in root.subject
    assert AuditEntry.objects.filter(action="pki.trusted_root_create", object_id=str(root.pk)).exists()
    assert bytes(root.certificate_der) in {c.dump() for c in trusted_root_certificates()}
    response = site.post(f"/admin/signing/trustedroot/{root.pk}/change/", {"name": root.name})
    assert response.status_code == 302
    root.refresh_from_db()
    assert not root.enabled
    assert bytes(root.certificate_der) not in {c.dump() for c in trusted_root_certificates()}
    assert AuditEntry.objects.filter(action="pki.trusted_root_update").exists()


def test_admin_refuses_a_file_that_is_not_a_ca_certificate(
    site: Client, pki: tuple[CertificateAuthority, CertificateAuthority], signing_leader: User
) -> None:
    leaf = credential_for(user=signing_leader).certificate_der
    for name, data in (("leaf.pem", _pem(leaf)), ("rac.pem", b"khong phai chung thu")):
        upload = SimpleUploadedFile(name, data)
        response = site.post("/admin/signing/trustedroot/add/", {"name": "x", "certificate_file": upload})
        assert response.status_code == 200  # the form again, with the error
    assert not TrustedRoot.objects.exists()


def test_admin_revoke_action_revokes_and_audits(
    site: Client, pki: tuple[CertificateAuthority, CertificateAuthority], signing_leader: User
) -> None:
    issued = credential_for(user=signing_leader).issued
    assert issued is not None
    response = site.post(
        "/admin/signing/issuedcertificate/",
        {"action": "revoke_key_compromise", "_selected_action": [str(issued.pk)]},
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.revocation_reason == IssuedCertificate.Reason.KEY_COMPROMISE
    entry = AuditEntry.objects.get(action="pki.certificate_revoke")
    assert entry.actor is not None and entry.actor.username == "quantri.pki"
    assert site.get("/admin/signing/issuedcertificate/").status_code == 200
    assert site.get(f"/admin/signing/issuedcertificate/{issued.pk}/change/").status_code == 200
    assert site.get("/admin/signing/signingcredential/").status_code == 200


def test_cli_pki_init_demo_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    from saola.cli import main
    from saola.demo.orgs import load_current_organizations
    from saola.demo.people import load_officers

    load_current_organizations()
    load_officers(password="Mat-khau-2026")
    assert main(["pki", "init-demo"]) == 0
    assert "đã cấp" in capsys.readouterr().out
    assert main(["pki", "init-demo"]) == 0
    assert "không có gì thay đổi" in capsys.readouterr().out
    assert CertificateAuthority.objects.count() == 2


def test_admin_uploads_a_seal_image_through_the_service(site: Client, signing_leader: User) -> None:
    import io

    from PIL import Image

    from saola.signing.models import SealImage

    organization = signing_leader.organization
    assert organization is not None
    seal = SealImage.objects.get(organization=organization)
    opaque, clear = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (50, 50), (218, 24, 32)).save(opaque, format="PNG")
    Image.new("RGBA", (50, 50), (218, 24, 32, 0)).save(clear, format="PNG")
    url = f"/admin/signing/sealimage/{seal.pk}/change/"
    refused = site.post(
        url,
        {
            "organization": organization.pk,
            "diameter_mm": "40",
            "upload": SimpleUploadedFile("d.png", opaque.getvalue()),
        },
    )
    assert refused.status_code == 200 and "trong suốt" in refused.content.decode()
    response = site.post(
        url,
        {"organization": organization.pk, "diameter_mm": "40", "upload": SimpleUploadedFile("d.png", clear.getvalue())},
    )
    assert response.status_code == 302
    seal.refresh_from_db()
    assert str(seal.diameter_mm) == "40.0"
    assert AuditEntry.objects.filter(action="signing.seal_image_set").count() == 2  # the demo one and this
