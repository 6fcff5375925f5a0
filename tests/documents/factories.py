"""A small province for document tests: the People's Committee, its Office (which keeps its
registers), a department, the people in each role, and someone from another province."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from saola.core import services as core
from saola.core.models import Organization, User
from saola.documents.doctypes import sync_document_types
from saola.documents.models import Document, DocumentType, OrganizationSetting
from saola.documents.services import incoming, outgoing

PASSWORD = "Mat-khau-2026"
SECRET = "Khoa-ky-so-2026"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Province:
    ubnd: Organization
    office: Organization
    justice: Organization
    other_province: Organization
    clerk: User
    leader: User
    office_officer: User
    justice_leader: User
    justice_officer: User
    outsider: User


def officer(org: Organization, username: str, *roles: str, full_name: str = "", position: str = "") -> User:
    return core.officer_create(
        actor=None,
        username=username,
        full_name=full_name or f"Cán bộ {username}",
        organization=org,
        password=PASSWORD,
        position=position or "Chuyên viên",
        roles=list(roles),
    )


def build_province() -> Province:
    # Transactional tests flush the tables, the data migration's document types included.
    sync_document_types(DocumentType)
    ubnd = core.organization_create(
        actor=None, code="000.00.00.H53", name="Ủy ban nhân dân tỉnh Sơn La", level="province"
    )
    office = core.organization_create(
        actor=None, code="000.00.01.H53", name="Văn phòng Ủy ban nhân dân tỉnh", level="unit", parent=ubnd
    )
    justice = core.organization_create(
        actor=None, code="000.00.03.H53", name="Sở Tư pháp tỉnh Sơn La", level="unit", parent=ubnd
    )
    other = core.organization_create(
        actor=None, code="000.00.00.H14", name="Ủy ban nhân dân tỉnh Điện Biên", level="province"
    )
    OrganizationSetting.objects.create(organization=ubnd, abbreviation="UBND", records_office=office)
    OrganizationSetting.objects.create(organization=office, abbreviation="VP")
    OrganizationSetting.objects.create(organization=justice, abbreviation="STP")
    province = Province(
        ubnd=ubnd,
        office=office,
        justice=justice,
        other_province=other,
        clerk=officer(office, "vanthu", "clerk", full_name="Lường Thị Hoa", position="Văn thư"),
        leader=officer(ubnd, "chutich", "unit_leader", full_name="Hoàng Quốc Khánh", position="Chủ tịch"),
        office_officer=officer(office, "chuyenvien", "processing_officer", full_name="Lò Văn Minh"),
        justice_leader=officer(justice, "giamdoc.stp", "unit_leader", full_name="Quàng Văn Hải", position="Giám đốc"),
        justice_officer=officer(justice, "xuly.stp", "processing_officer", full_name="Cầm Thị Thu"),
        outsider=officer(other, "vanthu.dienbien", "clerk", "unit_leader", "processing_officer"),
    )
    _signing_keys(province)
    return province


def _signing_keys(p: Province) -> None:
    """PKCS#12 keys (secret SECRET) for the leaders and the two agencies, with demo images."""
    from saola.demo.pki import ensure_authorities, issue_organization_credential, issue_person_credential

    _root, ca = ensure_authorities()
    for person in (p.leader, p.justice_leader):
        issue_person_credential(user=person, issuer=ca, passphrase=SECRET)
    for org in (p.ubnd, p.justice):
        issue_organization_credential(organization=org, issuer=ca, passphrase=SECRET)


def doc_type(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)


@functools.cache
def text_pdf(text: str = "Quyết định về việc phê duyệt kế hoạch chuyển đổi số năm 2026") -> bytes:
    """A real PDF with a text layer (rendered once per text)."""
    from weasyprint import HTML

    html = f"<html><body style=\"font-family: 'Liberation Serif'\"><p>{text}</p></body></html>"
    return bytes(HTML(string=html).write_pdf())


def pdf_file(name: str = "van-ban.pdf", text: str | None = None) -> SimpleUploadedFile:
    content = text_pdf(text) if text else text_pdf()
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def incoming_data(**overrides: object) -> incoming.IncomingData:
    values: dict[str, object] = {
        "document_type": doc_type("quyet-dinh"),
        "summary": "Về việc giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2026",
        "sender_name": "Bộ Nội vụ",
        "sender_code": "000.00.00.G09",
        "notation": "15/QĐ-BNV",
        "issued_on": dt.date(2026, 1, 5),
        "signer_name": "Phạm Thị Thanh Trà",
    }
    values.update(overrides)
    return incoming.IncomingData(**values)  # type: ignore[arg-type]


def register_incoming(p: Province, **overrides: object) -> Document:
    files = overrides.pop("files", ())
    return incoming.document_register_incoming(
        clerk=p.clerk,
        organization=p.ubnd,
        data=incoming_data(**overrides),
        files=files,  # type: ignore[arg-type]
    )


def draft_data(**overrides: object) -> outgoing.DraftData:
    values: dict[str, object] = {
        "document_type": doc_type("quyet-dinh"),
        "summary": "Về việc phê duyệt Kế hoạch chuyển đổi số tỉnh Sơn La năm 2026",
        "body": "Điều 1. Phê duyệt Kế hoạch chuyển đổi số.\n\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký.",
        "template": "quyet-dinh",
        "signing_authority": "TM.",
        "authority_title": "Ủy ban nhân dân",
        "signer_title": "Chủ tịch",
        "recipients_text": "Như Điều 3;\nThường trực Tỉnh ủy;",
    }
    values.update(overrides)
    return outgoing.DraftData(**values)  # type: ignore[arg-type]


def approved_document(p: Province, **overrides: object) -> Document:
    document = outgoing.draft_create(author=p.office_officer, organization=p.ubnd, data=draft_data(**overrides))
    outgoing.draft_submit(author=p.office_officer, document=document)
    return outgoing.draft_approve(leader=p.leader, document=document, secret=SECRET)


def issue(p: Province, *, document: Document, at: dt.datetime | None = None) -> Document:
    return outgoing.document_issue(clerk=p.clerk, document=document, secret=SECRET, at=at)
