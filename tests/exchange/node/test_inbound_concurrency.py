"""Receiving under concurrency (PostgreSQL: SQLite serialises every writer anyway)."""

from __future__ import annotations

import pytest
from django.db import connection

from saola.documents.models import Document
from saola.documents.states import Direction
from saola.exchange.models import InboundMessage
from tests.exchange.node.support import deliver, issued_document, province_with_directory, send
from tests.support.concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent receipt is tested on PostgreSQL")


def test_the_same_package_delivered_at_once_registers_one_document() -> None:
    p = province_with_directory()
    message = send(p, issued_document(p))
    to = p.other_province.code
    ids = run_at_once(lambda _i: deliver(message, to).pk, threads=THREADS)
    assert len(set(ids)) == 1
    assert InboundMessage.objects.count() == 1
    assert Document.objects.filter(direction=Direction.INCOMING).count() == 1


def test_resends_of_one_document_delivered_at_once_register_it_once() -> None:
    p = province_with_directory()
    document = issued_document(p)
    messages = [send(p, document) for _ in range(THREADS)]  # other bytes each time, one DocumentId
    to = p.other_province.code
    run_at_once(lambda i: deliver(messages[i], to).pk, threads=THREADS)
    states = sorted(InboundMessage.objects.values_list("state", flat=True))
    assert states == ["applied"] + ["duplicate"] * (THREADS - 1)
    assert Document.objects.filter(direction=Direction.INCOMING).count() == 1
