"""The `saola` command: run the embedded platform, serve in production, and admin tasks."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

DEV_SETTINGS = "saola.settings.dev"
PROD_SETTINGS = "saola.settings.prod"


def _django(settings: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings or DEV_SETTINGS)
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _gunicorn_argv(*, port: int, host: str, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "saola.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "--timeout",
        "60",
    ]


def cmd_run(args: argparse.Namespace) -> int:
    """Embedded default: migrate, load the demo province, start web + worker, print URLs and logins."""
    os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("DJANGO_SETTINGS_MODULE", DEV_SETTINGS)
    _django()
    from django.conf import settings

    for directory in (settings.VAR_DIR, settings.STATIC_ROOT, settings.MEDIA_ROOT):
        Path(directory).mkdir(parents=True, exist_ok=True)
    _manage("migrate", "--noinput", "-v", "0")
    from saola.demo.loader import DEMO_PASSWORD, demo_logins, load_demo

    load_demo()
    env = dict(os.environ)
    worker = subprocess.Popen([sys.executable, "-m", "saola.cli", "worker"], env=env)
    web = subprocess.Popen(_gunicorn_argv(port=args.port, host=args.host, workers=args.workers), env=env)
    base = f"http://{'localhost' if args.host in ('0.0.0.0', '127.0.0.1') else args.host}:{args.port}"  # noqa: S104
    print(f"\nSaola đang chạy / Saola is running at {base}/")
    print(f"  Cổng dịch vụ công (portal):  {base}/")
    print(f"  Quản trị (admin):            {base}/admin/")
    print(f"  API (OpenAPI docs):          {base}/api/v1/docs")
    print(f"  Kiểm tra (health):           {base}/healthz")
    print(f"\nTài khoản mẫu / demo logins (mật khẩu / password: {DEMO_PASSWORD}):")
    for login, label in demo_logins():
        print(f"  {login:32} {label}")
    print("\nNhấn Ctrl+C để dừng / press Ctrl+C to stop.\n", flush=True)
    return _supervise([web, worker])


def _supervise(children: list[subprocess.Popen[bytes]]) -> int:
    def stop(signum: int, frame: FrameType | None) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        while all(child.poll() is None for child in children):
            try:
                children[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
    finally:
        stop(signal.SIGTERM, None)
        for child in children:
            try:
                code = code or abs(child.wait(timeout=15))
            except subprocess.TimeoutExpired:
                child.kill()
    return 0 if code in (0, signal.SIGTERM) else code


def cmd_serve(args: argparse.Namespace) -> int:
    """Production web role: gunicorn with SAOLA_WEB_WORKERS workers against DATABASE_URL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", PROD_SETTINGS)
    workers = int(os.environ.get("SAOLA_WEB_WORKERS", args.workers))
    argv = _gunicorn_argv(port=args.port, host=args.host, workers=workers)
    os.execv(argv[0], argv)  # noqa: S606
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    _django()
    _manage("migrate", "--noinput")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django()
    from saola.demo.loader import load_demo

    summary = load_demo()
    print(summary)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _django()
    _manage("db_worker", "--interval", str(args.interval))
    return 0


def _exchange(args: argparse.Namespace, *, export: Callable[..., int], load: Callable[..., int], what: str) -> int:
    from saola.core.exceptions import SaolaError

    try:
        if args.action == "export":
            print(f"Đã xuất {export(path=args.file)} {what} vào {args.file}")
            return 0
        count = load(path=args.file, actor=None)
    except SaolaError as exc:
        _print_import_errors(exc)
        return 2
    print(f"Đã nhập {count} {what} từ {args.file}")
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    _django()
    from saola.catalog.interchange import catalog_export_file, catalog_import_file

    return _exchange(args, export=catalog_export_file, load=catalog_import_file, what="thủ tục")


def cmd_orgs(args: argparse.Namespace) -> int:
    _django()
    from saola.core.interchange import organizations_export_file, organizations_import_file

    return _exchange(args, export=organizations_export_file, load=organizations_import_file, what="cơ quan, đơn vị")


def cmd_dossiers(args: argparse.Namespace) -> int:
    """`saola dossiers list`: one dossier code per line, newest first."""
    _django()
    from saola.dossiers.selectors import dossier_codes
    from saola.dossiers.states import Status

    if args.status and args.status not in Status.values:
        print(f"Trạng thái không hợp lệ: {args.status}. Chọn một trong: {', '.join(Status.values)}", file=sys.stderr)
        return 2
    for code in dossier_codes(status=args.status or None, limit=args.limit):
        print(code)
    return 0


def _print_import_errors(exc: Exception) -> None:
    print(str(exc), file=sys.stderr)
    for err in getattr(exc, "errors", []):
        where = " ".join(
            part
            for part in (
                f"trang {err['sheet']}" if err.get("sheet") else "",
                f"dòng {err['line']}" if err.get("line") is not None else "",
                f"cột {err['field']}" if err.get("field") else "",
            )
            if part
        )
        print(f"  {where}: {err.get('message')}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="saola", description="Saola e-government platform")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="embedded platform: SQLite, local files, web + worker, demo data")
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--workers", type=int, default=2)
    run.set_defaults(func=cmd_run)
    serve = sub.add_parser("serve", help="production web server (gunicorn) against DATABASE_URL")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--host", default="0.0.0.0")  # noqa: S104
    serve.add_argument("--workers", type=int, default=4)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("demo", help="load the demo province (idempotent)").set_defaults(func=cmd_demo)
    worker = sub.add_parser("worker", help="run background tasks")
    worker.add_argument("--interval", type=float, default=1.0)
    worker.set_defaults(func=cmd_worker)
    for name, func, what in (
        ("catalog", cmd_catalog, "procedures (JSON or XLSX)"),
        ("orgs", cmd_orgs, "organisations (CSV or XLSX)"),
    ):
        p = sub.add_parser(name, help=f"import or export {what}")
        p.add_argument("action", choices=["import", "export"])
        p.add_argument("file")
        p.set_defaults(func=func)
    dossiers = sub.add_parser("dossiers", help="one-stop dossiers")
    dossiers_sub = dossiers.add_subparsers(dest="action", required=True)
    dossiers_list = dossiers_sub.add_parser("list", help="print dossier codes, newest first")
    dossiers_list.add_argument("--status", default="", help="internal status, e.g. submitted, processing")
    dossiers_list.add_argument("--limit", type=int, default=None, help="at most this many codes")
    dossiers_list.set_defaults(func=cmd_dossiers)
    from saola.documents.cli import register as register_documents
    from saola.exchange.cli import register as register_exchange
    from saola.payments.cli import register as register_payments
    from saola.signing.cli import register as register_signing

    register_signing(sub)
    register_documents(sub)
    register_payments(sub)
    register_exchange(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
