"""Throughput and latency percentiles over the rounds of one scenario."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


def percentile(sorted_values: list[int], pct: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return float(sorted_values[rank - 1])


@dataclass
class Scenario:
    name: str
    description: str
    paths: list[str]
    requests: int = 0
    errors: int = 0
    elapsed_s: float = 0.0
    round_rps: list[float] = field(default_factory=list)
    latencies_us: list[int] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    db_queries: dict[str, float] = field(default_factory=dict)
    cpu_s: dict[str, float | None] = field(default_factory=lambda: {"server": 0.0, "db": 0.0, "client": 0.0})

    def add_round(self, slices: list[dict[str, Any]]) -> None:
        """Add one round, made of the load generator's results for each of its slices."""
        requests = sum(int(r["requests"]) for r in slices)
        errors = sum(int(r["errors"]) for r in slices)
        elapsed = sum(float(r["elapsed_s"]) for r in slices)
        self.requests += requests
        self.errors += errors
        self.elapsed_s += elapsed
        self.round_rps.append((requests - errors) / elapsed if elapsed else 0.0)
        for r in slices:
            self.latencies_us.extend(r["latencies_us"])
            self.error_samples.extend(r["error_samples"])
            for part, key in (("server", "server_cpu_s"), ("db", "db_cpu_s"), ("client", "cpu_s")):
                used, total = r.get(key), self.cpu_s[part]
                self.cpu_s[part] = None if used is None or total is None else total + used

    def cpu_ms_per_request(self, part: str) -> float | None:
        used = self.cpu_s[part]
        return None if used is None or not self.requests else round(used * 1000 / self.requests, 3)

    @property
    def throughput(self) -> float:
        """Successful requests per second over all measured rounds."""
        return (self.requests - self.errors) / self.elapsed_s if self.elapsed_s else 0.0

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_us)
        return {
            "scenario": self.name,
            "what": self.description,
            "requests": self.requests,
            "errors": self.errors,
            "duration_s": round(self.elapsed_s, 2),
            "throughput_rps": round(self.throughput, 1),
            "round_rps": [round(r, 1) for r in self.round_rps],
            "p50_ms": round(percentile(lat, 50) / 1000, 2),
            "p95_ms": round(percentile(lat, 95) / 1000, 2),
            "p99_ms": round(percentile(lat, 99) / 1000, 2),
            "db_queries_per_request": self.db_queries.get("mean"),
            "db_queries_max": self.db_queries.get("max"),
            "server_cpu_ms_per_request": self.cpu_ms_per_request("server"),
            "db_cpu_ms_per_request": self.cpu_ms_per_request("db"),
            "client_cpu_ms_per_request": self.cpu_ms_per_request("client"),
        }
