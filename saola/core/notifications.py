"""Notifications by e-mail and SMS, as an outbox.

`notification_queue` writes one `Notification` row inside the transaction of the change it
announces and enqueues `send_notification` for commit: a change that rolls back announces
nothing. The task claims the row, sends it outside any transaction, and records the outcome:
sent, failed for good (SMTP 5xx, SMS 4xx), or retried later with exponential backoff (SMTP 4xx,
connection errors, SMS 5xx or timeout) until `SAOLA_NOTIFICATION_MAX_ATTEMPTS`. A row is sent
at most once by this side; the SMS idempotency key and the e-mail Message-ID, both fixed per
row, let the receiving side drop the duplicate a crash between sending and recording could
cause. Failed rows stay listed in the admin, which can queue them again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import smtplib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context, Template
from django.utils import timezone

from saola.core import sms
from saola.core.audit import audit_record
from saola.core.exceptions import ConflictError, NotFoundError
from saola.core.models import Notification, NotificationChannel, NotificationTemplate, User
from saola.core.notification_texts import DEFAULT_TEMPLATES
from saola.core.tasks import enqueue_on_commit
from saola.core.tasks import send_notification as send_notification_task

DEFAULT_LANGUAGE = "vi"
# How long one worker owns a row while sending; longer than the SMTP and SMS timeouts.
CLAIM_LEASE = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Outcome:
    sent: bool
    retry: bool = False
    error: str = ""
    external_id: str = ""


def notification_template_get(*, key: str, channel: str, language: str = DEFAULT_LANGUAGE) -> NotificationTemplate:
    """The template for `key` on `channel` in `language` (Vietnamese when there is none).

    A template missing from the database (never seeded, or deleted) is created from the
    defaults in `notification_texts` on first use.
    """
    for lang in dict.fromkeys([language, DEFAULT_LANGUAGE]):
        template = NotificationTemplate.objects.filter(key=key, channel=channel, language=lang).first()
        if template is not None:
            return template
    default = next((row for row in DEFAULT_TEMPLATES if row[:3] == (key, channel, DEFAULT_LANGUAGE)), None)
    if default is None:
        raise NotFoundError("Không có mẫu thông báo này.", extra={"key": key, "channel": channel})
    template, _ = NotificationTemplate.objects.get_or_create(
        key=key, channel=channel, language=DEFAULT_LANGUAGE, defaults={"subject": default[3], "body": default[4]}
    )
    return template


def notification_render(*, template: NotificationTemplate, context: dict[str, Any]) -> tuple[str, str]:
    """(subject on one line, body) of `template` with `context`; plain text, no HTML escaping."""
    values = Context(context, autoescape=False)
    subject = " ".join(Template(template.subject).render(values).split())
    body = Template(template.body).render(values).strip()
    if template.channel == NotificationChannel.SMS:
        body = " ".join(body.split())
        if settings.SAOLA_SMS_UNACCENTED:
            body = sms.unaccent(body)
    return subject[:255], body


@transaction.atomic
def notification_queue(
    *,
    channel: str,
    recipient: str,
    key: str,
    context: dict[str, Any],
    idempotency_key: str,
    language: str = DEFAULT_LANGUAGE,
) -> Notification:
    """Write the outbox row for one message and enqueue its sending for commit.

    Call inside the transaction of the change the message announces. The same
    `idempotency_key` returns the row already written and enqueues nothing more.
    """
    existing = Notification.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    template = notification_template_get(key=key, channel=channel, language=language)
    subject, body = notification_render(template=template, context=context)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                channel=channel,
                recipient=recipient,
                template_key=key,
                subject=subject if channel == NotificationChannel.EMAIL else "",
                body=body,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # Written meanwhile by a concurrent transaction with the same key.
        return Notification.objects.get(idempotency_key=idempotency_key)
    enqueue_on_commit(send_notification_task, notification_id=notification.pk)
    return notification


def _message_id(notification: Notification) -> str:
    """A Message-ID fixed per notification, so a resent copy is recognisably the same message."""
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:32]
    host = urlsplit(settings.SAOLA_PUBLIC_URL).hostname or "saola.invalid"
    return f"<{digest}@{host}>"


def _send_email_now(notification: Notification) -> Outcome:
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        headers={"Message-ID": _message_id(notification)},
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return Outcome(sent=False, retry=not permanent, error=f"SMTP từ chối người nhận: {exc.recipients}")
    except smtplib.SMTPResponseException as exc:
        return Outcome(sent=False, retry=exc.smtp_code < 500, error=f"SMTP {exc.smtp_code}: {exc.smtp_error!r}")
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome(sent=False, retry=True, error=f"{type(exc).__name__}: {exc}")
    return Outcome(sent=True)


def _send_sms_now(notification: Notification) -> Outcome:
    if not settings.SAOLA_SMS_URL:
        return Outcome(sent=False, error="Chưa cấu hình dịch vụ SMS (SAOLA_SMS_URL).")
    try:
        external_id = sms.sms_send_now(
            to=notification.recipient, message=notification.body, idempotency_key=notification.idempotency_key
        )
    except sms.SmsRejected as exc:
        return Outcome(sent=False, error=str(exc.message))
    except sms.SmsUnavailable as exc:
        return Outcome(sent=False, retry=True, error=str(exc.message))
    except ValueError as exc:
        return Outcome(sent=False, error=str(exc))
    return Outcome(sent=True, external_id=external_id)


def _claim(notification_id: int, *, now: dt.datetime) -> bool:
    """Take the row for sending (one more attempt) unless it is done or another worker holds it."""
    claimed = (
        Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(attempts=F("attempts") + 1, claimed_until=now + CLAIM_LEASE)
    )
    return claimed == 1


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff: the base delay, doubled after each failed attempt, at most an hour."""
    base = dt.timedelta(seconds=settings.SAOLA_NOTIFICATION_RETRY_SECONDS)
    doublings = min(max(attempts - 1, 0), 16)
    return min(base * (1 << doublings), MAX_BACKOFF)


