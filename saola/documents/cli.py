"""Subcommands of `saola` for this app. Django is set up inside each command, never at import."""

from __future__ import annotations

import argparse
import sys


def cmd_documents_reindex(args: argparse.Namespace) -> int:
    """`saola documents reindex`: recompute every document's search text (and the SQLite FTS5 table).

    For a database restored from elsewhere or documents written outside the services; each
    document is re-indexed in its own transaction.
    """
    from saola.cli import _django

    _django()
    from django.db import transaction

    from saola.documents.models import Document
    from saola.documents.search import index_document

    done = 0
    for document in Document.objects.select_related("document_type").order_by("pk").iterator(chunk_size=500):
        with transaction.atomic():
            index_document(document)
        done += 1
    sys.stdout.write(f"Đã lập lại chỉ mục tìm kiếm cho {done} văn bản.\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this app's subcommands to the `saola` parser."""
    documents = sub.add_parser("documents", help="văn bản đến, văn bản đi")
    commands = documents.add_subparsers(dest="documents_command", required=True)
    reindex = commands.add_parser("reindex", help="lập lại chỉ mục tìm kiếm toàn văn của văn bản")
    reindex.set_defaults(func=cmd_documents_reindex)
