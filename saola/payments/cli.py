"""Subcommands of `saola` for payments. Django is set up inside each command, never at import."""

from __future__ import annotations

import argparse
import sys


def cmd_reconcile(args: argparse.Namespace) -> int:
    """`saola payments reconcile`: ask the provider about pending orders and apply its answers."""
    from saola.cli import _django

    _django()
    import datetime as dt

    from saola.payments.provider import online_payment_enabled
    from saola.payments.services import payment_reconcile

    if not online_payment_enabled():
        sys.stdout.write("Thanh toán trực tuyến chưa được cấu hình (SAOLA_PAYMENT_URL); không có gì để đối soát.\n")
        return 0
    summary = payment_reconcile(older_than=dt.timedelta(minutes=args.older_than))
    sys.stdout.write(
        f"Đã đối soát {summary.checked} đơn: {summary.paid} đã thanh toán, {summary.failed} không thành công, "
        f"{summary.expired} hết hạn, {summary.unchanged} không đổi, {summary.errors} lỗi.\n"
    )
    return 1 if summary.errors else 0


def cmd_list(args: argparse.Namespace) -> int:
    """`saola payments list`: orders with the provider's last known status (reconciliation view)."""
    from saola.cli import _django

    _django()
    from saola.payments.selectors import payment_reconciliation_list

    rows = payment_reconciliation_list(status=args.status or None, limit=args.limit)
    for row in rows:
        if args.mismatch and row.agrees:
            continue
        checked = row.checked_at.isoformat() if row.checked_at else "-"
        flag = "" if row.agrees else "\tLỆCH"
        sys.stdout.write(
            f"{row.order.merchant_order_id}\t{row.order.dossier.code}\t{int(row.order.total)}\t"
            f"{row.order.status}\t{row.provider_status or '-'}\t{checked}{flag}\n"
        )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `saola payments ...` to the `saola` parser."""
    payments = sub.add_parser("payments", help="fee payment orders")
    actions = payments.add_subparsers(dest="action", required=True)
    reconcile = actions.add_parser("reconcile", help="query the provider about pending orders, apply results")
    reconcile.add_argument("--older-than", type=int, default=15, help="only orders pending for this many minutes")
    reconcile.set_defaults(func=cmd_reconcile)
    listing = actions.add_parser("list", help="orders with the provider's last known status")
    listing.add_argument("--status", default="", choices=["", "pending", "paid", "failed", "cancelled", "expired"])
    listing.add_argument("--mismatch", action="store_true", help="only orders whose status differs from the provider's")
    listing.add_argument("--limit", type=int, default=500)
    listing.set_defaults(func=cmd_list)
