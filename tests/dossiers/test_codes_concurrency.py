"""Dossier codes under concurrency (PostgreSQL: SQLite serialises every writer anyway)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from saola.dossiers.codes import local_code
from saola.dossiers.models import Dossier
from saola.dossiers.services import intake
from tests.dossiers.factories import GOOD_FORM, birth_uploads, build_one_stop
from tests.support.concurrency import run_at_once as run_threads

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def run_at_once(work: Callable[[int], str]) -> list[str]:
    return run_threads(work, threads=THREADS, wait=30, join=120)


def sequence_numbers(codes: list[str]) -> list[int]:
    return sorted(int(code.rsplit("-", 1)[1]) for code in codes)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency of dossier codes is tested on PostgreSQL")


def test_local_codes_are_distinct_and_consecutive() -> None:
    codes = run_at_once(lambda i: local_code(agency_code="000.01.53.H53"))
    assert len(set(codes)) == THREADS
    assert sequence_numbers(codes) == list(range(1, THREADS + 1))


def test_concurrent_submissions_get_distinct_consecutive_codes() -> None:
    s = build_one_stop()

    def submit(i: int) -> str:
        dossier = intake.dossier_submit_online(
            applicant=s.citizen if i % 2 else s.other_citizen,
            procedure=s.birth,
            organization=s.ward,
            form_data=GOOD_FORM,
            uploads=birth_uploads(s.birth),
        )
        return dossier.code

    codes = run_at_once(submit)
    assert len(set(codes)) == THREADS
    assert sequence_numbers(codes) == list(range(1, THREADS + 1))
    assert Dossier.objects.count() == THREADS


def test_concurrent_double_submits_with_one_key_give_one_dossier() -> None:
    s = build_one_stop()

    def submit(i: int) -> str:
        dossier = intake.dossier_submit_online(
            applicant=s.citizen,
            procedure=s.birth,
            organization=s.ward,
            form_data=GOOD_FORM,
            uploads=birth_uploads(s.birth),
            idempotency_key="bam-nut-nop-nhieu-lan",
        )
        return dossier.code

    codes = run_at_once(submit)
    assert len(set(codes)) == 1
    assert Dossier.objects.count() == 1
