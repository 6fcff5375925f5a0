"""The hub API (/exchange/v1/) through HTTP: accept, route, pull, acknowledge, refuse."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from saola.demo.loader import DEMO_PASSWORD
from saola.exchange.edxml import package_to_xml, status_to_xml
from saola.exchange.models import Agency, HubDelivery, HubMessage
from saola.exchange.package import Organ
from saola.exchange.registry import agency_issue_secret, agency_register
from saola.exchange.signature import sign_package
from tests.exchange.support import RECEIVER, SENDER, sample_package, sample_status

pytestmark = pytest.mark.django_db

OTHER = Organ(organ_id="000.00.00.G12", organ_name="Bộ Tài chính")


@pytest.fixture(autouse=True)
def hub_role(settings):
    settings.ROOT_URLCONF = "saola.urls_hub"
    settings.SAOLA_HUB_CODE = "000.00.00.H53"
    settings.SAOLA_HUB_PARENT_URL = ""


def _agency(code: str, name: str, **extra) -> tuple[Agency, str]:
    agency = agency_register(actor=None, code=code, name=name, level="central", **extra)
    return agency_issue_secret(actor=None, agency=agency)


def _client(code: str, secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_X_EDXML_AGENCY=code)


@pytest.fixture
def agencies(sender_org):
    _, sender_secret = _agency(SENDER.organ_id, SENDER.organ_name)
    _, receiver_secret = _agency(RECEIVER.organ_id, RECEIVER.organ_name)
    _, other_secret = _agency(OTHER.organ_id, OTHER.organ_name)
    return {
        "sender": _client(SENDER.organ_id, sender_secret),
        "receiver": _client(RECEIVER.organ_id, receiver_secret),
        "other": _client(OTHER.organ_id, other_secret),
    }


def _signed(sender_org, **overrides) -> bytes:
    xml = package_to_xml(sample_package(**overrides))
    return sign_package(xml, organization=sender_org, secret=DEMO_PASSWORD)


def _post(client: Client, path: str, data: bytes, **headers):
    return client.post(f"/exchange/v1/{path}", data=data, content_type="application/xml", **headers)


def test_package_is_queued_once_per_recipient_and_pulled_in_order(agencies, sender_org):
    data = _signed(sender_org)
    answer = _post(agencies["sender"], "packages", data)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["duplicate"] is False
    assert body["recipients"] == {RECEIVER.organ_id: RECEIVER.organ_id, OTHER.organ_id: OTHER.organ_id}

    pending = agencies["receiver"].get("/exchange/v1/deliveries").json()["items"]
    assert len(pending) == 1
    item = pending[0]
    assert item["sender_code"] == SENDER.organ_id
    assert item["recipient_code"] == RECEIVER.organ_id
    assert base64.b64decode(item["body"]) == data
    assert item["trace"][-1]["organ_id"] == "000.00.00.H53"

    raw = agencies["receiver"].get(f"/exchange/v1/deliveries/{item['id']}")
    assert raw.status_code == 200
    assert raw.content == data
    assert json.loads(raw["X-Edxml-Trace"])[-1]["organ_id"] == "000.00.00.H53"

    acked = agencies["receiver"].post(
        "/exchange/v1/deliveries/ack", data={"ids": [item["id"]]}, content_type="application/json"
    )
    assert acked.json() == {"acknowledged": 1}
    assert agencies["receiver"].get("/exchange/v1/deliveries").json()["items"] == []
    # Acknowledging again, or someone else's delivery, changes nothing.
    again = agencies["other"].post(
        "/exchange/v1/deliveries/ack", data={"ids": [item["id"]]}, content_type="application/json"
    )
    assert again.json() == {"acknowledged": 0}
    assert len(agencies["other"].get("/exchange/v1/deliveries").json()["items"]) == 1


def test_the_same_bytes_twice_are_one_message(agencies, sender_org):
    data = _signed(sender_org)
    first = _post(agencies["sender"], "packages", data)
    second = _post(agencies["sender"], "packages", data)
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["duplicate"] is True
    assert second.json()["id"] == first.json()["id"]
    assert HubMessage.objects.count() == 1
    assert HubDelivery.objects.count() == 2


def test_wrong_secret_or_missing_agency_header_is_401(agencies, sender_org):
    data = _signed(sender_org)
    assert (
        _client(SENDER.organ_id, "hub_wrong")
        .post("/exchange/v1/packages", data=data, content_type="application/xml")
        .status_code
        == 401
    )
    assert Client(HTTP_AUTHORIZATION="Bearer hub_x").get("/exchange/v1/deliveries").status_code == 401
    assert HubMessage.objects.count() == 0


def test_sender_must_be_the_authenticated_agency(agencies, sender_org):
    answer = _post(agencies["other"], "packages", _signed(sender_org))
    assert answer.status_code == 403
    assert answer.json()["error"]["details"]["reason"] == "sender_mismatch"
    assert HubMessage.objects.count() == 0


def test_unknown_recipient_is_refused_and_nothing_is_stored(agencies, sender_org):
    stranger = Organ(organ_id="000.00.00.G99", organ_name="Cơ quan lạ")
    answer = _post(agencies["sender"], "packages", _signed(sender_org, to_organs=(RECEIVER, stranger)))
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["details"]["reason"] == "unknown_recipient"
    assert "000.00.00.G99" in error["message"]
    assert HubMessage.objects.count() == 0
    assert HubDelivery.objects.count() == 0


def test_unsigned_and_tampered_packages_are_refused(agencies, sender_org):
    unsigned = package_to_xml(sample_package())
    answer = _post(agencies["sender"], "packages", unsigned)
    assert answer.status_code == 400
    assert answer.json()["error"]["details"]["reason"] == "signature_invalid"

    forged = _signed(sender_org).replace("V/v báo cáo".encode(), "V/v giả mạo".encode())
    answer = _post(agencies["sender"], "packages", forged)
    assert answer.status_code == 400
    assert answer.json()["error"]["details"]["reason"] == "signature_invalid"
    assert HubMessage.objects.count() == 0


def test_package_signed_with_another_certificate_than_the_registered_one(agencies, sender_org, pki):
    from saola.demo.pki import issue_organization_credential
    from saola.signing.credentials import certificate_of, credential_for

    first = certificate_of(credential_for(organization=sender_org))
    from cryptography.hazmat.primitives import serialization

    Agency.objects.filter(code=SENDER.organ_id).update(
        certificate=first.public_bytes(serialization.Encoding.PEM).decode()
    )
    assert _post(agencies["sender"], "packages", _signed(sender_org)).status_code == 201
    # A new credential of the same organisation is not the certificate the hub registered.
    issue_organization_credential(organization=sender_org, issuer=pki[1], passphrase=DEMO_PASSWORD)
    answer = _post(agencies["sender"], "packages", _signed(sender_org, subject="Một văn bản khác"))
    assert answer.status_code == 400
    assert "chứng thư số đã đăng ký" in answer.json()["error"]["message"]


@pytest.mark.parametrize(
    "data",
    [
        b"<not xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
        b"<edXML/>",
        b"<other/>",
    ],
)
def test_bad_xml_is_refused_with_a_reason(agencies, data):
    answer = _post(agencies["sender"], "packages", data)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"]
    assert HubMessage.objects.count() == 0


def test_oversized_package_is_413_before_reading(agencies, settings):
    settings.SAOLA_EXCHANGE_MAX_BYTES = 1000
    answer = _post(agencies["sender"], "packages", b"<edXML>" + b" " * 2000 + b"</edXML>")
    assert answer.status_code == 413
    assert HubMessage.objects.count() == 0


def test_status_goes_back_to_the_sender_only_from_a_recipient(agencies, sender_org):
    assert _post(agencies["sender"], "packages", _signed(sender_org)).status_code == 201
    status = status_to_xml(sample_status("03"))
    answer = _post(agencies["receiver"], "statuses", status)
    assert answer.status_code == 201, answer.content
    assert answer.json()["recipients"] == {SENDER.organ_id: SENDER.organ_id}
    items = agencies["sender"].get("/exchange/v1/deliveries").json()["items"]
    assert [(i["kind"], i["status_code"]) for i in items] == [("status", "03")]


def test_status_for_a_package_never_received_is_refused(agencies, sender_org):
    answer = _post(agencies["receiver"], "statuses", status_to_xml(sample_status("01")))
    assert answer.status_code == 409
    assert answer.json()["error"]["details"]["reason"] == "unknown_package"
    # A status in the name of another agency is a sender mismatch.
    _post(agencies["sender"], "packages", _signed(sender_org))
    answer = _post(agencies["other"], "statuses", status_to_xml(sample_status("01")))
    assert answer.status_code == 403


def test_agencies_directory_and_openapi(agencies):
    items = agencies["sender"].get("/exchange/v1/agencies?q=tai chinh").json()["items"]
    assert [i["code"] for i in items] == [OTHER.organ_id]
    schema = Client().get("/exchange/v1/openapi.json").json()
    assert "/exchange/v1/packages" in schema["paths"]
    assert "/exchange/v1/deliveries/ack" in schema["paths"]


def test_purge_deletes_old_delivered_messages_and_keeps_the_undelivered(agencies, sender_org, capsys):
    import datetime as dt

    from django.utils import timezone

    from saola.cli import main

    _post(agencies["sender"], "packages", _signed(sender_org))
    delivered = agencies["receiver"].get("/exchange/v1/deliveries").json()["items"][0]
    agencies["receiver"].post(
        "/exchange/v1/deliveries/ack", data={"ids": [delivered["id"]]}, content_type="application/json"
    )
    _post(agencies["sender"], "packages", _signed(sender_org, to_organs=(RECEIVER,), subject="Văn bản thứ hai"))
    agencies["receiver"].post(
        "/exchange/v1/deliveries/ack",
        data={"ids": [i["id"] for i in agencies["receiver"].get("/exchange/v1/deliveries").json()["items"]]},
        content_type="application/json",
    )
    HubMessage.objects.update(received_at=timezone.now() - dt.timedelta(days=100))
    # The first message still waits for Bộ Tài chính: kept. The second is delivered: purged.
    assert main(["hub", "purge", "--days", "90"]) == 0
    assert "Đã xóa 1 gói tin" in capsys.readouterr().out
    assert HubMessage.objects.count() == 1
    assert HubDelivery.objects.filter(state="pending").count() == 1
    assert main(["hub", "purge", "--days", "200"]) == 0
    assert HubMessage.objects.count() == 1
