"""Procedure search throughput as a ratio to a bare Django one-row read, on PostgreSQL.

Builds a province's catalogue in a fresh database, starts `saola serve` the way operators do
(gunicorn, production settings) on loopback, then loads three scenarios in short alternating
slices, so noise from anything else on the machine hits each alike:

  baseline    GET /bench/one-row/<pk>            one ORM row by primary key, tiny JSON
  api_search  GET /api/v1/procedures?q=…&limit=20
  page_search GET /thu-tuc/?q=…                  the portal's HTML search page

Prints one JSON line per scenario (throughput, latency percentiles, queries and CPU per request,
ratios to the baseline), then a summary. Exits 1 if any request failed; the target ratio is
reported (PASS/BELOW), not asserted.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import cpu
import database
import server
from stats import Scenario

TARGET_RATIO = 0.7
BENCH_DIR = Path(__file__).resolve().parent

# What people type into the portal: with and without diacritics, short and long, common and rare.
QUERIES = [
    "khai sinh",
    "dang ky kinh doanh",
    "cấp phép xây dựng",
    "đất đai",
    "Đăng ký kết hôn",
    "chung thuc ban sao",
    "giấy phép lái xe",
    "hộ kinh doanh",
    "ly lich tu phap",
    "an toàn thực phẩm",
    "trợ cấp",
    "giay phep moi truong",
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Procedure search vs a bare Django one-row read.")
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
    args = parser.parse_args(argv)
    if not (1 <= args.concurrency <= 256 and 0 < args.duration <= 600 and 1 <= args.rounds <= 20):
        parser.error("concurrency 1-256, duration 0-600 s, rounds 1-20")
    if not 0.5 <= args.slice <= args.duration:
        parser.error("slice 0.5 s to the duration")
    if not (1 <= args.procedures <= 15_000 and 100 <= args.organisations <= 360):
        parser.error("procedures 1-15000, organisations 100-360")
    return args


def prepare(args: argparse.Namespace) -> dict[str, int]:
    """Migrate and fill the database (unless reused); returns the data volume."""
    import catalogue

    database.migrate_and_collect()
    from saola.catalog.models import Procedure

    if args.reuse_db and Procedure.objects.exists():
        return catalogue.counts()
    start = time.perf_counter()
    volume = catalogue.build(catalogue.Volume(procedures=args.procedures, organisations=args.organisations))
    print(f"# built {volume} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return volume


def scenarios() -> list[Scenario]:
    from saola.core.models import Organization

    pks = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    terms = [quote(q) for q in QUERIES]
    return [
        Scenario("baseline", "bare Django one-row ORM read", [f"/bench/one-row/{pk}" for pk in pks]),
        Scenario(
            "api_search", "GET /api/v1/procedures?q=…&limit=20", [f"/api/v1/procedures?q={t}&limit=20" for t in terms]
        ),
        Scenario("page_search", "GET /thu-tuc/?q=… (HTML)", [f"/thu-tuc/?q={t}" for t in terms]),
    ]


def count_queries(scenario: Scenario) -> None:
    """Database queries per request, measured in-process through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    paths = scenario.paths[: len(QUERIES)]
    client.get(paths[0])  # first request fills per-process caches; not what steady state costs
    counts = []
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} in-process")
        counts.append(len(ctx.captured_queries))
    scenario.db_queries = {"mean": round(sum(counts) / len(counts), 2), "max": max(counts)}


def profile(scenario: Scenario, repeat: int = 200) -> None:
    """cProfile of `repeat` in-process requests, top functions by cumulative time, on stderr."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    paths = scenario.paths
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(repeat):
        client.get(paths[i % len(paths)])
    profiler.disable()
    print(f"\n# profile: {scenario.name}, {repeat} requests in-process", file=sys.stderr)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)


def load(port: int, scenario: Scenario, *, concurrency: int, duration: float, max_requests: int) -> dict[str, Any]:
    """One run of the load generator in its own process."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(scenario.paths, fh)
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
    opts = {"concurrency": args.concurrency, "max_requests": args.max_requests}
    warmup_errors = 0
    for scenario in runs:
        result = load(port, scenario, duration=args.warmup, **opts)
        warmup_errors += int(result["errors"])
        scenario.error_samples.extend(result["error_samples"])
    slices = max(1, round(args.duration / args.slice))
    for n in range(args.rounds):
        order = runs[n % len(runs) :] + runs[: n % len(runs)]
        parts: dict[str, list[dict[str, Any]]] = {s.name: [] for s in runs}
        for _ in range(slices):
            for scenario in order:
                meter.start()
                result = load(port, scenario, duration=args.duration / slices, **opts)
                result["server_cpu_s"], result["db_cpu_s"] = meter.stop()
                parts[scenario.name].append(result)
        for scenario in runs:
            scenario.add_round(parts[scenario.name])
        rates = ", ".join(f"{s.name} {s.round_rps[-1]:.0f} req/s" for s in runs)
        print(f"# round {n + 1}/{args.rounds}: {rates}", file=sys.stderr)
    return warmup_errors


