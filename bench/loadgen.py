"""Closed-loop HTTP load on loopback: N threads, each with one keep-alive connection.

Run as its own process so the client never shares an interpreter (and a GIL) with the code that
orchestrates the benchmark:

    python bench/loadgen.py --port 8123 --paths paths.json --concurrency 8 --duration 10

The JSON file lists requests: a string is a GET of that path answered 200; an object may give
`method`, `path`, `headers`, `body_file` (sent as the body, read once), `expect` (the status of
success), `tag` (latencies are also reported per tag) and `unique_header` (a header set to a fresh
random value on every request, such as an Idempotency-Key).

Each thread cycles through the requests (starting at a different offset) until the deadline or its
share of --max-requests. Prints one JSON object: requests, errors, elapsed seconds and every
successful request's latency in microseconds (also per tag), and the client's own CPU seconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

LOOPBACK = "127.0.0.1"


@dataclass
class ThreadResult:
    latencies_us: list[int] = field(default_factory=list)
    tagged_us: dict[str, list[int]] = field(default_factory=dict)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expect: int
    tag: str | None
    unique_header: str | None


BASE_HEADERS = {"Host": LOOPBACK, "Accept-Language": "vi", "Connection": "keep-alive"}


def requests_from(specs: list[Any]) -> list[Request]:
    bodies: dict[str, bytes] = {}
    out = []
    for item in specs:
        spec = {"path": item} if isinstance(item, str) else item
        body_file = spec.get("body_file")
        if body_file and body_file not in bodies:
            with open(body_file, "rb") as fh:
                bodies[body_file] = fh.read()
        out.append(
            Request(
                method=spec.get("method", "GET"),
                path=spec["path"],
                headers={**BASE_HEADERS, **spec.get("headers", {})},
                body=bodies[body_file] if body_file else None,
                expect=int(spec.get("expect", 200)),
                tag=spec.get("tag"),
                unique_header=spec.get("unique_header"),
            )
        )
    return out


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(LOOPBACK, port, timeout=30)


def _failed(out: ThreadResult, what: str) -> None:
    out.errors += 1
    if len(out.error_samples) < 3:
        out.error_samples.append(what)


def _run_thread(
    *, port: int, requests: list[Request], offset: int, deadline_ns: int, cap: int, out: ThreadResult
) -> None:
    conn = _connect(port)
    i = offset
    done = 0
    while done < cap and time.perf_counter_ns() < deadline_ns:
        request = requests[i % len(requests)]
        i += 1
        done += 1
        headers = request.headers
        if request.unique_header:
            headers = {**headers, request.unique_header: uuid.uuid4().hex}
        start = time.perf_counter_ns()
        try:
            conn.request(request.method, request.path, body=request.body, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            _failed(out, f"{request.method} {request.path}: {type(exc).__name__}: {exc}")
            conn.close()
            conn = _connect(port)
            continue
        elapsed = (time.perf_counter_ns() - start) // 1000
        if response.status == request.expect:
            out.latencies_us.append(elapsed)
            if request.tag:
                out.tagged_us.setdefault(request.tag, []).append(elapsed)
        else:
            _failed(out, f"{request.method} {request.path}: HTTP {response.status}")
        if response.will_close:
            conn.close()
            conn = _connect(port)
    conn.close()


def run(*, port: int, specs: list[Any], concurrency: int, duration: float, max_requests: int) -> dict[str, object]:
    requests = requests_from(specs)
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
                "requests": requests,
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
    tagged: dict[str, list[int]] = {}
    for r in results:
        for tag, values in r.tagged_us.items():
            tagged.setdefault(tag, []).extend(values)
    errors = sum(r.errors for r in results) + sum(1 for t in threads if t.is_alive())
    return {
        "requests": len(latencies) + errors,
        "errors": errors,
        "error_samples": [s for r in results for s in r.error_samples][:5],
        "elapsed_s": elapsed,
        "cpu_s": (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system),
        "latencies_us": latencies,
        "tagged_us": tagged,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--paths", required=True, help="JSON file with the list of requests (paths or objects)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with open(args.paths, encoding="utf-8") as fh:
        specs = json.load(fh)
    result = run(
        port=args.port,
        specs=specs,
        concurrency=args.concurrency,
        duration=args.duration,
        max_requests=args.max_requests,
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
