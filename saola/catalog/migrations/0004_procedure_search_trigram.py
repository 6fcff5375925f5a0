"""A trigram index for procedure search on PostgreSQL; nothing on SQLite.

`procedure_search` filters `search_text LIKE '%term%'` once per folded term. Without an index every
search reads the whole catalogue; pg_trgm's GIN operator class answers these infix patterns from
the index. The index lives outside the model state because SQLite has no equivalent, so
`makemigrations` neither adds nor drops it.
"""

from django.db import migrations

INDEX_NAME = "catalog_proc_search_trgm"


def _index():
    from django.contrib.postgres.indexes import GinIndex

    # No fast update: the catalogue is written rarely and searched constantly, and a pending list
    # (filled by an import) would be scanned by every search until the next vacuum.
    return GinIndex(fields=["search_text"], name=INDEX_NAME, opclasses=["gin_trgm_ops"], fastupdate=False)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.add_index(apps.get_model("catalog", "Procedure"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("catalog", "Procedure"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_alter_procedure_channels"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
