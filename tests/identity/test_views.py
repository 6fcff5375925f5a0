import pytest

from saola.core.models import User

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "citizen",
    "full_name": "Lò Thị Mai",
    "personal_id": "014195000777",
    "email": "mai@example.vn",
    "phone": "",
    "tax_code": "",
    "password": "Hoa-ban-trang-2026",
    "password_again": "Hoa-ban-trang-2026",
}


def test_citizen_registers_on_the_portal_and_is_signed_in(client):
    response = client.post("/dang-ky/", GOOD, follow=True)
    assert response.status_code == 200
    assert "Lò Thị Mai" in response.content.decode()
    assert User.objects.get(email="mai@example.vn").personal_id == "014195000777"
    assert client.get("/tai-khoan/").status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"personal_id": "12"}, "12 chữ số"),
        ({"password_again": "khac-mat-khau-1"}, "không khớp"),
        ({"password": "1234567890", "password_again": "1234567890"}, "Mật khẩu"),
        ({"email": "", "phone": ""}, "số điện thoại"),
    ],
)
def test_registration_errors_are_shown_next_to_the_form(client, change, message):
    response = client.post("/dang-ky/", {**GOOD, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_login_with_phone_then_logout(client):
    client.post("/dang-ky/", {**GOOD, "email": "", "phone": "0912 000 111"})
    client.post("/dang-xuat/")
    assert client.get("/tai-khoan/").status_code == 302
    response = client.post("/dang-nhap/", {"username": "0912000111", "password": GOOD["password"]})
    assert response.status_code == 302
    assert client.get("/tai-khoan/").status_code == 200


def test_wrong_password_shows_a_vietnamese_error(client):
    client.post("/dang-ky/", GOOD)
    client.post("/dang-xuat/")
    response = client.post("/dang-nhap/", {"username": "mai@example.vn", "password": "sai-mat-khau-99"})
    assert response.status_code == 200
    assert "Sai thông tin đăng nhập" in response.content.decode()


def test_registration_returns_to_where_the_citizen_was_going(client):
    response = client.post("/dang-ky/?next=/thu-tuc/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/thu-tuc/"


def test_registration_ignores_an_outside_next_url(client):
    response = client.post("/dang-ky/", {**GOOD, "next": "https://evil.example/"})
    assert response["Location"] == "/tai-khoan/"
