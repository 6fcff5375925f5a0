"""PAdES signing time of a one-page document, in-process, on PostgreSQL.

Each signature is what `sign_as_person` makes for an official document: a PKCS#12 credential
opened with its passphrase, the signer's chain validated with revocation checks against the
platform's own OCSP responder and CRLs (answered in-process), a visible image appearance, an
RFC 3161 time stamp from the platform's TSA (B-T) and a DSS revision with the certificates,
OCSP responses and CRLs (B-LT). Then the organisation's seal on the signed document.

Prints one JSON line per scenario: ms per signature (p50/p95/p99, mean; and the process's CPU
time, steadier on a shared machine), database queries per signature, output size, and the target
(p95 < 150 ms, reported, not asserted).
`bench/run.py` runs it with the other benchmarks; alone: `python bench/signing.py`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any

import harness
from stats import latency_summary

TARGET_P95_MS = 150.0
PASSPHRASE = "Bench@Signing-2026"  # noqa: S105 - credentials of a throwaway benchmark database
PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 20mm 20mm 30mm } body { font-family: 'Liberation Serif'; font-size: 13pt }
</style></head><body><p>ỦY BAN NHÂN DÂN TỈNH SƠN LA</p><h1>QUYẾT ĐỊNH</h1>
<p>Về việc đo thời gian ký số văn bản điện tử theo chuẩn PAdES.</p></body></html>"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--signs", type=int, default=60, help="measured signatures per scenario (default 60)")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="PAdES B-LT signing time of a one-page document.")
    harness.add_common_arguments(parser)
    add_arguments(parser)
    args = parser.parse_args(argv)
    harness.check_common_arguments(parser, args)
    return args


def _setup() -> tuple[Any, Any, bytes]:
    """A province unit, its leader, both with credentials of the platform's PKI; a one-page PDF with fields."""
    from weasyprint import HTML

    from saola.core.models import Organization, User
    from saola.core.services import officer_create, organization_create
    from saola.demo.pki import ensure_authorities, issue_organization_credential, issue_person_credential
    from saola.signing.services import add_signature_fields

    _root, sub = ensure_authorities()
    organization = Organization.objects.filter(code="000.99.53.H53").first() or organization_create(
        actor=None, code="000.99.53.H53", name="Văn phòng Ủy ban nhân dân tỉnh (đo ký số)", level="province"
    )
    leader = User.objects.filter(username="bench.signing").first() or officer_create(
        actor=None,
        username="bench.signing",
        full_name="Cầm Văn Thành",
        organization=organization,
        password="Mat-khau-2026",  # noqa: S106 - a bench account in a throwaway database
        position="Chánh Văn phòng",
        roles=["unit_leader"],
    )
    issue_person_credential(user=leader, issuer=sub, passphrase=PASSPHRASE)
    issue_organization_credential(organization=organization, issuer=sub, passphrase=PASSPHRASE)
    pdf = add_signature_fields(
        HTML(string=PAGE).write_pdf(), signer_box=(-1, 330.0, 160.0, 500.0, 230.0), organization=organization
    )
    return leader, organization, pdf


def _measure(name: str, description: str, sign: Any, *, count: int, warmup: int = 3) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        sign()
    latencies_us: list[int] = []
    cpu_us: list[int] = []
    queries = 0
    size = 0
    for _ in range(count):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
            out = sign()
            latencies_us.append((time.perf_counter_ns() - start) // 1000)
            cpu_us.append((time.process_time_ns() - start_cpu) // 1000)
        queries += len(captured)
        size = len(out)
    summary = latency_summary(latencies_us)
    cpu = latency_summary(cpu_us)
    return {
        "bench": "signing",
        "scenario": name,
        "description": description,
        "signs": count,
        **summary,
        "mean_ms": round(statistics.fmean(latencies_us) / 1000, 2),
        # CPU time of this process per signature: what the wall time would be on an idle core
        # (the machines are shared; PostgreSQL's few milliseconds are not included).
        "cpu_p50_ms": cpu["p50_ms"],
        "cpu_p95_ms": cpu["p95_ms"],
        "signs_per_s": round(count / (sum(latencies_us) / 1e6), 2),
        "db_queries_per_sign": round(queries / count, 1),
        "output_bytes": size,
        "target": f"p95 < {TARGET_P95_MS:g} ms",
        "verdict": "PASS" if summary["p95_ms"] < TARGET_P95_MS else "BELOW",
    }


def _profile(sign: Any, repeat: int = 20) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        sign()
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)


def bench(args: argparse.Namespace, ctx: harness.Session, catalogue: dict[str, int] | None = None) -> int:
    """Measure in the session's database (any data in it is left alone)."""
    from saola.signing.services import sign_as_organization, sign_as_person

    leader, organization, pdf = _setup()
    signed = sign_as_person(pdf, user=leader, secret=PASSPHRASE)
    rows = [
        _measure(
            "sign_person",
            "sign_as_person: PKCS#12, image, B-LT (TSA + OCSP/CRL in DSS), one page",
            lambda: sign_as_person(pdf, user=leader, secret=PASSPHRASE),
            count=args.signs,
        ),
        _measure(
            "sign_organization",
            "sign_as_organization on the signed page: seal image, B-LT, second signature",
            lambda: sign_as_organization(signed, organization=organization, secret=PASSPHRASE),
            count=args.signs,
        ),
    ]
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), flush=True)
    if args.profile:
        _profile(lambda: sign_as_person(pdf, user=leader, secret=PASSPHRASE))
    print("\nPAdES signing, in-process on PostgreSQL, one core:")
    for row in rows:
        print(
            f"  {row['scenario']:<18} p50 {row['p50_ms']:>7.2f}  p95 {row['p95_ms']:>7.2f}  p99 {row['p99_ms']:>7.2f} ms"
            f"  (CPU p50 {row['cpu_p50_ms']:.2f}, p95 {row['cpu_p95_ms']:.2f})"
            f"  {row['db_queries_per_sign']:>5} queries  {row['target']}: {row['verdict']}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with harness.session(args) as ctx:
        return bench(args, ctx)


if __name__ == "__main__":
    sys.exit(main())
