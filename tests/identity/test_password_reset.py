"""Forgotten password: a one-time link by e-mail (or SMS for phone-only accounts)."""

import re

import pytest
from django.core import mail

from saola.core.models import AuditEntry, Notification, User

pytestmark = pytest.mark.django_db

OLD = "Hoa-ban-trang-2026"
NEW = "Mua-hoa-ban-2027"


@pytest.fixture
def mai():
    user = User(username="mai.reset", email="mai@example.vn", first_name="Mai", kind=User.Kind.CITIZEN)
    user.set_password(OLD)
    user.save()
    return user


def _link(text: str) -> str:
    match = re.search(r"https?://[^\s]+/dat-lai-mat-khau/[^\s]+/", text)
    assert match, text
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_reset_by_email_sets_a_new_password_once(client, mai, django_capture_on_commit_callbacks):
    assert "/quen-mat-khau/" in client.get("/dang-nhap/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/quen-mat-khau/", {"login": "MAI@example.vn"})
    assert response.status_code == 200 and "liên kết đặt lại mật khẩu vừa được gửi" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["mai@example.vn"] and "Đặt lại mật khẩu" in message.subject
    link = _link(message.body)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Mật khẩu mới" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert "Hai mật khẩu không khớp." in mismatch.content.decode()
    weak = client.post(set_url, {"new_password1": "1234567890", "new_password2": "1234567890"})
    assert weak.status_code == 200 and not User.objects.get(pk=mai.pk).check_password("1234567890")
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    mai.refresh_from_db()
    assert mai.check_password(NEW) and not mai.check_password(OLD)
    assert AuditEntry.objects.filter(action="account.password_reset_done", object_id=str(mai.pk)).exists()
    again = client.get(link, follow=True)
    assert "không còn hiệu lực" in again.content.decode()
    assert client.login(username="mai@example.vn", password=NEW)


def test_unknown_login_gets_the_same_answer_and_nothing_is_sent(client, mai):
    def page(login: str) -> str:
        html = client.post("/quen-mat-khau/", {"login": login}).content.decode().replace(login, "X")
        return re.sub(r'value="[^"]{40,}"', "", html)  # the CSRF token changes every time

    assert page("mai@example.vn") == page("ai-do@example.vn")
    assert Notification.objects.filter(recipient="ai-do@example.vn").count() == 0
    assert client.post("/quen-mat-khau/", {"login": ""}).status_code == 400


def test_phone_only_account_gets_the_link_by_sms(client, sms_server, django_capture_on_commit_callbacks):
    user = User(username="ba.phone", phone="0912345678", first_name="Bá", kind=User.Kind.CITIZEN)
    user.set_password(OLD)
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/quen-mat-khau/", {"login": "0912 345 678"})
    [request] = sms_server.requests
    assert request.payload["to"] == "+84912345678" and "/dat-lai-mat-khau/" in request.payload["message"]
    assert not mail.outbox


def test_reset_requests_are_rate_limited(client, mai):
    for _ in range(5):
        assert client.post("/quen-mat-khau/", {"login": "mai@example.vn"}).status_code == 200
    response = client.post("/quen-mat-khau/", {"login": "mai@example.vn"})
    assert response.status_code == 429 and "quá nhiều lần" in response.content.decode()
    assert Notification.objects.filter(template_key="account.password_reset").count() == 5
