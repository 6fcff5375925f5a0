"""The one-stop slips as PDF: content, form numbering by circular, QR target, who may download."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata

import pypdf
import pytest
import segno
from django.test import Client
from django.urls import reverse

from saola.core.calendar import LOCAL_TZ
from saola.demo.rules import load_legal_rules
from saola.dossiers import documents
from saola.dossiers.documents.forms import form_info
from saola.dossiers.documents.render import place_name, qr_code, qr_svg_data_uri, vn_date, vn_datetime
from saola.dossiers.models import Dossier
from saola.dossiers.services import intake, processing
from saola.dossiers.services.intake import ApplicantInfo
from tests.dossiers.factories import GOOD_FORM, birth_uploads, build_one_stop

pytestmark = pytest.mark.django_db

HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture
def one_stop():
    load_legal_rules()
    return build_one_stop()


def text_of(pdf: bytes) -> str:
    """The PDF's text, NFC-normalised with whitespace collapsed (lines wrap anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def link_targets(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def counter_dossier(s) -> Dossier:
    return intake.dossier_create_at_counter(
        officer=s.receiver,
        applicant=s.citizen,
        procedure=s.birth,
        form_data=GOOD_FORM,
        uploads=birth_uploads(s.birth)[:1],
        checked_papers=[p.pk for p in s.birth.papers.filter(required=True)],
        applicant_info=ApplicantInfo(
            name="Lò Thị Mai",
            id_number="014195000777",
            phone="0912345678",
            email="mai@example.vn",
            address="Tổ 3, phường Tô Hiệu, tỉnh Sơn La",
        ),
    )


def online_dossier(s) -> Dossier:
    return intake.dossier_submit_online(
        applicant=s.citizen, procedure=s.birth, organization=s.ward, form_data=GOOD_FORM, uploads=birth_uploads(s.birth)
    )


def received_on(dossier: Dossier, day: dt.date) -> Dossier:
    """Move a dossier's receipt (and its steps) to `day`, as if received then."""
    at = dt.datetime.combine(day, dt.time(9, 15), LOCAL_TZ)
    Dossier.objects.filter(pk=dossier.pk).update(
        submitted_at=at, received_at=at, due_at=at + dt.timedelta(days=3), original_due_at=at + dt.timedelta(days=3)
    )
    dossier.steps.update(started_at=at)
    return Dossier.objects.get(pk=dossier.pk)


def test_receipt_pdf_shows_code_applicant_papers_dates_and_lookup(one_stop, settings):
    settings.SAOLA_PUBLIC_URL = "https://dichvucong.sonla.gov.vn/"
    d = counter_dossier(one_stop)
    pdf = documents.receipt_pdf(d)
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    for expected in (
        HEADER,
        MOTTO,
        "Mẫu số 01",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "ỦY BAN NHÂN DÂN TỈNH SƠN LA".replace("ỦY BAN NHÂN DÂN", "UBND"),
        "UBND PHƯỜNG TÔ HIỆU",
        d.code,
        "Lò Thị Mai",
        "Đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh",
        "Tệp điện tử",
        "Giấy chứng sinh",
        "Bản giấy",
        "3 ngày làm việc",
        vn_datetime(d.received_at),
        vn_datetime(d.due_at),
        "Cán bộ tiepnhan",
    ):
        assert expected in text, expected
    url = f"https://dichvucong.sonla.gov.vn/tra-cuu/{d.code}/"
    assert url in text
    assert url in link_targets(pdf)


def test_lookup_url_and_qr_code_encode_the_public_status_page(settings):
    settings.SAOLA_PUBLIC_URL = "https://dichvucong.sonla.gov.vn"
    url = documents.lookup_url("000.01.53.H53-261125-0001")
    assert url == "https://dichvucong.sonla.gov.vn/tra-cuu/000.01.53.H53-261125-0001/"
    qr = qr_code(url)
    expected = segno.make(url, error="m", micro=False)
    assert qr.matrix == expected.matrix and qr.version == expected.version
    assert qr.error == "M"
    assert qr.matrix != segno.make(url.replace("0001", "0002"), error="m", micro=False).matrix
    assert qr_svg_data_uri(url).startswith("data:image/svg+xml")


