"""Subcommands of `saola` for this app. Django is set up inside each command, never at import."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8")


def cmd_exchange_validate(args: argparse.Namespace) -> int:
    """`saola exchange validate [--status] FILE`: format (XSD) and, when signed, signature.

    Exit 0 and "hợp lệ" when valid; 1 with every problem and its line on stderr; 2 when the file
    cannot be read. The kind (package or status message) is told by the root element unless
    --status is given.
    """
    from saola.cli import _django

    _django()
    from django.utils.translation import gettext as _

    from saola.exchange.exceptions import XmlTooLarge
    from saola.exchange.safexml import check_size
    from saola.exchange.validation import Problem, detect_kind, validate

    _utf8_streams()
    path = Path(args.file)
    try:
        check_size(path.stat().st_size)
        data = path.read_bytes()
    except XmlTooLarge as exc:
        sys.stderr.write(f"{path}: {exc.message}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(_("Không đọc được tệp %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc})
        sys.stderr.write("\n")
        return 2
    problems = validate(data, kind="status" if args.status else None)
    note = ""
    if not problems and not args.status:
        from saola.exchange.safexml import parse_xml
        from saola.exchange.signature import verify_package_signature

        if detect_kind(parse_xml(data)) == "package":
            check = verify_package_signature(data)
            if check.signed and not check.valid:
                problems = [Problem(None, message) for message in check.problems]
            elif check.signed:
                note = _(" — có chữ ký số hợp lệ của %(signer)s (%(code)s)") % {
                    "signer": check.signer,
                    "code": check.organization_code,
                }
            else:
                note = _(" — chưa ký số")
    if problems:
        for problem in problems:
            sys.stderr.write(f"{path}: {problem}\n")
        return 1
    sys.stdout.write(f"{path}: {_('hợp lệ')}{note}\n")
    return 0


def cmd_hub_agencies(args: argparse.Namespace) -> int:
    """`saola hub agencies import FILE` (CSV or JSON, all or nothing) and `saola hub agencies list`."""
    from saola.cli import _django, _print_import_errors

    _django()
    from django.utils.translation import gettext as _

    from saola.core.exceptions import SaolaError
    from saola.exchange.registry import agencies_import_file, agency_list

    _utf8_streams()
    if args.agencies_action == "list":
        for agency in agency_list(q=args.q, level=args.level):
            sys.stdout.write(f"{agency.code}\t{agency.name}\n")
        return 0
    try:
        count = agencies_import_file(path=args.file, actor=None)
    except SaolaError as exc:
        _print_import_errors(exc)
        return 2
    sys.stdout.write(_("Đã nhập %(count)s cơ quan từ %(path)s") % {"count": count, "path": args.file})
    sys.stdout.write("\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this app's subcommands to the `saola` parser."""
    exchange = sub.add_parser("exchange", help="document interconnection: edXML packages and status messages")
    exchange_sub = exchange.add_subparsers(dest="action", required=True)
    validate = exchange_sub.add_parser("validate", help="check an edXML package or status message (and its signature)")
    validate.add_argument("--status", action="store_true", help="the file is a status message")
    validate.add_argument("file", help="the edXML file")
    validate.set_defaults(func=cmd_exchange_validate)

    hub = sub.add_parser("hub", help="document interconnection hub: the registry of agencies it serves")
    hub_sub = hub.add_subparsers(dest="action", required=True)
    agencies = hub_sub.add_parser("agencies", help="the agencies (nodes) the hub serves")
    agencies_sub = agencies.add_subparsers(dest="agencies_action", required=True)
    agencies_import = agencies_sub.add_parser(
        "import", help="register agencies from a CSV or JSON file (all or nothing)"
    )
    agencies_import.add_argument("file", help="CSV or JSON with code, name, level, parent_hub, mode, endpoint")
    agencies_import.set_defaults(func=cmd_hub_agencies)
    agencies_list = agencies_sub.add_parser("list", help="print code and name of each agency, one per line")
    agencies_list.add_argument("--q", default="", help="search code or name (diacritics ignored)")
    agencies_list.add_argument(
        "--level", default="", choices=["", "central", "province", "district", "commune", "unit"]
    )
    agencies_list.set_defaults(func=cmd_hub_agencies)
