"""Reads for the hub operator: the queue of each next hop, delivery times, dead letters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from saola.exchange.models import Agency, HubDelivery


@dataclass(frozen=True)
class QueueSummary:
    route_code: str
    name: str
    pending: int
    dead: int
    delivered_recently: int
    oldest_pending: dt.datetime | None
    # Mean seconds from acceptance to hand-over, over the deliveries of the recent window.
    mean_delivery_seconds: float | None


def hub_queue_summary(*, window: dt.timedelta = dt.timedelta(hours=24)) -> list[QueueSummary]:
    """One row per next hop with anything pending, dead, or delivered within `window`."""
    since = timezone.now() - window
    rows = (
        HubDelivery.objects.filter(Q(state__in=["pending", "dead"]) | Q(delivered_at__gte=since))
        .values("route_code")
        .annotate(
            pending=Count("id", filter=Q(state="pending")),
            dead=Count("id", filter=Q(state="dead")),
            delivered_recently=Count("id", filter=Q(state="delivered", delivered_at__gte=since)),
            oldest_pending=Min("created_at", filter=Q(state="pending")),
        )
        .order_by("route_code")
    )
    names = dict(Agency.objects.filter(code__in=[r["route_code"] for r in rows]).values_list("code", "name"))
    summaries = []
    for row in rows:
        recent = HubDelivery.objects.filter(
            route_code=row["route_code"], state="delivered", delivered_at__gte=since
        ).values_list("created_at", "delivered_at")[:5000]
        spans = [(done - queued).total_seconds() for queued, done in recent if done is not None]
        summaries.append(
            QueueSummary(
                route_code=row["route_code"],
                name=names.get(row["route_code"], ""),
                pending=row["pending"],
                dead=row["dead"],
                delivered_recently=row["delivered_recently"],
                oldest_pending=row["oldest_pending"],
                mean_delivery_seconds=sum(spans) / len(spans) if spans else None,
            )
        )
    return summaries
