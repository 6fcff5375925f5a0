"""The citizen's one-stop pages over HTTP: submission, my dossiers, a dossier, files, public lookup."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from saola.catalog.models import Procedure
from saola.core.exceptions import ValidationFailed
from saola.dossiers import views_citizen
from saola.dossiers.models import Dossier, DossierFile, Rating
from saola.dossiers.services import intake, processing
from saola.dossiers.services.intake import PaperUpload
from tests.dossiers.factories import GOOD_FORM, PDF, PNG, birth_uploads, build_one_stop, pdf

pytestmark = pytest.mark.django_db

KEY = "khoa-nop-ho-so-0123456789"


@pytest.fixture
def one_stop():
    return build_one_stop()


@pytest.fixture
def citizen_client(client: Client, one_stop) -> Client:
    client.force_login(one_stop.citizen)
    return client


def submit_url(code: str = "1.001193") -> str:
    return reverse("dossiers_citizen:submit", args=[code])


def detail_url(code: str) -> str:
    return reverse("dossiers_citizen:dossier_detail", args=[code])


def post_data(s, **over):
    data = {
        "form.ho_ten_tre": "Lò Văn An",
        "form.ngay_sinh": "2026-11-20",
        "organization": str(s.ward.pk),
        "confirm": "1",
        "idempotency_key": KEY,
    }
    for paper in s.birth.papers.filter(required=True):
        data[f"paper-{paper.pk}"] = pdf(f"giay-{paper.pk}.pdf")
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def submitted(s, applicant=None) -> Dossier:
    return intake.dossier_submit_online(
        applicant=applicant or s.citizen,
        procedure=s.birth,
        organization=s.ward,
        form_data=GOOD_FORM,
        uploads=birth_uploads(s.birth),
    )


def finished(s) -> Dossier:
    d = intake.dossier_accept(officer=s.receiver, dossier=submitted(s))
    d = processing.dossier_complete_step(officer=s.processor, dossier=d)
    d = processing.dossier_complete_step(officer=s.leader, dossier=d)
    processing.dossier_upload_result(
        officer=s.processor,
        dossier=d,
        uploads=[PaperUpload(file=pdf("gks.pdf", PDF + b"ket-qua"), name="Giấy khai sinh")],
    )
    return d


# Submission


def test_submit_page_requires_login(client: Client, one_stop) -> None:
    response = client.get(submit_url())
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/nop-ho-so/1.001193/"


def test_submit_page_renders_eform_papers_agencies_and_a_key(citizen_client: Client, one_stop) -> None:
    response = citizen_client.get(submit_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="ef-ho_ten_tre">Ho ten tre <span class="req" aria-hidden="true">*</span></label>' in html
    assert re.search(r'<input id="ef-ngay_sinh" name="form.ngay_sinh" value="" type="date"', html)
    assert 'maxlength="100"' in html
    for paper in one_stop.birth.papers.all():
        assert f'name="paper-{paper.pk}" accept=".pdf,.jpg,.jpeg,.png" multiple' in html
    assert "(nếu có)" in html  # the optional paper
    assert html.count('name="organization"') == 2  # two agencies receive birth registrations
    assert "UBND phường Chiềng An" in html
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert key and len(key.group(1)) >= 16
    assert "Tôi xin cam đoan" in html
    assert "Lò Thị Mai" in html and "014195000777" in html  # the applicant, from the account


def test_submit_creates_dossier_with_files_over_http(citizen_client: Client, one_stop) -> None:
    s = one_stop
    response = citizen_client.post(submit_url(), post_data(s))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(dossier.code)
    assert dossier.applicant == s.citizen and dossier.organization == s.ward
    assert dossier.form_data == {"ho_ten_tre": "Lò Văn An", "ngay_sinh": "2026-11-20"}
    assert dossier.status == "submitted" and dossier.idempotency_key == KEY
    assert sorted(dossier.files.values_list("kind", flat=True)) == ["submitted", "submitted"]
    with dossier.files.first().file.open("rb") as stored:
        assert stored.read() == PDF
    html = citizen_client.get(response["Location"]).content.decode()
    assert f"Đã nộp hồ sơ thành công. Mã hồ sơ của bạn là {dossier.code}." in html
    assert f'<p class="dossier-code" aria-labelledby="code-label">{dossier.code}</p>' in html
    assert "Mới đăng ký" in html
    # The acknowledgement slip at once; the final receipt when the one-stop office receives it.
    receipt = reverse("dossier_documents:receipt", kwargs={"code": dossier.code})
    assert receipt in html and "Giấy xác nhận nộp hồ sơ trực tuyến" in html
    slip = citizen_client.get(receipt)
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF")
    assert "Lò Văn An" in html and "20/11/2026" in html  # the answers, as the form shows them


def test_submit_day_first_date_and_optional_paper_are_accepted(citizen_client: Client, one_stop) -> None:
    s = one_stop
    optional = s.birth.papers.get(required=False)
    data = post_data(s, **{"form.ngay_sinh": "05/01/2026", f"paper-{optional.pk}": pdf("uy-quyen.pdf")})
    assert citizen_client.post(submit_url(), data).status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.form_data["ngay_sinh"] == "2026-01-05"
    assert dossier.files.count() == 3


def test_submit_shows_every_error_next_to_its_field_and_keeps_values(citizen_client: Client, one_stop) -> None:
    s = one_stop
    first, second = s.birth.papers.filter(required=True)
    data = post_data(
        s,
        **{
            "form.ho_ten_tre": "L",
            "form.ngay_sinh": "31/02/2026",
            "organization": None,
            "confirm": None,
            f"paper-{first.pk}": ContentFile(b"MZ\x90\x00 not a pdf", name="virus.pdf"),
            f"paper-{second.pk}": None,
        },
    )
    response = citizen_client.post(submit_url(), data)
    assert response.status_code == 400
    assert not Dossier.objects.exists()
    html = response.content.decode()
    assert "Hồ sơ chưa được nộp. Hãy sửa các mục sau:" in html
    # Each message sits next to its field and the field points at it.
    assert 'aria-describedby="ef-ngay_sinh-error"' in html
    assert '<p class="error" id="ef-ngay_sinh-error">Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.</p>' in html
    assert "Hãy chọn cơ quan tiếp nhận hồ sơ." in html
    assert 'aria-describedby="organization-error"' in html
    assert f'id="id-paper-{first.pk}-error"' in html and "không phải PDF, JPEG hoặc PNG" in html
    assert f'id="id-paper-{second.pk}-error"' in html and "Hãy đính kèm giấy tờ này." in html
    assert "Hãy đánh dấu ô cam đoan trước khi nộp hồ sơ." in html
    assert '<a href="#ef-ngay_sinh">' in html  # the summary links to the field
    # What can be kept is kept; files must be chosen again and the page says so.
    assert 'value="L"' in html and 'value="31/02/2026"' in html
    assert "Lần trước bạn đã chọn: virus.pdf. Hãy chọn lại." in html
    assert "hãy chọn lại các tệp đính kèm" in html
    assert f'name="idempotency_key" value="{KEY}"' in html


def test_submit_reports_schema_limits_in_words(citizen_client: Client, one_stop) -> None:
    s = one_stop
    response = citizen_client.post(submit_url(), post_data(s, **{"form.ho_ten_tre": "L"}))
    assert response.status_code == 400
    assert "Cần ít nhất 2 ký tự." in response.content.decode()
    response = citizen_client.post(submit_url(), post_data(s, **{"form.ho_ten_tre": "A" * 101}))
    assert "Tối đa 100 ký tự." in response.content.decode()
    assert not Dossier.objects.exists()


def test_submit_double_post_with_the_same_key_creates_one_dossier(citizen_client: Client, one_stop) -> None:
    s = one_stop
    first = citizen_client.post(submit_url(), post_data(s))
    second = citizen_client.post(submit_url(), post_data(s))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1
    assert DossierFile.objects.count() == 2
    # A new visit of the page is a new submission.
    citizen_client.post(submit_url(), post_data(s, idempotency_key="khac-khoa-0123456789ab"))
    assert Dossier.objects.count() == 2


def test_submit_without_a_valid_key_still_works(citizen_client: Client, one_stop) -> None:
    response = citizen_client.post(submit_url(), post_data(one_stop, idempotency_key="<script>"))
    assert response.status_code == 302
    assert len(Dossier.objects.get().idempotency_key) >= 16


def test_submit_puts_service_errors_next_to_fields(citizen_client: Client, one_stop, monkeypatch) -> None:
    def refuse(**kwargs):
        raise ValidationFailed(
            "Hồ sơ chưa hợp lệ.",
            fields={
                "form_data.ho_ten_tre": ["Tên không hợp lệ."],
                "files": ["Thiếu giấy tờ bắt buộc: Giấy chứng sinh"],
                "organization": ["Cơ quan này không thực hiện thủ tục đã chọn."],
                "other": ["Lỗi khác."],
            },
        )

    monkeypatch.setattr(views_citizen.intake, "dossier_submit_online", refuse)
    response = citizen_client.post(submit_url(), post_data(one_stop))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="error" id="ef-ho_ten_tre-error">Tên không hợp lệ.</p>' in html
    assert '<div class="error" id="papers-error"><p>Thiếu giấy tờ bắt buộc: Giấy chứng sinh</p></div>' in html
    assert '<p class="error" id="organization-error">Cơ quan này không thực hiện thủ tục đã chọn. </p>' in html
    assert "Lỗi khác." in html


def test_submit_refuses_procedures_not_offered_online(citizen_client: Client, one_stop) -> None:
    Procedure.objects.filter(pk=one_stop.birth.pk).update(online_category="none")
    response = citizen_client.get(submit_url())
    assert response.status_code == 409
    assert "Thủ tục này không tiếp nhận hồ sơ trực tuyến." in response.content.decode()
    assert citizen_client.post(submit_url(), post_data(one_stop)).status_code == 409
    assert not Dossier.objects.exists()


def test_submit_unknown_or_malformed_procedure_is_404(citizen_client: Client, one_stop) -> None:
    assert citizen_client.get(submit_url("9.999999")).status_code == 404
    assert citizen_client.get("/nop-ho-so/1.001193' OR 1=1--/").status_code == 404


def test_procedure_page_links_to_the_submission_page(client: Client, one_stop) -> None:
    html = client.get(reverse("web:procedure_detail", args=["1.001193"])).content.decode()
    assert '<a class="button primary" id="submit-dossier" href="/nop-ho-so/1.001193/"' in html
    assert "Cần đăng nhập để nộp hồ sơ." in html


# My dossiers


def test_my_dossiers_lists_own_dossiers_filters_and_pages(
    citizen_client: Client, one_stop, monkeypatch, django_assert_max_num_queries
) -> None:
    s = one_stop
    mine = [submitted(s) for _ in range(3)]
    intake.dossier_accept(officer=s.receiver, dossier=mine[0])
    theirs = submitted(s, applicant=s.other_citizen)
    url = reverse("dossiers_citizen:dossier_list")
    with django_assert_max_num_queries(8):
        html = citizen_client.get(url).content.decode()
    assert "Có 3 hồ sơ." in html
    assert all(d.code in html for d in mine) and theirs.code not in html
    assert "Đăng ký khai sinh" in html and "Đã tiếp nhận" in html
    html = citizen_client.get(url, {"status": "received"}).content.decode()
    assert "Có 1 hồ sơ." in html and mine[0].code in html and mine[1].code not in html
    html = citizen_client.get(url, {"status": "'; DROP TABLE dossiers_dossier; --"}).content.decode()
    assert "Có 3 hồ sơ." in html  # an unknown status is ignored
    monkeypatch.setattr(views_citizen, "PAGE_SIZE", 2)
    html = citizen_client.get(url, {"page": "2"}).content.decode()
    assert "Trang 2/2" in html and html.count('class="card"') == 1
    assert citizen_client.get(url, {"page": "x" * 5000}).status_code == 200


def test_my_dossiers_when_there_are_none(citizen_client: Client, one_stop) -> None:
    html = citizen_client.get(reverse("dossiers_citizen:dossier_list")).content.decode()
    assert "Bạn chưa nộp hồ sơ trực tuyến nào." in html


def test_header_links_to_lookup_and_my_dossiers(client: Client, one_stop) -> None:
    html = client.get("/").content.decode()
    assert '<a href="/tra-cuu/">Tra cứu hồ sơ</a>' in html and "Hồ sơ của tôi" not in html
    client.force_login(one_stop.citizen)
    html = client.get("/").content.decode()
    assert '<a href="/ho-so-cua-toi/">Hồ sơ của tôi</a>' in html


def test_my_dossiers_requires_login(client: Client, one_stop) -> None:
    response = client.get(reverse("dossiers_citizen:dossier_list"))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/?next=")


# One dossier


def test_dossier_page_shows_history_dates_in_local_time_and_no_officer_comments(
    citizen_client: Client, one_stop
) -> None:
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submitted(s))
    processing.dossier_complete_step(officer=s.processor, dossier=d, comment="Ghi chú nội bộ của cán bộ")
    Dossier.objects.filter(pk=d.pk).update(submitted_at=dt.datetime(2026, 1, 5, 1, 30, tzinfo=dt.UTC))
    html = citizen_client.get(detail_url(d.code)).content.decode()
    assert "05/01/2026 08:30" in html  # 01:30 UTC is 08:30 in Hà Nội
    assert "Quá trình xử lý" in html and "Tiếp nhận" in html and "Hoàn thành bước" in html
    assert "Ghi chú nội bộ của cán bộ" not in html
    assert "Ngày hẹn trả kết quả" in html and d.due_at is not None
    assert f'href="/ho-so/{d.code}/giay-tiep-nhan.pdf"' in html


def test_someone_elses_dossier_is_404_everywhere(client: Client, one_stop) -> None:
    s = one_stop
    d = finished(s)
    result = d.files.get(kind="result")
    client.force_login(s.other_citizen)
    urls = [
        detail_url(d.code),
        reverse("dossiers_citizen:withdraw", args=[d.code]),
        reverse("dossiers_citizen:file", args=[d.code, result.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy" in response.content.decode()
    for name in ["supplement", "rate", "withdraw"]:
        assert client.post(reverse(f"dossiers_citizen:{name}", args=[d.code]), {"score": "1"}).status_code == 404
    assert not Rating.objects.exists()
    assert client.get(detail_url("000.01.53.H53-000000-9999")).status_code == 404


def test_citizen_answers_a_supplement_request(citizen_client: Client, one_stop) -> None:
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submitted(s))
    intake.dossier_request_supplement(
        officer=s.processor, dossier=d, reason="Giấy chứng sinh bị mờ, đề nghị chụp lại.", items=["Giấy chứng sinh"]
    )
    html = citizen_client.get(detail_url(d.code)).content.decode()
    assert "Giấy chứng sinh bị mờ, đề nghị chụp lại." in html
    assert 'name="attachments" accept=".pdf,.jpg,.jpeg,.png" multiple' in html
    url = reverse("dossiers_citizen:supplement", args=[d.code])

    response = citizen_client.post(url, {"note": "Đã chụp lại"})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một tệp giấy tờ bổ sung." in response.content.decode()
    response = citizen_client.post(url, {"attachments": [ContentFile(b"GIF89a", name="anh.png")]})
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()

    paper = s.birth.papers.get(name="Giấy chứng sinh")
    files = [pdf("trang-1.pdf"), ContentFile(PNG, name="trang-2.png")]
    response = citizen_client.post(url, {"attachments": files, "paper": str(paper.pk), "note": "Đã chụp lại"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == "supplement_received"
    added = d.files.filter(kind="supplement")
    assert added.count() == 2 and {f.name for f in added} == {"Giấy chứng sinh"}
    html = citizen_client.get(detail_url(d.code)).content.decode()
    assert "Đã gửi giấy tờ bổ sung." in html and 'name="attachments"' not in html
    # Answering twice is refused with a message, not an error page.
    response = citizen_client.post(url, {"attachments": [pdf()]}, follow=True)
    assert "Không thể “Nộp bổ sung”" in response.content.decode()


def test_withdraw_asks_for_confirmation_then_withdraws(citizen_client: Client, one_stop) -> None:
    s = one_stop
    d = submitted(s)
    url = reverse("dossiers_citizen:withdraw", args=[d.code])
    assert f'href="/ho-so-cua-toi/{d.code}/rut-ho-so/"' in citizen_client.get(detail_url(d.code)).content.decode()
    html = citizen_client.get(url).content.decode()
    assert "sẽ được rút ngay" in html and 'name="confirm"' in html
    response = citizen_client.post(url, {"reason": "Nộp nhầm"})
    assert response.status_code == 400
    assert "Hãy đánh dấu ô xác nhận để rút hồ sơ." in response.content.decode()
    d.refresh_from_db()
    assert d.status == "submitted"
    response = citizen_client.post(url, {"reason": "Nộp nhầm", "confirm": "1"}, follow=True)
    d.refresh_from_db()
    assert d.status == "withdrawn"
    html = response.content.decode()
    assert "Đã rút hồ sơ." in html and "Nộp nhầm" in html
    assert url not in html  # nothing left to withdraw
    response = citizen_client.post(url, {"confirm": "1"}, follow=True)
    assert "Không thể" in response.content.decode()


def test_withdraw_during_processing_is_a_request(citizen_client: Client, one_stop) -> None:
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submitted(s))
    url = reverse("dossiers_citizen:withdraw", args=[d.code])
    assert "gửi tới lãnh đạo cơ quan giải quyết" in citizen_client.get(url).content.decode()
    response = citizen_client.post(url, {"confirm": "on"}, follow=True)
    d.refresh_from_db()
    assert d.status == "withdrawal_requested"
    assert "Đã gửi yêu cầu rút hồ sơ." in response.content.decode()


def test_rating_once_the_result_is_out(citizen_client: Client, one_stop) -> None:
    s = one_stop
    d = submitted(s)
    url = reverse("dossiers_citizen:rate", args=[d.code])
    assert 'name="score"' not in citizen_client.get(detail_url(d.code)).content.decode()
    response = citizen_client.post(url, {"score": "5"}, follow=True)
    assert "Chỉ đánh giá sau khi có kết quả." in response.content.decode()

    d = finished(s)
    html = citizen_client.get(detail_url(d.code)).content.decode()
    assert html.count('name="score"') == 5 and "5 sao — Rất hài lòng" in html
    rate_url = reverse("dossiers_citizen:rate", args=[d.code])
    response = citizen_client.post(rate_url, {"score": "9"})
    assert response.status_code == 400
    assert "Hãy chọn từ 1 đến 5 sao." in response.content.decode()
    response = citizen_client.post(rate_url, {"score": "5", "comment": "Nhanh, chu đáo"}, follow=True)
    rating = Rating.objects.get(dossier=d)
    assert (rating.score, rating.comment) == (5, "Nhanh, chu đáo")
    html = response.content.decode()
    assert "Cảm ơn bạn đã đánh giá." in html and "Bạn đã đánh giá 5/5 sao" in html
    response = citizen_client.post(rate_url, {"score": "1"}, follow=True)
    assert "Hồ sơ này đã được đánh giá." in response.content.decode()
    assert Rating.objects.get(dossier=d).score == 5


def test_result_download_only_for_those_allowed(client: Client, one_stop) -> None:
    s = one_stop
    d = finished(s)
    result = d.files.get(kind="result")
    working = DossierFile.objects.create(
        dossier=d,
        kind=DossierFile.Kind.WORKING,
        name="Dự thảo",
        file=ContentFile(PDF, name="du-thao.pdf"),
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    url = reverse("dossiers_citizen:file", args=[d.code, result.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")

    client.force_login(s.citizen)
    html = client.get(detail_url(d.code)).content.decode()
    assert f'href="{url}"' in html and "Dự thảo" not in html
    response = client.get(url)
    assert response.status_code == 200
    # Reading the whole stream closes the file (the test client closes the response at its end).
    assert b"".join(response.streaming_content) == PDF + b"ket-qua"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert client.get(reverse("dossiers_citizen:file", args=[d.code, working.pk])).status_code == 404
    assert client.get(reverse("dossiers_citizen:file", args=[d.code, 999999])).status_code == 404

    client.force_login(s.processor)  # an officer of the unit may read the working file too
    response = client.get(reverse("dossiers_citizen:file", args=[d.code, working.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(s.other_receiver)
    assert client.get(url).status_code == 404


# Public lookup


def test_lookup_page_without_a_code(client: Client, one_stop) -> None:
    response = client.get(reverse("dossiers_citizen:lookup"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="lookup-code">Mã hồ sơ</label>' in html
    assert 'aria-current="page">Tra cứu hồ sơ</a>' in html


def test_lookup_by_code_shows_status_without_personal_data(client: Client, one_stop) -> None:
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submitted(s))
    Dossier.objects.filter(pk=d.pk).update(received_at=dt.datetime(2026, 3, 2, 2, 5, tzinfo=dt.UTC))
    response = client.get(reverse("dossiers_citizen:lookup"), {"code": f"  {d.code} "})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{d.code}/"
    response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Được tiếp nhận",
        "Đăng ký khai sinh",
        "UBND phường Tô Hiệu",
        "02/03/2026 09:05",
        "Nộp hồ sơ",
        "Tiếp nhận",
    ]:
        assert text in html, text
    for private in ["Lò Thị Mai", "014195000777", "mai@example.vn", "Lò Văn An", "Cán bộ"]:
        assert private not in html, private


def test_lookup_unknown_code_is_a_friendly_404(client: Client, one_stop) -> None:
    response = client.get("/tra-cuu/000.01.53.H53-991231-0001/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy hồ sơ có mã “000.01.53.H53-991231-0001”." in html
    assert 'value="000.01.53.H53-991231-0001"' in html  # ready to correct


@pytest.mark.parametrize(
    "code",
    ["' OR 1=1--", "1; DROP TABLE dossiers_dossier", "<script>alert(1)</script>", "A" * 5000, "mã-hồ-sơ", ""],
)
def test_lookup_form_refuses_what_is_not_a_code(client: Client, one_stop, code: str) -> None:
    response = client.get(reverse("dossiers_citizen:lookup"), {"code": code})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mã hồ sơ không đúng định dạng." in html or "Hãy nhập mã hồ sơ." in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("path", ["' OR 1=1--", "%27%20OR%201%3D1--", "A" * 5000, "..%2F..%2Fetc%2Fpasswd", "a b"])
def test_code_urls_with_what_is_not_a_code_are_404(client: Client, one_stop, path: str) -> None:
    assert client.get(f"/tra-cuu/{path}/").status_code == 404
    client.force_login(one_stop.citizen)
    assert client.get(f"/ho-so-cua-toi/{path}/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{path}/tep/1/").status_code == 404


@pytest.fixture
def english(client: Client) -> Iterator[None]:
    """The language switch's cookie; the thread goes back to Vietnamese for the tests after."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_pages_read_in_english(client: Client, one_stop, english) -> None:
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submitted(s))
    html = client.get(f"/tra-cuu/{d.code}/").content.decode()
    assert "Track an application" in html and "Received" in html and "Accept" in html
    client.force_login(s.citizen)
    html = client.get(submit_url()).content.decode()
    assert "Receiving agency" in html and "Attached documents" in html
    assert "I declare that the information given" in html


