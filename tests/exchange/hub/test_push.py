"""Push deliveries: the hub posts to a node's endpoint over HTTP; retries, dead letters, replay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from saola.core.models import AuditEntry, User
from saola.demo.loader import DEMO_PASSWORD
from saola.exchange.edxml import package_to_xml
from saola.exchange.hub.forwarding import push_due
from saola.exchange.hub.services import hub_accept
from saola.exchange.models import HubDelivery, InboundMessage
from saola.exchange.registry import agency_issue_secret, agency_register
from saola.exchange.signature import sign_package
from tests.core.factories import OrganizationFactory
from tests.exchange.support import RECEIVER, SENDER, sample_package

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hub(settings, sender_org):
    settings.SAOLA_HUB_CODE = "000.00.00.H53"
    settings.SAOLA_HUB_PARENT_URL = ""
    settings.SAOLA_HUB_MAX_ATTEMPTS = 2
    settings.SAOLA_HUB_RETRY_SECONDS = 1
    sender = agency_register(actor=None, code=SENDER.organ_id, name=SENDER.organ_name, level="province")
    OrganizationFactory(code=RECEIVER.organ_id, name=RECEIVER.organ_name, level="central")
    return sender


def _receiver(endpoint: str, settings) -> str:
    agency = agency_register(
        actor=None, code=RECEIVER.organ_id, name=RECEIVER.organ_name, level="central", mode="push", endpoint=endpoint
    )
    _agency, secret = agency_issue_secret(actor=None, agency=agency)
    settings.SAOLA_EXCHANGE_NODE_SECRET = secret
    return secret


def _package(sender_org) -> bytes:
    one = sample_package(to_organs=(RECEIVER,))
    return sign_package(package_to_xml(one), organization=sender_org, secret=DEMO_PASSWORD)


def test_push_reaches_the_node_endpoint_and_registers_the_document(hub, sender_org, live_server, settings):
    _receiver(f"{live_server.url}/exchange/node/v1/deliveries", settings)
    hub_accept(agency=hub, data=_package(sender_org))
    assert push_due() == 1
    delivery = HubDelivery.objects.get()
    assert delivery.state == HubDelivery.State.DELIVERED, delivery.last_error
    inbound = InboundMessage.objects.get(kind="package")
    assert inbound.recipient_code == RECEIVER.organ_id
    assert inbound.hub_delivery_id == delivery.id
    assert inbound.trace[-1]["organ_id"] == "000.00.00.H53"


def test_push_with_a_wrong_signature_is_refused_by_the_node(hub, sender_org, live_server, settings):
    _receiver(f"{live_server.url}/exchange/node/v1/deliveries", settings)
    settings.SAOLA_EXCHANGE_NODE_SECRET = "hub_not-the-secret"
    hub_accept(agency=hub, data=_package(sender_org))
    push_due()
    delivery = HubDelivery.objects.get()
    # 401 may be a key being changed: retried, not dead at once.
    assert delivery.state == HubDelivery.State.PENDING
    assert delivery.attempts == 1
    assert "HTTP 401" in delivery.last_error
    assert not InboundMessage.objects.exists()


def test_unreachable_node_backs_off_then_goes_to_the_dead_letters_and_can_be_replayed(hub, sender_org, settings):
    _receiver("http://127.0.0.1:9/unreachable", settings)
    hub_accept(agency=hub, data=_package(sender_org))
    assert push_due() == 1
    delivery = HubDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == (HubDelivery.State.PENDING, 1)
    assert delivery.next_attempt_at > timezone.now()
    assert push_due() == 0  # not due yet: backoff
    assert push_due(now=timezone.now() + dt.timedelta(minutes=5)) == 1
    delivery.refresh_from_db()
    assert delivery.state == HubDelivery.State.DEAD
    assert delivery.attempts == 2

    admin = User.objects.create_superuser(username="quan.tri", password="Mat-khau-2026", full_name="Quản trị")
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/exchange/hubdelivery/")
    assert page.status_code == 200
    assert "Hàng đợi theo nơi nhận" in page.content.decode()
    answer = client.post(
        "/admin/exchange/hubdelivery/", {"action": "replay", "_selected_action": [delivery.id]}, follow=True
    )
    assert answer.status_code == 200
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (HubDelivery.State.PENDING, 0)
    assert AuditEntry.objects.filter(action="hub.delivery_replay").count() == 1


def test_a_delivery_the_node_cannot_apply_is_kept_as_refused_and_dead_at_the_hub(
    hub, sender_org, live_server, settings
):
    from saola.exchange.package import Organ

    stranger = Organ(organ_id="000.00.00.G99", organ_name="Cơ quan không thuộc nền tảng")
    agency = agency_register(
        actor=None,
        code=stranger.organ_id,
        name=stranger.organ_name,
        level="central",
        mode="push",
        endpoint=f"{live_server.url}/exchange/node/v1/deliveries",
    )
    _agency, secret = agency_issue_secret(actor=None, agency=agency)
    settings.SAOLA_EXCHANGE_NODE_SECRET = secret
    data = sign_package(
        package_to_xml(sample_package(to_organs=(stranger,))), organization=sender_org, secret=DEMO_PASSWORD
    )
    hub_accept(agency=hub, data=data)
    push_due()
    delivery = HubDelivery.objects.get()
    assert delivery.state == HubDelivery.State.DEAD
    assert "HTTP 422" in delivery.last_error
    refused = InboundMessage.objects.get()
    assert refused.state == InboundMessage.State.REFUSED
    assert refused.sender_code == SENDER.organ_id
    assert "000.00.00.G99" in refused.note
    assert bytes(refused.body) == data
