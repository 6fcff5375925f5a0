"""Subcommands of `saola` for this app. Django is set up inside each command, never at import."""

from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys
import threading
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


def cmd_exchange_send(args: argparse.Namespace) -> int:
    """`saola exchange send [--status] FILE`: hand a prepared (signed) edXML file to the hub.

    Uses SAOLA_EXCHANGE_HUB_URL, SAOLA_EXCHANGE_NODE_CODE and SAOLA_EXCHANGE_NODE_SECRET unless
    --hub, --agency or --secret are given. Exit 0 when the hub accepted it (or already had it),
    1 when the hub refused it (the reason on stderr), 2 when the file cannot be read, 3 when
    the hub cannot be reached.
    """
    from saola.cli import _django

    _django()
    from django.conf import settings
    from django.utils.translation import gettext as _

    from saola.core.exceptions import SaolaError
    from saola.exchange.client import HubClient, HubClientRefused, HubUnavailable

    _utf8_streams()
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        sys.stderr.write(_("Không đọc được tệp %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc})
        sys.stderr.write("\n")
        return 2
    url = args.hub or settings.SAOLA_EXCHANGE_HUB_URL
    if not url:
        sys.stderr.write(_("Chưa cấu hình trục liên thông (SAOLA_EXCHANGE_HUB_URL hoặc --hub).") + "\n")
        return 2
    try:
        client = HubClient(
            url,
            agency_code=args.agency or settings.SAOLA_EXCHANGE_NODE_CODE,
            secret=args.secret or settings.SAOLA_EXCHANGE_NODE_SECRET,
            timeout=settings.SAOLA_EXCHANGE_TIMEOUT,
        )
        result = client.send(data, kind="status" if args.status else "package")
    except HubClientRefused as exc:
        sys.stderr.write(f"{path}: {exc.message}\n")
        for problem in exc.problems:
            sys.stderr.write(f"  {problem}\n")
        return 1
    except HubUnavailable as exc:
        sys.stderr.write(f"{path}: {exc.message}\n")
        return 3
    except SaolaError as exc:
        sys.stderr.write(f"{path}: {exc.message}\n")
        return 2
    label = _("đã có trên trục") if result.duplicate else _("đã gửi")
    sys.stdout.write(f"{path}: {label} (#{result.id})\n")
    for recipient, route in sorted(result.recipients.items()):
        sys.stdout.write(f"  {recipient} → {route}\n")
    return 0


def cmd_exchange_directory(args: argparse.Namespace) -> int:
    """`saola exchange directory`: copy the hub's directory of agencies now (the worker does it hourly)."""
    from saola.cli import _django

    _django()
    from django.utils.translation import gettext as _

    from saola.core.exceptions import SaolaError
    from saola.exchange.transport import directory_sync, node_client

    _utf8_streams()
    client = node_client()
    if client is None:
        sys.stderr.write(_("Chưa cấu hình trục liên thông (SAOLA_EXCHANGE_HUB_URL).") + "\n")
        return 2
    try:
        added, changed = directory_sync(client=client)
    except SaolaError as exc:
        sys.stderr.write(f"{exc.message}\n")
        return 3
    sys.stdout.write(_("Danh bạ: thêm %(added)s, cập nhật %(changed)s cơ quan.") % {"added": added, "changed": changed})
    sys.stdout.write("\n")
    return 0


def cmd_exchange_worker(args: argparse.Namespace) -> int:
    """`saola exchange worker`: the node's transport loop (send the outbox, pull from the hub)."""
    from saola.cli import _django

    _django()
    from saola.exchange.transport import run_forever

    run_forever(interval=args.interval, stop=_stop_on_signal())
    return 0


def _stop_on_signal() -> threading.Event:
    stop = threading.Event()

    def handle(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
    return stop


def cmd_hub_worker(args: argparse.Namespace) -> int:
    """`saola hub worker`: push deliveries to push-mode agencies and the parent hub, pull from it."""
    os.environ.setdefault("SAOLA_ROLE", "hub")
    from saola.cli import _django

    _django()
    from saola.exchange.hub.forwarding import run_forever

    run_forever(interval=args.interval, stop=_stop_on_signal())
    return 0


def cmd_hub_purge(args: argparse.Namespace) -> int:
    """`saola hub purge [--days N]`: delete delivered messages older than N days (default
    SAOLA_HUB_RETENTION_DAYS); undelivered ones are kept whatever their age."""
    from saola.cli import _django

    _django()
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from saola.exchange.hub.services import hub_purge

    _utf8_streams()
    days = settings.SAOLA_HUB_RETENTION_DAYS if args.days is None else args.days
    purged = hub_purge(before=timezone.now() - dt.timedelta(days=days))
    sys.stdout.write(
        _("Đã xóa %(count)s gói tin đã chuyển xong trước %(days)s ngày.") % {"count": purged, "days": days}
    )
    sys.stdout.write("\n")
    return 0


def cmd_hub_serve(args: argparse.Namespace) -> int:
    """`saola hub serve`: the hub role on its own database: migrate, then the HTTP API and the worker."""
    os.environ["SAOLA_ROLE"] = "hub"
    from saola.cli import _django, _gunicorn_argv, _manage, _supervise

    _django()
    _manage("migrate", "--noinput", "-v", "0")
    env = dict(os.environ)
    worker = subprocess.Popen(
        [sys.executable, "-m", "saola.cli", "hub", "worker", "--interval", str(args.interval)], env=env
    )
    web = subprocess.Popen(_gunicorn_argv(port=args.port, host=args.host, workers=args.workers), env=env)
    return _supervise([web, worker])


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this app's subcommands to the `saola` parser."""
    exchange = sub.add_parser("exchange", help="document interconnection: edXML packages and status messages")
    exchange_sub = exchange.add_subparsers(dest="action", required=True)
    validate = exchange_sub.add_parser("validate", help="check an edXML package or status message (and its signature)")
    validate.add_argument("--status", action="store_true", help="the file is a status message")
    validate.add_argument("file", help="the edXML file")
    validate.set_defaults(func=cmd_exchange_validate)
    send = exchange_sub.add_parser("send", help="hand a prepared, signed edXML file to the hub")
    send.add_argument("--status", action="store_true", help="the file is a status message")
    send.add_argument("--hub", default="", help="hub URL (default SAOLA_EXCHANGE_HUB_URL)")
    send.add_argument("--agency", default="", help="agency code (default SAOLA_EXCHANGE_NODE_CODE)")
    send.add_argument("--secret", default="", help="secret issued by the hub (default SAOLA_EXCHANGE_NODE_SECRET)")
    send.add_argument("file", help="the edXML file")
    send.set_defaults(func=cmd_exchange_send)
    directory = exchange_sub.add_parser("directory", help="copy the hub's directory of agencies now")
    directory.set_defaults(func=cmd_exchange_directory)
    worker = exchange_sub.add_parser("worker", help="send the outbox to the hub and take in what it holds")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds to wait when idle")
    worker.set_defaults(func=cmd_exchange_worker)

    hub = sub.add_parser("hub", help="document interconnection hub: its registry of agencies, server and worker")
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
    serve = hub_sub.add_parser("serve", help="run the hub: migrate its database, serve /exchange/v1/, run its worker")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8100")))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--workers", type=int, default=int(os.environ.get("SAOLA_WEB_WORKERS", "2")))
    serve.add_argument("--interval", type=float, default=1.0, help="seconds the worker waits when idle")
    serve.set_defaults(func=cmd_hub_serve)
    purge = hub_sub.add_parser("purge", help="delete delivered messages older than the retention period")
    purge.add_argument("--days", type=int, default=None, help="default SAOLA_HUB_RETENTION_DAYS")
    purge.set_defaults(func=cmd_hub_purge)
    hub_worker = hub_sub.add_parser("worker", help="push deliveries and exchange with the parent hub")
    hub_worker.add_argument("--interval", type=float, default=1.0, help="seconds to wait when idle")
    hub_worker.set_defaults(func=cmd_hub_worker)
