"""Subcommands of `saola` for this app. Django is set up inside each command, never at import."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path


def cmd_sign_verify(args: argparse.Namespace) -> int:
    """`saola sign verify FILE.pdf`: the verification report as JSON on stdout.

    Exit 0 when the file has signatures and every one is valid and trusted, 1 when it has none
    or any is not, 2 when the file cannot be read or verified (message on stderr).
    """
    from saola.cli import _django

    _django()
    from saola.signing.verify import UnverifiableFile, verify_pdf_file

    path = Path(args.file)
    try:
        report = verify_pdf_file(path=path)
    except UnverifiableFile as exc:
        sys.stderr.write(f"{path}: {exc.message}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"Không đọc được tệp {path}: {exc.strerror or exc}\n")
        return 2
    if isinstance(sys.stdout, io.TextIOWrapper) and (sys.stdout.encoding or "").lower() not in ("utf-8", "utf8"):
        sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0 if report.valid else 1


def cmd_pki_init_demo(args: argparse.Namespace) -> int:
    """`saola pki init-demo`: the demo CA, TSA, OCSP responder and leaders' and agencies' credentials."""
    from saola.cli import _django

    _django()
    from saola.demo.loader import DEMO_PASSWORD
    from saola.demo.pki import load_demo_pki

    created = load_demo_pki(passphrase=DEMO_PASSWORD)
    if created:
        sys.stdout.write(f"Hạ tầng chứng thực mẫu: đã cấp {len(created)} khóa ký số (mật khẩu {DEMO_PASSWORD}).\n")
    else:
        sys.stdout.write("Hạ tầng chứng thực mẫu đã có đủ; không có gì thay đổi.\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this app's subcommands to the `saola` parser."""
    sign = sub.add_parser("sign", help="digital signatures on PDF documents")
    sign_sub = sign.add_subparsers(dest="action", required=True)
    verify = sign_sub.add_parser("verify", help="verify every signature of a PDF; JSON report on stdout")
    verify.add_argument("file", help="the signed PDF")
    verify.set_defaults(func=cmd_sign_verify)
    pki = sub.add_parser("pki", help="the platform's own certification authority")
    pki_sub = pki.add_subparsers(dest="action", required=True)
    init_demo = pki_sub.add_parser("init-demo", help="create the demo CA, TSA, OCSP and signing credentials")
    init_demo.set_defaults(func=cmd_pki_init_demo)
