"""The provider's server callback at POST /api/v1/payments/callback: good, replayed and bad ones.

Callbacks are signed by the stand-in gateway's own implementation of the protocol.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from saola.core.models import AuditEntry
from saola.dossiers.states import Status
from saola.payments import services
from saola.payments.models import PaymentOrder
from tests.dossiers.api_support import assert_error
from tests.payments.conftest import received

pytestmark = pytest.mark.django_db

CALLBACK = "/api/v1/payments/callback"


@pytest.fixture
def order(s, paygate):
    dossier = received(s)
    return services.payment_request(officer=s.processor, dossier=dossier, collection=1)


def payload(paygate, order, **overrides: str) -> dict[str, str]:
    params = {
        "merchant": paygate.merchant,
        "order_id": order.merchant_order_id,
        "amount": str(int(order.total)),
        "status": "paid",
        "transaction_id": "GD00000042",
        "paid_at": "20261125093000",
        "timestamp": "20261125093001",
    }
    params.update(overrides)
    return paygate.signed(params)


def post(client, data: dict[str, object]):
    return client.post(CALLBACK, json.dumps(data), content_type="application/json")


def state(order: PaymentOrder) -> tuple[str, str, str, int]:
    order.refresh_from_db()
    order.dossier.refresh_from_db()
    return order.status, order.transaction_id, order.dossier.status, AuditEntry.objects.count()


def test_paid_callback_pays_the_order_and_resumes_the_dossier(client, paygate, order):
    response = post(client, payload(paygate, order))
    assert response.status_code == 200, response.content
    assert response.json()["code"] == "00"
    order.refresh_from_db()
    assert order.status == PaymentOrder.Status.PAID
    assert order.channel == PaymentOrder.Channel.ONLINE
    assert order.transaction_id == "GD00000042"
    assert order.provider_reference == paygate.merchant and order.provider_status == "paid"
    assert order.paid_at is not None and order.paid_at.isoformat().startswith("2026-11-25T02:30:00")
    dossier = order.dossier
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.paused_at is None
    event = dossier.events.get(action="confirm_payment")
    assert event.actor is None and "GD00000042" in event.note
    assert AuditEntry.objects.filter(action="payment.paid", object_id=str(order.pk)).exists()


def test_form_encoded_callback_with_numbers_is_accepted(client, paygate, order):
    body = urlencode(payload(paygate, order))
    response = client.post(CALLBACK, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert order.status == PaymentOrder.Status.PAID


def test_json_amount_as_a_number_is_read_as_its_digits(client, paygate, order):
    data: dict[str, object] = dict(payload(paygate, order))
    data["amount"] = int(order.total)
    assert post(client, data).status_code == 200
    order.refresh_from_db()
    assert order.status == PaymentOrder.Status.PAID


def test_replayed_callback_changes_nothing_and_answers_ok(client, paygate, order):
    data = payload(paygate, order)
    assert post(client, data).status_code == 200
    before = state(order)
    events = order.dossier.events.count()
    again = post(client, data)
    assert again.status_code == 200 and again.json()["code"] == "00"
    assert state(order) == before
    assert order.dossier.events.count() == events


def test_wrong_signature_is_refused_and_changes_nothing(client, paygate, order):
    before = state(order)
    forged = paygate.signed(
        {k: v for k, v in payload(paygate, order).items() if k != "signature"}, secret="not-the-secret"
    )
    assert_error(post(client, forged), 403, "PERMISSION_DENIED")
    tampered = {**payload(paygate, order), "amount": "1"}
    assert_error(post(client, tampered), 403)
    unsigned = {k: v for k, v in payload(paygate, order).items() if k != "signature"}
    assert_error(post(client, unsigned), 403)
    assert state(order) == before


def test_wrong_amount_is_refused_and_changes_nothing(client, paygate, order):
    before = state(order)
    error = assert_error(post(client, payload(paygate, order, amount="1000")), 400, "VALIDATION_FAILED")
    assert error["details"]["expected"] == str(int(order.total))
    assert state(order) == before


def test_unknown_order_is_not_found(client, paygate, order):
    before = state(order)
    assert_error(post(client, payload(paygate, order, order_id="SL261125FFFFFFFFFFFF")), 404, "NOT_FOUND")
    assert state(order) == before


def test_other_merchant_or_unknown_status_is_refused(client, paygate, order):
    before = state(order)
    assert_error(post(client, payload(paygate, order, merchant="OTHER")), 400)
    assert_error(post(client, payload(paygate, order, status="refunded")), 400)
    assert_error(post(client, {"order_id": [1, 2], "signature": "x"}), 403)
    assert_error(client.post(CALLBACK, "{not json", content_type="application/json"), 400)
    assert_error(client.post(CALLBACK, "[]", content_type="application/json"), 400)
    assert state(order) == before


def test_paid_callback_for_a_cancelled_order_is_a_conflict(client, paygate, s, order):
    services.payment_cancel(officer=s.processor, dossier=order.dossier, reason="Miễn lệ phí")
    before = state(order)
    assert_error(post(client, payload(paygate, order)), 409, "CONFLICT")
    assert state(order) == before
    assert before[0] == PaymentOrder.Status.CANCELLED and before[2] == Status.PAYMENT_REQUIRED


def test_failed_or_cancelled_at_the_gateway_fails_the_order_and_keeps_the_dossier_waiting(client, paygate, order):
    response = post(client, payload(paygate, order, status="cancelled", transaction_id="", paid_at=""))
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == PaymentOrder.Status.FAILED and order.closed_reason == "Người nộp huỷ giao dịch."
    order.dossier.refresh_from_db()
    assert order.dossier.status == Status.PAYMENT_REQUIRED
    # The same failure again is fine; a payment afterwards for the failed order is not.
    before = state(order)
    assert post(client, payload(paygate, order, status="failed", transaction_id="", paid_at="")).status_code == 200
    assert_error(post(client, payload(paygate, order)), 409)
    assert state(order) == before


def test_a_different_transaction_for_a_paid_order_is_a_conflict(client, paygate, order):
    assert post(client, payload(paygate, order)).status_code == 200
    before = state(order)
    assert_error(post(client, payload(paygate, order, transaction_id="GD99999999")), 409)
    assert_error(post(client, payload(paygate, order, status="failed")), 409)
    assert state(order) == before


def test_callback_is_refused_when_online_payment_is_off(client, paygate, order, settings):
    data = payload(paygate, order)
    settings.SAOLA_PAYMENT_URL = ""
    before = state(order)
    assert_error(post(client, data), 404)
    assert state(order) == before


def test_late_payment_of_an_expired_order_is_recorded_and_closes_the_newer_order(client, paygate, s, order):
    PaymentOrder.objects.filter(pk=order.pk).update(status=PaymentOrder.Status.EXPIRED)
    newer = services.payment_start(applicant=s.citizen, dossier=order.dossier)
    assert post(client, payload(paygate, order)).status_code == 200
    order.refresh_from_db()
    newer.refresh_from_db()
    assert order.status == PaymentOrder.Status.PAID
    assert newer.status == PaymentOrder.Status.CANCELLED and newer.closed_reason == "Đã nộp phí theo đơn khác."
    order.dossier.refresh_from_db()
    assert order.dossier.status == Status.PROCESSING


def test_reconciliation_list_flags_disagreements(client, paygate, s, order):
    from saola.payments.selectors import payment_reconciliation_list

    [row] = payment_reconciliation_list()
    assert row.order == order and row.provider_status == "" and row.agrees
    PaymentOrder.objects.filter(pk=order.pk).update(provider_status="paid")
    [row] = payment_reconciliation_list(status="pending")
    assert not row.agrees
    assert payment_reconciliation_list(status="paid") == []
