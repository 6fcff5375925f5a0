"""Dossiers waiting for fees join the inbox (receiving and processing officers confirm a counter
payment): the inbox's partial index on PostgreSQL is rebuilt with `payment_required` among its
statuses (`selectors.INBOX_STATUSES`: keep the two lists equal). Nothing on SQLite."""

from django.db import migrations
from django.db.models import Index, Q

BEFORE = [
    "finished",
    "processing",
    "received",
    "submitted",
    "supplement_received",
    "supplement_requested",
    "waiting_other_unit",
    "waiting_signature",
]
AFTER = sorted([*BEFORE, "payment_required"])


def _index(statuses):
    return Index(
        fields=["due_at", "submitted_at", "id"],
        include=["status", "organization", "paused_at"],
        condition=Q(status__in=statuses),
        name="dossier_inbox_open",
    )


def _swap(old, new):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        dossier = apps.get_model("dossiers", "Dossier")
        schema_editor.remove_index(dossier, _index(old))
        schema_editor.add_index(dossier, _index(new))

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_applicant_folded"),
    ]

    operations = [
        migrations.RunPython(_swap(BEFORE, AFTER), _swap(AFTER, BEFORE), elidable=False),
    ]
