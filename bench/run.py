"""`make bench`: every benchmark in turn, in one PostgreSQL database, each against its bare Django baseline.

The database is created and migrated once, with the province's catalogue; procedure search runs
first, then the dossier API, which adds a province-year of dossiers, then PAdES signing and the
verification of a signed PDF (both on the demo PKI). Flags: `--help`.
"""

from __future__ import annotations

import argparse
import sys
import time

import documents_search
import dossier_api
import exchange_hub
import harness
import procedure_search
import signing
import signing_verify

BENCHMARKS = {
    "procedure_search": procedure_search.bench,
    "dossier_api": dossier_api.bench,
    "signing": signing.bench,
    "signing_verify": signing_verify.bench,
    "documents_search": documents_search.bench,
    "exchange_hub": exchange_hub.bench,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Every benchmark against a bare Django one-row read, on PostgreSQL.")
    harness.add_common_arguments(parser)
    dossier_api.add_arguments(parser)
    documents_search.add_arguments(parser)
    signing.add_arguments(parser)
    signing_verify.add_arguments(parser)
    exchange_hub.add_arguments(parser)
    parser.add_argument(
        "--only", choices=sorted(BENCHMARKS), action="append", help="run only this benchmark (repeatable)"
    )
    args = parser.parse_args(argv)
    harness.check_common_arguments(parser, args)
    dossier_api.check_arguments(parser, args)
    documents_search.check_arguments(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    code = 0
    with harness.session(args) as ctx:
        catalogue = harness.catalogue_volume(args)
        for name, bench in BENCHMARKS.items():
            if args.only is None or name in args.only:
                code = bench(args, ctx, catalogue) or code
    print(f"\n# make bench: {time.perf_counter() - start:.0f} s in all", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
