"""A local stand-in for an SMS provider speaking saola.core.sms's protocol (HTTP JSON, bearer key).

It records every request, answers scripted statuses first (to test retries and refusals), can
delay answers (to test timeouts), and delivers each idempotency key once, like a provider that
honours the key.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class SmsRequest:
    headers: dict[str, str]
    payload: dict[str, Any]
    status: int


@dataclass
class SmsStandIn:
    api_key: str = "sms-test-key"
    requests: list[SmsRequest] = field(default_factory=list)
    delivered: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Statuses to answer, in order, before answering normally (e.g. [503, 503]).
    script: list[int] = field(default_factory=list)
    # Seconds to wait before answering, in order, one entry per request.
    delays: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1/messages"

    def start(self) -> SmsStandIn:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                with stand_in._lock:
                    delay = stand_in.delays.pop(0) if stand_in.delays else 0.0
                if delay:
                    time.sleep(delay)
                status, answer = stand_in._answer(dict(self.headers), raw)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="sms-stand-in", daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _answer(self, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, Any]]:
        try:
            payload = json.loads(raw.decode("utf-8"))
        except ValueError:
            payload = {}
        with self._lock:
            status, answer = self._decide(headers, payload)
            self.requests.append(SmsRequest(headers=headers, payload=payload, status=status))
        return status, answer

    def _decide(self, headers: dict[str, str], payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if headers.get("Authorization") != f"Bearer {self.api_key}":
            return 401, {"error": "bad api key"}
        if not all(isinstance(payload.get(k), str) and payload[k] for k in ("to", "message", "idempotency_key")):
            return 400, {"error": "to, message and idempotency_key are required"}
        if self.script:
            status = self.script.pop(0)
            return status, {"error": f"scripted {status}"}
        key = payload["idempotency_key"]
        if key not in self.delivered:
            self.delivered[key] = {**payload, "id": f"msg-{len(self.delivered) + 1}"}
        return 200, {"id": self.delivered[key]["id"]}
