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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this app's subcommands to the `saola` parser."""
    exchange = sub.add_parser("exchange", help="document interconnection: edXML packages and status messages")
    exchange_sub = exchange.add_subparsers(dest="action", required=True)
    validate = exchange_sub.add_parser("validate", help="check an edXML package or status message (and its signature)")
    validate.add_argument("--status", action="store_true", help="the file is a status message")
    validate.add_argument("file", help="the edXML file")
    validate.set_defaults(func=cmd_exchange_validate)
