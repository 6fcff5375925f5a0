"""Procedure search throughput as a ratio to a bare Django one-row read, on PostgreSQL.

Builds a province's catalogue in a fresh database, starts `saola serve` the way operators do
(gunicorn, production settings) on loopback, then loads three scenarios in short alternating
slices, so noise from anything else on the machine hits each alike:

  baseline    GET /bench/one-row/<pk>            one ORM row by primary key, tiny JSON
  api_search  GET /api/v1/procedures?q=…&limit=20
  page_search GET /thu-tuc/?q=…                  the portal's HTML search page

Prints one JSON line per scenario (throughput, latency percentiles, queries and CPU per request,
ratios to the baseline), then a summary. Exits 1 if any request failed; the target ratio is
reported (PASS/BELOW), not asserted. `bench/run.py` runs it with the other benchmarks.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import quote

import harness
from stats import Scenario, Target

TARGET = Target("ratio", 0.7)

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
    harness.add_common_arguments(parser)
    args = parser.parse_args(argv)
    harness.check_common_arguments(parser, args)
    return args


def scenarios() -> list[Scenario]:
    from saola.core.models import Organization

    pks = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    terms = [quote(q) for q in QUERIES]
    return [
        Scenario("baseline", "bare Django one-row ORM read", [f"/bench/one-row/{pk}" for pk in pks]),
        Scenario(
            "api_search",
            "GET /api/v1/procedures?q=…&limit=20",
            [f"/api/v1/procedures?q={t}&limit=20" for t in terms],
            target=TARGET,
        ),
        Scenario("page_search", "GET /thu-tuc/?q=… (HTML)", [f"/thu-tuc/?q={t}" for t in terms], target=TARGET),
    ]


def bench(args: argparse.Namespace, ctx: harness.Session, catalogue: dict[str, int]) -> int:
    """Measure the scenarios in the session's database, which holds the catalogue."""
    title = (
        f"Procedure search on PostgreSQL: {catalogue['procedures']} procedures, {catalogue['fields']} fields, "
        f"{catalogue['organisations']} organisations; {args.workers} gunicorn workers, concurrency "
        f"{args.concurrency}, {args.rounds} × {args.duration:g} s per scenario."
    )
    return harness.run("procedure_search", title, scenarios(), args, ctx=ctx, volume=catalogue)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with harness.session(args) as ctx:
        return bench(args, ctx, harness.catalogue_volume(args))


if __name__ == "__main__":
    sys.exit(main())
