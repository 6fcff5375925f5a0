"""`saola documents reindex`: rebuilds the search text of documents written outside the services."""

from __future__ import annotations

import pytest

from saola.cli import main
from saola.documents.models import Document
from saola.documents.selectors import document_search
from tests.documents.factories import build_province, register_incoming

pytestmark = pytest.mark.django_db


def test_reindex_makes_changed_rows_searchable(capsys: pytest.CaptureFixture[str]) -> None:
    p = build_province()
    document = register_incoming(p, summary="Công văn cũ")
    Document.objects.filter(pk=document.pk).update(summary="Kế hoạch phòng cháy chữa cháy")
    assert document_search(user=p.clerk, q="phong chay").count == 0
    assert main(["documents", "reindex"]) == 0
    assert "1 văn bản" in capsys.readouterr().out
    assert document_search(user=p.clerk, q="phong chay").items == [document]
