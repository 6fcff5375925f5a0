"""The dossier API for officers: every action over HTTP, wrong states, units and roles, counter intake."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from saola.core.models import AuditEntry, User
from saola.dossiers.models import Dossier
from tests.dossiers.api_support import API, assert_error, auth, pdf_file, post_json, submit
from tests.dossiers.factories import build_one_stop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def s():
    return build_one_stop()


@pytest.fixture
def people(s):
    return {
        "citizen": auth(s.citizen),
        "receiver": auth(s.receiver),
        "processor": auth(s.processor),
        "leader": auth(s.leader),
        "outsider": auth(s.other_receiver),
    }


@pytest.fixture
def code(client, s, people):
    response = submit(client, s, people["citizen"])
    assert response.status_code == 201, response.content
    return response.json()["code"]


def act(client, headers, code, action, payload=None):
    return post_json(client, f"/dossiers/{code}/{action}", headers, payload)


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_every_officer_action_from_receipt_to_rating(client, s, people, code):
    p = people
    body = ok(act(client, p["receiver"], code, "accept", {"note": "Hồ sơ đầy đủ"}))
    assert (body["status"], body["national_status"]) == ("received", 2)
    assert body["due_at"] and body["received_at"] and body["current_step"] == "Thẩm định hồ sơ, dự thảo kết quả"
    body = ok(act(client, p["processor"], code, "complete-step", {"comment": "Đủ điều kiện"}))
    assert (body["status"], body["status_label"], body["national_status"]) == ("waiting_signature", "Chờ ký duyệt", 4)
    body = ok(act(client, p["leader"], code, "complete-step", {"comment": "Đồng ý", "approved": True}))
    assert (body["status"], body["national_status"]) == ("finished", 9)
    response = client.post(
        f"{API}/dossiers/{code}/result", {"name": "Giấy khai sinh", "f": pdf_file()}, **p["processor"]
    )
    body = ok(response, 201)
    (result,) = [f for f in body["files"] if f["kind"] == "result"]
    assert result["name"] == "Giấy khai sinh" and result["kind_label"] == "Kết quả"
    body = ok(act(client, p["receiver"], code, "return", {"note": "Trả qua bưu chính"}))
    assert (body["status"], body["national_status"], body["late"]) == ("returned", 10, False)
    assert body["returned_at"] is not None
    # the applicant downloads the result and rates the service
    download = client.get(result["url"], **p["citizen"])
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    rating = ok(act(client, p["citizen"], code, "rating", {"score": 5, "comment": "Nhanh, đúng hẹn"}), 201)
    assert rating["score"] == 5
    detail = ok(client.get(f"{API}/dossiers/{code}", **p["citizen"]))
    assert detail["rating"]["comment"] == "Nhanh, đúng hẹn"
    assert [e["action"] for e in detail["events"]] == [
        "submit",
        "accept",
        "complete_step",
        "send_to_signature",
        "complete_step",
        "finish",
        "upload_result",
        "return_result",
        "rate",
    ]
    assert detail["events"][1]["action_label"] == "Tiếp nhận" and detail["events"][0]["action_label"] == "Nộp hồ sơ"
    assert [st["name"] for st in detail["steps"]][:2] == [
        "Tiếp nhận, kiểm tra hồ sơ",
        "Thẩm định hồ sơ, dự thảo kết quả",
    ]
    assert all(st["completed_at"] for st in detail["steps"])
    assert AuditEntry.objects.filter(action="dossier.rate").count() == 1


def test_supplement_request_and_acceptance(client, s, people, code):
    p = people
    ok(act(client, p["receiver"], code, "accept"))
    body = ok(
        act(
            client,
            p["processor"],
            code,
            "request-supplement",
            {"reason": "Bổ sung bản sao giấy chứng sinh", "items": ["Giấy chứng sinh (bản sao)"]},
        )
    )
    assert (body["status"], body["national_status"]) == ("supplement_requested", 5)
    assert body["supplements"][0]["items"] == ["Giấy chứng sinh (bản sao)"]
    assert body["paused_at"] is not None
    assert_error(act(client, p["processor"], code, "accept-supplement"), 409, "CONFLICT")
    ok(client.post(f"{API}/dossiers/{code}/supplement", {"files": pdf_file("bo-sung.pdf")}, **p["citizen"]))
    body = ok(act(client, p["processor"], code, "accept-supplement"))
    assert body["status"] == "processing" and body["paused_at"] is None
    assert body["supplements"][0]["accepted_at"] is not None
    assert_error(act(client, p["processor"], code, "request-supplement", {"reason": " "}), 400, "VALIDATION_FAILED")


def test_refuse_needs_a_reason_and_ends_the_dossier(client, s, people, code):
    error = assert_error(act(client, people["receiver"], code, "refuse", {}), 400)
    assert error["details"]["fields"]["reason"] == ["Cần nêu lý do từ chối."]
    body = ok(act(client, people["receiver"], code, "refuse", {"reason": "Không thuộc thẩm quyền"}))
    assert (body["status"], body["national_status"]) == ("refused", 3)
    assert body["ended_at"] is not None
    assert_error(act(client, people["receiver"], code, "accept"), 409, "CONFLICT")


def test_stop_by_the_leader(client, s, people, code):
    ok(act(client, people["receiver"], code, "accept"))
    assert_error(act(client, people["processor"], code, "stop", {"reason": "x"}), 403, "PERMISSION_DENIED")
    body = ok(act(client, people["leader"], code, "stop", {"reason": "Người nộp đề nghị dừng"}))
    assert (body["status"], body["national_status"]) == ("stopped", 8)


def test_withdrawal_request_and_approval(client, s, people, code):
    ok(act(client, people["receiver"], code, "accept"))
    ok(act(client, people["processor"], code, "complete-step"))
    body = ok(act(client, people["citizen"], code, "withdraw", {"reason": "Không còn nhu cầu"}))
    assert (body["status"], body["national_status"]) == ("withdrawal_requested", 7)
    body = ok(act(client, people["leader"], code, "approve-withdrawal"))
    assert body["status"] == "withdrawn"


def test_apology_sets_a_new_date_and_the_dossier_stays_late(client, s, people, code):
    ok(act(client, people["receiver"], code, "accept"))
    past = timezone.now() - dt.timedelta(days=5)
    Dossier.objects.filter(code=code).update(due_at=past, original_due_at=past)
    assert_error(act(client, people["processor"], code, "apology", {"reason": "Chờ xác minh", "extra_days": 0}), 400)
    body = ok(act(client, people["processor"], code, "apology", {"reason": "Chờ xác minh", "extra_days": 2}))
    assert dt.datetime.fromisoformat(body["due_at"]) > timezone.now()
    assert body["late"] is True
    assert body["apologies"][0]["reason"] == "Chờ xác minh"
    assert_error(act(client, people["processor"], code, "apology", {"reason": "x"}), 422)


def test_wrong_state_is_409_and_changes_nothing(client, s, people, code):
    for headers, action, payload in (
        (people["receiver"], "return", None),
        (people["processor"], "complete-step", {}),
        (people["leader"], "approve-withdrawal", None),
        (people["processor"], "accept-supplement", None),
    ):
        error = assert_error(act(client, headers, code, action, payload), 409, "CONFLICT")
        assert error["message"]
    response = client.post(f"{API}/dossiers/{code}/result", {"f": pdf_file()}, **people["processor"])
    assert_error(response, 409, "CONFLICT")
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "submitted" and dossier.events.count() == 1


def test_officer_outside_the_unit_gets_404_and_wrong_role_403(client, s, people, code):
    outsider = people["outsider"]
    for action in ("accept", "refuse", "complete-step", "stop", "approve-withdrawal"):
        assert_error(act(client, outsider, code, action, {"reason": "x"}), 404, "NOT_FOUND")
    assert_error(client.get(f"{API}/dossiers/{code}", **outsider), 404)
    assert_error(act(client, people["processor"], code, "accept"), 403, "PERMISSION_DENIED")
    assert_error(act(client, people["citizen"], code, "accept"), 403, "PERMISSION_DENIED")
    assert Dossier.objects.get(code=code).status == "submitted"


def test_inbox_lists_work_and_flags_late_and_at_risk(client, s, people, code):
    inbox = ok(client.get(f"{API}/inbox", **people["receiver"]))
    assert [d["code"] for d in inbox["items"]] == [code] and inbox["count"] == 1
    assert ok(client.get(f"{API}/inbox", **people["processor"]))["count"] == 0
    assert ok(client.get(f"{API}/inbox", **people["outsider"]))["count"] == 0
    ok(act(client, people["receiver"], code, "accept"))
    item = ok(client.get(f"{API}/inbox", **people["processor"]))["items"][0]
    assert item["code"] == code and item["late"] is False
    past = timezone.now() - dt.timedelta(days=3)
    Dossier.objects.filter(code=code).update(due_at=past, original_due_at=past)
    late = ok(client.get(f"{API}/inbox", {"only": "overdue"}, **people["processor"]))
    assert late["count"] == 1 and late["items"][0]["late"] is True and late["items"][0]["at_risk"] is False
    assert ok(client.get(f"{API}/inbox", {"only": "due_soon"}, **people["processor"]))["count"] == 0
    soon = timezone.now() + dt.timedelta(minutes=30)
    Dossier.objects.filter(code=code).update(due_at=soon, original_due_at=soon)
    item = ok(client.get(f"{API}/inbox", {"only": "due_soon"}, **people["processor"]))["items"][0]
    assert item["at_risk"] is True and item["late"] is False
    assert ok(client.get(f"{API}/inbox", {"q": "khai sinh"}, **people["processor"]))["count"] == 1
    assert ok(client.get(f"{API}/inbox", {"q": "giấy phép"}, **people["processor"]))["count"] == 0
    assert_error(client.get(f"{API}/inbox", {"only": "someday"}, **people["processor"]), 422)
    assert_error(client.get(f"{API}/inbox", **people["citizen"]), 403, "PERMISSION_DENIED")


def test_officer_lists_the_dossiers_of_their_unit(client, s, people, code):
    listing = ok(client.get(f"{API}/dossiers", {"q": code}, **people["leader"]))
    assert [d["code"] for d in listing["items"]] == [code]
    assert listing["items"][0]["applicant_name"] == "Lò Thị Mai"
    assert ok(client.get(f"{API}/dossiers", {"status": "processing"}, **people["leader"]))["count"] == 0
    assert ok(client.get(f"{API}/dossiers", **people["outsider"]))["count"] == 0


def counter_form(s, **fields):
    papers = ",".join(str(p.pk) for p in s.birth.papers.filter(required=True))
    return {
        "procedure": s.birth.code,
        "form_data": '{"ho_ten_tre": "Lò Văn An", "ngay_sinh": "2026-11-20"}',
        "checked_papers": papers,
        **fields,
    }


def test_counter_intake_for_an_existing_applicant(client, s, people):
    response = client.post(
        f"{API}/counter/dossiers",
        counter_form(s, applicant_email="MAI@example.vn", applicant_address="Tổ 3, phường Tô Hiệu"),
        **people["receiver"],
    )
    body = ok(response, 201)
    assert (body["status"], body["channel"]) == ("received", "counter")
    assert body["applicant"]["address"] == "Tổ 3, phường Tô Hiệu"
    assert Dossier.objects.get(code=body["code"]).applicant == s.citizen
    # by account id, with one paper scanned and the other ticked on the checklist
    paper = s.birth.papers.get(name="Giấy chứng sinh")
    other = s.birth.papers.get(name="Tờ khai đăng ký khai sinh")
    response = client.post(
        f"{API}/counter/dossiers",
        {
            **counter_form(s, applicant_id=s.other_citizen.pk, checked_papers=str(other.pk)),
            f"paper_{paper.pk}": pdf_file(),
        },
        **people["receiver"],
    )
    body = ok(response, 201)
    assert Dossier.objects.get(code=body["code"]).applicant == s.other_citizen
    assert [f["name"] for f in body["files"]] == ["Giấy chứng sinh"]


def test_counter_intake_registers_a_new_applicant(client, s, people):
    fields = counter_form(
        s, applicant_name="Quàng Thị Hoa", applicant_id_number="014196000555", applicant_phone="0912 000 555"
    )
    body = ok(client.post(f"{API}/counter/dossiers", fields, **people["receiver"]), 201)
    user = User.objects.get(personal_id="014196000555")
    assert user.kind == "citizen" and user.phone == "0912000555" and user.full_name == "Quàng Thị Hoa"
    assert Dossier.objects.get(code=body["code"]).applicant == user
    assert body["applicant"]["name"] == "Quàng Thị Hoa"


def test_counter_intake_refusals_write_nothing(client, s, people):
    new = {"applicant_name": "Quàng Thị Hoa", "applicant_id_number": "014196000555", "applicant_phone": "0912000555"}
    error = assert_error(
        client.post(f"{API}/counter/dossiers", counter_form(s, checked_papers="", **new), **people["receiver"]), 400
    )
    assert "papers" in error["details"]["fields"]
    error = assert_error(
        client.post(f"{API}/counter/dossiers", counter_form(s, checked_papers="x"), **people["receiver"]), 400
    )
    assert "checked_papers" in error["details"]["fields"]
    error = assert_error(client.post(f"{API}/counter/dossiers", counter_form(s), **people["receiver"]), 400)
    assert "applicant_name" in error["details"]["fields"]
    error = assert_error(
        client.post(f"{API}/counter/dossiers", counter_form(s, applicant_id=s.receiver.pk), **people["receiver"]), 400
    )
    assert "applicant_id" in error["details"]["fields"]
    assert_error(client.post(f"{API}/counter/dossiers", counter_form(s, **new), **people["citizen"]), 403)
    assert_error(client.post(f"{API}/counter/dossiers", counter_form(s, **new), **people["processor"]), 403)
    assert not Dossier.objects.exists()
    assert not User.objects.filter(personal_id="014196000555").exists()


def test_counter_form_data_is_checked_against_the_schema(client, s, people):
    fields = counter_form(s, applicant_email="mai@example.vn", form_data='{"ho_ten_tre": "A"}')
    error = assert_error(client.post(f"{API}/counter/dossiers", fields, **people["receiver"]), 400)
    assert "form_data.ngay_sinh" in error["details"]["fields"]


def test_transfer_to_another_unit_and_back_over_the_api(client, s, people, code):
    from saola.core import services as core
    from tests.dossiers.factories import officer

    department = core.organization_create(
        actor=None, code="000.00.07.H53", name="Sở Xây dựng", level="unit", parent=s.province
    )
    dept = auth(officer(department, "xuly.sxd", "processing_officer"))
    ok(act(client, people["receiver"], code, "accept"))
    assert_error(act(client, dept, code, "return-to-origin"), 404, "NOT_FOUND")
    body = ok(
        act(client, people["processor"], code, "transfer", {"organization": department.code, "note": "Thẩm định"})
    )
    assert (body["status"], body["national_status"]) == ("waiting_other_unit", 4)
    assert code in [item["code"] for item in ok(client.get(f"{API}/inbox", **dept))["items"]]
    body = ok(act(client, dept, code, "return-to-origin", {"note": "Thiếu bản vẽ"}))
    assert body["status"] == "processing"
    assert_error(
        act(client, people["processor"], code, "transfer", {"organization": "999.99.99.H99", "note": "x"}), 404
    )


def test_working_files_are_for_officers_only(client, s, people, code):
    ok(act(client, people["receiver"], code, "accept"))
    response = client.post(
        f"{API}/dossiers/{code}/working-files",
        {"name": "Biên bản thẩm định", "file": pdf_file("bb.pdf")},
        **people["processor"],
    )
    assert response.status_code == 201, response.content
    officer_view = ok(client.get(f"{API}/dossiers/{code}", **people["processor"]))
    assert "Biên bản thẩm định" in [f["name"] for f in officer_view["files"]]
    citizen_view = ok(client.get(f"{API}/dossiers/{code}", **people["citizen"]))
    assert "Biên bản thẩm định" not in [f["name"] for f in citizen_view["files"]]
    denied = client.post(f"{API}/dossiers/{code}/working-files", {"file": pdf_file()}, **people["citizen"])
    assert denied.status_code in (403, 404)


def test_counter_refusal_is_recorded_through_the_api(client, s, people):
    payload = {
        "procedure": s.birth.code,
        "reason": "Thiếu giấy chứng sinh",
        "applicant_name": "Quàng Văn Tú",
        "applicant_phone": "0912345678",
        "missing_papers": ["Giấy chứng sinh"],
    }
    body = ok(post_json(client, "/counter/refusals", people["receiver"], payload), 201)
    assert body["organization"]["code"] == s.receiver.organization.code
    assert (body["procedure"]["code"], body["applicant_name"]) == (s.birth.code, "Quàng Văn Tú")
    assert body["missing_papers"] == ["Giấy chứng sinh"]
    assert not Dossier.objects.exists() and not User.objects.filter(phone="0912345678").exists()
    assert_error(post_json(client, "/counter/refusals", people["processor"], payload), 403)
    assert_error(post_json(client, "/counter/refusals", people["citizen"], payload), 403)
    assert_error(post_json(client, "/counter/refusals", people["receiver"], {**payload, "reason": ""}), 422)
    blank = {**payload, "applicant_name": " "}
    assert_error(post_json(client, "/counter/refusals", people["receiver"], blank), 400)
    assert_error(post_json(client, "/counter/refusals", people["receiver"], {**payload, "procedure": "x"}), 400)
    known = ok(
        post_json(client, "/counter/refusals", people["receiver"], {**payload, "applicant_id": s.citizen.pk}), 201
    )
    assert known["applicant_name"] == s.citizen.display_name