def test_lookup_url_escapes_the_code(settings):
    settings.SAOLA_PUBLIC_URL = "http://localhost:8000"
    assert documents.lookup_url("a/b c") == "http://localhost:8000/tra-cuu/a%2Fb%20c/"


def test_online_submission_gets_a_provisional_receipt_at_once_then_the_final_one(one_stop):
    from saola.core.exceptions import NotFoundError
    from saola.dossiers import deadlines

    d = online_dossier(one_stop)
    text = text_of(documents.receipt_pdf(d))
    assert "Xác nhận nộp hồ sơ trực tuyến" in text and d.code in text
    assert "Chờ tiếp nhận" in text
    expected = deadlines.appointment(d.submitted_at, processing_days=one_stop.birth.processing_days, cut_off_hour=None)
    assert vn_datetime(expected) in text
    d = intake.dossier_accept(officer=one_stop.receiver, dossier=d)
    text = text_of(documents.receipt_pdf(d))
    assert "Trực tuyến" in text and "Hồ sơ nộp trực tuyến" in text
    assert "Xác nhận nộp hồ sơ trực tuyến" not in text and vn_datetime(d.due_at) in text
    refused = intake.dossier_refuse(officer=one_stop.receiver, dossier=online_dossier(one_stop), reason="Sai")
    with pytest.raises(NotFoundError):
        documents.receipt_pdf(refused)


def test_supplement_refusal_apology_stop_and_control_slip(one_stop):
    s = one_stop
    d = online_dossier(s)
    d = intake.dossier_request_supplement(
        officer=s.receiver, dossier=d, reason="Giấy chứng sinh bị mờ, không đọc được", items=["Giấy chứng sinh"]
    )
    request = d.supplements.get()
    text = text_of(documents.supplement_request_pdf(d, request))
    assert "Mẫu số 02" in text and "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Giấy chứng sinh bị mờ, không đọc được" in text and d.code in text

    refused = intake.dossier_refuse(officer=s.receiver, dossier=online_dossier(s), reason="Không thuộc thẩm quyền")
    text = text_of(documents.refusal_pdf(refused))
    assert "Mẫu số 03" in text and "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Không thuộc thẩm quyền" in text and refused.code in text

    c = counter_dossier(s)
    apology = processing.dossier_apologize(
        officer=s.processor, dossier=c, reason="Chờ xác minh thông tin", extra_days=2
    )
    text = text_of(documents.apology_pdf(apology))
    assert "Mẫu số 04" in text and "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "Chờ xác minh thông tin" in text and "đề nghị gia hạn" in text
    assert vn_datetime(apology.previous_due_at) in text and vn_datetime(apology.new_due_at) in text

    c = processing.dossier_complete_step(officer=s.processor, dossier=c, comment="Đủ điều kiện")
    text = text_of(documents.control_slip_pdf(c))
    assert "Mẫu số 06" in text and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Thẩm định hồ sơ, dự thảo kết quả" in text and "Cán bộ xuly" in text and "Đủ điều kiện" in text
    assert "Trước hạn" in text or "Đúng hạn" in text

    stopped = processing.dossier_stop(officer=s.leader, dossier=c, reason="Người nộp đề nghị dừng giải quyết")
    text = text_of(documents.stop_notice_pdf(stopped))
    assert "Mẫu số 05" in text and "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Người nộp đề nghị dừng giải quyết" in text and HEADER in text


def test_slips_that_do_not_apply_are_not_found(one_stop):
    from saola.core.exceptions import NotFoundError

    d = counter_dossier(one_stop)
    for render in (documents.refusal_pdf, documents.stop_notice_pdf):
        with pytest.raises(NotFoundError):
            render(d)
    with pytest.raises(NotFoundError):
        documents.control_slip_pdf(online_dossier(one_stop))


