"""Throughput and latency percentiles over the rounds of one scenario, and its target."""

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


def latency_summary(latencies_us: list[int]) -> dict[str, float]:
    lat = sorted(latencies_us)
    return {f"p{p}_ms": round(percentile(lat, p) / 1000, 2) for p in (50, 95, 99)}


@dataclass(frozen=True)
class Target:
    """What is required of a scenario: a throughput ratio to the baseline at least `value`
    (`kind` "ratio"), or a 95th percentile latency below `value` ms (`kind` "p95_ms"; with tagged
    requests, every tag's)."""

    kind: str
    value: float

    def __str__(self) -> str:
        return f"ratio ≥ {self.value:g}" if self.kind == "ratio" else f"p95 < {self.value:g} ms"

    def met(self, *, ratio: float, p95_ms: float) -> bool:
        return ratio >= self.value if self.kind == "ratio" else p95_ms < self.value


@dataclass
class Scenario:
    name: str
    description: str
    # Paths to GET, or request objects (see loadgen.py).
    requests: list[Any]
    target: Target | None = None
    concurrency: int | None = None  # None: the run's
    requests_done: int = 0
    errors: int = 0
    elapsed_s: float = 0.0
    round_rps: list[float] = field(default_factory=list)
    latencies_us: list[int] = field(default_factory=list)
    tagged_us: dict[str, list[int]] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    db_queries: dict[str, float] = field(default_factory=dict)
    cpu_s: dict[str, float | None] = field(default_factory=lambda: {"server": 0.0, "db": 0.0, "client": 0.0})
    # A latency target's own pass, at a load the server can keep up with (see harness.latency_pass).
    latency_pass: dict[str, Any] = field(default_factory=dict)

    def add_round(self, slices: list[dict[str, Any]]) -> None:
        """Add one round, made of the load generator's results for each of its slices."""
        requests = sum(int(r["requests"]) for r in slices)
        errors = sum(int(r["errors"]) for r in slices)
        elapsed = sum(float(r["elapsed_s"]) for r in slices)
        self.requests_done += requests
        self.errors += errors
        self.elapsed_s += elapsed
        self.round_rps.append((requests - errors) / elapsed if elapsed else 0.0)
        for r in slices:
            self.latencies_us.extend(r["latencies_us"])
            for tag, values in r.get("tagged_us", {}).items():
                self.tagged_us.setdefault(tag, []).extend(values)
            self.error_samples.extend(r["error_samples"])
            for part, key in (("server", "server_cpu_s"), ("db", "db_cpu_s"), ("client", "cpu_s")):
                used, total = r.get(key), self.cpu_s[part]
                self.cpu_s[part] = None if used is None or total is None else total + used

    def cpu_ms_per_request(self, part: str) -> float | None:
        used = self.cpu_s[part]
        return None if used is None or not self.requests_done else round(used * 1000 / self.requests_done, 3)

    @property
    def throughput(self) -> float:
        """Successful requests per second over all measured rounds."""
        return (self.requests_done - self.errors) / self.elapsed_s if self.elapsed_s else 0.0

    def worst_p95_ms(self) -> float:
        """The 95th percentile of the latency pass if there was one, else of the rounds: of the
        worst tag when requests are tagged, else of all."""
        tagged = self.latency_pass.get("tagged_us", self.tagged_us)
        if tagged:
            return max(latency_summary(values)["p95_ms"] for values in tagged.values())
        return latency_summary(self.latency_pass.get("latencies_us", self.latencies_us))["p95_ms"]

    def summary(self) -> dict[str, Any]:
        out = {
            "scenario": self.name,
            "what": self.description,
            "requests": self.requests_done,
            "errors": self.errors,
            "duration_s": round(self.elapsed_s, 2),
            "throughput_rps": round(self.throughput, 1),
            "round_rps": [round(r, 1) for r in self.round_rps],
            **latency_summary(self.latencies_us),
            "db_queries_per_request": self.db_queries.get("mean"),
            "db_queries_max": self.db_queries.get("max"),
            "server_cpu_ms_per_request": self.cpu_ms_per_request("server"),
            "db_cpu_ms_per_request": self.cpu_ms_per_request("db"),
            "client_cpu_ms_per_request": self.cpu_ms_per_request("client"),
        }
        if self.tagged_us:
            out["by_tag"] = _by_tag(self.tagged_us)
        if self.latency_pass:
            light = self.latency_pass
            out["latency_pass"] = {
                "concurrency": light["concurrency"],
                "requests": len(light["latencies_us"]),
                "throughput_rps": round(len(light["latencies_us"]) / light["elapsed_s"], 1),
                **latency_summary(light["latencies_us"]),
                "by_tag": _by_tag(light["tagged_us"]),
            }
        return out


def _by_tag(tagged_us: dict[str, list[int]]) -> dict[str, dict[str, Any]]:
    return {tag: {"requests": len(values), **latency_summary(values)} for tag, values in sorted(tagged_us.items())}
