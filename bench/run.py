"""`make bench`: every benchmark in turn, each against its bare Django baseline, on PostgreSQL.

Flags are passed to each benchmark (see `bench/procedure_search.py --help`).
"""

from __future__ import annotations

import sys

import procedure_search

BENCHMARKS = [procedure_search.main]


def main(argv: list[str]) -> int:
    code = 0
    for bench in BENCHMARKS:
        code = bench(argv) or code
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
