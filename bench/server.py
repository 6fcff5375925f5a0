"""Starts `saola serve` (gunicorn, production settings) on loopback and always stops it."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _saola_command() -> list[str]:
    script = Path(sys.executable).with_name("saola")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "saola.cli"]


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=2)
    try:
        conn.request("GET", "/healthz", headers={"Host": LOOPBACK})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """TERM the whole process group (arbiter and workers), then KILL whatever is left."""
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Workers may outlive the arbiter by a moment; the group id is the arbiter's pid.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def serve(
    *, port: int, env: dict[str, str], log_path: Path, startup_timeout: float = 60.0
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `saola serve --host 127.0.0.1 --port PORT` in its own process group until the block ends.

    Yields the process; its pid is also the group id of the gunicorn arbiter and workers.
    """
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [*_saola_command(), "serve", "--host", LOOPBACK, "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + startup_timeout
            while not _healthy(port):
                if process.poll() is not None:
                    raise RuntimeError(f"saola serve exited with {process.returncode}; see {log_path}")
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"saola serve did not answer /healthz in {startup_timeout:.0f} s; see {log_path}"
                    )
                time.sleep(0.2)
            yield process
        finally:
            _stop(process)
