"""HTTP client of the hub API (/exchange/v1/), used by platform nodes and by hubs for their parent.

The agency authenticates with its identifier code (header X-Edxml-Agency) and the secret the hub
issued for it (Authorization: Bearer). A refusal (4xx) raises HubClientRefused with the hub's
reason: the message will never be accepted as it is. A hub that cannot be reached, times out or
answers 5xx raises HubUnavailable: try again later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from saola.core.exceptions import ExternalServiceError, ValidationFailed

AGENCY_HEADER = "X-Edxml-Agency"
TRACE_HEADER = "X-Edxml-Trace"
KIND_HEADER = "X-Edxml-Kind"
DELIVERY_HEADER = "X-Edxml-Delivery"
RECIPIENT_HEADER = "X-Edxml-Recipient"
SENDER_HEADER = "X-Edxml-Sender"
SIGNATURE_HEADER = "X-Edxml-Signature"


def push_signature(*, key: str, delivery_id: int, body: bytes) -> str:
    """X-Edxml-Signature of a push: HMAC-SHA256 of "<delivery id>\\n" + body, keyed with the
    SHA-256 (hex) of the receiving agency's secret."""
    return "sha256=" + hmac.new(key.encode(), f"{delivery_id}\n".encode() + body, hashlib.sha256).hexdigest()


class HubUnavailable(ExternalServiceError):
    """The hub did not answer, or answered with a server error: retry later."""


class HubClientRefused(ValidationFailed):
    """The hub refused the request (4xx); `status` and `reason` say why."""

    def __init__(self, message: str, *, status: int, reason: str = "", problems: list[str] | None = None) -> None:
        super().__init__(message, extra={"status": status, "reason": reason, "problems": problems or []})
        self.status = status
        self.reason = reason
        self.problems = problems or []


@dataclass(frozen=True)
class SendResult:
    id: int
    duplicate: bool
    recipients: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Delivery:
    id: int
    kind: str
    sender_code: str
    recipient_code: str
    document_id: str
    trace: list[dict[str, str]]
    body: bytes | None = None


def _delivery(item: dict[str, Any]) -> Delivery:
    body = item.get("body")
    return Delivery(
        id=int(item["id"]),
        kind=str(item["kind"]),
        sender_code=str(item["sender_code"]),
        recipient_code=str(item["recipient_code"]),
        document_id=str(item.get("document_id", "")),
        trace=list(item.get("trace") or []),
        body=base64.b64decode(body) if isinstance(body, str) else None,
    )


class HubClient:
    def __init__(self, base_url: str, *, agency_code: str, secret: str, timeout: float = 30.0) -> None:
        if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
            raise ValidationFailed(_("Địa chỉ trục liên thông phải là http hoặc https."))
        self.base_url = base_url.rstrip("/")
        self.agency_code = agency_code
        self.secret = secret
        self.timeout = timeout

    def _request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            f"{self.base_url}{path}",
            data=body,
            method=method,
            headers={
                "Authorization": f"Bearer {self.secret}",
                AGENCY_HEADER: self.agency_code,
                "Accept": "application/json",
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, response.read(), dict(response.headers.items())
        except urllib.error.HTTPError as exc:
            payload = exc.read()
            if exc.code >= 500:
                raise HubUnavailable(
                    _("Trục liên thông trả lời lỗi %(status)s.") % {"status": exc.code}, extra={"status": exc.code}
                ) from None
            raise self._refusal(exc.code, payload) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            raise HubUnavailable(
                _("Không kết nối được trục liên thông: %(reason)s") % {"reason": getattr(exc, "reason", exc)}
            ) from None

    @staticmethod
    def _refusal(status: int, payload: bytes) -> HubClientRefused:
        try:
            error = json.loads(payload)["error"]
            details = error.get("details") or {}
            return HubClientRefused(
                str(error.get("message", "")),
                status=status,
                reason=str(details.get("reason", error.get("code", ""))),
                problems=[str(p) for p in details.get("problems", [])],
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return HubClientRefused(
                _("Trục liên thông từ chối yêu cầu (%(status)s).") % {"status": status}, status=status
            )

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        _status, payload, _headers = self._request(method, path, **kwargs)
        return json.loads(payload) if payload else None

    def send(self, data: bytes, *, kind: str, trace: Sequence[dict[str, str]] = ()) -> SendResult:
        """Hand a package (`kind` "package") or a status message ("status") to the hub."""
        headers = {"Content-Type": "application/xml"}
        if trace:
            headers[TRACE_HEADER] = json.dumps(list(trace), separators=(",", ":"))
        path = "/exchange/v1/packages" if kind == "package" else "/exchange/v1/statuses"
        answer = self._json("POST", path, body=data, headers=headers)
        return SendResult(
            id=int(answer["id"]), duplicate=bool(answer["duplicate"]), recipients=dict(answer.get("recipients", {}))
        )

    def pending(self, *, limit: int = 100, after: int = 0, with_body: bool = True) -> list[Delivery]:
        query = urllib.parse.urlencode({"limit": limit, "after": after, "body": "true" if with_body else "false"})
        answer = self._json("GET", f"/exchange/v1/deliveries?{query}")
        return [_delivery(item) for item in answer["items"]]

    def fetch(self, delivery_id: int) -> bytes:
        _status, payload, _headers = self._request("GET", f"/exchange/v1/deliveries/{int(delivery_id)}")
        return payload

    def ack(self, ids: Sequence[int]) -> int:
        body = json.dumps({"ids": [int(i) for i in ids]}).encode()
        answer = self._json(
            "POST", "/exchange/v1/deliveries/ack", body=body, headers={"Content-Type": "application/json"}
        )
        return int(answer["acknowledged"])

    def agencies(self, *, q: str = "", limit: int = 1000, offset: int = 0) -> tuple[list[dict[str, str]], int]:
        """One page of the hub's directory of agencies (code, name, level), and how many match."""
        query = urllib.parse.urlencode({"q": q, "limit": limit, "offset": offset})
        answer = self._json("GET", f"/exchange/v1/agencies?{query}")
        return list(answer["items"]), int(answer["count"])
