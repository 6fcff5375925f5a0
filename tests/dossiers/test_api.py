"""The dossier API for citizens: submission with files, idempotency, bad input, privacy."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from saola.dossiers.files import check_upload
from saola.dossiers.models import Dossier, DossierFile
from saola.dossiers.services import intake
from saola.dossiers.services.common import attach_files
from tests.dossiers.api_support import API, assert_error, auth, paper_files, pdf_file, post_json, submit
from tests.dossiers.factories import PNG, build_one_stop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def s():
    return build_one_stop()


@pytest.fixture
def citizen(s):
    return auth(s.citizen)


def test_create_dossier_with_files_returns_the_code(client, s, citizen):
    files = paper_files(s.birth)
    files["files"] = pdf_file("ban-sao-cccd.pdf", PNG)
    response = submit(client, s, citizen, files=files)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"].startswith("000.01.53.H53-")
    assert (body["status"], body["status_label"], body["national_status"]) == ("submitted", "Mới đăng ký", 1)
    assert body["national_status_label"] == "Mới đăng ký"
    assert body["procedure"] == {"code": "1.001193", "name": "Đăng ký khai sinh"}
    assert body["organization"]["code"] == s.ward.code
    assert body["due_at"] is None and body["late"] is False
    assert body["applicant"]["name"] == "Lò Thị Mai"
    assert body["form_data"] == {"ho_ten_tre": "Lò Văn An", "ngay_sinh": "2026-11-20"}
    assert [e["action"] for e in body["events"]] == ["submit"]
    names = {f["name"] for f in body["files"]}
    assert "ban-sao-cccd.pdf" in names and "Giấy chứng sinh" in names
    assert {f["kind"] for f in body["files"]} == {"submitted"}
    assert all(f["url"].startswith(f"{API}/dossiers/{body['code']}/files/") for f in body["files"])
    dossier = Dossier.objects.get(code=body["code"])
    assert dossier.applicant == s.citizen and dossier.files.count() == 3
    slip = client.get(body["receipt_url"], **citizen)  # the acknowledgement slip, at once
    assert slip.status_code == 200 and slip["Content-Type"] == "application/pdf"


def test_citizen_lists_and_reads_own_dossiers(client, s, citizen):
    code = submit(client, s, citizen).json()["code"]
    listing = client.get(f"{API}/dossiers", **citizen).json()
    assert listing["count"] == 1 and listing["items"][0]["code"] == code
    assert client.get(f"{API}/dossiers", {"status": "returned"}, **citizen).json()["count"] == 0
    detail = client.get(f"{API}/dossiers/{code}", **citizen).json()
    assert detail["code"] == code and detail["steps"] == [] and detail["supplements"] == []
    assert client.get(f"{API}/dossiers", **auth(s.other_citizen)).json() == {"items": [], "count": 0}


def test_download_own_file_with_content_disposition(client, s, citizen):
    body = submit(client, s, citizen).json()
    response = client.get(body["files"][0]["url"], **citizen)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert ".pdf" in response["Content-Disposition"]
    # reading the stream to its end closes the file (and the response) the way a server would
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_double_submit_with_the_same_key_gives_one_dossier(client, s, citizen):
    keyed = {**citizen, "HTTP_IDEMPOTENCY_KEY": "nop-lan-1"}
    first = submit(client, s, keyed)
    second = submit(client, s, keyed)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["code"] == second.json()["code"]
    by_field = submit(client, s, citizen, idempotency_key="nop-lan-2")
    again = submit(client, s, citizen, idempotency_key="nop-lan-2")
    assert by_field.json()["code"] == again.json()["code"] != first.json()["code"]
    assert Dossier.objects.count() == 2


def test_form_breaking_the_schema_is_400_with_fields(client, s, citizen):
    error = assert_error(submit(client, s, citizen, form={"ho_ten_tre": 12}), 400, "VALIDATION_FAILED")
    fields = error["details"]["fields"]
    assert "form_data.ngay_sinh" in fields and "form_data.ho_ten_tre" in fields
    error = assert_error(submit(client, s, citizen, form="{không phải json"), 400)
    assert error["details"]["fields"]["form_data"] == ["Tờ khai phải là một chuỗi JSON hợp lệ."]
    assert not Dossier.objects.exists()


def test_missing_or_unknown_procedure_is_400(client, s, citizen):
    response = client.post(f"{API}/dossiers", {"form_data": "{}"}, **citizen)
    assert assert_error(response, 400)["details"]["fields"]["procedure"] == ["Trường này là bắt buộc."]
    error = assert_error(submit(client, s, citizen, procedure="9.999999"), 400)
    assert "procedure" in error["details"]["fields"]
    error = assert_error(submit(client, s, citizen, organization="999.99.99.H99"), 400)
    assert "organization" in error["details"]["fields"]


def test_missing_paper_is_400(client, s, citizen):
    files = paper_files(s.birth)
    files.pop(next(iter(files)))
    error = assert_error(submit(client, s, citizen, files=files), 400)
    assert any(m.startswith("Thiếu giấy tờ bắt buộc") for m in error["details"]["fields"]["files"])


def test_renamed_exe_as_pdf_is_400(client, s, citizen):
    files = paper_files(s.birth)
    first = next(iter(files))
    files[first] = pdf_file("to-khai.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    error = assert_error(submit(client, s, citizen, files=files), 400, "VALIDATION_FAILED")
    assert any("định dạng không được chấp nhận" in m for m in error["details"]["fields"]["files"])
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()


def test_oversized_file_is_400_with_a_clear_message(client, s, citizen, settings):
    settings.SAOLA_DOSSIER_FILE_MAX_BYTES = 2048
    files = paper_files(s.birth)
    files[next(iter(files))] = pdf_file("scan.pdf", b"%PDF-1.4\n" + b"0" * 5000)
    error = assert_error(submit(client, s, citizen, files=files), 400)
    (message,) = [m for m in error["details"]["fields"]["files"] if "dung lượng" in m]
    assert "quá dung lượng cho phép" in message and "tối đa 2 KB" in message
    assert not Dossier.objects.exists()


def test_oversized_request_is_413_before_it_is_read(client, s, citizen, settings):
    settings.SAOLA_DOSSIER_UPLOAD_MAX_BYTES = 10_000
    files = paper_files(s.birth)
    files[next(iter(files))] = pdf_file("scan.pdf", b"%PDF-1.4\n" + b"0" * 20_000)
    error = assert_error(submit(client, s, citizen, files=files), 413, "VALIDATION_FAILED")
    assert "vượt quá giới hạn" in error["message"] and "9,8 KB" in error["message"]
    assert not Dossier.objects.exists()


def test_too_many_files_is_400(client, s, citizen):
    files = paper_files(s.birth)
    files["files"] = [pdf_file(f"{i}.pdf") for i in range(20)]
    error = assert_error(submit(client, s, citizen, files=files), 400)
    assert "tối đa 20 tệp" in error["message"]


def test_anonymous_is_401(client, s):
    assert_error(submit(client, s, {}), 401, "NOT_AUTHENTICATED")
    assert_error(client.get(f"{API}/dossiers"), 401)
    assert_error(client.get(f"{API}/inbox"), 401)


def test_session_login_works_too(client, s):
    client.force_login(s.citizen)
    response = submit(client, s, {})
    assert response.status_code == 201, response.content


def test_someone_elses_dossier_and_files_are_404(client, s, citizen):
    body = submit(client, s, citizen).json()
    code, url = body["code"], body["files"][0]["url"]
    other = auth(s.other_citizen)
    for response in (
        client.get(f"{API}/dossiers/{code}", **other),
        client.get(url, **other),
        post_json(client, f"/dossiers/{code}/withdraw", other, {}),
        post_json(client, f"/dossiers/{code}/rating", other, {"score": 5}),
        client.post(f"{API}/dossiers/{code}/supplement", {"files": pdf_file()}, **other),
    ):
        assert assert_error(response, 404, "NOT_FOUND")["message"] == "Không tìm thấy hồ sơ."
    assert_error(client.get(f"{API}/dossiers/000.00.00.H00-000000-0001", **citizen), 404)
    # a file id of another dossier under the owner's own code is not found either
    mine = submit(client, s, citizen, idempotency_key="second").json()
    assert_error(client.get(f"{API}/dossiers/{mine['code']}/files/{body['files'][0]['id']}", **citizen), 404)


def test_applicant_never_sees_working_files(client, s, citizen):
    code = submit(client, s, citizen).json()["code"]
    dossier = Dossier.objects.get(code=code)
    (working,) = attach_files(
        dossier=dossier,
        files=[(check_upload(pdf_file("to-trinh.pdf"), label="Tờ trình"), "Tờ trình", None)],
        kind=DossierFile.Kind.WORKING,
        actor=s.processor,
    )
    detail = client.get(f"{API}/dossiers/{code}", **citizen).json()
    assert working.pk not in {f["id"] for f in detail["files"]}
    assert_error(client.get(f"{API}/dossiers/{code}/files/{working.pk}", **citizen), 404)
    officer_view = client.get(f"{API}/dossiers/{code}", **auth(s.receiver)).json()
    assert working.pk in {f["id"] for f in officer_view["files"]}
    response = client.get(f"{API}/dossiers/{code}/files/{working.pk}", **auth(s.receiver))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_withdraw_before_processing(client, s, citizen):
    code = submit(client, s, citizen).json()["code"]
    body = post_json(client, f"/dossiers/{code}/withdraw", citizen, {"reason": "Nộp nhầm thủ tục"}).json()
    assert (body["status"], body["national_status"]) == ("withdrawn", 7)
    assert body["events"][-1]["note"] == "Nộp nhầm thủ tục"
    assert_error(post_json(client, f"/dossiers/{code}/withdraw", citizen, {}), 409, "CONFLICT")


def test_rating_is_refused_before_the_result_and_validated(client, s, citizen):
    code = submit(client, s, citizen).json()["code"]
    assert_error(post_json(client, f"/dossiers/{code}/rating", citizen, {"score": 5}), 409, "CONFLICT")
    assert_error(post_json(client, f"/dossiers/{code}/rating", citizen, {"score": "rất tốt"}), 422)


def test_supplement_upload_by_the_applicant(client, s, citizen):
    code = submit(client, s, citizen).json()["code"]
    dossier = intake.dossier_request_supplement(
        officer=s.receiver, dossier=Dossier.objects.get(code=code), reason="Ảnh chụp giấy chứng sinh bị mờ"
    )
    assert_error(client.post(f"{API}/dossiers/{code}/supplement", {"note": "x"}, **citizen), 400)
    paper = s.birth.papers.get(name="Giấy chứng sinh")
    response = client.post(
        f"{API}/dossiers/{code}/supplement",
        {"note": "Đã chụp lại", f"paper_{paper.pk}": pdf_file("gcs.pdf")},
        **citizen,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "supplement_received"
    (supplement,) = [f for f in body["files"] if f["kind"] == "supplement"]
    assert supplement["name"] == "Giấy chứng sinh"
    assert body["supplements"][0]["reason"] == "Ảnh chụp giấy chứng sinh bị mờ"
    assert body["supplements"][0]["answered_at"] is not None
    assert dossier.pk == Dossier.objects.get(code=code).pk


def test_only_the_applicant_withdraws(client, s, citizen):
    code = submit(client, s, citizen).json()["code"]
    assert_error(post_json(client, f"/dossiers/{code}/withdraw", auth(s.receiver), {}), 403, "PERMISSION_DENIED")
    assert Dossier.objects.get(code=code).status == "submitted"


def test_json_form_data_round_trips_unicode(client, s, citizen):
    form = {"ho_ten_tre": "Cầm Thị Ánh Dương", "ngay_sinh": "2026-01-02"}
    body = submit(client, s, citizen, form=json.dumps(form, ensure_ascii=False)).json()
    assert body["form_data"] == form
