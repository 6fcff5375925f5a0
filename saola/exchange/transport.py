"""The node's transport: hand the outbox to the hub and take in what the hub holds for this node.

Sending: due outbox rows are claimed with a lease (their next try moved ahead) and sent in the
order they were queued; a hub that cannot be reached ends the round, so a later message never
overtakes an earlier one while the hub is away. A refusal is final for that message.
Receiving (pull): each delivery is applied in its own transaction, then acknowledged; a crash in
between means the hub hands it over again and the inbox recognises the bytes. Push deliveries
(the hub posting to this node) arrive through `receive_pushed`, checked by their HMAC.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saola.core.exceptions import PermissionDeniedError, SaolaError
from saola.core.tokens import secret_hash
from saola.exchange.client import HubClient, HubClientRefused, HubUnavailable, push_signature
from saola.exchange.leases import claim_due
from saola.exchange.models import Agency, InboundMessage, MessageKind, OutboundMessage
from saola.exchange.node.common import digest
from saola.exchange.node.inbound import inbound_receive
from saola.exchange.node.outbound import outbound_mark_failed, outbound_mark_sent
from saola.exchange.registry import agency_activate, agency_deactivate, agency_register, agency_update

logger = logging.getLogger(__name__)
RETRYABLE_STATUSES = frozenset({401, 408, 425, 429})


def node_client() -> HubClient | None:
    """The client of this node's hub, or None when the platform is not connected to one."""
    if not settings.SAOLA_EXCHANGE_HUB_URL:
        return None
    return HubClient(
        settings.SAOLA_EXCHANGE_HUB_URL,
        agency_code=settings.SAOLA_EXCHANGE_NODE_CODE,
        secret=settings.SAOLA_EXCHANGE_NODE_SECRET,
        timeout=settings.SAOLA_EXCHANGE_TIMEOUT,
    )


def send_outbox(*, client: HubClient, limit: int = 100, now: dt.datetime | None = None) -> int:
    """Send due outbox messages in order; returns how many the hub accepted or refused."""
    done = 0
    now = now or timezone.now()
    due = OutboundMessage.objects.filter(state=OutboundMessage.State.QUEUED, next_attempt_at__lte=now).order_by("id")
    for message in claim_due(due, limit=limit, now=now):
        try:
            client.send(bytes(message.body), kind=message.kind)
        except HubClientRefused as exc:
            outbound_mark_failed(
                message_id=message.id,
                error=f"HTTP {exc.status} {exc.reason}: {exc.message}",
                permanent=exc.status not in RETRYABLE_STATUSES,
            )
            done += 1
            continue
        except HubUnavailable as exc:
            # Give the claimed rows back at once: they keep their order for the next round.
            outbound_mark_failed(message_id=message.id, error=str(exc.message))
            OutboundMessage.objects.filter(
                state=OutboundMessage.State.QUEUED, id__gt=message.id, next_attempt_at__gt=timezone.now()
            ).update(next_attempt_at=timezone.now())
            break
        outbound_mark_sent(message_id=message.id)
        done += 1
    return done


@dataclass(frozen=True)
class Received:
    delivery_id: int
    message: InboundMessage | None
    error: str = ""


@dataclass(frozen=True)
class Delivered:
    """One delivery as the hub hands it over (pulled or pushed)."""

    kind: str
    body: bytes
    recipient_code: str
    sender_code: str
    trace: Sequence[dict[str, str]]
    delivery_id: int


def _apply(delivery: Delivered) -> Received:
    try:
        message = inbound_receive(
            kind=delivery.kind,
            body=delivery.body,
            recipient_code=delivery.recipient_code,
            trace=list(delivery.trace),
            delivery_id=delivery.delivery_id,
        )
    except SaolaError as exc:
        logger.warning("Delivery %s for %s refused: %s", delivery.delivery_id, delivery.recipient_code, exc)
        _record_refusal(delivery, reason=str(exc.message))
        return Received(delivery.delivery_id, None, str(exc.message))
    return Received(delivery.delivery_id, message)


def _record_refusal(delivery: Delivered, *, reason: str) -> None:
    """Keep a delivery that cannot be applied in the inbox as refused, with the reason: it is
    acknowledged (else the hub would hand it over forever) but not lost, and the admin lists it."""
    InboundMessage.objects.get_or_create(
        recipient_code=delivery.recipient_code[:13],
        sender_code=delivery.sender_code[:13],
        digest=digest(delivery.body),
        defaults={
            "kind": delivery.kind if delivery.kind in MessageKind.values else MessageKind.PACKAGE,
            "hub_delivery_id": delivery.delivery_id,
            "body": delivery.body,
            "trace": list(delivery.trace),
            "state": InboundMessage.State.REFUSED,
            "note": reason[:4000],
        },
    )


