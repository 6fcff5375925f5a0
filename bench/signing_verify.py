"""Verification of a signed one-page PDF: the service in-process, and the public API over HTTP.

Builds the demo PKI in the session's database, signs a one-page PDF as a demo leader the way
the platform does (PAdES B-LT: timestamp, embedded revocation data), then:

  verify_pdf       in-process: `verify_pdf(data=...)` timed N times after a warm-up, the way a
                   worker or the CLI runs it (trust list read, OCSP answered in-process)
  verify_api_in_process  the API through Django's test client, N times: its own cost
  baseline         GET /bench/one-row/<pk>                 one ORM row by primary key, tiny JSON
  verify_api       POST /api/v1/signatures/verify          multipart with the signed PDF

Prints one JSON line per scenario; target: p95 < 150 ms per verification (in-process, and for
the API in the latency pass at one connection per worker). `bench/run.py` runs it with the
other benchmarks; alone: `python bench/signing_verify.py --help`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import secrets
import sys
import time
from pathlib import Path
from typing import Any

import harness
from stats import Scenario, Target

TARGET = Target("p95_ms", 150)
BOUNDARY = "saola-bench-verify"
FORM_HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 20mm 20mm 30mm } body { font-family: 'Liberation Serif'; font-size: 13pt }
</style></head><body><p>ỦY BAN NHÂN DÂN TỈNH SƠN LA</p><h1>QUYẾT ĐỊNH</h1>
<p>Về việc thử nghiệm kiểm tra chữ ký số trên văn bản điện tử một trang.</p></body></html>"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--verify-iterations", type=int, default=200, help="in-process verifications timed")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Signed PDF verification: in-process and through the API.")
    harness.add_common_arguments(parser)
    add_arguments(parser)
    args = parser.parse_args(argv)
    harness.check_common_arguments(parser, args)
    return args


def signed_pdf() -> bytes:
    """A one-page PDF signed by a demo leader with the platform's own signing service."""
    from weasyprint import HTML

    from saola.core.models import Organization, User
    from saola.core.services import officer_create, organization_create
    from saola.demo.pki import ensure_authorities, issue_person_credential
    from saola.signing.services import sign_as_person

    _, issuer = ensure_authorities()
    organization = Organization.objects.order_by("pk").first() or organization_create(
        actor=None, code="000.00.00.H53", name="Ủy ban nhân dân tỉnh Sơn La", level="province"
    )
    passphrase = secrets.token_urlsafe(12)
    leader = User.objects.filter(username="bench-verify-leader").first() or officer_create(
        actor=None,
        username="bench-verify-leader",
        full_name="Cầm Văn Thành",
        organization=organization,
        # Letters, digits and a sign whatever the random part holds (the password validators).
        password=f"Bench-{secrets.token_hex(12)}-Aa9",
        roles=["unit_leader"],
    )
    issue_person_credential(user=leader, issuer=issuer, passphrase=passphrase)
    pdf = HTML(string=FORM_HTML).write_pdf()
    return bytes(sign_as_person(pdf, user=leader, secret=passphrase, reason="Phê duyệt"))


def _percentile(sorted_ms: list[float], q: float) -> float:
    return round(sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))], 2)


