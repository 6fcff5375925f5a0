"""Full-text search of documents, with or without Vietnamese diacritics, on both databases.

Writes keep `Document.search_text` folded (saola.core.text.fold: no diacritics, đ → d, lower
case). PostgreSQL derives a tsvector from it in a generated column (migration 0003, GIN index);
SQLite keeps an FTS5 table, written here by `index_document` whenever the service layer changes a
document. Queries are folded the same way, so "quyet dinh" and "Quyết định" match alike.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from saola.core.text import fold
from saola.documents.models import Document

MAX_TERMS = 8
_TOKEN = re.compile(r"[a-z0-9]+")


def document_search_text(document: Document, attachment_texts: list[str] | None = None) -> str:
    """The folded text a document is found by: metadata, then its attachments' text."""
    parts = [
        document.notation,
        document.summary,
        document.sender_name,
        document.sender_code,
        document.signer_name,
        document.document_type.name if document.document_type_id else "",
        *(attachment_texts if attachment_texts is not None else _attachment_texts(document)),
    ]
    return fold(" ".join(p for p in parts if p))


def _attachment_texts(document: Document) -> list[str]:
    if document.pk is None:
        return []
    return [t for t in document.attachments.values_list("extracted_text", flat=True) if t]


def index_document(document: Document) -> None:
    """Recompute the document's search text and (on SQLite) its FTS5 row; call inside the write."""
    text = document_search_text(document)
    Document.objects.filter(pk=document.pk).update(search_text=text)
    document.search_text = text
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM documents_search WHERE rowid = %s", [document.pk])
            cursor.execute("INSERT INTO documents_search (rowid, body) VALUES (%s, %s)", [document.pk, text])


def query_tokens(q: str) -> list[str]:
    """Folded ASCII tokens of a query (at most MAX_TERMS, duplicates dropped)."""
    tokens: list[str] = []
    for token in _TOKEN.findall(fold(q)):
        if token not in tokens:
            tokens.append(token)
    return tokens[:MAX_TERMS]


def match(qs: QuerySet[Document], q: str) -> QuerySet[Document]:
    """Documents of `qs` matching every token of `q` (as a prefix from PREFIX_MIN letters; none for
    an empty query)."""
    tokens = query_tokens(q)
    if not tokens:
        return qs.none()
    if connection.vendor == "postgresql":
        # Unqualified: inside a subquery Django aliases the table (U0), and a qualified name would
        # silently correlate the subquery with the outer query.
        condition = RawSQL(
            "search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [_tsquery(tokens)],
            output_field=BooleanField(),
        )
        return qs.filter(condition)
    hits = RawSQL("SELECT rowid FROM documents_search WHERE documents_search MATCH %s", [_fts(tokens)])
    return qs.filter(pk__in=hits)


def relevance(q: str) -> RawSQL:
    """How well a document matches `q`: higher is better on both databases."""
    tokens = query_tokens(q)
    if connection.vendor == "postgresql":
        return RawSQL(
            "ts_rank(documents_document.search_vector, to_tsquery('simple'::regconfig, %s))",
            [_tsquery(tokens)],
            output_field=FloatField(),
        )
    # bm25 is lower for better matches: negated so that higher relevance sorts first everywhere.
    return RawSQL(
        "(SELECT -bm25(documents_search) FROM documents_search "
        "WHERE documents_search MATCH %s AND documents_search.rowid = documents_document.id)",
        [_fts(tokens)],
        output_field=FloatField(),
    )


# Tokens this long or longer match as prefixes ("quy" finds "quyết"); shorter ones exactly, since
# a one- or two-letter prefix expands to a large part of the index for little use.
PREFIX_MIN = 3


def _tsquery(tokens: list[str]) -> str:
    return " & ".join(f"{t}:*" if len(t) >= PREFIX_MIN else t for t in tokens)


def _fts(tokens: list[str]) -> str:
    return " ".join(f'"{t}"*' if len(t) >= PREFIX_MIN else f'"{t}"' for t in tokens)
