"""The payment provider protocol Saola speaks: signed redirect, signed server callback, status query.

Modelled on the Vietnamese payment platforms (the national public-service portal's payment
platform, VNPay, KeyPay): the platform never sees card or bank data; it sends the applicant's
browser to the provider with a signed request, and learns the outcome from the provider's
signed server-to-server callback (or by asking). A provider adapter (or the province's gateway)
implements it; tests and the demo use the stand-in in tests/support/paygate.py.

Signature: lowercase hex HMAC-SHA256, keyed with the shared secret (`SAOLA_PAYMENT_SECRET`),
over the canonical string of every parameter but `signature`: the parameters sorted by name,
each written `name=value` with name and value percent-encoded as UTF-8 (RFC 3986, nothing left
unescaped but unreserved characters), joined with `&`. Empty values are included.

Pay (browser redirect)::

    GET <SAOLA_PAYMENT_URL>/pay?merchant=..&order_id=..&amount=..&currency=VND&description=..
        &return_url=..&callback_url=..&timestamp=..&signature=..

`amount` is an integer number of đồng; `timestamp` is yyyyMMddHHmmss in Vietnam time.

Callback (provider → platform, POST JSON or form to `callback_url`)::

    {"merchant", "order_id", "amount", "status": "paid" | "failed" | "cancelled",
     "transaction_id", "paid_at": yyyyMMddHHmmss or "", "timestamp", "signature"}

The platform answers 200 ``{"code": "00", "message": ...}`` once it has recorded the outcome,
also for a callback it has already recorded (the provider may repeat it); 4xx with the
platform's error body when the callback is refused (bad signature, unknown order, wrong amount,
an outcome contradicting the one recorded).

Status query (platform → provider)::

    GET <SAOLA_PAYMENT_URL>/query?merchant=..&order_id=..&timestamp=..&signature=..
    200 {"merchant", "order_id", "amount", "status": "pending" | "paid" | "failed" | "cancelled"
         | "not_found", "transaction_id", "paid_at", "timestamp", "signature"}

The browser's return to `return_url` carries no authority: the page only shows the state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.utils import timezone

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import ExternalServiceError

TIMESTAMP_FORMAT = "%Y%m%d%H%M%S"
CALLBACK_STATUSES = {"paid", "failed", "cancelled"}
QUERY_STATUSES = {"pending", "paid", "failed", "cancelled", "not_found"}


class ProviderUnavailable(ExternalServiceError):
    """The provider did not answer, or answered something that is not a valid signed reply."""


def online_payment_enabled() -> bool:
    """Online payment is offered only when the provider is configured; otherwise fees are paid
    at the counter and an officer confirms them."""
    return bool(settings.SAOLA_PAYMENT_URL and settings.SAOLA_PAYMENT_MERCHANT and settings.SAOLA_PAYMENT_SECRET)


def canonical(params: Mapping[str, object]) -> str:
    return "&".join(
        f"{quote(str(k), safe='')}={quote(str(v), safe='')}" for k, v in sorted(params.items()) if k != "signature"
    )


def sign(params: Mapping[str, object], *, secret: str | None = None) -> str:
    key = (secret if secret is not None else settings.SAOLA_PAYMENT_SECRET).encode()
    return hmac.new(key, canonical(params).encode(), hashlib.sha256).hexdigest()


def signature_valid(params: Mapping[str, object]) -> bool:
    given = params.get("signature")
    return isinstance(given, str) and hmac.compare_digest(given.lower(), sign(params))


def timestamp(moment: dt.datetime | None = None) -> str:
    return (moment or timezone.now()).astimezone(LOCAL_TZ).strftime(TIMESTAMP_FORMAT)


def parse_timestamp(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=LOCAL_TZ)
    except ValueError:
        return None


def _base() -> str:
    url: str = settings.SAOLA_PAYMENT_URL
    if urlsplit(url).scheme not in {"http", "https"}:
        raise ProviderUnavailable("Địa chỉ dịch vụ thanh toán chưa được cấu hình đúng (SAOLA_PAYMENT_URL).")
    return url.rstrip("/")


def pay_url(*, order_id: str, amount: int, description: str, return_url: str, callback_url: str) -> str:
    """The signed URL the applicant's browser is sent to."""
    params: dict[str, str] = {
        "merchant": settings.SAOLA_PAYMENT_MERCHANT,
        "order_id": order_id,
        "amount": str(amount),
        "currency": "VND",
        "description": description,
        "return_url": return_url,
        "callback_url": callback_url,
        "timestamp": timestamp(),
    }
    params["signature"] = sign(params)
    return f"{_base()}/pay?{urlencode(params)}"


@dataclass(frozen=True)
class ProviderResult:
    """What the provider says about one order (from a callback or a status query)."""

    order_id: str
    amount: str
    status: str
    transaction_id: str = ""
    paid_at: dt.datetime | None = None


def normalised(params: Mapping[str, object]) -> dict[str, str]:
    """Parameters as strings (a JSON body may carry the amount as a number); other values dropped,
    so a message carrying them no longer matches its signature."""
    return {
        str(k): v if isinstance(v, str) else str(v)
        for k, v in params.items()
        if isinstance(v, str | int) and not isinstance(v, bool)
    }


def result_from(params: Mapping[str, object], *, statuses: set[str]) -> ProviderResult | None:
    """The result carried by signed `params`, or None if they are not a well-formed result of ours."""
    fields = normalised(params)
    if len(fields) != len(params) or not signature_valid(fields):
        return None
    if fields.get("merchant") != settings.SAOLA_PAYMENT_MERCHANT or fields.get("status") not in statuses:
        return None
    paid_at = str(fields.get("paid_at") or "")
    return ProviderResult(
        order_id=str(fields.get("order_id", "")),
        amount=str(fields.get("amount", "")),
        status=str(fields["status"]),
        transaction_id=str(fields.get("transaction_id", ""))[:64],
        paid_at=parse_timestamp(paid_at) if paid_at else None,
    )


def query_now(*, order_id: str) -> ProviderResult:
    """Ask the provider now (no transaction held, no retry) what became of `order_id`."""
    params: dict[str, str] = {
        "merchant": settings.SAOLA_PAYMENT_MERCHANT,
        "order_id": order_id,
        "timestamp": timestamp(),
    }
    params["signature"] = sign(params)
    request = urllib.request.Request(  # noqa: S310 - scheme checked by _base()
        f"{_base()}/query?{urlencode(params)}", headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SAOLA_PAYMENT_TIMEOUT) as response:  # noqa: S310
            body = json.loads(response.read(64 * 1024) or b"{}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise ProviderUnavailable(f"Không hỏi được đơn vị thanh toán: {exc}") from exc
    result = result_from(body, statuses=QUERY_STATUSES) if isinstance(body, dict) else None
    if result is None or result.order_id != order_id:
        raise ProviderUnavailable("Đơn vị thanh toán trả lời không hợp lệ (sai chữ ký hoặc sai đơn).")
    return result