def in_process(data: bytes, *, iterations: int) -> dict[str, Any]:
    """`verify_pdf` timed `iterations` times after a warm-up; its verdict must be valid."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from saola.signing.verify import verify_pdf

    for _ in range(5):
        report = verify_pdf(data=data)
    if not report.valid:
        raise SystemExit(f"signing_verify: the benchmark document does not verify: {report.as_dict()}")
    with CaptureQueriesContext(connection) as queries:
        verify_pdf(data=data)
    timings = []
    cpu_start = time.process_time_ns()
    for _ in range(iterations):
        start = time.perf_counter_ns()
        verify_pdf(data=data)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    # CPU time moves much less than wall time when other work shares the cores.
    cpu_ms = (time.process_time_ns() - cpu_start) / 1e6 / iterations
    timings.sort()
    p95 = _percentile(timings, 0.95)
    return {
        "bench": "signing_verify",
        "scenario": "verify_pdf",
        "description": "verify_pdf in-process, one-page PDF signed PAdES B-LT by a demo leader",
        "iterations": iterations,
        "pdf_bytes": len(data),
        "p50_ms": _percentile(timings, 0.50),
        "p95_ms": p95,
        "p99_ms": _percentile(timings, 0.99),
        "mean_ms": round(sum(timings) / len(timings), 2),
        "cpu_ms_per_verification": round(cpu_ms, 2),
        "db_queries_per_verification": len(queries.captured_queries),
        "target": str(TARGET),
        "verdict": "PASS" if TARGET.met(ratio=0.0, p95_ms=p95) else "BELOW",
    }


def api_in_process(body: bytes, *, iterations: int) -> dict[str, Any]:
    """POST /api/v1/signatures/verify through Django's test client: the API's own cost (multipart
    parsing, verification, JSON), without the network, gunicorn or the load generator."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    for _ in range(3):
        response = client.generic("POST", "/api/v1/signatures/verify", body, content_type)
    if response.status_code != 200 or not response.json()["valid"]:
        raise SystemExit(f"signing_verify: the API answered {response.status_code}: {response.content[:300]!r}")
    timings = []
    cpu_start = time.process_time_ns()
    for _ in range(iterations):
        start = time.perf_counter_ns()
        client.generic("POST", "/api/v1/signatures/verify", body, content_type)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    cpu_ms = (time.process_time_ns() - cpu_start) / 1e6 / iterations
    timings.sort()
    p95 = _percentile(timings, 0.95)
    return {
        "bench": "signing_verify",
        "scenario": "verify_api_in_process",
        "description": "POST /api/v1/signatures/verify through Django's test client, the same file",
        "iterations": iterations,
        "p50_ms": _percentile(timings, 0.50),
        "p95_ms": p95,
        "p99_ms": _percentile(timings, 0.99),
        "mean_ms": round(sum(timings) / len(timings), 2),
        "cpu_ms_per_request": round(cpu_ms, 2),
        "target": str(TARGET),
        "verdict": "PASS" if TARGET.met(ratio=0.0, p95_ms=p95) else "BELOW",
    }


def multipart_body(data: bytes) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="van-ban.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def scenarios(body_file: Path) -> list[Scenario]:
    from saola.core.models import Organization

    pks = list(Organization.objects.order_by("pk").values_list("pk", flat=True)[:200])
    request = {
        "method": "POST",
        "path": "/api/v1/signatures/verify",
        "headers": {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        "body_file": str(body_file),
    }
    return [
        Scenario("baseline", "bare Django one-row ORM read", [f"/bench/one-row/{pk}" for pk in pks]),
        Scenario("verify_api", "POST /api/v1/signatures/verify (one-page signed PDF)", [request], target=TARGET),
    ]


def bench(args: argparse.Namespace, ctx: harness.Session, catalogue: dict[str, int]) -> int:
    """Sign a document in the session's database, time its verification in-process, then over HTTP."""
    from django.conf import settings

    start = time.perf_counter()
    data = signed_pdf()
    print(f"# signed a one-page PDF ({len(data):,} bytes) in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    # Every request of the load generator comes from 127.0.0.1: the per-address limit is off.
    settings.SAOLA_VERIFY_RATE_LIMIT = "0"
    body = multipart_body(data)
    print(json.dumps(in_process(data, iterations=args.verify_iterations), ensure_ascii=False))
    print(json.dumps(api_in_process(body, iterations=args.verify_iterations), ensure_ascii=False))
    body_file = ctx.workdir / "verify-body.bin"
    body_file.write_bytes(body)
    served = dataclasses.replace(ctx, env={**ctx.env, "SAOLA_VERIFY_RATE_LIMIT": "0"})
    title = (
        f"Signed PDF verification on PostgreSQL ({len(data):,} bytes, one signature with timestamp); "
        f"{args.workers} gunicorn workers, concurrency {args.concurrency}, {args.rounds} × {args.duration:g} s."
    )
    return harness.run("signing_verify", title, scenarios(body_file), args, ctx=served, volume={"pdf_bytes": len(data)})


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with harness.session(args) as ctx:
        return bench(args, ctx, {})


if __name__ == "__main__":
    sys.exit(main())
