"""The exchange workers' loops outlive a database that is away or locked for a moment."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError

from saola.exchange import transport
from saola.exchange.hub import forwarding

pytestmark = pytest.mark.django_db


def _failing_once(stop: threading.Event, calls: list[str], name: str):
    def step(**kwargs: object) -> int:
        calls.append(name)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        stop.set()
        return 0

    return step


def test_node_worker_survives_a_database_error(monkeypatch, settings, caplog) -> None:
    settings.SAOLA_EXCHANGE_HUB_URL = "http://127.0.0.1:9"
    settings.SAOLA_EXCHANGE_DIRECTORY_SYNC_SECONDS = 10**9
    stop, calls = threading.Event(), []
    monkeypatch.setattr(transport, "send_outbox", _failing_once(stop, calls, "send"))
    monkeypatch.setattr(transport, "receive_from_hub", lambda **kwargs: 0)
    monkeypatch.setattr(transport, "directory_sync", lambda **kwargs: (0, 0))
    transport.run_forever(interval=0.01, stop=stop)
    assert calls == ["send", "send"]
    assert "database error" in caplog.text


def test_hub_worker_survives_a_database_error(monkeypatch, caplog) -> None:
    stop, calls = threading.Event(), []
    monkeypatch.setattr(forwarding, "push_due", _failing_once(stop, calls, "push"))
    monkeypatch.setattr(forwarding, "pull_from_parent", lambda **kwargs: 0)
    forwarding.run_forever(interval=0.01, stop=stop)
    assert calls == ["push", "push"]
    assert "database error" in caplog.text
