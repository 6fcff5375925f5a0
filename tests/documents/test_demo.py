"""The demo documents: loaded through the services with the demo PKI, idempotent."""

from __future__ import annotations

import pytest

from saola.demo.data.organizations import PROVINCE_CODE
from saola.demo.documents import load_demo_documents
from saola.demo.loader import DEMO_PASSWORD, load_demo
from saola.documents.models import Attachment, Document, Register, WorkDossier
from saola.documents.states import Status

pytestmark = pytest.mark.django_db


def test_demo_documents_cover_the_states_and_load_once() -> None:
    load_demo()
    documents = Document.objects.filter(organization__code=PROVINCE_CODE)
    statuses = set(documents.values_list("status", flat=True))
    assert {Status.REGISTERED, Status.ASSIGNED, Status.PROCESSING, Status.COMPLETED} <= statuses
    assert {Status.DRAFT, Status.APPROVED, Status.ISSUED} <= statuses
    notations = set(documents.filter(status=Status.ISSUED).values_list("notation", flat=True))
    assert notations == {"01/QĐ-UBND", "02/UBND-VP"}
    assert Attachment.objects.filter(document__status=Status.ISSUED, kind="main", signed=True).count() == 2
    assert Register.objects.filter(organization__code="000.00.03.H53", year__gte=2026).count() >= 2
    assert WorkDossier.objects.get().documents.count() == 2
    count = Document.objects.count()
    assert load_demo_documents(passphrase=DEMO_PASSWORD) == []
    assert Document.objects.count() == count
