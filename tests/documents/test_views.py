"""Back-office pages of documents with the Django test client."""

from __future__ import annotations

import pytest
from django.test import Client

from saola.documents.models import Document, WorkDossier
from saola.documents.states import Status
from tests.documents.factories import (
    PASSWORD,
    SECRET,
    Province,
    approved_document,
    build_province,
    pdf_file,
    register_incoming,
)

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def p() -> Province:
    return build_province()


def test_pages_need_an_officer(p: Province) -> None:
    assert Client().get("/office/van-ban/").status_code == 302


def test_register_incoming_page_and_list(p: Province) -> None:
    clerk = client_for(p.clerk.username)
    page = clerk.get("/office/van-ban/den/vao-so/")
    assert page.status_code == 200
    assert "Vào sổ văn bản đến" in page.content.decode()
    response = clerk.post(
        "/office/van-ban/den/vao-so/",
        {
            "organization": p.ubnd.code,
            "type": "cong-van",
            "sender_name": "Bộ Tư pháp",
            "summary": "V/v góp ý dự thảo Luật",
            "urgency": "urgent",
            "confidentiality": "normal",
            "attachments": [pdf_file()],
        },
    )
    assert response.status_code == 302, response.content.decode()
    document = Document.objects.get()
    assert response["Location"] == f"/office/van-ban/{document.pk}/"
    assert document.attachments.count() == 1
    listing = clerk.get("/office/van-ban/", {"direction": "incoming", "q": "gop y du thao"}).content.decode()
    assert "V/v góp ý dự thảo Luật" in listing
    assert 'href="/office/van-ban/"' in clerk.get("/office/").content.decode()


