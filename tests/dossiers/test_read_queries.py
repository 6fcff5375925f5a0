"""The inbox and the public lookup as shaped for volume: the same answers from fewer columns and queries."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saola.dossiers import deadlines, selectors
from saola.dossiers.models import DossierEvent
from saola.dossiers.services import intake
from tests.dossiers.factories import GOOD_FORM, birth_uploads, build_one_stop

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_stop():
    return build_one_stop()


def submit(s):
    return intake.dossier_submit_online(
        applicant=s.citizen, procedure=s.birth, organization=s.ward, form_data=GOOD_FORM, uploads=birth_uploads(s.birth)
    )


def test_inbox_statuses_are_those_of_the_partial_index():
    latest = importlib.import_module("saola.dossiers.migrations.0005_inbox_payment_required")
    assert sorted(latest.AFTER) == sorted(selectors.INBOX_STATUSES)
    first = importlib.import_module("saola.dossiers.migrations.0002_inbox_partial_indexes")
    assert sorted(first.INBOX_STATUSES) == sorted(latest.BEFORE)


def test_inbox_rows_read_list_columns_only(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    [row] = selectors.dossier_inbox(officer=s.processor)
    assert row.pk == d.pk
    assert {"workflow_state", "form_data", "procedure_snapshot"} <= row.get_deferred_fields()
    with CaptureQueriesContext(connection) as ctx:
        shown = (row.code, row.procedure.name, row.organization.code, row.current_step, row.applicant_name)
        deadlines.is_late(row, now=d.received_at)
    assert ctx.captured_queries == []
    assert shown[1:3] == (s.birth.name, s.ward.code)


def test_public_status_is_one_query_with_aware_times(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    with CaptureQueriesContext(connection) as ctx:
        status = selectors.dossier_public_status(code=d.code)
    assert len(ctx.captured_queries) == 1
    assert (status.procedure, status.organization, status.internal_status) == (s.birth.name, s.ward.name, "received")
    assert status.received_at == d.received_at and status.received_at.tzinfo is not None
    assert [(e["action"], e["status"]) for e in status.steps] == [("submit", "submitted"), ("accept", "received")]
    assert all(e["at"].tzinfo is not None for e in status.steps)


def test_public_status_of_a_dossier_without_history(one_stop):
    s = one_stop
    d = submit(s)
    DossierEvent.objects.filter(dossier=d).delete()
    status = selectors.dossier_public_status(code=d.code)
    assert (status.code, status.status, status.steps) == (d.code, 1, [])
    assert status.received_at is None and status.due_at is None
