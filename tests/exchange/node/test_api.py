"""POST /api/v1/documents/{id}/exchange/send and GET …/exchange/recipients."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from saola.exchange.models import OutboundMessage
from tests.documents.factories import PASSWORD, SECRET
from tests.exchange.node.support import REMOTE_CODE, issued_document, province_with_directory

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def post(client: Client, url: str, body: dict[str, object]) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_send_and_read_recipients_through_the_api(django_assert_max_num_queries: object) -> None:
    p = province_with_directory()
    document = issued_document(p)
    clerk = client_for(p.clerk.username)
    url = f"/api/v1/documents/{document.pk}/exchange"
    response = post(clerk, f"{url}/send", {"recipients": [p.other_province.code, REMOTE_CODE], "secret": SECRET})
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["kind"] == "package"
    assert body["state"] == "queued"
    assert body["recipient_codes"] == [p.other_province.code, REMOTE_CODE]
    assert body["document_id"].startswith(f"{p.ubnd.code},")
    assert OutboundMessage.objects.filter(pk=body["id"]).exists()
    with django_assert_max_num_queries(12):  # type: ignore[operator]  # the same for any number of recipients
        listed = clerk.get(f"{url}/recipients")
    assert listed.status_code == 200
    rows = listed.json()
    assert {r["organ_code"] for r in rows} == {p.other_province.code, REMOTE_CODE}
    assert all(r["status_code"] == "" and r["delivery_state"] == "queued" for r in rows)
    assert all(r["events"][0]["business_type"] == 0 for r in rows)


def test_api_errors_are_rendered_as_errors() -> None:
    p = province_with_directory()
    document = issued_document(p)
    url = f"/api/v1/documents/{document.pk}/exchange"
    clerk = client_for(p.clerk.username)
    unknown = post(clerk, f"{url}/send", {"recipients": ["000.00.00.G99"], "secret": SECRET})
    assert unknown.status_code == 400  # type: ignore[attr-defined]
    assert "000.00.00.G99" in json.dumps(unknown.json(), ensure_ascii=False)  # type: ignore[attr-defined]
    recall = post(clerk, f"{url}/send", {"recipients": [REMOTE_CODE], "business_type": 1, "secret": SECRET})
    assert recall.status_code == 400  # type: ignore[attr-defined]
    wrong_type = post(clerk, f"{url}/send", {"recipients": [REMOTE_CODE], "business_type": 7})
    assert wrong_type.status_code == 422  # type: ignore[attr-defined]
    outsider = client_for(p.outsider.username)
    assert post(outsider, f"{url}/send", {"recipients": [REMOTE_CODE], "secret": SECRET}).status_code == 404  # type: ignore[attr-defined]
    assert outsider.get(f"{url}/recipients").status_code == 404
    assert Client().get(f"{url}/recipients").status_code == 401
    officer = client_for(p.office_officer.username)
    assert post(officer, f"{url}/send", {"recipients": [REMOTE_CODE], "secret": SECRET}).status_code == 403  # type: ignore[attr-defined]
    assert not OutboundMessage.objects.exists()
