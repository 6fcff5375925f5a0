"""Issuing under concurrency (PostgreSQL: SQLite serialises every writer anyway)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.utils import timezone

from saola.documents.models import Document
from saola.documents.services import incoming, outgoing
from saola.documents.states import Direction, Status
from tests.documents.factories import Province, build_province, doc_type, incoming_data

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 50


def run_at_once(work: Callable[[int], int]) -> list[int]:
    """Run `work(i)` in THREADS threads released together; each thread uses its own connection."""
    barrier = threading.Barrier(THREADS)
    results: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            value = work(i)
            with lock:
                results.append(value)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    return results


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency of document numbers is tested on PostgreSQL")


def approved(p: Province, n: int) -> list[Document]:
    """Approved documents waiting for a number (the approval itself is tested elsewhere)."""
    now = timezone.now()
    return [
        Document.objects.create(
            direction=Direction.OUTGOING,
            organization=p.ubnd,
            status=Status.APPROVED,
            document_type=doc_type("quyet-dinh"),
            summary=f"Về việc phê duyệt dự án số {i}",
            signer=p.leader,
            signer_name=p.leader.display_name,
            dated_at=now,
            created_by=p.office_officer,
        )
        for i in range(n)
    ]


def test_fifty_concurrent_issues_get_fifty_distinct_consecutive_numbers() -> None:
    p = build_province()
    documents = approved(p, THREADS)

    numbers = run_at_once(lambda i: outgoing.document_issue(clerk=p.clerk, document=documents[i]).number or 0)
    assert sorted(numbers) == list(range(1, THREADS + 1))
    notations = set(Document.objects.filter(status=Status.ISSUED).values_list("notation", flat=True))
    assert len(notations) == THREADS
    assert "01/QĐ-UBND" in notations
    assert "50/QĐ-UBND" in notations


def test_concurrent_incoming_registrations_get_consecutive_numbers() -> None:
    p = build_province()
    numbers = run_at_once(
        lambda i: (
            incoming.document_register_incoming(
                clerk=p.clerk, organization=p.ubnd, data=incoming_data(summary=f"Công văn số {i}")
            ).number
            or 0
        )
    )
    assert sorted(numbers) == list(range(1, THREADS + 1))
