"""The hub's agency registry: model validation, audited services, authentication and search."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError

from saola.core.exceptions import NotFoundError, ValidationFailed
from saola.core.models import AuditEntry
from saola.exchange.models import Agency
from saola.exchange.registry import (
    agency_authenticate,
    agency_deactivate,
    agency_get,
    agency_issue_secret,
    agency_list,
    agency_register,
    agency_update,
)

pytestmark = pytest.mark.django_db

CODE = "000.00.12.H53"


def certificate_pem(common_name: str = "Sở Tư pháp tỉnh Sơn La") -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def register(**overrides: str) -> Agency:
    values = {"code": CODE, "name": "Sở Tư pháp tỉnh Sơn La", "level": "unit"} | overrides
    return agency_register(actor=None, **values)


@pytest.mark.parametrize("code", ["000.00.12.H5", "000.00.12.h53", "00.000.12.H53", "000-00-12-H53", "", "X" * 13])
def test_bad_codes_are_refused(code):
    agency = Agency(code=code, name="Sở", level="unit")
    with pytest.raises(ValidationError) as exc:
        agency.full_clean()
    assert "code" in exc.value.message_dict


def test_bad_parent_hub_code_is_refused_and_blank_means_this_hub():
    with pytest.raises(ValidationFailed) as exc:
        register(parent_hub="H53")
    assert "parent_hub" in exc.value.fields
    assert register().parent_hub == ""


def test_push_needs_an_endpoint_and_pull_does_not():
    with pytest.raises(ValidationFailed) as exc:
        register(mode="push")
    assert "endpoint" in exc.value.fields
    assert register(mode="pull").endpoint == ""
    pushed = register(code="000.00.13.H53", mode="push", endpoint="https://stp.sonla.gov.vn/edxml")
    assert pushed.mode == Agency.Mode.PUSH


@pytest.mark.parametrize("endpoint", ["ftp://stp.sonla.gov.vn/in", "stp.sonla.gov.vn", "https://"])
def test_endpoint_must_be_http_or_https(endpoint):
    with pytest.raises(ValidationFailed) as exc:
        register(mode="push", endpoint=endpoint)
    assert "endpoint" in exc.value.fields


def test_unknown_level_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        register(level="ministry")
    assert "level" in exc.value.fields


def test_certificate_is_parsed_and_its_subject_shown():
    agency = register(certificate=certificate_pem("Sở Tư pháp"))
    assert agency.certificate_subject == "CN=Sở Tư pháp"


def test_garbage_certificate_is_refused():
    broken = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
    for pem in (broken, "hello"):
        with pytest.raises(ValidationFailed) as exc:
            register(certificate=pem)
        assert "certificate" in exc.value.fields
    assert not Agency.objects.exists()


def test_duplicate_code_is_refused():
    register()
    with pytest.raises(ValidationFailed) as exc:
        register(name="Khác")
    assert "code" in exc.value.fields


def test_services_write_audit_rows(platform_admin):
    agency = agency_register(actor=platform_admin, code=CODE, name="Sở Tư pháp", level="unit")
    agency_update(
        actor=platform_admin, agency=agency, name="Sở Tư pháp tỉnh Sơn La", mode="push", endpoint="http://a.vn/x"
    )
    agency_issue_secret(actor=platform_admin, agency=agency)
    agency_deactivate(actor=platform_admin, agency=agency)
    agency_deactivate(actor=platform_admin, agency=agency)  # no change, no row

    entries = list(AuditEntry.objects.filter(object_type="exchange.agency", object_id=str(agency.pk)).order_by("pk"))
    assert [e.action for e in entries] == [
        "agency.register",
        "agency.update",
        "agency.issue_secret",
        "agency.deactivate",
    ]
    assert all(e.actor == platform_admin and e.object_type == "exchange.agency" for e in entries)
    update = entries[1]
    assert update.before["name"] == "Sở Tư pháp"
    assert update.after["name"] == "Sở Tư pháp tỉnh Sơn La"
    assert update.after["mode"] == "push"
    assert "secret_hash" not in update.after
    agency.refresh_from_db()
    assert entries[2].after == {"secret_prefix": agency.secret_prefix}
    assert not agency.is_active


def test_update_refuses_code_and_unknown_fields_and_validates():
    agency = register()
    with pytest.raises(ValidationFailed):
        agency_update(actor=None, agency=agency, code="000.00.99.H53")
    with pytest.raises(ValidationFailed) as exc:
        agency_update(actor=None, agency=agency, mode="push")
    assert "endpoint" in exc.value.fields
    agency.refresh_from_db()
    assert agency.code == CODE
    assert agency.mode == "pull"


def test_secret_is_stored_only_as_a_hash_and_authenticates():
    agency, secret = agency_issue_secret(actor=None, agency=register())
    agency.refresh_from_db()
    assert secret.startswith("hub_")
    assert secret not in agency.secret_hash
    assert agency.secret_prefix == secret[:12]

    assert agency_authenticate(code=CODE, secret=secret) == agency
    assert agency_authenticate(code=CODE, secret=secret + "x") is None
    assert agency_authenticate(code=CODE, secret="hub_wrong") is None
    assert agency_authenticate(code="000.00.99.H53", secret=secret) is None


def test_a_new_secret_replaces_the_old_one():
    agency, first = agency_issue_secret(actor=None, agency=register())
    _agency, second = agency_issue_secret(actor=None, agency=agency)
    assert first != second
    assert agency_authenticate(code=CODE, secret=first) is None
    assert agency_authenticate(code=CODE, secret=second) == agency


def test_agency_without_secret_or_deactivated_cannot_authenticate():
    agency = register()
    assert agency_authenticate(code=CODE, secret="hub_") is None
    _agency, secret = agency_issue_secret(actor=None, agency=agency)
    agency_deactivate(actor=None, agency=agency)
    assert agency_authenticate(code=CODE, secret=secret) is None


def test_get_by_code():
    agency = register()
    assert agency_get(code=CODE) == agency
    with pytest.raises(NotFoundError):
        agency_get(code="000.00.99.H53")


def test_search_by_name_with_and_without_diacritics_and_by_code():
    justice = register(name="Sở Tư pháp tỉnh Sơn La", level="unit")
    commune = register(code="000.01.31.H53", name="Ủy ban nhân dân xã Chiềng Cơi", level="commune")
    register(code="000.00.00.H53", name="Ủy ban nhân dân tỉnh Sơn La", level="province")

    assert list(agency_list(q="tư pháp")) == [justice]
    assert list(agency_list(q="tu phap")) == [justice]
    assert list(agency_list(q="TU PHÁP")) == [justice]
    assert list(agency_list(q="chieng coi")) == [commune]
    assert list(agency_list(q="000.01.31")) == [commune]
    assert list(agency_list(q="000.01.31.h53")) == [commune]
    assert [a.code for a in agency_list(q="ủy ban")] == ["000.00.00.H53", "000.01.31.H53"]
    assert list(agency_list(q="uy ban", level="commune")) == [commune]
    assert list(agency_list(q="bộ công an")) == []
    assert agency_list().count() == 3
