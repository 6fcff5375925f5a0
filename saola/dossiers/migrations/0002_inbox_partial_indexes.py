"""Partial indexes for officers' inboxes on PostgreSQL; nothing on SQLite.

A province receives about a million dossiers a year and keeps them all, but an inbox only ever
shows the few per cent that are still open. Over every dossier, the inbox's plans walked the
whole `due_at` index (650 ms for one page) or read thousands of heap pages to count.

* `dossier_inbox_open`: the dossiers in an inbox status (`selectors.INBOX_STATUSES`: keep the two
  lists equal), in the inbox's order, covering the columns its conditions read. The count is an
  index-only scan; a page walks the open dossiers in due-date order.
* `step_open_inbox`: open steps by unit and role, with their dossier: the set of dossiers
  waiting for an officer's roles is read from the index alone.

Both stay small however many dossiers close. They live outside the model state, like the catalogue's
trigram index, so `makemigrations` neither adds nor drops them.
"""

from django.db import migrations
from django.db.models import Index, Q

INBOX_STATUSES = [
    "finished",
    "processing",
    "received",
    "submitted",
    "supplement_received",
    "supplement_requested",
    "waiting_other_unit",
    "waiting_signature",
]


def _indexes():
    dossier = Index(
        fields=["due_at", "submitted_at", "id"],
        include=["status", "organization", "paused_at"],
        condition=Q(status__in=INBOX_STATUSES),
        name="dossier_inbox_open",
    )
    step = Index(
        fields=["organization", "role"],
        include=["dossier"],
        condition=Q(completed_at__isnull=True),
        name="step_open_inbox",
    )
    return [("Dossier", dossier), ("DossierStep", step)]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes():
        schema_editor.add_index(apps.get_model("dossiers", model), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes():
        schema_editor.remove_index(apps.get_model("dossiers", model), index)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
