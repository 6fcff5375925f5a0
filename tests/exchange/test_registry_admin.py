"""Admin of the agency registry: add/change through services, certificate subject, secret shown once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from saola.core.models import AuditEntry, User
from saola.exchange.models import Agency
from saola.exchange.registry import agency_authenticate, agency_register
from tests.exchange.test_registry import certificate_pem

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser(username="quan.tri", password="Mat-khau-2026", full_name="Quản trị viên")


@pytest.fixture
def site(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def form_data(**overrides: str) -> dict[str, str]:
    return {
        "code": "000.00.12.H53",
        "name": "Sở Tư pháp tỉnh Sơn La",
        "level": "unit",
        "parent_hub": "",
        "mode": "pull",
        "endpoint": "",
        "certificate": "",
    } | overrides


def test_add_through_the_service_with_audit(site, superuser):
    response = site.post(reverse("admin:exchange_agency_add"), form_data(certificate=certificate_pem("STP Sơn La")))

    assert response.status_code == 302, response.content.decode()[:2000]
    agency = Agency.objects.get(code="000.00.12.H53")
    entry = AuditEntry.objects.get(action="agency.register", object_id=str(agency.pk))
    assert entry.actor == superuser
    assert entry.after["certificate"] == "CN=STP Sơn La"

    page = site.get(reverse("admin:exchange_agency_change", args=[agency.pk])).content.decode()
    assert "CN=STP Sơn La" in page


def test_add_form_shows_validation_errors(site):
    response = site.post(reverse("admin:exchange_agency_add"), form_data(mode="push", certificate="rác"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Cơ quan nhận theo cách trục đẩy phải có địa chỉ nhận." in page
    assert "Chứng thư số phải là một chứng thư X.509 dạng PEM." in page
    assert not Agency.objects.exists()


def test_change_goes_through_the_service(site):
    agency = agency_register(actor=None, code="000.00.12.H53", name="Sở Tư pháp", level="unit")

    response = site.post(
        reverse("admin:exchange_agency_change", args=[agency.pk]),
        form_data(name="Sở Tư pháp tỉnh Sơn La", mode="push", endpoint="https://stp.sonla.gov.vn/edxml"),
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.name, agency.mode) == ("Sở Tư pháp tỉnh Sơn La", "push")
    assert AuditEntry.objects.filter(action="agency.update", object_id=str(agency.pk)).count() == 1


def test_issue_secret_action_shows_it_once(site):
    agency = agency_register(actor=None, code="000.00.12.H53", name="Sở Tư pháp", level="unit")
    changelist = reverse("admin:exchange_agency_changelist")

    response = site.post(changelist, {"action": "issue_secret", "_selected_action": [agency.pk]}, follow=True)

    texts = [str(m) for m in response.context["messages"]]
    assert len(texts) == 1
    secret = texts[0].split(": ", 1)[1].split(" ")[0]
    assert secret in response.content.decode()
    assert agency_authenticate(code=agency.code, secret=secret) == agency
    agency.refresh_from_db()
    again = site.get(changelist).content.decode()
    assert secret not in again
    assert agency.secret_prefix in again
    assert secret not in site.get(reverse("admin:exchange_agency_change", args=[agency.pk])).content.decode()


def test_deactivate_action_and_folded_search(site):
    agency = agency_register(actor=None, code="000.00.12.H53", name="Sở Tư pháp", level="unit")
    agency_register(actor=None, code="000.00.13.H53", name="Sở Y tế", level="unit")

    page = site.get(reverse("admin:exchange_agency_changelist"), {"q": "tu phap"}).content.decode()
    assert "Sở Tư pháp" in page
    assert "Sở Y tế" not in page

    site.post(reverse("admin:exchange_agency_changelist"), {"action": "deactivate", "_selected_action": [agency.pk]})
    agency.refresh_from_db()
    assert not agency.is_active
