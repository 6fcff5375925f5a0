"""The public page /xac-thuc/: upload, verdict per signature, PDF report; refusals before reading."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from tests.signing.verify_support import (
    DAY,
    VerifyPKI,
    encrypted_pdf,
    issue,
    name,
    one_page_pdf,
    sign,
    trust_root,
)

pytestmark = pytest.mark.django_db
URL = "/xac-thuc/"


@pytest.fixture(scope="module")
def own_pki() -> VerifyPKI:
    # No CRL address in these certificates: the platform's trust list validates them as they are.
    return VerifyPKI.create(crl_points=False)


@pytest.fixture
def trusted(own_pki: VerifyPKI) -> VerifyPKI:
    trust_root(own_pki.root)
    return own_pki


@pytest.fixture(scope="module")
def signed(own_pki: VerifyPKI) -> bytes:
    return sign(one_page_pdf(), own_pki.person(), chain=[own_pki.root])


def upload(data: bytes, file_name: str = "quyet-dinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(file_name, data, content_type="application/pdf")


def csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    return client, client.cookies["csrftoken"].value


def test_verify_page_shows_the_upload_form(client):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kiểm tra chữ ký số trên văn bản" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'type="file"' in html and 'accept="application/pdf,.pdf"' in html
    assert "tối đa 50 MB" in html
    assert 'name="viewport" content="width=device-width' in html


def test_verify_page_address_without_slash_redirects(client):
    response = client.get("/xac-thuc")

    assert response.status_code == 301
    assert response["Location"] == URL


def test_verify_page_reports_a_valid_document(trusted, signed, settings, tmp_path):
    client, token = csrf_client()

    response = client.post(URL, {"file": upload(signed), "csrfmiddlewaretoken": token})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Văn bản có chữ ký số hợp lệ" in html
    assert "Nguyễn Văn An" in html and "Ủy ban nhân dân tỉnh Sơn La" in html
    assert "badge-valid" in html and "badge-invalid" not in html
    report = response.context["report"]
    assert report.valid and report.sha256 in html
    assert 'name="token"' in html
    # Nothing of the upload is kept.
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*"))


def test_verify_page_leaves_no_temporary_file_of_a_large_upload(trusted, own_pki, client, settings, tmp_path):
    # Past FILE_UPLOAD_MAX_MEMORY_SIZE (2 MB) Django spools the upload to a temporary file.
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    large = sign(one_page_pdf(padding=3 * 1024 * 1024), own_pki.person(), chain=[own_pki.root])

    response = client.post(URL, {"file": upload(large)})

    assert response.status_code == 200
    assert response.context["report"].valid
    assert response.context["report"].size > 3 * 1024 * 1024
    assert list(tmp_path.iterdir()) == []


def test_verify_page_refuses_a_post_without_csrf_token(trusted, signed):
    client = Client(enforce_csrf_checks=True)

    response = client.post(URL, {"file": upload(signed)})

    assert response.status_code == 403


def test_verify_page_reports_a_changed_document(trusted, signed, client):
    at = signed.index(b"(Quyet")
    tampered = signed[: at + 1] + b"X" + signed[at + 2 :]

    response = client.post(URL, {"file": upload(tampered)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Văn bản không đạt khi kiểm tra chữ ký số" in html
    assert "Văn bản đã bị thay đổi sau khi ký" in html
    assert "badge-invalid" in html


def test_verify_page_reports_an_unknown_authority(trusted, own_pki, client):
    other = issue(name("CA lạ"), issuer=None, not_before=own_pki.now - DAY, not_after=own_pki.now + DAY, ca=True)
    holder = issue(name("Người Lạ"), issuer=other, not_before=own_pki.now - DAY, not_after=own_pki.now + DAY)

    response = client.post(URL, {"file": upload(sign(one_page_pdf(), holder, chain=[other]))})

    assert response.status_code == 200
    assert "Chứng thư số không do tổ chức tin cậy cấp" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not a pdf at all", "Tệp không phải là tệp PDF"),
        (None, "Tệp PDF được mã hoá, không kiểm tra được"),
        (b"%PDF-1.7\nbroken", "Tệp PDF bị hỏng"),
    ],
)
def test_verify_page_explains_what_cannot_be_checked(client, data, message):
    response = client.post(URL, {"file": upload(data if data is not None else encrypted_pdf())})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html


def test_verify_page_asks_for_a_file(client):
    response = client.post(URL, {})

    assert response.status_code == 400
    assert "Hãy chọn tệp PDF cần kiểm tra." in response.content.decode()


def test_verify_page_reports_a_pdf_without_signature(client):
    response = client.post(URL, {"file": upload(one_page_pdf())})

    assert response.status_code == 200
    assert "Tệp PDF không có chữ ký số nào" in response.content.decode()


def test_verify_page_refuses_a_500_mb_request_before_reading_it(client, monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("the body must not be parsed")

    monkeypatch.setattr("django.http.request.HttpRequest._load_post_and_files", no_parsing)
    body = b"--x\r\nContent-Disposition: form-data; name=file; filename=a.pdf\r\n\r\n%PDF-1.7\r\n--x--\r\n"

    response = client.generic(
        "POST", URL, body, content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(500 * 1024 * 1024)
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert "Tệp quá lớn (500 MB)" in html and "tối đa 50 MB" in html


def test_verify_page_refuses_a_file_over_a_lowered_limit(trusted, signed, client, settings):
    settings.SAOLA_VERIFY_MAX_BYTES = len(signed) // 2

    response = client.post(URL, {"file": upload(signed)})

    assert response.status_code == 413
    assert "Tệp quá lớn" in response.content.decode()


def test_verify_page_is_rate_limited(client, settings):
    settings.SAOLA_VERIFY_RATE_LIMIT = "2/m"
    pdf = one_page_pdf()

    codes = [client.post(URL, {"file": upload(pdf)}).status_code for _ in range(3)]

    assert codes == [200, 200, 429]
    response = client.post(URL, {"file": upload(pdf)})
    assert int(response["Retry-After"]) > 0
    assert "quá nhiều tệp" in response.content.decode()


def test_verify_report_downloads_the_report_as_pdf(trusted, signed):
    client, csrf = csrf_client()
    page = client.post(URL, {"file": upload(signed, "quyết-định-số-01.pdf"), "csrfmiddlewaretoken": csrf})
    report = page.context["report"]
    token = page.context["token"]

    response = client.post("/xac-thuc/bao-cao/", {"token": token, "csrfmiddlewaretoken": csrf})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="ket-qua-kiem-tra-chu-ky-{report.sha256[:12]}.pdf"'
    pdf = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "KẾT QUẢ KIỂM TRA CHỮ KÝ SỐ" in text
    assert "Nguyễn Văn An" in text and "Ủy ban nhân dân tỉnh Sơn La" in text
    assert report.sha256 in text.replace("\n", "")
    assert "quyết-định-số-01.pdf" in text
    assert "hợp lệ" in text
    fonts = {str(font) for page in pdf.pages for font in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts  # embedded fonts carry the Vietnamese glyphs


def test_verify_report_refuses_an_altered_report(trusted, signed, client):
    token = client.post(URL, {"file": upload(signed)}).context["token"]
    forged = token.replace(token[5], "A" if token[5] != "A" else "B", 1)

    response = client.post("/xac-thuc/bao-cao/", {"token": forged})

    assert response.status_code == 400
    assert "Kết quả kiểm tra không hợp lệ" in response.content.decode()


def test_verify_report_refuses_a_get(client):
    assert client.get("/xac-thuc/bao-cao/").status_code == 405
