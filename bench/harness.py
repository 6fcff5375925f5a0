"""What every benchmark shares: flags, the database session, the server, alternating load, reports.

A benchmark builds its data in the session's database, describes its scenarios (the baseline
first), and calls `run`: query counts in-process, then `saola serve` on loopback with the
scenarios loaded in short alternating slices, then one JSON line per scenario and a summary.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cpu
import database
import server
from stats import Scenario

BENCH_DIR = Path(__file__).resolve().parent


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--concurrency", type=int, default=8, help="client connections (default 8)")
    parser.add_argument(
        "--duration", type=float, default=10.0, help="measured seconds per scenario and round (default 10)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="measured runs of each scenario (default 3)")
    parser.add_argument("--slice", type=float, default=2.0, help="seconds before switching scenario (default 2)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load per scenario")
    parser.add_argument("--max-requests", type=int, default=500_000, help="cap on requests per load slice")
    parser.add_argument("--workers", type=int, default=2, help="SAOLA_WEB_WORKERS (default 2, one per core)")
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--db-name", default=database.NAME_PREFIX)
    parser.add_argument("--reuse-db", action="store_true", help="keep an existing benchmark database's data")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--profile", action="store_true", help="print an in-process cProfile of each scenario")
    parser.add_argument(
        "--latency-concurrency",
        type=int,
        default=None,
        help="connections of the latency pass that judges p95 targets (default: --workers, one per worker)",
    )


def check_common_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not (1 <= args.concurrency <= 256 and 0 < args.duration <= 600 and 1 <= args.rounds <= 20):
        parser.error("concurrency 1-256, duration 0-600 s, rounds 1-20")
    if not 0.5 <= args.slice <= args.duration:
        parser.error("slice 0.5 s to the duration")
    if not (1 <= args.procedures <= 15_000 and 100 <= args.organisations <= 360):
        parser.error("procedures 1-15000, organisations 100-360")
    if args.latency_concurrency is None:
        args.latency_concurrency = args.workers
    if not 1 <= args.latency_concurrency <= args.concurrency:
        parser.error("latency concurrency 1 to --concurrency")


@dataclass(frozen=True)
class Session:
    workdir: Path
    env: dict[str, str]
    name: str


def _exit_on_signal(signum: int, frame: object) -> None:
    # Unwinds through the `finally` blocks that stop the server and drop the database.
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def session(args: argparse.Namespace) -> Iterator[Session]:
    """A migrated benchmark database (fresh unless --reuse-db) and this process set up for it.

    The database is dropped at the end unless --keep-db, however the block ends.
    """
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    with tempfile.TemporaryDirectory(prefix="saola-bench-") as tmp:
        workdir = Path(tmp)
        env = database.server_env(name=args.db_name, workdir=workdir, workers=args.workers)
        if not (args.reuse_db and database.exists(args.db_name)):
            database.recreate(args.db_name)
        try:
            database.setup_django(env)
            database.migrate_and_collect()
            yield Session(workdir=workdir, env=env, name=args.db_name)
        finally:
            if not args.keep_db:
                from django.db import connections

                connections.close_all()
                database.drop(args.db_name)


def catalogue_volume(args: argparse.Namespace) -> dict[str, int]:
    """The province's catalogue: built unless a reused database has one; returns its counts."""
    import catalogue

    from saola.catalog.models import Procedure

    if args.reuse_db and Procedure.objects.exists():
        return catalogue.counts()
    start = time.perf_counter()
    volume = catalogue.build(catalogue.Volume(procedures=args.procedures, organisations=args.organisations))
    print(f"# built {volume} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return volume


# --- in-process: queries and profiles -------------------------------------------------------


def _send(client: Any, spec: Any) -> Any:
    """One request of a scenario through Django's test client."""
    if isinstance(spec, str):
        return client.get(spec), 200
    headers = dict(spec.get("headers", {}))
    content_type = headers.pop("Content-Type", "application/octet-stream")
    body = Path(spec["body_file"]).read_bytes() if spec.get("body_file") else b""
    if spec.get("unique_header"):
        headers[spec["unique_header"]] = f"in-process-{time.perf_counter_ns()}"
    response = client.generic(spec.get("method", "GET"), spec["path"], body, content_type, headers=headers)
    return response, int(spec.get("expect", 200))


def count_queries(scenario: Scenario, sample: int = 12) -> None:
    """Database queries per request, measured in-process through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    specs = scenario.requests[:sample]
    _send(client, specs[0])  # the first request fills per-process caches; not what steady state costs
    counts = []
    for spec in specs:
        with CaptureQueriesContext(connection) as ctx:
            response, expect = _send(client, spec)
        if response.status_code != expect:
            raise SystemExit(
                f"{scenario.name}: {spec if isinstance(spec, str) else spec['path']} answered "
                f"{response.status_code} in-process: {response.content[:300]!r}"
            )
        counts.append(len(ctx.captured_queries))
    scenario.db_queries = {"mean": round(sum(counts) / len(counts), 2), "max": max(counts)}


def profile(scenario: Scenario, repeat: int = 200) -> None:
    """cProfile of `repeat` in-process requests, top functions by cumulative time, on stderr."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    specs = scenario.requests
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(repeat):
        _send(client, specs[i % len(specs)])
    profiler.disable()
    print(f"\n# profile: {scenario.name}, {repeat} requests in-process", file=sys.stderr)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)


