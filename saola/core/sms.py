"""SMS through an HTTP JSON provider: the protocol Saola speaks to an SMS gateway.

A provider adapter (or the province's SMS gateway) implements it; tests use the stand-in in
tests/support/sms_server.py.

Request::

    POST <SAOLA_SMS_URL>
    Authorization: Bearer <SAOLA_SMS_API_KEY>
    Content-Type: application/json; charset=utf-8
    Idempotency-Key: <idempotency_key>

    {"to": "+84912345678", "message": "...", "sender": "<SAOLA_SMS_SENDER>",
     "idempotency_key": "<idempotency_key>"}

`to` is in E.164 form; `sender` is the registered brand name; `idempotency_key` is the same on
every retry of one notification, and a provider that has already accepted it answers 2xx again
without sending a second message.

Response:

- 2xx: accepted; an optional JSON body ``{"id": "<provider message id>"}``.
- 4xx: refused for good (bad number, bad key, content refused): not retried. Two exceptions,
  408 Request Timeout and 429 Too Many Requests, say "try later" and are retried.
- 5xx, a timeout or a connection error: temporary; retried later with the same key.
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

from saola.core.exceptions import ExternalServiceError
from saola.core.validators import normalize_phone

_MOBILE = re.compile(r"^0\d{9}$")
RETRYABLE_4XX = {408, 429}


class SmsRejected(ExternalServiceError):
    """The provider refused the message for good: retrying the same request cannot succeed."""


class SmsUnavailable(ExternalServiceError):
    """The provider could not take the message now (5xx, timeout, connection): retry later."""


def phone_to_e164(number: str) -> str:
    """A Vietnamese mobile number ("0912 345 678", "+84912345678") as "+84912345678"."""
    local = normalize_phone(number)
    if not _MOBILE.match(local):
        raise ValueError(f"not a Vietnamese mobile number: {number!r}")
    return "+84" + local[1:]


def is_mobile_number(number: str) -> bool:
    return bool(_MOBILE.match(normalize_phone(number)))


def unaccent(text: str) -> str:
    """Vietnamese without diacritics, case kept ("Hồ sơ Đã" → "Ho so Da"), for GSM-7 SMS."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


def _endpoint() -> str:
    url: str = settings.SAOLA_SMS_URL
    if urlsplit(url).scheme not in {"http", "https"}:
        raise SmsRejected("Địa chỉ dịch vụ SMS chưa được cấu hình đúng (SAOLA_SMS_URL).")
    return url


def sms_send_now(*, to: str, message: str, idempotency_key: str) -> str:
    """Send one SMS now (no transaction, no retry); the provider's message id, or "".

    Raises SmsRejected for a refusal that retrying cannot fix, SmsUnavailable for a failure
    worth retrying later with the same `idempotency_key`.
    """
    text = unaccent(message) if settings.SAOLA_SMS_UNACCENTED else message
    payload = {
        "to": phone_to_e164(to),
        "message": text,
        "sender": settings.SAOLA_SMS_SENDER,
        "idempotency_key": idempotency_key,
    }
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked in _endpoint
        _endpoint(),
        data=json.dumps(payload, ensure_ascii=False).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {settings.SAOLA_SMS_API_KEY}",
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Idempotency-Key": idempotency_key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SAOLA_SMS_TIMEOUT) as response:  # noqa: S310
            body = response.read(64 * 1024)
    except urllib.error.HTTPError as exc:
        detail = f"HTTP {exc.code}: {exc.read(2000).decode(errors='replace')}"
        exc.close()
        if 400 <= exc.code < 500 and exc.code not in RETRYABLE_4XX:
            raise SmsRejected(detail) from exc
        raise SmsUnavailable(detail) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SmsUnavailable(f"{type(exc).__name__}: {exc}") from exc
    return _message_id(body)


def _message_id(body: bytes) -> str:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return ""
    return str(data.get("id", ""))[:128] if isinstance(data, dict) else ""
