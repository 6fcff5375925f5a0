"""The whole online payment over HTTP through the stand-in gateway: the platform's signed
redirect, the gateway's pay page, its signed callback to the running platform, the return page,
the receipt; the return page and reconciliation asking the gateway when no callback came."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import reverse

from saola.cli import main as saola_main
from saola.dossiers.states import Status
from saola.payments import services
from saola.payments.models import PaymentOrder
from tests.payments.conftest import as_user, one_stop_with_fees, received


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http(url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
    """(status, body, Location) of one request, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    body = urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=10) as response:
            return response.status, response.read().decode(), response.headers.get("Location", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), exc.headers.get("Location", "")


def start(client, dossier) -> str:
    response = client.post(reverse("payments:start", args=[dossier.code]))
    assert response.status_code == 302, response.content
    return response["Location"]


def pay_at_gateway(pay_url: str, paygate, *, action: str = "pay") -> str:
    status, page, _ = http(pay_url)
    assert status == 200, page
    order_id = dict(parse_qsl(urlsplit(pay_url).query))["order_id"]
    assert order_id in page and "Thanh toán" in page and "Huỷ" in page
    status, _, location = http(f"{paygate.url}/pay/confirm", {"order_id": order_id, "action": action})
    assert status == 303
    return location


@pytest.mark.django_db(transaction=True)
def test_citizen_pays_online_and_the_callback_resumes_the_dossier(live_server, paygate, settings):
    settings.SAOLA_PUBLIC_URL = live_server.url
    s = one_stop_with_fees()
    dossier = received(s)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    citizen = as_user(s.citizen)
    page = citizen.get(reverse("dossiers_citizen:dossier_detail", args=[dossier.code])).content.decode()
    assert "Thanh toán trực tuyến" in page and "8.000 đồng" in page

    pay_url = start(citizen, dossier)
    assert pay_url.startswith(f"{paygate.url}/pay?")
    query = dict(parse_qsl(urlsplit(pay_url).query))
    assert query["amount"] == "8000" and query["order_id"] == order.merchant_order_id
    assert query["callback_url"] == f"{live_server.url}/api/v1/payments/callback"
    assert paygate.verify(query)

    location = pay_at_gateway(pay_url, paygate)
    [delivery] = paygate.deliveries
    assert delivery.status == 200, delivery.body
    order.refresh_from_db()
    dossier.refresh_from_db()
    assert order.status == PaymentOrder.Status.PAID and order.transaction_id.startswith("GD")
    assert dossier.status == Status.PROCESSING and dossier.paused_at is None

    assert location.startswith(f"{live_server.url}/thanh-toan/{order.merchant_order_id}/ket-qua/")
    result = citizen.get(urlsplit(location).path + "?" + urlsplit(location).query)
    assert result.status_code == 200
    assert "Đã thanh toán 8.000 đồng" in result.content.decode()
    receipt = citizen.get(reverse("payments:receipt", args=[order.merchant_order_id]))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_citizen_cancels_at_the_gateway_then_pays_again_with_a_form_callback(live_server, paygate, settings):
    settings.SAOLA_PUBLIC_URL = live_server.url
    paygate.callback_as_form = True
    s = one_stop_with_fees()
    dossier = received(s)
    first = services.payment_request(officer=s.processor, dossier=dossier, collection=4)
    citizen = as_user(s.citizen)
    pay_at_gateway(start(citizen, dossier), paygate, action="cancel")
    first.refresh_from_db()
    dossier.refresh_from_db()
    assert first.status == PaymentOrder.Status.FAILED and dossier.status == Status.PAYMENT_REQUIRED
    page = citizen.get(reverse("dossiers_citizen:dossier_detail", args=[dossier.code])).content.decode()
    assert "Lần thanh toán trước chưa thành công" in page

    pay_at_gateway(start(citizen, dossier), paygate)
    assert [d.status for d in paygate.deliveries] == [200, 200]
    second = PaymentOrder.objects.exclude(pk=first.pk).get()
    dossier.refresh_from_db()
    assert second.status == PaymentOrder.Status.PAID and dossier.status == Status.PROCESSING
    # The gateway repeats its callback: answered OK, nothing changes.
    assert paygate.send_callback(second.merchant_order_id).status == 200
    assert dossier.events.filter(action="confirm_payment").count() == 1


@pytest.mark.django_db
def test_return_page_asks_the_gateway_when_the_callback_has_not_arrived(s, paygate):
    paygate.deliver_callbacks = False
    dossier = received(s)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    citizen = as_user(s.citizen)
    location = pay_at_gateway(start(citizen, dossier), paygate)
    order.refresh_from_db()
    assert order.status == PaymentOrder.Status.PENDING  # the browser's return alone pays nothing
    # A forged "status=paid" in the return URL changes nothing by itself either: the gateway is asked.
    response = citizen.get(urlsplit(location).path + "?status=paid&signature=forged")
    assert response.status_code == 200
    order.refresh_from_db()
    dossier.refresh_from_db()
    assert order.status == PaymentOrder.Status.PAID and order.provider_status == "paid"
    assert dossier.status == Status.PROCESSING


@pytest.mark.django_db
def test_return_page_with_an_unpaid_order_only_shows_it(s, paygate):
    dossier = received(s)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    response = as_user(s.citizen).get(reverse("payments:return", args=[order.merchant_order_id]) + "?status=paid")
    assert response.status_code == 200
    assert "Chưa nhận được xác nhận thanh toán" in response.content.decode()
    order.refresh_from_db()
    assert order.status == PaymentOrder.Status.PENDING and order.provider_status == "not_found"


@pytest.mark.django_db
def test_reconcile_applies_paid_results_expires_stale_orders_and_survives_a_dead_gateway(s, paygate, settings, capsys):
    paygate.deliver_callbacks = False
    paid_dossier, stale_dossier = received(s), received(s)
    paid = services.payment_request(officer=s.processor, dossier=paid_dossier, collection=1)
    stale = services.payment_request(officer=s.processor, dossier=stale_dossier, collection=4)
    pay_at_gateway(start(as_user(s.citizen), paid_dossier), paygate)

    # Too recent to be checked yet.
    assert services.payment_reconcile(older_than=dt.timedelta(hours=1)).checked == 0
    settings.SAOLA_PAYMENT_ORDER_TTL_MINUTES = 0
    assert saola_main(["payments", "reconcile", "--older-than", "0"]) == 0
    assert "Đã đối soát 2 đơn: 1 đã thanh toán, 0 không thành công, 1 hết hạn" in capsys.readouterr().out
    paid.refresh_from_db()
    stale.refresh_from_db()
    paid_dossier.refresh_from_db()
    assert paid.status == PaymentOrder.Status.PAID and paid_dossier.status == Status.PROCESSING
    assert stale.status == PaymentOrder.Status.EXPIRED

    # The applicant can pay the expired order again; the gateway is down when reconciling.
    retry = services.payment_start(applicant=s.citizen, dossier=stale_dossier)
    paygate.stop()
    assert saola_main(["payments", "reconcile", "--older-than", "0"]) == 1
    assert "1 lỗi" in capsys.readouterr().out
    retry.refresh_from_db()
    assert retry.status == PaymentOrder.Status.PENDING

    assert saola_main(["payments", "list", "--mismatch"]) == 0
    assert capsys.readouterr().out == ""
    assert saola_main(["payments", "list"]) == 0
    listing = capsys.readouterr().out
    assert paid.merchant_order_id in listing and "expired" in listing
