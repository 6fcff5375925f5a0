"""Store queued bytes uncompressed on PostgreSQL: a hub writes each package once, reads it once or
twice and deletes it later, and signed packages (base64 attachments) compress poorly; pglz on
every write and read only costs CPU."""

from django.db import migrations

TABLES = ("exchange_hubmessage", "exchange_outboundmessage", "exchange_inboundmessage")


def external_storage(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN body SET STORAGE EXTERNAL")


def extended_storage(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN body SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("exchange", "0003_node_outbox_inbox")]

    operations = [migrations.RunPython(external_storage, extended_storage)]
