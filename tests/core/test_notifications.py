"""Notifications: outbox rows sent after commit over a real local SMTP server and an SMS stand-in,
with retries, permanent failures, idempotency and templates edited in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from saola.core import notifications
from saola.core.models import AuditEntry, Notification, NotificationTemplate
from saola.core.notifications import (
    notification_queue,
    notification_requeue,
    notification_send,
    notification_template_get,
    retry_delay,
)
from saola.core.sms import phone_to_e164, unaccent
from saola.core.tasks import enqueue_on_commit, send_notification
from tests.support.smtp_server import free_port

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CONTEXT = {
    "code": "000.01.53.H53-261125-0001",
    "applicant_name": "Lò Thị Mai",
    "procedure": "Đăng ký khai sinh",
    "organization": "UBND phường Tô Hiệu",
    "received_at": "08:30 25/11/2026",
    "due_at": "17:30 30/11/2026",
    "lookup_url": "http://localhost:8000/tra-cuu/000.01.53.H53-261125-0001/",
    "portal_owner": "tỉnh Sơn La",
}


def queue_email(key: str = "t-email", **kwargs) -> Notification:
    return notification_queue(
        channel="email",
        recipient=kwargs.pop("recipient", "mai@example.vn"),
        key="dossier.received",
        context=CONTEXT,
        idempotency_key=key,
        **kwargs,
    )


def queue_sms(key: str = "t-sms") -> Notification:
    return notification_queue(
        channel="sms", recipient="0912 345 678", key="dossier.received", context=CONTEXT, idempotency_key=key
    )


def test_email_is_sent_over_smtp_only_after_commit(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notification = queue_email()
        assert notification.status == "queued" and notification.attempts == 0
    assert len(callbacks) == 1 and smtp_server.messages == []
    callbacks[0]()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == ("sent", 1, "")
    assert notification.sent_at is not None
    [message] = smtp_server.messages
    # Django folds the encoded subject onto a continuation line; unfolding leaves a leading space.
    assert message["Subject"].strip() == "Hồ sơ 000.01.53.H53-261125-0001 đã được tiếp nhận"
    assert message["To"] == "mai@example.vn"
    assert message["Message-ID"] == notifications._message_id(notification)
    body = message.get_content()
    assert "Kính gửi ông/bà Lò Thị Mai" in body
    assert "Ngày hẹn trả kết quả: 17:30 30/11/2026" in body
    assert CONTEXT["lookup_url"] in body
    assert smtp_server.envelopes[0].rcpt_tos == ["mai@example.vn"]


def test_smtp_temporary_refusal_is_retried_then_sent(smtp_server, django_capture_on_commit_callbacks):
    smtp_server.rcpt_script = ["451 4.3.0 Try again later"]
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_email()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert len(smtp_server.messages) == 1


def test_smtp_permanent_refusal_fails_without_retry(smtp_server, django_capture_on_commit_callbacks):
    smtp_server.rcpt_script = ["550 5.1.1 No such user"]
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_email(recipient="khong-ton-tai@example.vn")
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 1)
    assert "550" in notification.last_error
    assert smtp_server.messages == []


def test_unreachable_smtp_server_is_retried_until_the_attempts_run_out(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.SAOLA_NOTIFICATION_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_email()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 3)
    assert "ConnectionRefusedError" in notification.last_error


def test_sms_posts_json_with_the_bearer_key(sms_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.external_id) == ("sent", 1, "msg-1")
    [request] = sms_server.requests
    assert request.headers["Authorization"] == "Bearer sms-test-key"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.headers["Idempotency-Key"] == "t-sms"
    assert request.payload == {
        "to": "+84912345678",
        "message": notification.body,
        "sender": "SAOLA",
        "idempotency_key": "t-sms",
    }
    # Brand-name SMS without diacritics by default.
    assert notification.body.startswith("UBND phuong To Hieu da tiep nhan ho so 000.01.53.H53-261125-0001")


def test_sms_keeps_diacritics_when_the_provider_takes_unicode(settings, sms_server, django_capture_on_commit_callbacks):
    settings.SAOLA_SMS_UNACCENTED = False
    with django_capture_on_commit_callbacks(execute=True):
        queue_sms()
    assert sms_server.requests[0].payload["message"].startswith("UBND phường Tô Hiệu đã tiếp nhận hồ sơ")


def test_sms_server_error_is_retried_then_sent_once(sms_server, django_capture_on_commit_callbacks):
    sms_server.script = [503, 502]
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 3)
    assert [r.status for r in sms_server.requests] == [503, 502, 200]
    assert {r.payload["idempotency_key"] for r in sms_server.requests} == {"t-sms"}
    assert list(sms_server.delivered) == ["t-sms"]


def test_sms_timeout_is_retried_with_the_same_key(settings, sms_server, django_capture_on_commit_callbacks):
    settings.SAOLA_SMS_TIMEOUT = 0.3
    sms_server.delays = [1.0]
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert "timed out" in notification.last_error or notification.last_error == ""


def test_sms_client_error_fails_for_good(sms_server, django_capture_on_commit_callbacks):
    sms_server.script = [400]
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 1)
    assert "HTTP 400" in notification.last_error
    assert len(sms_server.requests) == 1


def test_sms_wrong_key_fails_for_good(settings, sms_server, django_capture_on_commit_callbacks):
    settings.SAOLA_SMS_API_KEY = "sai-khoa"
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    notification.refresh_from_db()
    assert notification.status == "failed" and "HTTP 401" in notification.last_error


def test_too_many_requests_is_retried(sms_server, django_capture_on_commit_callbacks):
    sms_server.script = [429]
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)


def test_retries_stop_after_the_maximum(settings, sms_server, django_capture_on_commit_callbacks):
    settings.SAOLA_NOTIFICATION_MAX_ATTEMPTS = 3
    sms_server.script = [503] * 10
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 3)
    assert len(sms_server.requests) == 3


def test_retry_is_deferred_with_backoff_on_the_database_backend(settings, sms_server):
    settings.TASKS = DATABASE_TASKS
    sms_server.script = [503]
    notification = queue_sms()
    [first] = DBTaskResult.objects.all()
    assert first.args_kwargs == {"args": [], "kwargs": {"notification_id": notification.pk}}
    before = timezone.now()
    notification = notification_send(notification_id=notification.pk)
    assert (notification.status, notification.attempts) == ("queued", 1)
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert before + dt.timedelta(seconds=59) <= retry.run_after <= timezone.now() + dt.timedelta(seconds=61)
    assert retry.args_kwargs["kwargs"] == {"notification_id": notification.pk}
    # The retry, when its time comes, sends it.
    notification = notification_send(notification_id=notification.pk)
    assert (notification.status, notification.attempts) == ("sent", 2)


@transaction.atomic
def queue_then_fail() -> None:
    queue_email()
    assert Notification.objects.count() == 1
    raise RuntimeError("lỗi sau khi ghi thông báo")


def test_database_backend_task_rolls_back_with_the_change(settings):
    settings.TASKS = DATABASE_TASKS
    with pytest.raises(RuntimeError):
        queue_then_fail()
    assert not Notification.objects.exists() and not DBTaskResult.objects.exists()


def test_rolled_back_queue_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        queue_then_fail()
    assert callbacks == [] and mail.outbox == [] and not Notification.objects.exists()


def test_one_row_and_one_message_per_idempotency_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue_email("same")
        second = queue_email("same")
    assert first.pk == second.pk and len(callbacks) == 1
    assert len(mail.outbox) == 1
    # A duplicate task for a row already sent, or one another worker is sending, does nothing.
    send_notification.enqueue(notification_id=first.pk)
    assert len(mail.outbox) == 1
    other = queue_email("claimed")
    Notification.objects.filter(pk=other.pk).update(claimed_until=timezone.now() + dt.timedelta(minutes=1))
    assert notification_send(notification_id=other.pk).status == "queued"
    assert len(mail.outbox) == 1
    assert notification_send(notification_id=10**9) is None


def test_template_edited_in_the_database_is_used(django_capture_on_commit_callbacks):
    NotificationTemplate.objects.filter(key="dossier.received", channel="email").update(
        subject="Thông báo tiếp nhận hồ sơ {{ code }}", body="Ông/bà {{ applicant_name }} ơi, hẹn ngày {{ due_at }}."
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_email()
    [message] = mail.outbox
    assert message.subject == "Thông báo tiếp nhận hồ sơ 000.01.53.H53-261125-0001"
    assert message.body == "Ông/bà Lò Thị Mai ơi, hẹn ngày 17:30 30/11/2026."


def test_default_templates_are_seeded_and_recreated_on_first_use():
    keys = set(NotificationTemplate.objects.values_list("key", "channel"))
    for key in ("dossier.received", "dossier.supplement_requested", "dossier.result_ready", "dossier.apology"):
        assert {(key, "email"), (key, "sms")} <= keys
    NotificationTemplate.objects.all().delete()
    template = notification_template_get(key="dossier.apology", channel="email", language="en")
    assert template.language == "vi" and "xin lỗi" in template.body
    assert NotificationTemplate.objects.count() == 1


def test_template_with_a_syntax_error_is_refused():
    template = NotificationTemplate(
        key="dossier.received", channel="email", subject="{{ code|khong_co_bo_loc_nay }}", body="{% if %}"
    )
    with pytest.raises(ValidationError) as exc:
        template.full_clean(exclude=["key"])
    assert set(exc.value.message_dict) == {"subject", "body"}


def test_failed_notification_can_be_queued_again(sms_server, platform_admin, django_capture_on_commit_callbacks):
    sms_server.script = [400]
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    notification.refresh_from_db()
    assert notification.status == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        notification_requeue(actor=platform_admin, notification=notification)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)
    assert AuditEntry.objects.filter(action="notification.requeue", object_id=str(notification.pk)).exists()


def test_admin_lists_templates_and_sends_failed_notifications_again(
    sms_server, django_capture_on_commit_callbacks, django_user_model
):
    admin = django_user_model.objects.create_superuser(username="root", email="root@example.vn", password="x-2026-y")
    sms_server.script = [400]
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_sms()
    client = Client()
    client.force_login(admin)
    template = NotificationTemplate.objects.get(key="dossier.received", channel="email")
    page = client.get(reverse("admin:core_notificationtemplate_change", args=[template.pk]))
    assert page.status_code == 200 and "{{ lookup_url }}" in page.content.decode()
    assert client.get(reverse("admin:core_notification_changelist")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:core_notification_changelist"),
            {"action": "send_again", "_selected_action": [notification.pk]},
        )
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.status == "sent"


def test_enqueue_on_commit_takes_json_arguments_only():
    with pytest.raises(TypeError):
        enqueue_on_commit(send_notification, notification_id=timezone.now())


def test_retry_delay_backs_off_exponentially(settings):
    settings.SAOLA_NOTIFICATION_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 8)] == [60, 120, 240, 3600]


def test_phone_numbers_and_unaccented_text():
    assert phone_to_e164("0912 345 678") == phone_to_e164("+84912345678") == "+84912345678"
    with pytest.raises(ValueError, match="not a Vietnamese mobile number"):
        phone_to_e164("12345")
    assert unaccent("Hồ sơ ĐÃ được tiếp nhận, Đăng ký") == "Ho so DA duoc tiep nhan, Dang ky"


def test_sent_or_held_notifications_are_not_queued_again(django_capture_on_commit_callbacks):
    from saola.core.exceptions import ConflictError

    with django_capture_on_commit_callbacks(execute=True):
        sent = queue_email("sent")
    sent.refresh_from_db()
    with pytest.raises(ConflictError):
        notification_requeue(actor=None, notification=sent)
    held = queue_email("held")
    Notification.objects.filter(pk=held.pk).update(claimed_until=timezone.now() + dt.timedelta(minutes=1))
    with pytest.raises(ConflictError):
        notification_requeue(actor=None, notification=held)
    # A queued row whose task was lost (no worker holds it) can be queued again.
    lost = queue_email("lost")
    Notification.objects.filter(pk=lost.pk).update(attempts=2, claimed_until=timezone.now() - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        notification_requeue(actor=None, notification=lost)
    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == ("sent", 1)
