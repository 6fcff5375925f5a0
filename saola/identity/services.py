"""Account self-service: a forgotten password is reset through a one-time link.

The link goes to the address the account signs in with: by e-mail, or by SMS for an account
that has only a phone number. The answer never says whether an account exists, so the form
cannot be used to find out who has an account.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from saola.core.audit import audit_record
from saola.core.models import NotificationChannel, User
from saola.core.notifications import notification_queue
from saola.core.validators import normalize_phone

RESET_KEY = "account.password_reset"


def _account_for(login: str) -> User | None:
    login = login.strip()
    if not login:
        return None
    query = Q(email__iexact=login) if "@" in login else Q(phone=normalize_phone(login))
    user = User.objects.filter(query, is_active=True).first()
    return user if user is not None and user.has_usable_password() else None


def password_reset_link(*, user: User) -> str:
    """The absolute one-time link that sets a new password for `user`."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("identity:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SAOLA_PUBLIC_URL.rstrip('/')}{path}"


@transaction.atomic
def password_reset_request(*, login: str) -> bool:
    """Send a reset link to the account that signs in with `login` (e-mail or phone).

    Returns whether a message was queued; callers must not show it. The message is written to
    the notification outbox and sent after commit; the request is audited on the account.
    """
    user = _account_for(login)
    if user is None:
        return False
    by_email = bool(user.email) and "@" in login
    channel = NotificationChannel.EMAIL if by_email or not user.phone else NotificationChannel.SMS
    recipient = user.email if channel == NotificationChannel.EMAIL else user.phone
    if not recipient:
        return False
    notification_queue(
        channel=channel,
        recipient=recipient,
        key=RESET_KEY,
        context={
            "name": user.display_name,
            "reset_url": password_reset_link(user=user),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "portal_owner": settings.SAOLA_PORTAL_OWNER,
        },
        idempotency_key=f"{RESET_KEY}:{user.pk}:{uuid.uuid4().hex}",
    )
    audit_record(actor=None, action="account.password_reset_requested", obj=user, after={"channel": channel})
    return True


@transaction.atomic
def password_set_by_reset(*, user: User, password: str) -> None:
    """Set the password chosen through a valid reset link (the caller checked the token and the
    password validators). Sessions signed in with the old password end with it; audited."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="account.password_reset_done", obj=user)
