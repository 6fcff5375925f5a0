"""The public status lookup (no login, no personal data, rate-limited) and the OpenAPI document."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from saola.core.ratelimit import Rate, parse_rate, rate_limit_hit
from tests.dossiers.api_support import API, assert_error, auth, post_json, submit
from tests.dossiers.factories import build_one_stop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def s():
    return build_one_stop()


@pytest.fixture
def received_code(client, s):
    code = submit(client, s, auth(s.citizen)).json()["code"]
    assert post_json(client, f"/dossiers/{code}/accept", auth(s.receiver)).status_code == 200
    return code


def test_public_status_shape_without_login(s, received_code):
    response = Client().get(f"{API}/dossiers/{received_code}/status")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"code", "status", "status_label", "procedure", "received_at", "due_at", "steps"}
    assert (body["code"], body["status"], body["status_label"]) == (received_code, 2, "Được tiếp nhận")
    assert body["procedure"] == "Đăng ký khai sinh"
    assert body["received_at"] and body["due_at"]
    assert [step["action"] for step in body["steps"]] == ["submit", "accept"]
    assert set(body["steps"][0]) == {"at", "status", "status_label", "step", "action"}


def test_public_status_has_no_personal_data(s, received_code):
    text = Client().get(f"{API}/dossiers/{received_code}/status").content.decode()
    for secret in ("Lò Thị Mai", "mai@example.vn", "014195000777", "Lò Văn An", "tiepnhan", "Cán bộ", "ho_ten_tre"):
        assert secret not in text


def test_unknown_code_is_404_with_the_error_shape(s):
    error = assert_error(Client().get(f"{API}/dossiers/000.00.00.H00-000000-0001/status"), 404, "NOT_FOUND")
    assert error["message"] == "Không tìm thấy hồ sơ có mã này."


def test_status_lookups_are_rate_limited_per_client(s, received_code, settings):
    settings.SAOLA_STATUS_RATE_LIMIT = "3/m"
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = f"{API}/dossiers/{received_code}/status"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(url)
    error = assert_error(limited, 429, "RATE_LIMITED")
    assert "thử lại" in error["message"]
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert error["details"]["retry_after"] == int(limited["Retry-After"])
    # unknown codes count too, so codes cannot be guessed faster than the limit
    assert_error(client.get(f"{API}/dossiers/000.00.00.H00-000000-0001/status"), 429)
    assert Client(REMOTE_ADDR="203.0.113.8").get(url).status_code == 200


def test_rate_limit_can_be_turned_off(s, received_code, settings):
    settings.SAOLA_STATUS_RATE_LIMIT = "0"
    client = Client()
    assert {client.get(f"{API}/dossiers/{received_code}/status").status_code for _ in range(5)} == {200}


def test_fixed_window_limiter_resets_with_the_window():
    rate = Rate(limit=2, window=60)
    hits = [rate_limit_hit(scope="t", key="1.2.3.4", rate=rate, now=120.0 + i) for i in range(3)]
    assert [h.allowed for h in hits] == [True, True, False]
    assert hits[2].retry_after == 58 and hits[0].remaining == 1
    assert rate_limit_hit(scope="t", key="1.2.3.4", rate=rate, now=180.0).allowed
    assert rate_limit_hit(scope="other", key="1.2.3.4", rate=rate, now=122.0).allowed


@pytest.mark.parametrize(
    ("value", "expected"),
    [(60, Rate(60, 60)), ("60/m", Rate(60, 60)), ("1000/hour", Rate(1000, 3600)), ("5/10s", Rate(5, 10)), ("0", None)],
)
def test_parse_rate(value, expected):
    assert parse_rate(value) == expected


def test_parse_rate_refuses_nonsense():
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate("nhiều")


def test_every_dossier_endpoint_is_in_the_openapi_document(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    expected = {
        ("/api/v1/dossiers", "post"),
        ("/api/v1/dossiers", "get"),
        ("/api/v1/dossiers/{code}", "get"),
        ("/api/v1/dossiers/{code}/supplement", "post"),
        ("/api/v1/dossiers/{code}/withdraw", "post"),
        ("/api/v1/dossiers/{code}/rating", "post"),
        ("/api/v1/dossiers/{code}/files/{file_id}", "get"),
        ("/api/v1/inbox", "get"),
        ("/api/v1/counter/dossiers", "post"),
        ("/api/v1/dossiers/{code}/status", "get"),
    } | {
        (f"/api/v1/dossiers/{{code}}/{action}", "post")
        for action in (
            "accept",
            "refuse",
            "request-supplement",
            "accept-supplement",
            "complete-step",
            "result",
            "return",
            "stop",
            "apology",
            "approve-withdrawal",
        )
    }
    assert {(path, method) for path, ops in paths.items() for method in ops} >= expected
    create = paths["/api/v1/dossiers"]["post"]
    assert "multipart/form-data" in create["requestBody"]["content"]
    assert create["parameters"][0]["name"] == "Idempotency-Key"
    assert "security" not in paths["/api/v1/dossiers/{code}/status"]["get"]