def test_lookup_is_rate_limited_per_client(client: Client, one_stop, settings) -> None:
    settings.SAOLA_STATUS_RATE_LIMIT = "2/m"
    d = submitted(one_stop)
    for _ in range(2):
        assert client.get(f"/tra-cuu/{d.code}/").status_code == 200
    response = client.get(f"/tra-cuu/{d.code}/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Bạn đã tra cứu quá nhiều lần" in html and "Đăng ký khai sinh" not in html
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.get(f"/tra-cuu/{d.code}/").status_code == 200


def test_oversized_uploads_are_refused_before_reading(citizen_client: Client, one_stop, settings) -> None:
    s = one_stop
    settings.SAOLA_DOSSIER_UPLOAD_MAX_BYTES = 200
    response = citizen_client.post(submit_url(), post_data(s))
    assert response.status_code == 413
    assert "vượt quá giới hạn" in response.content.decode()
    assert not Dossier.objects.exists()
    settings.SAOLA_DOSSIER_UPLOAD_MAX_BYTES = 50 * 1024 * 1024
    d = intake.dossier_accept(officer=s.receiver, dossier=submitted(s))
    intake.dossier_request_supplement(officer=s.processor, dossier=d, reason="Thiếu giấy tờ")
    settings.SAOLA_DOSSIER_UPLOAD_MAX_BYTES = 50
    url = reverse("dossiers_citizen:supplement", args=[d.code])
    response = citizen_client.post(url, {"attachments": [pdf()]}, follow=True)
    assert "vượt quá giới hạn" in response.content.decode()
    d.refresh_from_db()
    assert d.status == "supplement_requested"