# --- over HTTP: load, rounds ----------------------------------------------------------------


def load(port: int, scenario: Scenario, *, concurrency: int, duration: float, max_requests: int) -> dict[str, Any]:
    """One run of the load generator in its own process."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(scenario.requests, fh)
    try:
        out = subprocess.run(
            [
                sys.executable,
                str(BENCH_DIR / "loadgen.py"),
                f"--port={port}",
                f"--paths={fh.name}",
                f"--concurrency={concurrency}",
                f"--duration={duration}",
                f"--max-requests={max_requests}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 120,
        )
    finally:
        Path(fh.name).unlink()
    return dict(json.loads(out.stdout))


def measure(port: int, meter: cpu.Meter, runs: list[Scenario], args: argparse.Namespace) -> int:
    """Warm every scenario up, then run the rounds; returns the number of failed warm-up requests.

    Each round gives every scenario `duration` seconds, cut into slices of `slice` seconds that
    alternate between the scenarios, so a burst of load from elsewhere on the machine lands on all
    of them; the order rotates from round to round so none always goes first.
    """
    warmup_errors = 0
    for scenario in runs:
        opts = {"concurrency": scenario.concurrency or args.concurrency, "max_requests": args.max_requests}
        result = load(port, scenario, duration=args.warmup, **opts)
        warmup_errors += int(result["errors"])
        scenario.error_samples.extend(result["error_samples"])
    slices = max(1, round(args.duration / args.slice))
    for n in range(args.rounds):
        order = runs[n % len(runs) :] + runs[: n % len(runs)]
        parts: dict[str, list[dict[str, Any]]] = {s.name: [] for s in runs}
        for _ in range(slices):
            for scenario in order:
                opts = {"concurrency": scenario.concurrency or args.concurrency, "max_requests": args.max_requests}
                meter.start()
                result = load(port, scenario, duration=args.duration / slices, **opts)
                result["server_cpu_s"], result["db_cpu_s"] = meter.stop()
                parts[scenario.name].append(result)
        for scenario in runs:
            scenario.add_round(parts[scenario.name])
        rates = ", ".join(f"{s.name} {s.round_rps[-1]:.0f} req/s" for s in runs)
        print(f"# round {n + 1}/{args.rounds}: {rates}", file=sys.stderr)
    return warmup_errors + latency_pass(port, runs, args)


def latency_pass(port: int, runs: list[Scenario], args: argparse.Namespace) -> int:
    """Load each scenario with a latency target alone, at --latency-concurrency, for --duration.

    In the rounds every scenario runs closed-loop at --concurrency, more connections than the
    server has cores and workers: the server is saturated and a request's latency is mostly its
    wait in line (about connections / throughput). A latency target is about the request itself,
    so it is judged at one connection per worker, where the server is busy without a queue.
    Returns the number of failed requests.
    """
    errors = 0
    for scenario in runs:
        if scenario.target is None or scenario.target.kind != "p95_ms":
            continue
        result = load(
            port,
            scenario,
            concurrency=args.latency_concurrency,
            duration=args.duration,
            max_requests=args.max_requests,
        )
        errors += int(result["errors"])
        scenario.error_samples.extend(result["error_samples"])
        scenario.latency_pass = {"concurrency": args.latency_concurrency, **result}
        print(f"# latency pass: {scenario.name} at {args.latency_concurrency} connections", file=sys.stderr)
    return errors


# --- reports --------------------------------------------------------------------------------


def _cpu_per_request(row: dict[str, Any]) -> float | None:
    server_ms, db_ms = row["server_cpu_ms_per_request"], row["db_cpu_ms_per_request"]
    return None if server_ms is None or db_ms is None else server_ms + db_ms


def result_rows(
    bench: str, runs: list[Scenario], args: argparse.Namespace, volume: dict[str, Any]
) -> list[dict[str, Any]]:
    """One JSON-ready row per scenario; the others carry their ratios to the baseline (the first)."""
    baseline = runs[0]
    rows: list[dict[str, Any]] = []
    for scenario in runs:
        row = {"bench": bench, **scenario.summary(), "concurrency": scenario.concurrency or args.concurrency}
        row |= {"workers": args.workers, "volume": volume}
        if scenario is not baseline:
            ratio = scenario.throughput / baseline.throughput if baseline.throughput else 0.0
            per_round = [s / b for s, b in zip(scenario.round_rps, baseline.round_rps, strict=True) if b]
            cpu_base, cpu_here = _cpu_per_request(rows[0]), _cpu_per_request(row)
            row |= {
                "ratio_to_baseline": round(ratio, 3),
                "round_ratios": [round(r, 3) for r in per_round],
                # Server + database CPU per baseline request over the same per scenario request:
                # what the throughput ratio would be on an otherwise idle machine.
                "cpu_ratio_to_baseline": round(cpu_base / cpu_here, 3) if cpu_base and cpu_here else None,
            }
            if scenario.target is not None:
                worst = scenario.worst_p95_ms()
                met = scenario.target.met(ratio=ratio, p95_ms=worst)
                target = str(scenario.target)
                if scenario.target.kind == "p95_ms":
                    where = scenario.latency_pass.get("concurrency", scenario.concurrency or args.concurrency)
                    target += f" at {where} conn."
                    row["worst_p95_ms"] = worst
                row |= {"target": target, "verdict": "PASS" if met else "BELOW"}
        rows.append(row)
    return rows


def print_summary(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    print(
        f"{'scenario':<16} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'queries':>7} "
        f"{'errors':>6} {'cpu ms':>7} {'ratio':>6} {'cpu ratio':>9}  target"
    )
    for row in rows:
        cpu_ms = _cpu_per_request(row)
        cpu_ratio = row.get("cpu_ratio_to_baseline", 1.0 if cpu_ms is not None else None)
        verdict = f"{row['target']}: {row['verdict']}" if "verdict" in row else ""
        print(
            f"{row['scenario']:<16} {row['throughput_rps']:>8.1f} {row['p50_ms']:>7.2f} {row['p95_ms']:>7.2f} "
            f"{row['p99_ms']:>7.2f} {row['db_queries_per_request']:>7} {row['errors']:>6} "
            f"{'-' if cpu_ms is None else f'{cpu_ms:.2f}':>7} {row.get('ratio_to_baseline', 1.0):>6.2f} "
            f"{'-' if cpu_ratio is None else f'{cpu_ratio:.2f}':>9}  {verdict}"
        )
        light = row.get("latency_pass")
        if light:
            print(
                f"  {'at ' + str(light['concurrency']) + ' connections':<14} {light['throughput_rps']:>8.1f} "
                f"{light['p50_ms']:>7.2f} {light['p95_ms']:>7.2f} {light['p99_ms']:>7.2f}  (latency pass, alone)"
            )
        for tag, lat in row.get("by_tag", {}).items():
            alone = light["by_tag"].get(tag) if light else None
            at_light = (
                f"   alone: {alone['p50_ms']:.2f} / {alone['p95_ms']:.2f} / {alone['p99_ms']:.2f}" if alone else ""
            )
            print(f"    {tag:<21} {lat['p50_ms']:>7.2f} {lat['p95_ms']:>7.2f} {lat['p99_ms']:>7.2f}{at_light}")
    print("(cpu ms: server + PostgreSQL CPU per request; cpu ratio: the baseline's over the scenario's)")


def run(
    bench: str, title: str, runs: list[Scenario], args: argparse.Namespace, *, ctx: Session, volume: dict[str, Any]
) -> int:
    """Count queries (and profile), serve, measure, report; 1 if any request failed, warm-up included."""
    for scenario in runs:
        count_queries(scenario)
        if args.profile:
            profile(scenario)
    from django.db import connections

    connections.close_all()
    port = server.free_port()
    log = ctx.workdir / f"gunicorn-{bench}.log"
    with server.serve(port=port, env=ctx.env, log_path=log) as process:
        meter = cpu.Meter(pgid=process.pid, database=ctx.name)
        warmup_errors = measure(port, meter, runs, args)
    rows = result_rows(bench, runs, args, volume)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    print_summary(title, rows)
    errors = sum(s.errors for s in runs) + warmup_errors
    if errors:
        samples = [e for s in runs for e in s.error_samples][:5]
        print(f"\nFAILED: {errors} request(s) failed (warm-up included): {samples}", file=sys.stderr)
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n# last lines of the server log:\n" + "\n".join(tail), file=sys.stderr)
        return 1
    return 0
