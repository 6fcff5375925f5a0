"""A local stand-in for a payment provider speaking saola.payments.provider's protocol.

It implements the protocol on its own (its own canonical string and HMAC), so a mistake on the
platform's side shows up as a refused request instead of being mirrored. It serves:

- ``GET /pay``: checks the signed request, shows the order with "Thanh toán" and "Huỷ" buttons;
- ``POST /pay/confirm``: records the outcome, POSTs the signed callback to the order's
  callback URL (JSON, or a form when `callback_as_form`), then redirects the browser to the
  return URL;
- ``GET /query``: the signed status of an order ("not_found" for one it never saw).

Start it with the `paygate` fixture, which points the platform's settings at it. For a demo,
run it on its own (``python -m tests.support.paygate --port 8765``) and start the platform with
the settings it prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def stand_in_signature(params: dict[str, str], secret: str) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "signature")
    text = "&".join(quote(k, safe="") + "=" + quote(v, safe="") for k, v in pairs)
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def _now() -> str:
    return dt.datetime.now(VN).strftime("%Y%m%d%H%M%S")


@dataclass
class GatewayOrder:
    order_id: str
    amount: str
    description: str
    return_url: str
    callback_url: str
    status: str = "pending"
    transaction_id: str = ""
    paid_at: str = ""


@dataclass
class CallbackDelivery:
    payload: dict[str, str]
    status: int
    body: str


@dataclass
class PayGateStandIn:
    merchant: str = "SAOLA-TEST"
    secret: str = "paygate-test-secret"
    orders: dict[str, GatewayOrder] = field(default_factory=dict)
    deliveries: list[CallbackDelivery] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    # False: the provider's callback never arrives (the platform must ask /query).
    deliver_callbacks: bool = True
    callback_as_form: bool = False
    _counter: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- the protocol ---------------------------------------------------------------------------

    def signed(self, params: dict[str, str], *, secret: str | None = None) -> dict[str, str]:
        return {**params, "signature": stand_in_signature(params, secret or self.secret)}

    def verify(self, params: dict[str, str]) -> bool:
        given = params.get("signature", "")
        return hmac.compare_digest(given, stand_in_signature(params, self.secret)) and (
            params.get("merchant") == self.merchant
        )

    def callback_payload(self, order_id: str, **overrides: str) -> dict[str, str]:
        order = self.orders[order_id]
        params = {
            "merchant": self.merchant,
            "order_id": order.order_id,
            "amount": order.amount,
            "status": order.status,
            "transaction_id": order.transaction_id,
            "paid_at": order.paid_at,
            "timestamp": _now(),
        }
        params.update(overrides)
        return self.signed(params)

    def send_callback(self, order_id: str, payload: dict[str, str] | None = None) -> CallbackDelivery:
        """POST the order's signed callback (or `payload`) to its callback URL, as the provider does."""
        order = self.orders[order_id]
        data = payload or self.callback_payload(order_id)
        if self.callback_as_form:
            body, kind = urlencode(data).encode(), "application/x-www-form-urlencoded"
        else:
            body, kind = json.dumps(data).encode(), "application/json"
        request = urllib.request.Request(order.callback_url, data=body, headers={"Content-Type": kind}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                delivery = CallbackDelivery(data, response.status, response.read().decode())
        except urllib.error.HTTPError as exc:
            delivery = CallbackDelivery(data, exc.code, exc.read().decode())
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    def settle(self, order_id: str, *, pay: bool) -> GatewayOrder:
        """The applicant pressed "Thanh toán" (pay) or "Huỷ" on the pay page."""
        with self._lock:
            order = self.orders[order_id]
            if order.status == "pending":
                self._counter += 1
                if pay:
                    order.status = "paid"
                    order.transaction_id = f"GD{self._counter:08d}"
                    order.paid_at = _now()
                else:
                    order.status = "cancelled"
        if self.deliver_callbacks:
            self.send_callback(order_id)
        return order

    def _pay_page(self, params: dict[str, str]) -> tuple[int, str]:
        if not self.verify(params):
            self.refused.append(params.get("order_id", ""))
            return 400, "<h1>Chữ ký không hợp lệ</h1>"
        order_id = params["order_id"]
        with self._lock:
            order = self.orders.setdefault(
                order_id,
                GatewayOrder(
                    order_id=order_id,
                    amount=params["amount"],
                    description=params.get("description", ""),
                    return_url=params["return_url"],
                    callback_url=params["callback_url"],
                ),
            )
        if order.status != "pending":
            return 409, "<h1>Đơn đã được xử lý</h1>"
        safe = {k: html.escape(v) for k, v in params.items()}
        page = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thanh toán thử nghiệm</title></head>
<body><main><h1>Cổng thanh toán thử nghiệm</h1>
<dl><dt>Đơn vị</dt><dd>{safe["merchant"]}</dd><dt>Mã đơn</dt><dd id="order-id">{safe["order_id"]}</dd>
<dt>Số tiền</dt><dd id="amount">{safe["amount"]} VND</dd><dt>Nội dung</dt><dd>{safe.get("description", "")}</dd></dl>
<form method="post" action="/pay/confirm"><input type="hidden" name="order_id" value="{safe["order_id"]}">
<button type="submit" name="action" value="pay">Thanh toán</button>
<button type="submit" name="action" value="cancel">Huỷ</button></form></main></body></html>"""
        return 200, page

    def _query(self, params: dict[str, str]) -> tuple[int, dict[str, str]]:
        if not self.verify(params):
            return 400, {"error": "bad signature"}
        order = self.orders.get(params.get("order_id", ""))
        answer = {
            "merchant": self.merchant,
            "order_id": params.get("order_id", ""),
            "amount": order.amount if order else "",
            "status": order.status if order else "not_found",
            "transaction_id": order.transaction_id if order else "",
            "paid_at": order.paid_at if order else "",
            "timestamp": _now(),
        }
        return 200, self.signed(answer)

    # --- the server -----------------------------------------------------------------------------

    def start(self, port: int = 0) -> PayGateStandIn:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                params = dict(parse_qsl(parts.query, keep_blank_values=True))
                if parts.path == "/pay":
                    status, page = stand_in._pay_page(params)
                    self._send(status, page.encode(), "text/html; charset=utf-8")
                elif parts.path == "/query":
                    status, answer = stand_in._query(params)
                    self._send(status, json.dumps(answer).encode(), "application/json")
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                order = stand_in.orders.get(form.get("order_id", ""))
                if urlsplit(self.path).path != "/pay/confirm" or order is None:
                    self._send(404, b"not found", "text/plain")
                    return
                order = stand_in.settle(order.order_id, pay=form.get("action") == "pay")
                query = urlencode({"order_id": order.order_id, "status": order.status})
                separator = "&" if "?" in order.return_url else "?"
                self._send(303, b"", "text/plain", {"Location": f"{order.return_url}{separator}{query}"})

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@pytest.fixture
def paygate(settings) -> Iterator[PayGateStandIn]:
    """The stand-in gateway, with the platform's payment settings pointing at it."""
    gateway = PayGateStandIn().start()
    settings.SAOLA_PAYMENT_URL = gateway.url
    settings.SAOLA_PAYMENT_MERCHANT = gateway.merchant
    settings.SAOLA_PAYMENT_SECRET = gateway.secret
    settings.SAOLA_PAYMENT_TIMEOUT = 5
    yield gateway
    gateway.stop()


def main(argv: list[str] | None = None) -> None:
    import argparse
    import sys
    import time

    parser = argparse.ArgumentParser(description="Stand-in payment gateway for demos (never for production)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--secret", default=PayGateStandIn.secret)
    args = parser.parse_args(argv)
    gateway = PayGateStandIn(secret=args.secret).start(port=args.port)
    sys.stdout.write(
        f"SAOLA_PAYMENT_URL={gateway.url} SAOLA_PAYMENT_MERCHANT={gateway.merchant} "
        f"SAOLA_PAYMENT_SECRET={gateway.secret}\n"
    )
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        gateway.stop()


if __name__ == "__main__":
    main()
