"""Processes of the loopback world: hubs, node workers and platform web servers, each with its
own database file, and what they did read back from those files."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from tests.exchange.loopback.world import COMMUNE, DEPARTMENT, HUB_CODE, MINISTRY, NATIONAL_HUB, environment

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_world(*args: str, directory: Path) -> None:
    env = environment(directory, "template")
    subprocess.run(
        [sys.executable, "-m", "tests.exchange.loopback.world", *args], env=env, cwd=ROOT, check=True, timeout=600
    )


def count(database: Path, sql: str, *params: object) -> int:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        return int(connection.execute(sql, params).fetchone()[0])
    finally:
        connection.close()


def wait(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def wait_healthy(url: str, *, what: str) -> None:
    """Until `url`/healthz answers 200 (a minute at most)."""

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    wait(answers, timeout=60, what=f"{what} to answer")


class Processes:
    """The province hub ("hub"), the national hub ("national") and the nodes a, b (behind the
    province hub) and m (the ministry, behind the national hub)."""

    NODES: ClassVar = {"a": (COMMUNE[0], "hub"), "b": (DEPARTMENT[0], "hub"), "m": (MINISTRY[0], "national")}

    def __init__(self, directory: Path, secrets: dict) -> None:
        self.directory = directory
        self.secrets = secrets
        self.ports = {"hub": free_port(), "national": free_port()}
        self.children: dict[str, subprocess.Popen[bytes]] = {}

    def url(self, hub: str) -> str:
        return f"http://127.0.0.1:{self.ports[hub]}"

    def _start(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        with (self.directory / f"{name}.log").open("ab") as log:
            self.children[name] = subprocess.Popen(
                argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def start_hub(self, name: str = "hub", *, with_parent: bool = False) -> None:
        extra = {"SAOLA_HUB_CODE": HUB_CODE if name == "hub" else NATIONAL_HUB, "SAOLA_ROLE": "hub"}
        if with_parent:
            extra |= {
                "SAOLA_HUB_PARENT_URL": self.url("national"),
                "SAOLA_HUB_PARENT_CODE": NATIONAL_HUB,
                "SAOLA_HUB_PARENT_SECRET": self.secrets["national"]["000.99.00.H53"],
                "SAOLA_HUB_RETRY_SECONDS": "1",
            }
        env = environment(self.directory, name, **extra)
        argv = [sys.executable, "-m", "saola.cli", "hub", "serve", "--port", str(self.ports[name]), "--workers", "2"]
        self._start(name, [*argv, "--interval", "0.1"], env)
        wait_healthy(self.url(name), what=f"the {name} hub")

    def start_node(self, name: str) -> None:
        code, hub = self.NODES[name]
        env = environment(
            self.directory,
            name,
            SAOLA_EXCHANGE_HUB_URL=self.url(hub),
            SAOLA_EXCHANGE_NODE_CODE=code,
            SAOLA_EXCHANGE_NODE_SECRET=self.secrets[hub][code],
            SAOLA_EXCHANGE_RETRY_SECONDS="1",
        )
        self._start(f"node-{name}", [sys.executable, "-m", "saola.cli", "exchange", "worker", "--interval", "0.1"], env)

    def start_platform(self, name: str) -> str:
        """The node's web platform (gunicorn, embedded settings) on its own port; returns its URL."""
        port = free_port()
        code, hub = self.NODES[name]
        env = environment(
            self.directory,
            name,
            SAOLA_EXCHANGE_HUB_URL=self.url(hub),
            SAOLA_EXCHANGE_NODE_CODE=code,
            SAOLA_EXCHANGE_NODE_SECRET=self.secrets[hub][code],
        )
        argv = [sys.executable, "-m", "gunicorn", "saola.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        self._start(f"web-{name}", [*argv, "--workers", "1", "--threads", "4"], env)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, what=f"the platform of {name}")
        return url

    def kill(self, name: str) -> None:
        """SIGKILL the whole process group: no chance to finish a request or a transaction."""
        child = self.children.pop(name)
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=10)

    def stop_all(self) -> None:
        # Nodes first, so they do not meet a vanished hub.
        for name, child in sorted(self.children.items(), key=lambda item: not item[0].startswith("node")):
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
            self.children.pop(name)


def db(processes: Processes, name: str) -> Path:
    return processes.directory / f"{name}.sqlite3"
