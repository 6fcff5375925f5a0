"""Claiming due rows of a queue (the hub's deliveries, the node's outbox) for one worker."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db import connection, models, transaction

Row = TypeVar("Row", bound=models.Model)
LEASE = dt.timedelta(minutes=2)


def claim_due(due: models.QuerySet[Row], *, limit: int, now: dt.datetime) -> list[Row]:
    """The first `limit` rows of `due` (ordered, `next_attempt_at` due), with their next try moved
    a lease ahead: another worker skips them (rows locked on PostgreSQL, then pushed out of the
    due window), and a worker that dies holding them only delays them by the lease."""
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rows = list(due[:limit])
        due.model._default_manager.filter(pk__in=[row.pk for row in rows]).update(next_attempt_at=now + LEASE)
    return rows
