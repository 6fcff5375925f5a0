"""Full-text search of documents, per database; none of it is in the model state.

PostgreSQL: a stored generated tsvector (configuration 'simple') over the folded `search_text`,
with a GIN index. The text is folded in Python (no diacritics, lower case), so 'simple' is the
right configuration: no stemming, no stop words, Vietnamese syllables kept as they are.

SQLite: an FTS5 table keyed by the document id, written by the service layer
(saola.documents.search.index_document) in the same transaction as the document.
"""

from django.db import migrations

PG_FORWARD = (
    "ALTER TABLE documents_document ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX documents_document_search_gin ON documents_document USING gin (search_vector)",
)
PG_BACKWARD = (
    "DROP INDEX IF EXISTS documents_document_search_gin",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_vector",
)
SQLITE_FORWARD = (
    "CREATE VIRTUAL TABLE documents_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')",
)
SQLITE_BACKWARD = ("DROP TABLE IF EXISTS documents_search",)


def forward(apps, schema_editor):
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor, ())
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(schema_editor.connection.vendor, ())
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_types")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
