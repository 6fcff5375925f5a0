"""The demo's document exchange: the directory, and a công văn exchanged with its statuses back."""

from __future__ import annotations

import pytest

from saola.demo.data.organizations import PROVINCE_CODE
from saola.demo.exchange import JUSTICE, load_demo_exchange
from saola.demo.loader import DEMO_PASSWORD, load_demo
from saola.documents.models import Document
from saola.exchange.models import Agency, OutboundMessage, RecipientStatus

pytestmark = pytest.mark.django_db


def test_demo_exchange_registers_the_letter_at_the_department_and_reports_back() -> None:
    load_demo()
    assert Agency.objects.filter(code="000.00.00.G22").exists()
    assert Agency.objects.filter(code=JUSTICE).exists()
    received = Document.objects.get(organization__code=JUSTICE, sender_code=PROVINCE_CODE)
    assert received.status == "assigned"
    status = RecipientStatus.objects.get(organ_code=JUSTICE)
    assert status.document.organization.code == PROVINCE_CODE
    assert status.status_code == "04"
    assert not OutboundMessage.objects.exclude(state=OutboundMessage.State.SENT).exists()
    count = Agency.objects.count()
    assert load_demo_exchange(passphrase=DEMO_PASSWORD) == []
    assert Agency.objects.count() == count