def receive_from_hub(*, client: HubClient, limit: int = 100) -> int:
    """Apply what the hub holds for this node, in order, and acknowledge it; returns how many."""
    items = client.pending(limit=limit)
    done: list[int] = []
    for item in items:
        body = item.body if item.body is not None else client.fetch(item.id)
        _apply(Delivered(item.kind, body, item.recipient_code, item.sender_code, item.trace, item.id))
        done.append(item.id)
    if done:
        client.ack(done)
    return len(done)


def push_signature_valid(*, delivery_id: int, body: bytes, signature: str) -> bool:
    """Whether a push from the hub carries the HMAC keyed with this node's secret (its SHA-256)."""
    if not settings.SAOLA_EXCHANGE_NODE_SECRET or not signature.startswith("sha256="):
        return False
    key = secret_hash(settings.SAOLA_EXCHANGE_NODE_SECRET)
    return hmac.compare_digest(push_signature(key=key, delivery_id=delivery_id, body=body), signature)


def receive_pushed(delivery: Delivered, *, signature: str) -> Received:
    """A delivery the hub posted to this node; PermissionDeniedError when its HMAC is wrong."""
    if not push_signature_valid(delivery_id=delivery.delivery_id, body=delivery.body, signature=signature):
        raise PermissionDeniedError(_("Chữ ký HMAC của trục không đúng."))
    return _apply(delivery)


def run_forever(*, interval: float = 1.0, stop: threading.Event | None = None) -> None:
    """The node's exchange worker until `stop` is set: copy the hub's directory (at start, then
    every SAOLA_EXCHANGE_DIRECTORY_SYNC_SECONDS), send the outbox, take in what the hub holds."""
    stop = stop or threading.Event()
    client = node_client()
    if client is None:
        logger.warning("SAOLA_EXCHANGE_HUB_URL is not set: the exchange worker has nothing to do.")
        return
    failures = 0
    synced_at = -float("inf")
    while not stop.is_set():
        worked = 0
        try:
            worked += send_outbox(client=client)
            worked += receive_from_hub(client=client)
            failures = 0
        except HubUnavailable as exc:
            failures += 1
            if failures == 1 or failures % 20 == 0:
                logger.warning("Hub unavailable (%s tries): %s", failures, exc.message)
        except HubClientRefused as exc:
            failures += 1
            logger.warning("Hub refused this node's credentials or request: %s", exc.message)
        except DatabaseError:
            # The database away or locked for a moment: the loop outlives it and tries again.
            failures += 1
            logger.exception("Exchange worker: database error")
        if not failures and time.monotonic() - synced_at >= settings.SAOLA_EXCHANGE_DIRECTORY_SYNC_SECONDS:
            try:
                directory_sync(client=client)
                synced_at = time.monotonic()
            except SaolaError as exc:
                logger.warning("Directory not copied from the hub: %s", exc.message)
        if not worked:
            # Idle, or the hub is away: wait longer after each failure, up to half a minute.
            stop.wait(min(interval * 2 ** min(failures, 10), 30.0) if failures else interval)


def directory_sync(*, client: HubClient) -> tuple[int, int]:
    """Copy the hub's directory into this node's `Agency` table (the agencies clerks send to).

    New codes are added, changed names and levels updated; agencies the hub no longer lists are
    deactivated here (kept, for the documents already exchanged with them). Returns (added,
    updated or deactivated).
    """
    listed: dict[str, dict[str, str]] = {}
    offset = 0
    while True:
        items, count = client.agencies(offset=offset)
        listed.update({item["code"]: item for item in items})
        offset += len(items)
        if not items or offset >= count:
            break
    return _directory_apply(listed)


@transaction.atomic
def _directory_apply(listed: dict[str, dict[str, str]]) -> tuple[int, int]:
    added = changed = 0
    known = {agency.code: agency for agency in Agency.objects.all()}
    for code, item in listed.items():
        agency = known.get(code)
        if agency is None:
            agency_register(actor=None, code=code, name=item["name"], level=item["level"])
            added += 1
        elif agency.name != item["name"] or agency.level != item["level"] or not agency.is_active:
            if not agency.is_active:
                agency_activate(actor=None, agency=agency)
            agency_update(actor=None, agency=agency, name=item["name"], level=item["level"])
            changed += 1
    for code, agency in known.items():
        if code not in listed and agency.is_active:
            agency_deactivate(actor=None, agency=agency)
            changed += 1
    return added, changed
