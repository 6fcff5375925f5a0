"""POST /api/v1/signatures/verify: public, multipart, rate-limited, the project's error shape."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.signing.verify_support import VerifyPKI, encrypted_pdf, one_page_pdf, rewrite_page_text, sign, trust_root

pytestmark = pytest.mark.django_db
URL = "/api/v1/signatures/verify"
API_FIELDS = {
    "signer",
    "organization",
    "signed_at",
    "trusted",
    "revoked",
    "intact",
    "covers_whole_document",
    "timestamped",
    "problems",
}


@pytest.fixture(scope="module")
def own_pki() -> VerifyPKI:
    return VerifyPKI.create(crl_points=False)


@pytest.fixture(scope="module")
def signed(own_pki: VerifyPKI) -> bytes:
    return sign(one_page_pdf(), own_pki.person(), chain=[own_pki.root])


def post(api_client, data: bytes, **extra):
    return api_client.post(URL, {"file": SimpleUploadedFile("a.pdf", data, content_type="application/pdf")}, **extra)


def test_verify_api_reports_a_valid_document(api_client, own_pki, signed):
    trust_root(own_pki.root)

    response = post(api_client, signed)

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True and body["problems"] == []
    (sig,) = body["signatures"]
    assert set(sig) >= API_FIELDS
    assert sig["signer"] == "Nguyễn Văn An"
    assert sig["organization"] == "Ủy ban nhân dân tỉnh Sơn La"
    assert sig["trusted"] and sig["intact"] and sig["covers_whole_document"] and not sig["revoked"]
    assert sig["signed_at"].endswith("+07:00")


def test_verify_api_without_the_trusted_root_is_not_valid(api_client, signed):
    body = post(api_client, signed).json()

    assert body["valid"] is False
    assert body["signatures"][0]["trusted"] is False
    assert body["signatures"][0]["problems"] == ["Chứng thư số không do tổ chức tin cậy cấp"]


def test_verify_api_reports_a_rewritten_page(api_client, own_pki, signed):
    trust_root(own_pki.root)

    body = post(api_client, rewrite_page_text(signed, "Da sua")).json()

    assert body["valid"] is False
    sig = body["signatures"][0]
    assert sig["covers_whole_document"] is False and sig["modification_level"] == "other"
    assert "Văn bản đã bị thay đổi sau khi ký" in sig["problems"]


def test_verify_api_reports_no_signature(api_client):
    body = post(api_client, one_page_pdf()).json()

    assert body == {**body, "signatures": [], "valid": False, "problems": ["Tệp PDF không có chữ ký số nào"]}


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"MZ\x90\x00 an executable", "not_pdf"), (b"", "empty"), (b"%PDF-1.5\n%%EOF", "unreadable"), (None, "encrypted")],
)
def test_verify_api_refuses_what_cannot_be_checked(api_client, data, reason):
    response = post(api_client, data if data is not None else encrypted_pdf())

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_FAILED"
    assert error["details"]["reason"] == reason
    assert error["message"]


def test_verify_api_asks_for_the_file_field(api_client):
    response = api_client.post(URL, {"other": "x"})

    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "fields": {"file": ["Hãy chọn tệp PDF cần kiểm tra."]},
        "reason": "missing",
    }


def test_verify_api_refuses_a_500_mb_body_by_its_declared_size(api_client):
    body = b"--x\r\nContent-Disposition: form-data; name=file; filename=a.pdf\r\n\r\n%PDF-1.7\r\n--x--\r\n"

    response = api_client.generic(
        "POST", URL, body, content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(500 * 1024 * 1024)
    )

    assert response.status_code == 413
    error = response.json()["error"]
    assert error["details"]["reason"] == "too_large"
    assert "Tệp quá lớn (500 MB)" in error["message"]


def test_verify_api_refuses_a_file_over_a_lowered_limit(api_client, signed, settings):
    settings.SAOLA_VERIFY_MAX_BYTES = 1024

    response = post(api_client, signed)

    assert response.status_code == 413


def test_verify_api_is_rate_limited_per_address(api_client, settings):
    settings.SAOLA_VERIFY_RATE_LIMIT = "2/m"
    pdf = one_page_pdf()

    codes = [post(api_client, pdf).status_code for _ in range(3)]
    other = post(api_client, pdf, REMOTE_ADDR="10.0.0.9")

    assert codes == [200, 200, 429]
    assert other.status_code == 200
    limited = post(api_client, pdf)
    assert limited.json()["error"]["code"] == "RATE_LIMITED"
    assert int(limited["Retry-After"]) > 0


def test_verify_api_is_in_the_openapi_document(api_client):
    schema = api_client.get("/api/v1/openapi.json").json()

    operation = schema["paths"][URL]["post"]
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["properties"]["file"] == {"type": "string", "format": "binary", "description": "Tệp PDF đã ký số"}
    assert set(operation["responses"]) >= {"200", "400", "413", "429"}
    assert "security" not in operation
    out = schema["components"]["schemas"]["VerificationOut"]
    assert {"signatures", "valid"} <= set(out["properties"])
    signature = schema["components"]["schemas"]["SignatureVerificationOut"]
    assert set(signature["properties"]) >= API_FIELDS
