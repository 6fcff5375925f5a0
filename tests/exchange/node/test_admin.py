"""The node's outbox and inbox in the admin: read-only lists, and resending what could not be sent."""

from __future__ import annotations

import pytest
from django.test import Client

from saola.core.models import AuditEntry, User
from saola.exchange.models import InboundMessage, OutboundMessage
from saola.exchange.node.outbound import outbound_mark_failed
from tests.exchange.node.support import deliver, issued_document, province_with_directory, send

pytestmark = pytest.mark.django_db


def _admin() -> Client:
    admin = User.objects.create_superuser(username="quan.tri", password="Mat-khau-2026", full_name="Quản trị")
    client = Client()
    client.force_login(admin)
    return client


def test_a_dead_outbox_message_is_resent_from_the_admin() -> None:
    p = province_with_directory()
    message = send(p, issued_document(p))
    outbound_mark_failed(message_id=message.id, error="HTTP 400 unknown_recipient: không phục vụ", permanent=True)
    client = _admin()
    page = client.get("/admin/exchange/outboundmessage/?state__exact=dead")
    assert page.status_code == 200
    assert "unknown_recipient" in page.content.decode()
    client.post("/admin/exchange/outboundmessage/", {"action": "retry", "_selected_action": [message.id]}, follow=True)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboundMessage.State.QUEUED, 0)
    assert AuditEntry.objects.filter(action="exchange.outbound_retry").count() == 1


def test_the_inbox_lists_what_was_received() -> None:
    p = province_with_directory()
    message = send(p, issued_document(p))
    deliver(message, p.other_province.code)
    client = _admin()
    page = client.get("/admin/exchange/inboundmessage/")
    assert page.status_code == 200
    assert message.edxml_document_id in page.content.decode()
    received = InboundMessage.objects.get(kind="package")
    detail = client.get(f"/admin/exchange/inboundmessage/{received.pk}/change/")
    assert detail.status_code == 200
    assert received.digest in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
