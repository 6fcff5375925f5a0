"""The hub's outgoing side: push deliveries to push-mode agencies and to the parent hub, and pull
what the parent hub holds for the agencies behind this one.

A due delivery is claimed by moving its next try a lease ahead (so another worker, or this one
after a crash, picks it up again only when the lease runs out), then sent outside any
transaction, then marked done or failed (exponential backoff, dead after SAOLA_HUB_MAX_ATTEMPTS).
A push is signed: X-Edxml-Signature is HMAC-SHA256 of "<delivery id>\\n" + body, keyed with the
SHA-256 (hex) of the agency's secret, which the hub keeps and the node can compute.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from saola.core.exceptions import SaolaError
from saola.exchange.client import (
    DELIVERY_HEADER,
    KIND_HEADER,
    RECIPIENT_HEADER,
    SENDER_HEADER,
    SIGNATURE_HEADER,
    TRACE_HEADER,
    HubClient,
    HubClientRefused,
    HubUnavailable,
    push_signature,
)
from saola.exchange.hub import services
from saola.exchange.hub.routing import parent_code
from saola.exchange.leases import claim_due
from saola.exchange.models import Agency, HubDelivery

logger = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600
# Answers after which pushing the same bytes again may succeed.
RETRYABLE_STATUSES = frozenset({401, 408, 425, 429})


def parent_client() -> HubClient | None:
    if not parent_code():
        return None
    return HubClient(
        settings.SAOLA_HUB_PARENT_URL,
        agency_code=settings.SAOLA_HUB_CODE,
        secret=settings.SAOLA_HUB_PARENT_SECRET,
        timeout=settings.SAOLA_HUB_PUSH_TIMEOUT,
    )


def _claim(*, limit: int, now: dt.datetime) -> list[HubDelivery]:
    routes = list(Agency.objects.filter(mode=Agency.Mode.PUSH, is_active=True).values_list("code", flat=True))
    if parent_code():
        routes.append(parent_code())
    if not routes:
        return []
    due = HubDelivery.objects.filter(
        state=HubDelivery.State.PENDING, next_attempt_at__lte=now, route_code__in=routes
    ).order_by("next_attempt_at", "id")
    return claim_due(due.select_related("message"), limit=limit, now=now)


def _push_to_agency(delivery: HubDelivery, agency: Agency) -> None:
    message = delivery.message
    body = bytes(message.body)
    request = urllib.request.Request(  # noqa: S310 - endpoint validated as http(s) by the registry
        agency.endpoint,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/xml",
            KIND_HEADER: message.kind,
            DELIVERY_HEADER: str(delivery.id),
            RECIPIENT_HEADER: delivery.recipient_code,
            SENDER_HEADER: message.sender_code,
            TRACE_HEADER: json.dumps(message.trace, separators=(",", ":")),
            SIGNATURE_HEADER: push_signature(key=agency.secret_hash, delivery_id=delivery.id, body=body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SAOLA_HUB_PUSH_TIMEOUT) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:500].decode("utf-8", "replace")
        permanent = 400 <= exc.code < 500 and exc.code not in RETRYABLE_STATUSES
        services.delivery_failed(delivery_id=delivery.id, error=f"HTTP {exc.code}: {detail}", permanent=permanent)
        return
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        services.delivery_failed(delivery_id=delivery.id, error=str(getattr(exc, "reason", exc)))
        return
    services.delivery_done(delivery_id=delivery.id)


def _push_to_parent(delivery: HubDelivery, client: HubClient) -> None:
    message = delivery.message
    try:
        client.send(bytes(message.body), kind=message.kind, trace=message.trace)
    except HubClientRefused as exc:
        permanent = exc.status not in RETRYABLE_STATUSES
        services.delivery_failed(
            delivery_id=delivery.id, error=f"HTTP {exc.status}: {exc.message}", permanent=permanent
        )
        return
    except HubUnavailable as exc:
        services.delivery_failed(delivery_id=delivery.id, error=str(exc.message))
        return
    services.delivery_done(delivery_id=delivery.id)


def push_due(*, limit: int = 50, now: dt.datetime | None = None) -> int:
    """Push the due deliveries of push-mode agencies and of the parent hub; returns how many were tried."""
    rows = _claim(limit=limit, now=now or timezone.now())
    if not rows:
        return 0
    agencies = {a.code: a for a in Agency.objects.filter(code__in={r.route_code for r in rows})}
    client = parent_client()
    for delivery in rows:
        if delivery.route_code == parent_code() and client is not None:
            _push_to_parent(delivery, client)
        elif delivery.route_code in agencies:
            _push_to_agency(delivery, agencies[delivery.route_code])
    return len(rows)


def pull_from_parent(*, limit: int = 200) -> int:
    """Accept what the parent hub holds for this hub, then acknowledge it; returns how many."""
    client = parent_client()
    if client is None:
        return 0
    items = client.pending(limit=limit)
    done: list[int] = []
    for item in items:
        if item.body is None:
            continue
        try:
            services.hub_accept(agency=None, data=item.body, trace=item.trace)
        except SaolaError as exc:
            # The parent delivered something this hub cannot route: keep it out of the queue and
            # say so; acknowledging stops the parent from handing it over forever.
            logger.warning("Refused a delivery %s from the parent hub: %s", item.id, exc)
        done.append(item.id)
    if done:
        client.ack(done)
    return len(done)


def run_forever(*, interval: float = 1.0, stop: threading.Event | None = None) -> None:
    """The hub worker until `stop` is set: purge old delivered messages (hourly), push, pull; idle
    waits `interval` seconds."""
    stop = stop or threading.Event()
    failures = 0
    purged_at = -float("inf")
    while not stop.is_set():
        worked = 0
        try:
            if time.monotonic() - purged_at >= PURGE_EVERY_SECONDS:
                services.hub_purge(before=timezone.now() - dt.timedelta(days=settings.SAOLA_HUB_RETENTION_DAYS))
                purged_at = time.monotonic()
            worked += push_due()
            worked += pull_from_parent()
            failures = 0
        except HubUnavailable as exc:
            failures += 1
            if failures == 1 or failures % 20 == 0:
                logger.warning("Parent hub unavailable (%s tries): %s", failures, exc.message)
        except DatabaseError:
            # The database away or locked for a moment: the loop outlives it and tries again.
            failures += 1
            logger.exception("Hub worker: database error")
        if not worked:
            stop.wait(min(interval * 2 ** min(failures, 10), 30.0) if failures else interval)
