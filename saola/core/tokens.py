"""Issuing and checking API bearer tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from saola.core.audit import audit_record
from saola.core.models import ApiToken, User

TOKEN_PREFIX = "sao_"  # noqa: S105 - a public prefix, not a secret
DEFAULT_LIFETIME = dt.timedelta(days=30)


def secret_hash(secret: str) -> str:
    """The stored form of a bearer secret (API tokens, hub agencies): its SHA-256, never the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str, lifetime: dt.timedelta = DEFAULT_LIFETIME) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the secret, which is shown only once."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[:12],
        key_hash=secret_hash(secret),
        expires_at=timezone.now() + lifetime,
    )
    audit_record(actor=user, action="api_token.issue", obj=token, after={"name": token.name, "prefix": token.prefix})
    return token, secret


def api_token_user(*, secret: str) -> User | None:
    """The active user a secret belongs to, or None for unknown, revoked or expired tokens."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=secret_hash(secret), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)
    audit_record(actor=actor, action="api_token.revoke", obj=token, before={"revoked": False}, after={"revoked": True})