def test_register_incoming_form_shows_field_errors(p: Province) -> None:
    clerk = client_for(p.clerk.username)
    response = clerk.post(
        "/office/van-ban/den/vao-so/",
        {"organization": p.ubnd.code, "type": "cong-van", "sender_name": "Bộ Tư pháp", "summary": "x",
         "sender_code": "SAI", "urgency": "normal", "confidentiality": "normal"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Mã định danh không đúng dạng" in response.content.decode()
    assert not Document.objects.exists()


def test_incoming_detail_assign_comment_complete(p: Province) -> None:
    document = register_incoming(p)
    outsider = client_for(p.outsider.username)
    assert outsider.get(f"/office/van-ban/{document.pk}/").status_code == 404
    leader = client_for(p.leader.username)
    assert "Phân công xử lý" in leader.get(f"/office/van-ban/{document.pk}/").content.decode()
    leader.post(f"/office/van-ban/{document.pk}/phan-cong/", {"unit": p.justice.pk, "instruction": "Tham mưu."})
    document.refresh_from_db()
    assert document.status == Status.ASSIGNED
    justice = client_for(p.justice_officer.username)
    justice.post(f"/office/van-ban/{document.pk}/thao-tac/comment/", {"text": "Đang làm."})
    page = justice.post(f"/office/van-ban/{document.pk}/thao-tac/complete/", {"text": ""}, follow=True)
    assert "Cần nêu kết quả xử lý." in page.content.decode()
    justice.post(f"/office/van-ban/{document.pk}/thao-tac/complete/", {"text": "Xong."})
    document.refresh_from_db()
    assert document.status == Status.COMPLETED


def test_document_assigned_to_a_person_only_shows_them(p: Province) -> None:
    document = register_incoming(p)
    leader = client_for(p.leader.username)
    leader.post(f"/office/van-ban/{document.pk}/phan-cong/", {"assignee": p.justice_officer.pk})
    page = leader.get(f"/office/van-ban/{document.pk}/")
    assert page.status_code == 200
    assert p.justice_officer.display_name in page.content.decode()


def test_outgoing_draft_review_issue_pages(p: Province) -> None:
    officer = client_for(p.office_officer.username)
    response = officer.post(
        "/office/van-ban/di/du-thao/",
        {
            "organization": p.ubnd.code,
            "template": "thong-bao",
            "type": "thong-bao",
            "summary": "Lịch nghỉ Tết Nguyên đán",
            "signing_authority": "TL.",
            "authority_title": "Chủ tịch",
            "urgency": "normal",
            "confidentiality": "normal",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    preview = officer.get(f"/office/van-ban/{document.pk}/ban-xem-truoc.pdf")
    assert preview["Content-Type"] == "application/pdf"
    officer.post(f"/office/van-ban/{document.pk}/thao-tac/submit/", {"text": ""})
    leader = client_for(p.leader.username)
    page = leader.post(f"/office/van-ban/{document.pk}/thao-tac/approve/", {"secret": "sai"}, follow=True)
    assert "không đúng" in page.content.decode()
    leader.post(f"/office/van-ban/{document.pk}/thao-tac/approve/", {"secret": SECRET})
    clerk = client_for(p.clerk.username)
    page = clerk.post(f"/office/van-ban/{document.pk}/thao-tac/issue/", {"secret": SECRET}, follow=True)
    assert "01/TB-UBND" in page.content.decode()
    assert clerk.post(f"/office/van-ban/{document.pk}/thao-tac/khong-co/", {}).status_code == 404


def test_work_dossier_pages(p: Province) -> None:
    issued = approved_document(p)
    officer = client_for(p.office_officer.username)
    response = officer.post(
        "/office/van-ban/ho-so-cong-viec/",
        {"organization": p.office.code, "code": "01.TH", "title": "Hồ sơ tổng hợp", "retention_years": 10},
    )
    dossier = WorkDossier.objects.get()
    assert response.status_code == 302
    officer.post(f"/office/van-ban/ho-so-cong-viec/{dossier.pk}/", {"action": "add", "documents": str(issued.pk)})
    assert list(dossier.documents.all()) == [issued]
    officer.post(f"/office/van-ban/ho-so-cong-viec/{dossier.pk}/", {"action": "close"})
    clerk = client_for(p.clerk.username)
    clerk.post(f"/office/van-ban/ho-so-cong-viec/{dossier.pk}/", {"action": "archive"})
    dossier.refresh_from_db()
    assert dossier.state == "archived"
    assert "Đã nộp lưu" in clerk.get(f"/office/van-ban/ho-so-cong-viec/{dossier.pk}/").content.decode()


def test_admin_sets_an_agency_abbreviation_with_an_audit_entry(p: Province) -> None:
    from saola.core.models import AuditEntry
    from saola.documents.models import OrganizationSetting

    p.outsider.is_superuser = True
    p.outsider.save(update_fields=["is_superuser"])
    admin = client_for(p.outsider.username)
    assert admin.get("/admin/documents/register/").status_code == 200
    response = admin.post(
        "/admin/documents/organizationsetting/add/",
        {"organization": p.other_province.pk, "abbreviation": "UBND", "records_office": ""},
    )
    assert response.status_code == 302
    assert OrganizationSetting.objects.get(organization=p.other_province).abbreviation == "UBND"
    assert AuditEntry.objects.filter(action="documents.organization_setting.create").exists()
    response = admin.post(
        "/admin/documents/organizationsetting/add/",
        {"organization": p.ubnd.pk, "abbreviation": "UB ND", "records_office": ""},
    )
    assert "không chứa dấu cách" in response.content.decode()


def test_attach_files_on_the_document_page(p: Province) -> None:
    document = register_incoming(p)
    clerk = client_for(p.clerk.username)
    page = clerk.post(
        f"/office/van-ban/{document.pk}/dinh-kem/",
        {"kind": "appendix", "attachments": [pdf_file("phu-luc.pdf")]},
        follow=True,
    )
    assert "Đã đính kèm tệp." in page.content.decode()
    assert document.attachments.get().kind == "appendix"
    page = clerk.post(f"/office/van-ban/{document.pk}/dinh-kem/", {"kind": "appendix"}, follow=True)
    assert "Cần chọn tệp." in page.content.decode()