def _cpu_per_request(row: dict[str, Any]) -> float | None:
    server_ms, db_ms = row["server_cpu_ms_per_request"], row["db_cpu_ms_per_request"]
    return None if server_ms is None or db_ms is None else server_ms + db_ms


def result_rows(runs: list[Scenario], args: argparse.Namespace, volume: dict[str, int]) -> list[dict[str, Any]]:
    """One JSON-ready row per scenario; search rows carry their ratios to the baseline."""
    baseline = runs[0]
    rows: list[dict[str, Any]] = []
    for scenario in runs:
        row = {"bench": "procedure_search", **scenario.summary(), "concurrency": args.concurrency}
        row |= {"workers": args.workers, "volume": volume}
        if scenario is not baseline:
            ratio = scenario.throughput / baseline.throughput if baseline.throughput else 0.0
            per_round = [s / b for s, b in zip(scenario.round_rps, baseline.round_rps, strict=True) if b]
            cpu_base, cpu_here = _cpu_per_request(rows[0]), _cpu_per_request(row)
            row |= {
                "ratio_to_baseline": round(ratio, 3),
                "round_ratios": [round(r, 3) for r in per_round],
                # Server + database CPU per baseline request over the same per search request:
                # what the throughput ratio would be on an otherwise idle machine.
                "cpu_ratio_to_baseline": round(cpu_base / cpu_here, 3) if cpu_base and cpu_here else None,
                "target_ratio": TARGET_RATIO,
                "verdict": "PASS" if ratio >= TARGET_RATIO else "BELOW",
            }
        rows.append(row)
    return rows


def print_summary(rows: list[dict[str, Any]], args: argparse.Namespace, volume: dict[str, int]) -> None:
    print(
        f"\nProcedure search on PostgreSQL: {volume['procedures']} procedures, {volume['fields']} fields, "
        f"{volume['organisations']} organisations; {args.workers} gunicorn workers, concurrency "
        f"{args.concurrency}, {args.rounds} × {args.duration:g} s per scenario."
    )
    print(
        f"{'scenario':<12} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'queries':>7} "
        f"{'errors':>6} {'cpu ms':>7} {'ratio':>6} {'cpu ratio':>9}  target {TARGET_RATIO}"
    )
    for row in rows:
        cpu_ms = _cpu_per_request(row)
        cpu_ratio = row.get("cpu_ratio_to_baseline", 1.0 if cpu_ms is not None else None)
        print(
            f"{row['scenario']:<12} {row['throughput_rps']:>8.1f} {row['p50_ms']:>7.2f} {row['p95_ms']:>7.2f} "
            f"{row['p99_ms']:>7.2f} {row['db_queries_per_request']:>7} {row['errors']:>6} "
            f"{'-' if cpu_ms is None else f'{cpu_ms:.2f}':>7} {row.get('ratio_to_baseline', 1.0):>6.2f} "
            f"{'-' if cpu_ratio is None else f'{cpu_ratio:.2f}':>9}  {row.get('verdict', '')}"
        )
    print("(cpu ms: server + PostgreSQL CPU per request; cpu ratio: the baseline's over the scenario's)")


def report(runs: list[Scenario], args: argparse.Namespace, volume: dict[str, int], warmup_errors: int) -> int:
    """Print the JSON lines and the summary; 1 if any request failed, warm-up included."""
    rows = result_rows(runs, args, volume)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    print_summary(rows, args, volume)
    errors = sum(s.errors for s in runs) + warmup_errors
    if errors:
        samples = [e for s in runs for e in s.error_samples][:5]
        print(f"\nFAILED: {errors} request(s) failed (warm-up included): {samples}", file=sys.stderr)
        return 1
    return 0


def _exit_on_signal(signum: int, frame: object) -> None:
    # Unwinds through the `finally` blocks that stop the server and drop the database.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    with tempfile.TemporaryDirectory(prefix="saola-bench-") as tmp:
        workdir = Path(tmp)
        env = database.server_env(name=args.db_name, workdir=workdir, workers=args.workers)
        if not (args.reuse_db and database.exists(args.db_name)):
            database.recreate(args.db_name)
        try:
            database.setup_django(env)
            volume = prepare(args)
            runs = scenarios()
            for scenario in runs:
                count_queries(scenario)
                if args.profile:
                    profile(scenario)
            from django.db import connections

            connections.close_all()
            port = server.free_port()
            log = workdir / "gunicorn.log"
            with server.serve(port=port, env=env, log_path=log) as process:
                meter = cpu.Meter(pgid=process.pid, database=args.db_name)
                warmup_errors = measure(port, meter, runs, args)
            code = report(runs, args, volume, warmup_errors)
            if code:
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
                print("\n# last lines of the server log:\n" + "\n".join(tail), file=sys.stderr)
            return code
        finally:
            if not args.keep_db:
                from django.db import connections

                connections.close_all()
                database.drop(args.db_name)


if __name__ == "__main__":
    sys.exit(main())
