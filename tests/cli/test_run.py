"""`saola run` as an IT officer starts it: fresh directory, one command, then the URLs answer."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAOLA = Path(sys.executable).with_name("saola")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


@pytest.fixture
def running(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env["SAOLA_VAR_DIR"] = str(tmp_path / "var")
    proc = subprocess.Popen(
        [str(SAOLA), "run", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"saola run exited early:\n{proc.stdout.read() if proc.stdout else ''}")
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("saola run did not answer /healthz within 90 s")
        yield base, proc, tmp_path / "var"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if proc.stdout and not proc.stdout.closed:
            proc.stdout.close()


def test_saola_run_serves_portal_api_and_health(running):
    base, _proc, var = running
    status, body = get(f"{base}/healthz")
    assert json.loads(body)["status"] == "ok"
    status, body = get(f"{base}/")
    assert status == 200
    assert "Cổng dịch vụ công".encode() in body
    status, body = get(f"{base}/api/v1/openapi.json")
    assert status == 200
    assert (var / "saola.sqlite3").exists()


def test_saola_run_prints_urls_and_stops_on_ctrl_c(running):
    base, proc, _ = running
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert f"{base.replace('127.0.0.1', 'localhost')}/admin/" in out
    assert "/api/v1/docs" in out
    assert proc.returncode == 0