def _enqueue_retry(notification: Notification) -> None:
    task = send_notification_task
    # Backends that cannot defer (the immediate one in tests) get the retry at once.
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + retry_delay(notification.attempts))
    enqueue_on_commit(task, notification_id=notification.pk)


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one queued notification now, if no other worker is; None if the row is gone.

    Runs outside any transaction (in the `send_notification` task): the row is claimed by a
    conditional UPDATE, the message goes out, then the outcome is saved. A temporary failure
    re-enqueues the task (deferred by `retry_delay` where the backend supports it) until the
    attempts run out; a permanent one marks the row failed at once.
    """
    if not _claim(notification_id, now=timezone.now()):
        return Notification.objects.filter(pk=notification_id).first()
    notification = Notification.objects.get(pk=notification_id)
    sender = _send_email_now if notification.channel == NotificationChannel.EMAIL else _send_sms_now
    outcome = sender(notification)
    notification.claimed_until = None
    notification.last_error = outcome.error[:2000]
    if outcome.sent:
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.external_id = outcome.external_id
    elif not outcome.retry or notification.attempts >= settings.SAOLA_NOTIFICATION_MAX_ATTEMPTS:
        notification.status = Notification.Status.FAILED
    notification.save(update_fields=["status", "sent_at", "external_id", "claimed_until", "last_error"])
    if notification.status == Notification.Status.QUEUED:
        _enqueue_retry(notification)
        notification.refresh_from_db()
    return notification


@transaction.atomic
def notification_requeue(*, actor: User | None, notification: Notification) -> Notification:
    """Queue a notification again with a fresh set of attempts (admin "send again").

    For failed rows, and for queued rows no worker holds (a task lost with its worker); a row
    already sent, or being sent right now, is refused.
    """
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    held = locked.claimed_until is not None and locked.claimed_until > timezone.now()
    if locked.status == Notification.Status.SENT or held:
        raise ConflictError("Thông báo này đã được gửi hoặc đang được gửi.")
    locked.status = Notification.Status.QUEUED
    locked.attempts = 0
    locked.claimed_until = None
    locked.save(update_fields=["status", "attempts", "claimed_until"])
    audit_record(actor=actor, action="notification.requeue", obj=locked, after={"status": locked.status})
    enqueue_on_commit(send_notification_task, notification_id=locked.pk)
    return locked
