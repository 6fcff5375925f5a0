"""Issuing under concurrency (PostgreSQL: SQLite serialises every writer anyway)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from saola.documents.models import Document
from saola.documents.services import incoming, outgoing
from saola.documents.states import Direction, Status
from tests.documents.factories import Province, build_province, doc_type, incoming_data
from tests.support.concurrency import run_at_once as run_threads

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 50


def run_at_once(work: Callable[[int], int]) -> list[int]:
    return run_threads(work, threads=THREADS)


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
