"""Closed-loop HTTP load on loopback: N threads, each with one keep-alive connection.

Run as its own process so the client never shares an interpreter (and a GIL) with the code that
orchestrates the benchmark:

    python bench/loadgen.py --port 8123 --paths paths.json --concurrency 8 --duration 10

Each thread cycles through the paths (starting at a different offset) until the deadline or its
share of --max-requests. Prints one JSON object: requests, errors, elapsed seconds and every
successful request's latency in microseconds, and the client's own CPU seconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import threading
import time
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"


@dataclass
class ThreadResult:
    latencies_us: list[int] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(LOOPBACK, port, timeout=30)


def _run_thread(*, port: int, paths: list[str], offset: int, deadline_ns: int, cap: int, out: ThreadResult) -> None:
    conn = _connect(port)
    headers = {"Host": LOOPBACK, "Accept-Language": "vi", "Connection": "keep-alive"}
    i = offset
    done = 0
    while done < cap and time.perf_counter_ns() < deadline_ns:
        path = paths[i % len(paths)]
        i += 1
        done += 1
        start = time.perf_counter_ns()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            out.errors += 1
            if len(out.error_samples) < 3:
                out.error_samples.append(f"{path}: {type(exc).__name__}: {exc}")
            conn.close()
            conn = _connect(port)
            continue
        elapsed = time.perf_counter_ns() - start
        if response.status == 200:
            out.latencies_us.append(elapsed // 1000)
        else:
            out.errors += 1
            if len(out.error_samples) < 3:
                out.error_samples.append(f"{path}: HTTP {response.status}")
        if response.will_close:
            conn.close()
            conn = _connect(port)
    conn.close()


def run(*, port: int, paths: list[str], concurrency: int, duration: float, max_requests: int) -> dict[str, object]:
    results = [ThreadResult() for _ in range(concurrency)]
    cap = max(1, max_requests // concurrency)
    cpu_before = os.times()
    start = time.perf_counter_ns()
    deadline = start + int(duration * 1e9)
    threads = [
        threading.Thread(
            target=_run_thread,
            kwargs={
                "port": port,
                "paths": paths,
                "offset": n * 7,
                "deadline_ns": deadline,
                "cap": cap,
                "out": results[n],
            },
            daemon=True,
        )
        for n in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Every request has a 30 s socket timeout, so a thread ends at most that long after the deadline.
        thread.join(timeout=duration + 60)
    elapsed = (time.perf_counter_ns() - start) / 1e9
    cpu_after = os.times()
    latencies = [lat for r in results for lat in r.latencies_us]
    errors = sum(r.errors for r in results) + sum(1 for t in threads if t.is_alive())
    return {
        "requests": len(latencies) + errors,
        "errors": errors,
        "error_samples": [s for r in results for s in r.error_samples][:5],
        "elapsed_s": elapsed,
        "cpu_s": (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system),
        "latencies_us": latencies,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--paths", required=True, help="JSON file with a list of request paths")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with open(args.paths, encoding="utf-8") as fh:
        paths = json.load(fh)
    result = run(
        port=args.port,
        paths=paths,
        concurrency=args.concurrency,
        duration=args.duration,
        max_requests=args.max_requests,
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
