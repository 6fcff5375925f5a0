"""Draft PDFs in the Decree 30/2020 layout: form fields, signer box, templates."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from saola.documents.drafts import TEMPLATES, render_document
from saola.documents.models import Attachment
from saola.documents.services import outgoing
from tests.documents.factories import approved_document, build_province, doc_type, draft_data, issue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_renders_with_number_and_date_fields_and_a_signer_box(template: str) -> None:
    p = build_province()
    document = outgoing.draft_create(
        author=p.office_officer,
        organization=p.ubnd,
        data=draft_data(document_type=doc_type(TEMPLATES[template].document_type), template=template, body=""),
    )
    rendered = render_document(document)
    reader = PdfReader(io.BytesIO(rendered.pdf))
    fields = reader.get_fields() or {}
    assert {"so_ky_hieu", "ngay_ban_hanh"} <= set(fields)
    page = reader.pages[rendered.signer_box.page_index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    box, name = rendered.signer_box, rendered.signer_name_box
    assert 0 < box.x1 < box.x2 <= width
    assert 0 < box.y1 < box.y2 <= height
    # 60 mm x 30 mm, just above the signer's name, on the same page.
    assert box.x2 - box.x1 == pytest.approx(170.08, abs=0.5)
    assert box.y2 - box.y1 == pytest.approx(85.04, abs=0.5)
    assert name.page_index == box.page_index
    assert 0 <= box.y1 - name.y2 < 20
    text = page.extract_text()
    assert "Độc lập - Tự do - Hạnh phúc" in reader.pages[0].extract_text()
    assert "Lưu: VT, VP." in text
    if template == "cong-van":
        assert "V/v" in reader.pages[0].extract_text()


def test_issued_document_carries_its_notation_in_the_signed_pdf() -> None:
    p = build_province()
    issued = issue(p, document=approved_document(p))
    main = issued.attachments.get(kind=Attachment.Kind.MAIN)
    assert main.signed
    with main.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    fields = reader.get_fields() or {}
    assert fields["so_ky_hieu"]["/V"] == "01/QĐ-UBND"
    assert fields["ngay_ban_hanh"]["/V"].startswith("ngày ")
    assert {"ChuKyNguoiKy", "ConDauCoQuan"} <= set(fields)


def _text_positions(page) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((text, float(tm[5]) * float(cm[3]) + float(cm[5])))

    page.extract_text(visitor_text=visit)
    return found


def test_number_and_date_fields_sit_on_the_line_of_their_labels() -> None:
    from saola.documents.drafts import place_name

    p = build_province()
    document = outgoing.draft_create(author=p.office_officer, organization=p.ubnd, data=draft_data())
    reader = PdfReader(io.BytesIO(render_document(document).pdf))
    page = reader.pages[0]
    rects = {a.get_object()["/T"]: [float(v) for v in a.get_object()["/Rect"]] for a in page["/Annots"]}
    positions = _text_positions(page)
    for label, field in (("Số:", "so_ky_hieu"), (f"{place_name(p.ubnd)},", "ngay_ban_hanh")):
        label_y = next(y for text, y in positions if text.strip().startswith(label))
        low, high = sorted(rects[field][1::2])
        assert low - 2 <= label_y <= high + 2, (label, label_y, rects[field])


def test_governing_body_is_printed_above_a_unit_only() -> None:
    from saola.documents.drafts import document_context

    p = build_province()
    own = outgoing.draft_create(author=p.office_officer, organization=p.ubnd, data=draft_data())
    assert document_context(own)["parent_name"] == ""
    unit = outgoing.draft_create(author=p.justice_officer, organization=p.justice, data=draft_data())
    assert document_context(unit)["parent_name"] == p.ubnd.name.upper()
