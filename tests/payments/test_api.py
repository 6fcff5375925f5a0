"""The payments API: applicants list their orders and start paying; officers request fees,
confirm counter payments and cancel; errors in the platform's one shape."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from saola.dossiers.states import Status
from saola.payments import services
from saola.payments.models import PaymentOrder
from tests.dossiers.api_support import API, assert_error, auth, post_json
from tests.payments.conftest import received

pytestmark = pytest.mark.django_db


def test_officer_requests_payment_with_catalogue_fees_or_own_lines(api_client, s):
    headers = auth(s.processor)
    first = received(s)
    response = post_json(api_client, f"/dossiers/{first.code}/payments/request", headers, {"collection": 1})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["dossier"] == first.code and body["status"] == "pending" and body["total"] == 8000
    assert body["lines"] == [{"name": "Lệ phí đăng ký khai sinh", "amount": 8000}]
    assert body["currency"] == "VND" and body["receipt_url"] == ""
    first.refresh_from_db()
    assert first.status == Status.PAYMENT_REQUIRED

    second = received(s)
    payload = {"lines": [{"name": "Lệ phí thẩm định", "amount": 120000}], "note": "Theo diện tích"}
    response = post_json(api_client, f"/dossiers/{second.code}/payments/request", headers, payload)
    assert response.status_code == 201
    assert response.json()["total"] == 120000


def test_payment_request_errors(api_client, s):
    dossier = received(s)
    url = f"/dossiers/{dossier.code}/payments/request"
    assert_error(post_json(api_client, url, auth(s.processor), {"lines": [{"name": "x", "amount": 0}]}), 422)
    assert_error(post_json(api_client, url, auth(s.processor), {"collection": 3}), 422)
    assert_error(post_json(api_client, url, auth(s.processor), {"collection": 2}), 400, "VALIDATION_FAILED")
    assert_error(post_json(api_client, url, auth(s.other_receiver), {"collection": 1}), 404, "NOT_FOUND")
    assert_error(post_json(api_client, url, auth(s.citizen), {"collection": 1}), 403, "PERMISSION_DENIED")
    assert_error(post_json(api_client, url, {}, {"collection": 1}), 401)
    assert not PaymentOrder.objects.exists()
    assert post_json(api_client, url, auth(s.processor), {"collection": 1}).status_code == 201
    assert_error(post_json(api_client, url, auth(s.processor), {"collection": 4}), 409, "CONFLICT")
    assert PaymentOrder.objects.count() == 1


def test_request_in_the_wrong_state_is_409(api_client, s):
    dossier = received(s)
    intake_url = f"/dossiers/{dossier.code}/request-supplement"
    assert post_json(api_client, intake_url, auth(s.processor), {"reason": "Thiếu giấy"}).status_code == 200
    error = assert_error(
        post_json(api_client, f"/dossiers/{dossier.code}/payments/request", auth(s.processor), {"collection": 1}),
        409,
        "CONFLICT",
    )
    assert error["details"]["status"] == "supplement_requested"


def test_officer_confirms_counter_payment_and_cancels(api_client, s):
    dossier = received(s)
    headers = auth(s.receiver)
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    base = f"/dossiers/{dossier.code}/payments"
    assert_error(post_json(api_client, f"{base}/confirm-counter", headers, {"receipt_number": ""}), 422)
    assert_error(post_json(api_client, f"{base}/cancel", headers, {}), 422)
    cancelled = post_json(api_client, f"{base}/cancel", headers, {"reason": "Sai mức thu"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert_error(post_json(api_client, f"{base}/confirm-counter", headers, {"receipt_number": "BL-1"}), 409)
    services.payment_request(officer=s.processor, dossier=dossier, collection=4)
    response = post_json(
        api_client, f"{base}/confirm-counter", headers, {"receipt_number": "BL-2", "method": "transfer"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "paid" and body["channel"] == "counter" and body["method"] == "transfer"
    assert body["transaction_id"] == "BL-2" and body["receipt_url"].endswith("/bien-nhan.pdf")
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    listing = api_client.get(f"{API}{base}", **auth(s.processor)).json()
    assert [o["status"] for o in listing] == ["paid", "cancelled"]


def test_citizen_lists_own_orders_and_starts_a_payment(api_client, s, paygate):
    dossier = received(s)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    received_other = received(s, applicant=s.other_citizen)
    services.payment_request(officer=s.processor, dossier=received_other, collection=4)
    headers = auth(s.citizen)
    page = api_client.get(f"{API}/payments/orders", **headers).json()
    assert page["count"] == 1 and page["items"][0]["order_id"] == order.merchant_order_id
    assert api_client.get(f"{API}/payments/orders?status=paid", **headers).json()["count"] == 0
    assert_error(api_client.get(f"{API}/payments/orders?status=refunded", **headers), 422)

    response = post_json(api_client, f"/dossiers/{dossier.code}/payments/start", headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["order"]["order_id"] == order.merchant_order_id
    query = dict(parse_qsl(urlsplit(body["pay_url"]).query))
    assert paygate.verify(query) and query["amount"] == "8000"
    assert query["return_url"].endswith(f"/thanh-toan/{order.merchant_order_id}/ket-qua/")


def test_start_payment_errors(api_client, s, paygate, settings):
    dossier = received(s)
    url = f"/dossiers/{dossier.code}/payments/start"
    assert_error(post_json(api_client, url, auth(s.citizen)), 409)
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    assert_error(post_json(api_client, url, auth(s.other_citizen)), 404)
    assert_error(post_json(api_client, url, auth(s.processor)), 403)
    assert_error(api_client.get(f"{API}/dossiers/{dossier.code}/payments", **auth(s.other_citizen)), 404)
    settings.SAOLA_PAYMENT_SECRET = ""
    assert_error(post_json(api_client, url, auth(s.citizen)), 409)


def test_payments_are_in_the_openapi_document(api_client):
    paths = api_client.get(f"{API}/openapi.json").json()["paths"]
    for path in (
        "/api/v1/payments/orders",
        "/api/v1/payments/callback",
        "/api/v1/dossiers/{code}/payments",
        "/api/v1/dossiers/{code}/payments/start",
        "/api/v1/dossiers/{code}/payments/request",
        "/api/v1/dossiers/{code}/payments/confirm-counter",
        "/api/v1/dossiers/{code}/payments/cancel",
    ):
        assert path in paths
