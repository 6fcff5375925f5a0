"""Reads of payment orders: per dossier, per applicant, for the provider and for reconciliation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from saola.catalog.models import Fee, Procedure
from saola.core.exceptions import NotFoundError
from saola.core.models import User
from saola.dossiers.models import Dossier
from saola.dossiers.permissions import ensure_can_view_dossier
from saola.payments import provider
from saola.payments.models import PaymentOrder


def vnd(amount: Any) -> str:
    """50000 → "50.000 đồng" (Vietnamese digit grouping)."""
    return f"{int(amount):,}".replace(",", ".") + " đồng"


def fees_for_procedure(*, procedure: Procedure, collection: int | None = None) -> QuerySet[Fee]:
    """The catalogue's fees of `procedure`, those collected at `collection` when given."""
    qs = Fee.objects.filter(procedure=procedure)
    if collection is not None:
        qs = qs.filter(collection=collection)
    return qs.order_by("id")


def payment_order_get(*, merchant_order_id: str) -> PaymentOrder:
    order = (
        PaymentOrder.objects.select_related("dossier", "dossier__organization", "dossier__procedure")
        .filter(merchant_order_id=merchant_order_id)
        .first()
    )
    if order is None:
        raise NotFoundError("Không tìm thấy đơn thanh toán.", extra={"order_id": merchant_order_id})
    return order


def payment_order_get_for(*, user: Any, merchant_order_id: str) -> PaymentOrder:
    """The order if `user` may see its dossier; otherwise the same 404 as an unknown order."""
    order = payment_order_get(merchant_order_id=merchant_order_id)
    try:
        ensure_can_view_dossier(user, order.dossier)
    except NotFoundError:
        raise NotFoundError("Không tìm thấy đơn thanh toán.") from None
    return order


def payment_orders_for_dossier(*, dossier: Dossier) -> list[PaymentOrder]:
    """Every order of the dossier, newest first, with its lines."""
    return list(dossier.payment_orders.prefetch_related("lines").order_by("-created_at", "-id"))


def payment_order_pending(*, dossier: Dossier) -> PaymentOrder | None:
    return dossier.payment_orders.filter(status=PaymentOrder.Status.PENDING).first()


def payment_orders_for_applicant(*, user: User, status: str | None = None) -> QuerySet[PaymentOrder]:
    qs = PaymentOrder.objects.filter(dossier__applicant=user).select_related("dossier").prefetch_related("lines")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def payment_return_url(order: PaymentOrder) -> str:
    path = reverse("payments:return", args=[order.merchant_order_id])
    return f"{settings.SAOLA_PUBLIC_URL.rstrip('/')}{path}"


def payment_callback_url() -> str:
    return f"{settings.SAOLA_PUBLIC_URL.rstrip('/')}/api/v1/payments/callback"


def payment_redirect_url(*, order: PaymentOrder) -> str:
    """The signed URL of the provider's pay page for a pending order."""
    return provider.pay_url(
        order_id=order.merchant_order_id,
        amount=int(order.total),
        description=order.description,
        return_url=payment_return_url(order),
        callback_url=payment_callback_url(),
    )


def payment_receipt_name(order: PaymentOrder) -> str:
    return f"bien-nhan-thanh-toan-{quote(order.merchant_order_id, safe='')}.pdf"


@dataclass(frozen=True)
class ReconciliationRow:
    order: PaymentOrder
    provider_status: str
    checked_at: dt.datetime | None
    agrees: bool


# The provider statuses consistent with each local status.
_AGREEING: dict[str, set[str]] = {
    PaymentOrder.Status.PENDING: {"pending", "not_found"},
    PaymentOrder.Status.PAID: {"paid"},
    PaymentOrder.Status.FAILED: {"failed", "cancelled", "not_found"},
    PaymentOrder.Status.CANCELLED: {"pending", "not_found", "failed", "cancelled"},
    PaymentOrder.Status.EXPIRED: {"pending", "not_found", "failed", "cancelled"},
}


def payment_reconciliation_list(
    *, status: str | None = None, since: dt.datetime | None = None, limit: int = 500
) -> list[ReconciliationRow]:
    """Orders paid through the provider or waiting for it, with the provider's last known status
    and whether the two agree (an order never checked agrees by default, until it is)."""
    qs = PaymentOrder.objects.exclude(channel=PaymentOrder.Channel.COUNTER).select_related("dossier")
    if status:
        qs = qs.filter(status=status)
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return [
        ReconciliationRow(
            order=order,
            provider_status=order.provider_status,
            checked_at=order.provider_checked_at,
            agrees=not order.provider_status or order.provider_status in _AGREEING[order.status],
        )
        for order in qs.order_by("-created_at", "-id")[:limit]
    ]
