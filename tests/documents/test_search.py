"""Full-text search, with and without diacritics, on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import pytest

from saola.documents.search import query_tokens
from saola.documents.selectors import DocumentFilters, document_search
from saola.documents.services import incoming, outgoing
from tests.documents.factories import Province, build_province, doc_type, draft_data, pdf_file, register_incoming

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Province:
    return build_province()


def summaries(page: object) -> list[str]:
    return [d.summary for d in page.items]  # type: ignore[attr-defined]


def test_query_tokens_fold_diacritics_and_d() -> None:
    assert query_tokens("Quyết định số 15/QĐ-BNV") == ["quyet", "dinh", "so", "15", "qd", "bnv"]
    assert query_tokens("  ĐẤT ĐAI đất đai ") == ["dat", "dai"]
    assert query_tokens("'; DROP TABLE x; --") == ["drop", "table", "x"]


@pytest.mark.parametrize("q", ["quyet dinh", "Quyết định", "QUYẾT ĐỊNH", "quyết dinh", "quy"])
def test_search_with_or_without_diacritics(p: Province, q: str) -> None:
    register_incoming(p, summary="Quyết định giao đất cho hộ gia đình")
    register_incoming(p, summary="Công văn về lịch công tác tuần", document_type=doc_type("cong-van"))
    assert summaries(document_search(user=p.clerk, q=q)) == ["Quyết định giao đất cho hộ gia đình"]


def test_search_folds_d_with_stroke(p: Province) -> None:
    register_incoming(p, summary="Đề án phát triển du lịch Mộc Châu")
    assert summaries(document_search(user=p.clerk, q="de an moc chau")) == ["Đề án phát triển du lịch Mộc Châu"]
    assert summaries(document_search(user=p.clerk, q="ĐỀ ÁN")) == ["Đề án phát triển du lịch Mộc Châu"]


def test_search_by_notation_sender_and_signer(p: Province) -> None:
    register_incoming(p, notation="15/QĐ-BNV", sender_name="Bộ Nội vụ", signer_name="Phạm Thị Thanh Trà")
    register_incoming(p, notation="20/CT-TTg", sender_name="Thủ tướng Chính phủ", signer_name="Nguyễn Văn Bình")
    assert document_search(user=p.clerk, q="15/QĐ-BNV").count == 1
    assert document_search(user=p.clerk, q="bo noi vu").count == 1
    assert document_search(user=p.clerk, q="thanh tra").count == 1
    assert document_search(user=p.clerk, q="chinh phu binh").count == 1


def test_search_finds_text_inside_attachments(p: Province) -> None:
    register_incoming(
        p, summary="Công văn của Sở", files=[pdf_file("cv.pdf", text="Đề nghị cung cấp số liệu tài nguyên nước")]
    )
    register_incoming(p, summary="Công văn khác")
    assert summaries(document_search(user=p.clerk, q="tai nguyen nuoc")) == ["Công văn của Sở"]


def test_search_ranks_better_matches_first_then_newest(p: Province) -> None:
    register_incoming(p, summary="Kế hoạch phòng chống thiên tai", sender_name="Ban Chỉ huy phòng chống thiên tai")
    older = register_incoming(p, summary="Báo cáo thiên tai")
    newer = register_incoming(p, summary="Báo cáo thiên tai")
    found = document_search(user=p.clerk, q="thien tai").items
    assert found[0].summary == "Kế hoạch phòng chống thiên tai"
    assert found[1:] == [newer, older]


def test_search_respects_visibility_and_filters(p: Province) -> None:
    document = register_incoming(p, summary="Giấy mời họp giao ban", urgency="urgent")
    register_incoming(p, summary="Giấy mời họp chuyên đề")
    assert document_search(user=p.outsider, q="giay moi").count == 0
    assert document_search(user=p.justice_officer, q="giay moi").count == 0
    incoming.document_assign(actor=p.leader, document=document, targets=[incoming.AssignmentTarget(unit=p.justice)])
    assert summaries(document_search(user=p.justice_officer, q="giay moi")) == ["Giấy mời họp giao ban"]
    page = document_search(user=p.clerk, q="giay moi", filters=DocumentFilters(urgency="urgent"))
    assert summaries(page) == ["Giấy mời họp giao ban"]
    assert document_search(user=p.clerk, q="giay moi", limit=1, offset=1).count == 2


def test_search_reflects_edits_of_a_draft(p: Province) -> None:
    draft = outgoing.draft_create(
        author=p.office_officer, organization=p.ubnd, data=draft_data(summary="Thông báo kết luận")
    )
    assert document_search(user=p.office_officer, q="ket luan").items == [draft]
    outgoing.draft_update(author=p.office_officer, document=draft, data=draft_data(summary="Thông báo lịch họp"))
    assert document_search(user=p.office_officer, q="ket luan").count == 0
    assert document_search(user=p.office_officer, q="lich hop").items == [draft]
