"""Demo official documents of the province People's Committee and the Department of Justice.

Written through the documents services: agency abbreviations (the People's Committee's registers
are kept by its Office's clerk), the 2026 registers, incoming documents in every state of their
processing, outgoing documents as a draft, approved (signed by the Chairman) and issued (numbered
and signed with the organisation's key), and one work dossier. Signing uses the demo PKI, so it
runs after `load_demo_pki`.

Skipped when the People's Committee already has documents, so `load_demo` stays idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saola.core.audit import audit_record, snapshot
from saola.core.models import Organization, User
from saola.demo.data.organizations import PROVINCE_CODE
from saola.documents import numbering
from saola.documents.doctypes import sync_document_types
from saola.documents.models import Document, DocumentType, OrganizationSetting
from saola.documents.services import incoming, outgoing, work
from saola.documents.states import Direction

OFFICE = "000.00.01.H53"  # Văn phòng UBND tỉnh
JUSTICE = "000.00.03.H53"  # Sở Tư pháp
ABBREVIATIONS = {
    PROVINCE_CODE: "UBND",
    OFFICE: "VP",
    "000.00.02.H53": "SNV",
    JUSTICE: "STP",
    "000.00.04.H53": "STC",
    "000.00.05.H53": "SCT",
    "000.00.06.H53": "SNNMT",
    "000.00.07.H53": "SXD",
    "000.00.08.H53": "SGDĐT",
    "000.00.20.H53": "TTPVHCC",
}

INCOMING = (
    ("quyet-dinh", "15/QĐ-BNV", "Bộ Nội vụ", "000.00.00.G09", "Về việc giao biên chế công chức năm 2026"),
    ("cong-van", "1234/BTP-HCTP", "Bộ Tư pháp", "000.00.00.G15", "V/v hướng dẫn đăng ký hộ tịch trực tuyến"),
    ("chi-thi", "05/CT-TTg", "Thủ tướng Chính phủ", "000.00.00.G22", "Về tăng cường chuyển đổi số quốc gia"),
    ("giay-moi", "88/GM-BXD", "Bộ Xây dựng", "000.00.00.G17", "Mời dự hội nghị trực tuyến về nhà ở xã hội"),
)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _type(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)


def _settings() -> None:
    office = Organization.objects.get(code=OFFICE)
    for code, abbreviation in ABBREVIATIONS.items():
        org = Organization.objects.filter(code=code).first()
        if org is not None:
            setting, created = OrganizationSetting.objects.get_or_create(
                organization=org,
                defaults={"abbreviation": abbreviation, "records_office": office if code == PROVINCE_CODE else None},
            )
            if created:
                audit_record(
                    actor=None, action="documents.organization_setting.create", obj=setting, after=snapshot(setting)
                )


def _registers(year: int) -> None:
    for code in (PROVINCE_CODE, JUSTICE):
        org = Organization.objects.get(code=code)
        for direction in (Direction.INCOMING, Direction.OUTGOING):
            numbering.register_for(organization=org, direction=direction, year=year)


def _incoming(province: Organization, justice: Organization, passphrase: str) -> list[Document]:
    clerk, leader = _user("vanthu.vpubnd"), _user("lanhdao.ubndtinh")
    documents = [
        incoming.document_register_incoming(
            clerk=clerk,
            organization=province,
            data=incoming.IncomingData(
                document_type=_type(kind),
                summary=summary,
                sender_name=sender,
                sender_code=sender_code,
                notation=notation,
                issued_on=timezone.localdate() - dt.timedelta(days=3),
                urgency="urgent" if kind == "chi-thi" else "normal",
            ),
        )
        for kind, notation, sender, sender_code, summary in INCOMING
    ]
    deadline = timezone.localdate() + dt.timedelta(days=10)
    for document in documents[1:]:
        incoming.document_assign(
            actor=leader,
            document=document,
            targets=[incoming.AssignmentTarget(unit=justice)],
            instruction="Giao Sở Tư pháp chủ trì, tham mưu UBND tỉnh.",
            deadline=deadline,
        )
    officer = _user("xuly.sotuphap")
    incoming.document_comment(actor=officer, document=documents[2], text="Đang tổng hợp ý kiến các sở, ngành.")
    incoming.document_comment(actor=officer, document=documents[3], text="Đã đăng ký dự hội nghị.")
    incoming.document_complete(actor=officer, document=documents[3], result="Lãnh đạo Sở dự hội nghị.")
    return documents


def _outgoing(province: Organization, justice: Organization, passphrase: str) -> list[Document]:
    drafter, leader, clerk = _user("chuyenvien.vpubnd"), _user("lanhdao.ubndtinh"), _user("vanthu.vpubnd")

    def draft(kind: str, summary: str, authority: str = "TM.") -> Document:
        return outgoing.draft_create(
            author=drafter,
            organization=province,
            data=outgoing.DraftData(
                document_type=_type(kind),
                summary=summary,
                template=kind,
                signing_authority=authority,
                authority_title="Ủy ban nhân dân",
                signer=leader,
                signer_title="Chủ tịch",
                recipients_text="Các sở, ban, ngành tỉnh;\nUBND các xã, phường;",
            ),
        )

    def approve(document: Document) -> Document:
        outgoing.draft_submit(author=drafter, document=document)
        return outgoing.draft_approve(leader=leader, document=document, secret=passphrase)

    kept = draft("thong-bao", "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về chuyển đổi số")
    approved = approve(draft("to-trinh", "Về việc đề nghị phê duyệt Đề án phát triển du lịch Mộc Châu"))
    issued = outgoing.document_issue(
        clerk=clerk,
        document=approve(draft("quyet-dinh", "Về việc phê duyệt Kế hoạch chuyển đổi số tỉnh Sơn La năm 2026")),
        secret=passphrase,
    )
    letter = outgoing.document_issue(
        clerk=clerk,
        document=approve(draft("cong-van", "Triển khai hệ thống văn bản điện tử", "")),
        secret=passphrase,
    )
    outgoing.document_distribute(
        clerk=clerk,
        document=issued,
        units=[justice],
        external=[outgoing.ExternalRecipient(name="Bộ Nội vụ", code="000.00.00.G09")],
    )
    return [kept, approved, issued, letter]


def load_demo_documents(*, passphrase: str) -> list[Document]:
    """The demo documents (empty list when they exist already)."""
    # The Decree 30/2020 types come with a data migration; make sure they are there even on a
    # database emptied since (a test's flush), since every document needs its type.
    sync_document_types(DocumentType)
    province = Organization.objects.filter(code=PROVINCE_CODE).first()
    if province is None or Document.objects.filter(organization=province).exists():
        return []
    justice = Organization.objects.get(code=JUSTICE)
    _settings()
    _registers(timezone.localdate().year)
    documents = _incoming(province, justice, passphrase) + _outgoing(province, justice, passphrase)
    dossier = work.work_dossier_create(
        actor=_user("chuyenvien.vpubnd"),
        organization=Organization.objects.get(code=OFFICE),
        title="Hồ sơ xây dựng Kế hoạch chuyển đổi số tỉnh Sơn La năm 2026",
        code="01.CĐS",
        retention_years=10,
    )
    work.work_dossier_add_documents(actor=_user("chuyenvien.vpubnd"), dossier=dossier, documents=documents[-2:])
    return documents
