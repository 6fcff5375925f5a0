"""CPU time spent by the server's processes and by PostgreSQL backends, read from /proc (Linux).

Throughput on a shared machine swings with whatever else runs; CPU seconds per request swing far
less, so each scenario reports both. Where /proc or a local PostgreSQL is not there, the numbers
are simply missing.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces; everything after its closing parenthesis is fixed.
    return text.rsplit(")", 1)[1].split()


def _pids() -> list[int]:
    return [int(p.name) for p in PROC.iterdir() if p.name.isdigit()] if PROC.is_dir() else []


def group_pids(pgid: int) -> list[int]:
    """Processes in a process group (the gunicorn arbiter and its workers)."""
    return [pid for pid in _pids() if (fields := _stat_fields(pid)) and int(fields[2]) == pgid]


def backend_pids(database: str) -> list[int]:
    """Local PostgreSQL backends connected to `database` (their title is `postgres: … <user> <db> …`)."""
    found = []
    for pid in _pids():
        try:
            title = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and database in title.split():
            found.append(pid)
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields:
            out[pid] = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    return out


class Meter:
    """CPU used by a process group and a database's backends between `start()` and `stop()`."""

    def __init__(self, *, pgid: int, database: str) -> None:
        self.pgid, self.database = pgid, database
        self._before: dict[int, float] = {}

    def _snapshot(self) -> tuple[dict[int, float], dict[int, float]]:
        return cpu_seconds(group_pids(self.pgid)), cpu_seconds(backend_pids(self.database))

    def start(self) -> None:
        server, db = self._snapshot()
        self._before = {**server, **db}

    def stop(self) -> tuple[float | None, float | None]:
        """(server seconds, database seconds); None when nothing could be read."""
        server, db = self._snapshot()

        def used(now: dict[int, float]) -> float | None:
            return sum(t - self._before.get(pid, 0.0) for pid, t in now.items()) if now else None

        return used(server), used(db)
