"""Callbacks and counter confirmations racing on one dossier (PostgreSQL: SQLite serialises
every writer anyway): the dossier row is locked first by every path, so exactly one payment is
recorded and the dossier moves back to processing once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from saola.core.exceptions import SaolaError
from saola.dossiers.models import Dossier, DossierEvent
from saola.dossiers.states import Status
from saola.payments import services
from saola.payments.models import PaymentOrder
from tests.payments.conftest import one_stop_with_fees, received
from tests.support.concurrency import run_at_once as run_threads

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent payments are tested on PostgreSQL")


def run_at_once(work: Callable[[int], str]) -> list[str]:
    """`work(i)` in THREADS threads released together, each on its own connection; the outcomes
    (a refusal as its HTTP status)."""

    def outcome(i: int) -> str:
        try:
            return work(i)
        except SaolaError as exc:
            return f"{exc.http_status}"

    return run_threads(outcome, threads=THREADS, wait=30, join=120)


def test_replayed_callbacks_and_counter_confirmations_record_one_payment(paygate) -> None:
    s = one_stop_with_fees()
    dossier = received(s)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    callback = paygate.signed(
        {
            "merchant": paygate.merchant,
            "order_id": order.merchant_order_id,
            "amount": str(int(order.total)),
            "status": "paid",
            "transaction_id": "GD00000001",
            "paid_at": "20261125093000",
            "timestamp": "20261125093001",
        }
    )

    def work(i: int) -> str:
        if i % 2:
            services.payment_confirm_at_counter(
                officer=s.receiver, dossier=Dossier.objects.get(pk=dossier.pk), receipt_number=f"BL-{i}"
            )
            return "counter"
        services.payment_callback(params=callback)
        return "callback"

    outcomes = run_at_once(work)
    assert len(outcomes) == THREADS
    paid = PaymentOrder.objects.get(pk=order.pk)
    assert paid.status == PaymentOrder.Status.PAID
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING
    assert DossierEvent.objects.filter(dossier=dossier, action="confirm_payment").count() == 1
    # Whoever came first paid it; later counter confirmations found no pending order (409); a
    # callback after a counter payment contradicts it (409), after a callback it is a replay (OK).
    winner = "counter" if paid.channel == PaymentOrder.Channel.COUNTER else "callback"
    assert outcomes.count(winner) >= 1
    assert set(outcomes) <= {"counter", "callback", "409"}
    assert outcomes.count("counter") <= (1 if winner == "counter" else 0)
