"""The one-stop dossier API on PostgreSQL with a province-year of dossiers, against a bare Django
one-row read measured in the same run.

  baseline       GET /bench/one-row/<pk>                 one ORM row by primary key, tiny JSON
  status         GET /api/v1/dossiers/{code}/status      anonymous, random existing codes
  submit         POST /api/v1/dossiers                   multipart with a 1 MB PDF, citizens' tokens
  inbox          GET /api/v1/inbox?limit=25              six officers' tokens
  inbox_overdue  GET /api/v1/inbox?limit=25&only=overdue the same officers

The volume (`dossier_volume.py`, one million dossiers by default) is generated unless --reuse-db
finds the same volume recorded in the database. The officers are a receiving officer, a
processing officer and a leader of the busiest commune and of the province (whose scope is every
unit). Targets: status ratio ≥ 0.7; inbox p95 < 100 ms for every officer; submissions reported.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import time
from pathlib import Path
from typing import Any

import dossier_volume
import harness
from stats import Scenario, Target

STATUS_TARGET = Target("ratio", 0.7)
INBOX_TARGET = Target("p95_ms", 100)
STATUS_CODES = 2000
SUBMIT_CITIZENS = 64
SUBMIT_COMMUNES = 8
SUBMIT_PROCEDURE = ("2.000635", "Cấp bản sao trích lục hộ tịch")
# Role, its short name in tags and usernames, and how the officer's name reads.
ROLES = {
    "receiving_officer": ("receiving", "Cán bộ tiếp nhận"),
    "processing_officer": ("processing", "Cán bộ xử lý"),
    "unit_leader": ("leader", "Lãnh đạo"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dossiers", type=int, default=1_000_000, help="dossiers generated (default 1,000,000: a province-year+)"
    )
    parser.add_argument("--citizens", type=int, default=200_000, help="citizens who submitted them (default 200,000)")
    parser.add_argument("--attachment-kb", type=int, default=1024, help="size of the PDF of each submission")


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not (10_000 <= args.dossiers <= 5_000_000 and 1_000 <= args.citizens <= 1_000_000):
        parser.error("dossiers 10,000-5,000,000, citizens 1,000-1,000,000")
    if not 1 <= args.attachment_kb <= 10 * 1024:
        parser.error("attachment 1 KB to 10 MB (the per-file limit)")


def volume(args: argparse.Namespace) -> dict[str, Any]:
    """The generated volume: reused when --reuse-db finds the same one recorded, else generated."""
    spec = dossier_volume.VolumeSpec(dossiers=args.dossiers, citizens=args.citizens)
    if args.reuse_db:
        recorded = dossier_volume.recorded()
        if recorded and all(recorded.get(k) == v for k, v in vars(spec).items()):
            print(f"# reused the dossier volume generated {recorded['generated_at']}", file=sys.stderr)
            return {**recorded, "reused": True}
    print(f"# generating {spec.dossiers:,} dossiers with COPY...", file=sys.stderr)
    summary = dossier_volume.generate(spec)
    print(f"# generated {summary} ", file=sys.stderr)
    return {**summary, "reused": False}


# --- people, tokens and the procedure of the submissions ------------------------------------


def _officers(commune_code: str) -> dict[str, Any]:
    """Receiving officer, processing officer and leader of the commune and of the province."""
    from saola.core.models import Organization, User
    from saola.core.services import officer_create
    from saola.core.tokens import api_token_issue

    places = {"commune": Organization.objects.get(code=commune_code), "province": Organization.objects.get(parent=None)}
    headers = {}
    for place, unit in places.items():
        for role, (short, title) in ROLES.items():
            username = f"bench-{place}-{short}"
            user = User.objects.filter(username=username).first() or officer_create(
                actor=None,
                username=username,
                full_name=f"{title}, {unit.name}",
                organization=unit,
                password=secrets.token_urlsafe(16),
                roles=[role],
            )
            _, secret = api_token_issue(user=user, name="bench")
            headers[f"{place} {short}"] = {"Authorization": f"Bearer {secret}"}
    return headers


def _submission_procedure(communes: list[Any]) -> Any:
    """A civil-status extract any commune issues online: one required paper, no e-form."""
    from saola.catalog.models import Field, Flow
    from saola.catalog.services import procedure_save

    code, name = SUBMIT_PROCEDURE
    return procedure_save(
        actor=None,
        code=code,
        name=name,
        field=Field.objects.get(code="HT"),
        levels=["commune"],
        processing_days=1,
        online_category="full",
        agencies=communes,
        flow=Flow.objects.get(code=dossier_volume.FLOW_CODE),
        papers=[{"name": "Tờ khai đề nghị cấp bản sao trích lục hộ tịch", "form_name": "Tờ khai"}],
        applicants="Công dân Việt Nam",
        result="Bản sao trích lục hộ tịch",
    )


def _pdf(size: int) -> bytes:
    """A scanned paper as people upload it: a PDF whose bulk is an incompressible image stream."""
    head = b"%PDF-1.4\n1 0 obj<</Type/XObject/Subtype/Image/Filter/DCTDecode>>stream\n"
    tail = b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return head + random.Random(size).randbytes(max(0, size - len(head) - len(tail))) + tail


def _multipart(fields: dict[str, str], file_field: str, content: bytes) -> tuple[bytes, str]:
    boundary = "saola-bench-" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="to-khai.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
    )
    body = b"".join(parts) + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _submissions(args: argparse.Namespace, workdir: Path) -> list[dict[str, Any]]:
    """Multipart submissions by citizens with their own tokens, to the busiest communes."""
    from django.db.models import Count

    from saola.core.models import Organization, User
    from saola.core.tokens import api_token_issue

    communes = list(Organization.objects.filter(level="commune").order_by("id"))
    procedure = _submission_procedure(communes)
    paper = procedure.papers.get()
    busiest = list(
        Organization.objects.filter(level="commune").annotate(n=Count("dossiers")).order_by("-n")[:SUBMIT_COMMUNES]
    )
    content = _pdf(args.attachment_kb * 1024)
    bodies = []
    for n, commune in enumerate(busiest):
        fields = {"procedure": procedure.code, "organization": commune.code, "summary": "Xin cấp 02 bản sao"}
        body, content_type = _multipart(fields, f"paper_{paper.pk}", content)
        path = workdir / f"submit-{n}.bin"
        path.write_bytes(body)
        bodies.append((str(path), content_type))
    citizens = User.objects.filter(username__startswith="bench-citizen-").order_by("id")[:SUBMIT_CITIZENS]
    specs = []
    for n, citizen in enumerate(citizens):
        _, secret = api_token_issue(user=citizen, name="bench")
        body_file, content_type = bodies[n % len(bodies)]
        specs.append(
            {
                "method": "POST",
                "path": "/api/v1/dossiers",
                "headers": {"Authorization": f"Bearer {secret}", "Content-Type": content_type},
                "body_file": body_file,
                "expect": 201,
                "unique_header": "Idempotency-Key",
            }
        )
    return specs


def _status_paths(total: int) -> list[str]:
    from saola.dossiers.models import Dossier

    ids = random.Random(7).sample(range(1, total + 1), min(STATUS_CODES, total))
    codes = list(Dossier.objects.filter(pk__in=ids).values_list("code", flat=True))
    random.Random(8).shuffle(codes)
    return [f"/api/v1/dossiers/{code}/status" for code in codes]


def scenarios(args: argparse.Namespace, ctx: harness.Session, vol: dict[str, Any]) -> list[Scenario]:
    from saola.core.models import Organization

    pks = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    officers = _officers(vol["busiest_commune"])

    def inbox(query: str) -> list[dict[str, Any]]:
        return [{"path": f"/api/v1/inbox?{query}", "headers": h, "tag": who} for who, h in officers.items()]

    return [
        Scenario("baseline", "bare Django one-row ORM read", [f"/bench/one-row/{pk}" for pk in pks]),
        Scenario("status", "GET /api/v1/dossiers/{code}/status", _status_paths(vol["dossiers"]), target=STATUS_TARGET),
        Scenario("submit", f"POST /api/v1/dossiers ({args.attachment_kb} KB PDF)", _submissions(args, ctx.workdir)),
        Scenario("inbox", "GET /api/v1/inbox?limit=25", inbox("limit=25"), target=INBOX_TARGET),
        Scenario(
            "inbox_overdue",
            "GET /api/v1/inbox?limit=25&only=overdue",
            inbox("limit=25&only=overdue"),
            target=INBOX_TARGET,
        ),
    ]


def bench(args: argparse.Namespace, ctx: harness.Session, catalogue: dict[str, int]) -> int:
    """Generate (or reuse) the volume in the session's database, which holds the catalogue, and measure."""
    start = time.perf_counter()
    vol = volume(args)
    runs = scenarios(args, ctx, vol)
    print(f"# dossier data ready in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    report_volume = {
        **{k: vol[k] for k in ("dossiers", "open", "steps", "events", "citizens", "days", "busiest_commune")},
        "procedures": catalogue["procedures"],
        "organisations": catalogue["organisations"],
        "generation_s": vol["seconds"],
        "reused": vol["reused"],
    }
    title = (
        f"Dossier API on PostgreSQL: {vol['dossiers']:,} dossiers over {vol['days']} days ({vol['open']:,} open), "
        f"{vol['steps']:,} steps, {vol['events']:,} events; volume "
        f"{'reused (generated ' + vol['generated_at'] + ')' if vol['reused'] else 'generated'} in {vol['seconds']} s; "
        f"{args.workers} gunicorn workers, concurrency {args.concurrency}, {args.rounds} × {args.duration:g} s per scenario."
    )
    return harness.run("dossier_api", title, runs, args, ctx=ctx, volume=report_volume)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="The dossier API vs a bare Django one-row read.")
    harness.add_common_arguments(parser)
    add_arguments(parser)
    args = parser.parse_args(argv)
    harness.check_common_arguments(parser, args)
    check_arguments(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with harness.session(args) as ctx:
        return bench(args, ctx, harness.catalogue_volume(args))


if __name__ == "__main__":
    sys.exit(main())
