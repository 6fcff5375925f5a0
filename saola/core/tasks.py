"""Background work of core, and the one way services enqueue background work."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from django.db import transaction
from django_tasks import task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task


def _is_database_backend(backend: BaseTaskBackend) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover - the package is a base requirement
        return False
    return isinstance(backend, DatabaseBackend)


def enqueue_on_commit(task: Task[..., Any], **kwargs: Any) -> None:
    """Enqueue `task(**kwargs)` only if the surrounding transaction commits.

    With the database backend (django-tasks-db) the task row is written on the default database
    at once, inside the caller's transaction: it commits or rolls back with the change (an
    outbox), and a crash right after commit loses nothing. Other backends (immediate, Redis...)
    are handed the task by `transaction.on_commit`; outside a transaction that is at once.
    Arguments must be JSON primitives (ids, strings): they are round-tripped through JSON here,
    so a test with the immediate backend fails the same way a real worker would.
    """
    arguments = json.loads(json.dumps(kwargs))
    if _is_database_backend(task.get_backend()):
        task.enqueue(**arguments)
    else:
        transaction.on_commit(partial(task.enqueue, **arguments))


@task()
def send_notification(notification_id: int) -> str:
    """Send one queued notification (e-mail or SMS); retries re-enqueue this task."""
    from saola.core.notifications import notification_send

    notification = notification_send(notification_id=notification_id)
    return notification.status if notification is not None else "missing"
