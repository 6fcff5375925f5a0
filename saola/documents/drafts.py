"""Outgoing documents as PDF in the Decree 30/2020/NĐ-CP layout (Phụ lục I), with form fields.

WeasyPrint renders the HTML with `pdf_forms=True`, which turns the two `<input>` elements into
AcroForm text fields: `so_ky_hieu` (number and notation) and `ngay_ban_hanh` (the date), left
empty on the draft and filled when the clerk issues the document, after the leader has signed.
The signer's box is found in WeasyPrint's layout (the element with id `signature-box`) and
converted to PDF points so the signing engine can place the signature fields exactly there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from saola.core.calendar import LOCAL_TZ
from saola.core.models import Organization
from saola.documents.models import Document
from saola.documents.numbering import keeper_abbreviation

SIGNATURE_BOX_ID = "signature-box"
SIGNER_NAME_ID = "signer-name"
# CSS pixels (1/96 inch) to PDF points (1/72 inch).
PX_TO_PT = 0.75


@dataclass(frozen=True)
class DraftTemplate:
    key: str
    label: str
    document_type: str
    title: str
    body: str


TEMPLATES: dict[str, DraftTemplate] = {
    t.key: t
    for t in (
        DraftTemplate(
            "quyet-dinh",
            "Quyết định (cá biệt)",
            "quyet-dinh",
            "QUYẾT ĐỊNH",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
            "Theo đề nghị của …\n\nQUYẾT ĐỊNH:\n\n"
            "Điều 1. …\n\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
            "Điều 3. Chánh Văn phòng và thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
            "Quyết định này./.",
        ),
        DraftTemplate(
            "cong-van",
            "Công văn",
            "cong-van",
            "",
            "Kính gửi: …\n\n…\n\nĐề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.",
        ),
        DraftTemplate(
            "thong-bao",
            "Thông báo",
            "thong-bao",
            "THÔNG BÁO",
            "…\n\nThông báo để các cơ quan, đơn vị biết và thực hiện./.",
        ),
        DraftTemplate(
            "to-trinh",
            "Tờ trình",
            "to-trinh",
            "TỜ TRÌNH",
            "Kính gửi: …\n\nI. SỰ CẦN THIẾT\n…\n\nII. NỘI DUNG ĐỀ XUẤT\n…\n\nKính trình … xem xét, quyết định./.",
        ),
        DraftTemplate(
            "bao-cao",
            "Báo cáo",
            "bao-cao",
            "BÁO CÁO",
            "I. KẾT QUẢ THỰC HIỆN\n…\n\nII. TỒN TẠI, HẠN CHẾ\n…\n\nIII. PHƯƠNG HƯỚNG, NHIỆM VỤ\n…/.",
        ),
    )
}

_AGENCY_PREFIX = re.compile(r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+", re.IGNORECASE)
_LEVEL_PREFIX = re.compile(r"^(tỉnh|thành phố|phường|xã|đặc khu|thị trấn|huyện|quận|thị xã)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class SignerBox:
    """Where the signer's signature goes: page index and corners in PDF points, origin bottom-left."""

    page_index: int
    x1: float
    y1: float
    x2: float
    y2: float

    def as_tuple(self) -> tuple[int, float, float, float, float]:
        return (self.page_index, self.x1, self.y1, self.x2, self.y2)


@dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    signer_box: SignerBox
    signer_name_box: SignerBox


def vn_date(value: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 take a leading zero."""
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def place_name(organization: Organization) -> str:
    """The place in the date line: the nearest province or commune, without "Ủy ban nhân dân tỉnh"."""
    org: Organization | None = organization
    while org is not None and org.level not in {Organization.Level.COMMUNE, Organization.Level.PROVINCE}:
        org = org.parent
    name = _AGENCY_PREFIX.sub("", (org or organization).name)
    return _LEVEL_PREFIX.sub("", name).strip()


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]


def _recipients(document: Document) -> list[str]:
    lines = [line.strip().lstrip("-").strip() for line in (document.recipients_text or "").splitlines()]
    lines = [line for line in lines if line and not line.lower().startswith("lưu")]
    unit = keeper_abbreviation(document)
    lines.append(f"Lưu: VT{', ' + unit if unit else ''}.")
    return [f"- {line}" for line in lines]


def document_context(document: Document) -> dict[str, Any]:
    template = TEMPLATES.get(document.template) or TEMPLATES["cong-van"]
    org = document.organization
    is_letter = not document.document_type.abbreviation
    signer_title = (document.signer_title or "").upper()
    authority_line = ""
    if document.signing_authority:
        # "TM. ỦY BAN NHÂN DÂN" above "CHỦ TỊCH"; "KT. CHỦ TỊCH" above "PHÓ CHỦ TỊCH".
        authority_line = f"{document.signing_authority} {(document.authority_title or '').upper()}".strip()
    return {
        "document": document,
        # Decree 30/2020 prints the governing body above a unit's name (Sở, Văn phòng...); a
        # People's Committee or a ministry heads its own documents.
        "parent_name": org.parent.name.upper() if org.parent and org.level == Organization.Level.UNIT else "",
        "agency_name": org.name.upper(),
        "place": place_name(org),
        "is_letter": is_letter,
        "title": "" if is_letter else (template.title or document.document_type.name.upper()),
        "summary": document.summary,
        "paragraphs": _paragraphs(document.body),
        "recipients": _recipients(document),
        "authority_line": authority_line,
        "signer_title": signer_title,
        "signer_name": document.signer_name or (document.signer.display_name if document.signer else ""),
        "urgency": "" if document.urgency == Document.Urgency.NORMAL else document.get_urgency_display().upper(),
        "confidential": document.confidentiality != Document.Confidentiality.NORMAL,
        "signature_box_id": SIGNATURE_BOX_ID,
        "signer_name_id": SIGNER_NAME_ID,
        "font_family": '"Liberation Serif", "Times New Roman", "DejaVu Serif", serif',
    }


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def _find_box(pages: list[Any], element_id: str) -> SignerBox:
    for index, page in enumerate(pages):
        # WeasyPrint keeps the laid-out tree of each page on `_page_box`; it has no public accessor.
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == element_id and hasattr(box, "border_box_x"):
                x, y = box.border_box_x(), box.border_box_y()
                width, height = box.border_width(), box.border_height()
                page_height = page.height
                return SignerBox(
                    page_index=index,
                    x1=round(x * PX_TO_PT, 2),
                    y1=round((page_height - y - height) * PX_TO_PT, 2),
                    x2=round((x + width) * PX_TO_PT, 2),
                    y2=round((page_height - y) * PX_TO_PT, 2),
                )
    raise LookupError(element_id)


def render_document(document: Document) -> RenderedDocument:
    """The document as a PDF with empty `so_ky_hieu` and `ngay_ban_hanh` fields, and its signer box."""
    from weasyprint import HTML

    html = render_to_string("documents/pdf/document.html", document_context(document))
    rendered = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_forms=True)
    box = _find_box(rendered.pages, SIGNATURE_BOX_ID)
    name_box = _find_box(rendered.pages, SIGNER_NAME_ID)
    return RenderedDocument(pdf=rendered.write_pdf(), signer_box=box, signer_name_box=name_box)


def issue_values(document: Document) -> dict[str, str]:
    """The values of the form fields once the document is numbered."""
    issued = document.issued_on or (document.issued_at.astimezone(LOCAL_TZ).date() if document.issued_at else None)
    return {"so_ky_hieu": document.notation, "ngay_ban_hanh": vn_date(issued) if issued else ""}
