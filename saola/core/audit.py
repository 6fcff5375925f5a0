"""Writing audit entries: every service write calls `audit_record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict

from saola.core.middleware import current_ip
from saola.core.models import AuditEntry, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, *, exclude: tuple[str, ...] = ("password",)) -> dict[str, Any]:
    """A JSON-safe dict of a row's own fields, for the before/after of an audit entry."""
    data = model_to_dict(obj, exclude=list(exclude))
    return {k: _jsonable(v) for k, v in data.items()}


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry. Call inside the transaction of the write it describes."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.display_name if actor is not None and actor.pk else "system"),
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip_address=current_ip.get(),
    )
