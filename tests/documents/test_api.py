"""The documents API: paging, filters, search, the whole flows, and bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from saola.documents.models import Document
from saola.documents.states import Status
from tests.documents.factories import PASSWORD, SECRET, Province, build_province, pdf_file, register_incoming

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def post(client: Client, url: str, body: dict[str, object]) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def p() -> Province:
    return build_province()


def test_register_incoming_through_the_api(p: Province) -> None:
    clerk = client_for(p.clerk.username)
    response = clerk.post(
        "/api/v1/documents/incoming",
        {
            "organization": p.ubnd.code,
            "type": "cong-van",
            "summary": "V/v đề nghị góp ý dự thảo Nghị định",
            "sender_name": "Bộ Tư pháp",
            "notation": "123/BTP-VP",
            "issued_on": "2026-01-10",
            "urgency": "urgent",
            "files": [pdf_file()],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1
    assert body["status"] == "registered"
    assert body["attachments"][0]["content_type"] == "application/pdf"
    download = clerk.get(f"/api/v1/documents/{body['id']}/attachments/{body['attachments'][0]['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_bad_fields_answer_400_with_vietnamese_messages(p: Province) -> None:
    clerk = client_for(p.clerk.username)
    response = clerk.post(
        "/api/v1/documents/incoming",
        {"organization": p.ubnd.code, "type": "khong-co", "issued_on": "10/01/2026"},
    )
    assert response.status_code == 400
    fields = response.json()["error"]["details"]["fields"]
    assert fields["type"] == ["Không có loại văn bản “khong-co”."]
    assert "không hợp lệ" in fields["issued_on"][0]
    response = clerk.post("/api/v1/documents/incoming", {"organization": p.ubnd.code, "type": "cong-van"})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["fields"]["summary"] == ["Cần nhập trích yếu nội dung văn bản."]
    assert not Document.objects.exists()


def test_outsiders_get_404_insiders_403_wrong_state_409(p: Province) -> None:
    document = register_incoming(p)
    outsider = client_for(p.outsider.username)
    assert outsider.get(f"/api/v1/documents/{document.pk}").status_code == 404
    assert outsider.get("/api/v1/documents").json()["count"] == 0
    assert post(outsider, f"/api/v1/documents/{document.pk}/refuse", {"reason": "x"}).status_code == 404
    officer = client_for(p.office_officer.username)
    response = post(officer, f"/api/v1/documents/{document.pk}/approve", {"secret": SECRET})
    assert response.status_code == 404
    leader = client_for(p.leader.username)
    assert post(leader, f"/api/v1/documents/{document.pk}/refuse", {"reason": "Trùng"}).status_code == 403
    response = post(leader, f"/api/v1/documents/{document.pk}/approve", {"secret": SECRET})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "CONFLICT"


def test_incoming_flow_through_the_api(p: Province) -> None:
    document = register_incoming(p)
    leader = client_for(p.leader.username)
    response = post(
        leader,
        f"/api/v1/documents/{document.pk}/assignments",
        {"targets": [{"unit": p.justice.code, "role": "main"}], "instruction": "Sở Tư pháp tham mưu."},
    )
    assert response.status_code == 201, response.content
    justice = client_for(p.justice_officer.username)
    assert justice.get(f"/api/v1/documents/{document.pk}").status_code == 200
    assert post(justice, f"/api/v1/documents/{document.pk}/comments", {"text": "Đang xử lý"}).status_code == 201
    response = post(justice, f"/api/v1/documents/{document.pk}/complete", {"result": ""})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["fields"] == {"result": ["Cần nêu kết quả xử lý."]}
    response = post(justice, f"/api/v1/documents/{document.pk}/complete", {"result": "Đã tham mưu."})
    assert response.json()["status"] == Status.COMPLETED
    labels = [e["label"] for e in response.json()["history"]]
    assert labels == ["Vào sổ văn bản đến", "Phân công xử lý", "Bắt đầu xử lý", "Hoàn thành xử lý"]


def test_outgoing_flow_through_the_api(p: Province) -> None:
    officer = client_for(p.office_officer.username)
    response = post(
        officer,
        "/api/v1/documents/outgoing",
        {
            "organization": p.ubnd.code,
            "type": "cong-van",
            "summary": "Đôn đốc triển khai chuyển đổi số",
            "signer": p.leader.username,
            "signing_authority": "TM.",
            "authority_title": "Ủy ban nhân dân",
        },
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["template"] == "cong-van"
    assert post(officer, f"/api/v1/documents/{pk}/submit", {}).status_code == 200
    leader = client_for(p.leader.username)
    response = post(leader, f"/api/v1/documents/{pk}/approve", {"secret": "sai-mat-khau"})
    assert response.status_code == 400
    assert Document.objects.get(pk=pk).status == Status.IN_REVIEW
    assert post(leader, f"/api/v1/documents/{pk}/approve", {"secret": SECRET}).json()["status"] == "approved"
    clerk = client_for(p.clerk.username)
    response = post(clerk, f"/api/v1/documents/{pk}/issue", {"secret": SECRET})
    assert response.status_code == 200, response.content
    assert response.json()["notation"] == "01/UBND-VP"
    response = post(
        clerk,
        f"/api/v1/documents/{pk}/distribute",
        {"units": [p.justice.code], "external": [{"name": "Bộ Nội vụ", "code": "000.00.00.G09"}]},
    )
    assert response.status_code == 201
    assert {d["status"] for d in response.json()} == {"delivered", "waiting_exchange"}


def test_list_filters_sorts_pages_and_searches(p: Province) -> None:
    register_incoming(p, summary="Về việc phòng chống thiên tai mùa mưa lũ", urgency="flash")
    register_incoming(p, summary="Quyết định khen thưởng tập thể", sender_name="Bộ Nội vụ")
    register_incoming(p, summary="Về việc tổ chức Đại hội thể dục thể thao")
    clerk = client_for(p.clerk.username)
    page = clerk.get("/api/v1/documents", {"limit": 2, "sort": "number"}).json()
    assert page["count"] == 3
    assert [d["number"] for d in page["items"]] == [1, 2]
    assert clerk.get("/api/v1/documents", {"urgency": "flash"}).json()["count"] == 1
    assert clerk.get("/api/v1/documents", {"direction": "outgoing"}).json()["count"] == 0
    found = clerk.get("/api/v1/documents", {"q": "thien tai"}).json()
    assert [d["summary"] for d in found["items"]] == ["Về việc phòng chống thiên tai mùa mưa lũ"]
    found = clerk.get("/api/v1/documents", {"q": "ĐẠI HỘI"}).json()
    assert found["count"] == 1
    assert clerk.get("/api/v1/documents", {"sort": "sideways"}).status_code == 422


def test_work_dossiers_through_the_api(p: Province) -> None:
    officer = client_for(p.office_officer.username)
    response = post(
        officer,
        "/api/v1/work-dossiers",
        {"organization": p.office.code, "title": "Hồ sơ hội nghị tổng kết", "code": "05.TH", "retention_years": 5},
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert post(officer, f"/api/v1/work-dossiers/{pk}/archive", {}).status_code == 403
    assert post(officer, f"/api/v1/work-dossiers/{pk}/close", {}).json()["state"] == "closed"
    clerk = client_for(p.clerk.username)
    assert post(clerk, f"/api/v1/work-dossiers/{pk}/archive", {}).json()["state"] == "archived"
    assert client_for(p.outsider.username).get(f"/api/v1/work-dossiers/{pk}").status_code == 404


def test_openapi_lists_the_documents_endpoints_under_their_tag(p: Province) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/documents"]["get"]
    assert operation["tags"] == ["documents"]
    assert "/api/v1/work-dossiers/{pk}/archive" in schema["paths"]


def test_list_and_search_use_a_constant_number_of_queries(p: Province) -> None:
    clerk = client_for(p.clerk.username)
    register_incoming(p)

    def queries(params: dict[str, str]) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert clerk.get("/api/v1/documents", params).status_code == 200
        return len(captured)

    few = (queries({}), queries({"q": "chi tieu"}))
    for n in range(6):
        register_incoming(p, summary=f"Về việc giao chỉ tiêu đợt {n}")
    assert (queries({}), queries({"q": "chi tieu"})) == few


def test_attach_files_through_the_api_makes_them_searchable(p: Province) -> None:
    document = register_incoming(p)
    clerk = client_for(p.clerk.username)
    url = f"/api/v1/documents/{document.pk}/attachments"
    response = clerk.post(url, {"files": [pdf_file("phu-luc.pdf", text="Danh mục dự án giao thông nông thôn")]})
    assert response.status_code == 201, response.content
    assert response.json()[0]["kind"] == "appendix"
    found = clerk.get("/api/v1/documents", {"q": "giao thong nong thon"}).json()
    assert [d["id"] for d in found["items"]] == [document.pk]
    assert clerk.post(url, {}).status_code == 400
    assert clerk.post(url, {"kind": "khac", "files": [pdf_file()]}).status_code == 400
    assert client_for(p.outsider.username).post(url, {"files": [pdf_file()]}).status_code == 404
