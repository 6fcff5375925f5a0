"""Telling applicants about their dossier by e-mail and SMS when something they wait for happens.

Called by `services.common.record_event` for every history event, inside the transaction of
the change: the messages are outbox rows sent after commit (saola.core.notifications).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from saola.core.models import Notification, NotificationChannel
from saola.core.notifications import notification_queue
from saola.core.sms import is_mobile_number
from saola.dossiers.documents.render import lookup_url, short_datetime
from saola.dossiers.models import Dossier, DossierEvent
from saola.dossiers.states import Action

# Event action → notification template key.
EVENT_NOTIFICATIONS: dict[str, str] = {
    Action.ACCEPT: "dossier.received",
    Action.REQUEST_SUPPLEMENT: "dossier.supplement_requested",
    Action.FINISH: "dossier.result_ready",
    "apologize": "dossier.apology",
    Action.REQUEST_PAYMENT: "dossier.payment_required",
}


def _context(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    snapshot = dossier.procedure_snapshot or {}
    context: dict[str, Any] = {
        "code": dossier.code,
        "applicant_name": dossier.applicant_name,
        "procedure": snapshot.get("name") or dossier.procedure.name,
        "organization": dossier.organization.name,
        "received_at": short_datetime(dossier.received_at),
        "due_at": short_datetime(dossier.due_at),
        "lookup_url": lookup_url(dossier.code),
        "portal_owner": settings.SAOLA_PORTAL_OWNER,
        "reason": event.note,
    }
    if event.action == Action.REQUEST_PAYMENT:
        path = reverse("dossiers_citizen:dossier_detail", args=[dossier.code])
        context["detail_url"] = f"{settings.SAOLA_PUBLIC_URL.rstrip('/')}{path}"
    if event.action == "apologize":
        apology = dossier.apologies.order_by("-created_at", "-id").first()
        if apology is not None:
            context.update(
                reason=apology.reason,
                previous_due_at=short_datetime(apology.previous_due_at),
                new_due_at=short_datetime(apology.new_due_at),
            )
    return context


def dossier_event_notify(*, dossier: Dossier, event: DossierEvent) -> list[Notification]:
    """Queue the applicant's e-mail (and SMS, when an SMS service is configured) for `event`.

    Nothing for events the applicant is not told about. One message per event and channel:
    the idempotency key is the event's id.
    """
    key = EVENT_NOTIFICATIONS.get(event.action)
    if key is None:
        return []
    recipients: list[tuple[str, str]] = []
    if dossier.applicant_email:
        recipients.append((NotificationChannel.EMAIL, dossier.applicant_email))
    if settings.SAOLA_SMS_URL and dossier.applicant_phone and is_mobile_number(dossier.applicant_phone):
        recipients.append((NotificationChannel.SMS, dossier.applicant_phone))
    if not recipients:
        return []
    context = _context(dossier, event)
    return [
        notification_queue(
            channel=channel,
            recipient=recipient,
            key=key,
            context=context,
            idempotency_key=f"dossier-event:{event.pk}:{channel}",
        )
        for channel, recipient in recipients
    ]