def test_form_numbers_follow_the_circular_in_force_at_receipt(one_stop):
    s = one_stop
    old = received_on(counter_dossier(s), dt.date(2025, 3, 10))
    new = received_on(counter_dossier(s), dt.date(2026, 1, 5))
    old_text, new_text = text_of(documents.control_slip_pdf(old)), text_of(documents.control_slip_pdf(new))
    assert "Mẫu số 05" in old_text and "01/2018/TT-VPCP" in old_text
    assert "Mẫu số 06" in new_text and "03/2025/TT-VPCP" in new_text
    assert "Tô Hiệu, ngày 10 tháng 3 năm 2025" in old_text
    assert "Tô Hiệu, ngày 05 tháng 01 năm 2026" in new_text

    apology = processing.dossier_apologize(officer=s.processor, dossier=old, reason="Chờ ý kiến", extra_days=1)
    text = text_of(documents.apology_pdf(apology))
    assert "Mẫu số 04" in text and "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "hẹn lại thời gian trả kết quả" in text

    # TT 01/2018 had no notice of stopping: the notice is issued without a form number.
    stopped = processing.dossier_stop(officer=s.leader, dossier=old, reason="Theo đề nghị của người nộp")
    text = text_of(documents.stop_notice_pdf(stopped))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Mẫu số" not in text


def test_form_set_falls_back_to_2025_without_rules(db):
    info = form_info(kind="control", on=dt.date(2019, 1, 1))
    assert (info.number, info.circular) == ("06", "03/2025/TT-VPCP")
    assert form_info(kind="stop", on=dt.date(2019, 1, 1)).label == "Mẫu số 05"


def test_vietnamese_dates_follow_decree_30():
    assert vn_date(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vn_date(dt.date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"
    assert vn_date(dt.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    moment = dt.datetime(2026, 2, 1, 1, 30, tzinfo=dt.UTC)
    assert vn_datetime(moment) == "08 giờ 30 phút, ngày 01 tháng 02 năm 2026"


def test_place_name_is_the_commune_or_province(one_stop):
    assert place_name(one_stop.ward) == "Tô Hiệu"
    assert place_name(one_stop.province) == "Sơn La"


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("receipt", {}),
        ("control_slip", {}),
        ("apology", {"apology_id": None}),
        ("supplement", {"request_id": None}),
    ],
)
def test_pdf_views_serve_the_applicant_and_officers_only(one_stop, name, kwargs):
    s = one_stop
    d = counter_dossier(s)
    if "apology_id" in kwargs:
        kwargs = {
            "apology_id": processing.dossier_apologize(officer=s.processor, dossier=d, reason="Chậm", extra_days=1).pk
        }
    if "request_id" in kwargs:
        intake.dossier_request_supplement(officer=s.processor, dossier=d, reason="Thiếu giấy tờ")
        kwargs = {"request_id": d.supplements.get().pk}
    url = reverse(f"dossier_documents:{name}", kwargs={"code": d.code, **kwargs})
    client = Client()
    response = client.get(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    for user in (s.citizen, s.receiver, s.leader):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline;")
        assert response["Content-Disposition"].endswith('.pdf"') and d.code in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF")
    for user in (s.other_citizen, s.other_receiver):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_pdf_views_refusal_and_stop_and_unknown_ids(one_stop):
    s = one_stop
    client = Client()
    client.force_login(s.citizen)
    refused = intake.dossier_refuse(officer=s.receiver, dossier=online_dossier(s), reason="Sai thẩm quyền")
    response = client.get(reverse("dossier_documents:refusal", kwargs={"code": refused.code}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(reverse("dossier_documents:stop_notice", kwargs={"code": refused.code})).status_code == 404
    assert client.get(reverse("dossier_documents:receipt", kwargs={"code": refused.code})).status_code == 404
    d = counter_dossier(s)
    stopped = processing.dossier_stop(officer=s.leader, dossier=d, reason="Dừng theo đề nghị")
    response = client.get(reverse("dossier_documents:stop_notice", kwargs={"code": stopped.code}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    other = counter_dossier(s)
    intake.dossier_request_supplement(officer=s.processor, dossier=other, reason="Thiếu")
    foreign_request = other.supplements.get().pk
    url = reverse("dossier_documents:supplement", kwargs={"code": d.code, "request_id": foreign_request})
    assert client.get(url).status_code == 404
    assert client.get(reverse("dossier_documents:receipt", kwargs={"code": "khong-co"})).status_code == 404


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="needs poppler-utils and zbar-tools"
)
def test_receipt_qr_code_decodes_to_the_lookup_url(one_stop, tmp_path):
    d = counter_dossier(one_stop)
    (tmp_path / "receipt.pdf").write_bytes(documents.receipt_pdf(d))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "receipt.pdf", "page"], cwd=tmp_path, check=True)
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "page-1.png"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert decoded.stdout.strip() == documents.lookup_url(d.code)
