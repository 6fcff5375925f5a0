"""The payment panels shown on a dossier's pages: `{% citizen_payment_panel dossier %}` for the
applicant and `{% office_payment_panel dossier %}` in the office page's action column."""

from __future__ import annotations

from typing import Any

from django import template

from saola.core.exceptions import NotFoundError, PermissionDeniedError
from saola.dossiers.models import Dossier
from saola.dossiers.permissions import ensure_can_work_on
from saola.dossiers.states import Action, Status, next_status
from saola.payments import provider, selectors
from saola.payments.models import PaymentOrder

register = template.Library()
RETRYABLE = {PaymentOrder.Status.FAILED, PaymentOrder.Status.EXPIRED}


def _rows(orders: list[PaymentOrder]) -> list[dict[str, Any]]:
    return [
        {
            "order": o,
            "total": selectors.vnd(o.total),
            "lines": [(line.name, selectors.vnd(line.amount)) for line in o.lines.all()],
        }
        for o in orders
    ]


@register.inclusion_tag("payments/citizen/_panel.html", takes_context=True)
def citizen_payment_panel(context: template.Context, dossier: Dossier) -> dict[str, Any]:
    orders = selectors.payment_orders_for_dossier(dossier=dossier)
    waiting = dossier.status == Status.PAYMENT_REQUIRED
    pending = next((o for o in orders if o.status == PaymentOrder.Status.PENDING), None)
    payable = waiting and (pending is not None or (bool(orders) and orders[0].status in RETRYABLE))
    return {
        "csrf_token": context.get("csrf_token"),
        "dossier": dossier,
        "rows": _rows(orders),
        "waiting": waiting,
        "pending": pending,
        "pending_total": selectors.vnd(pending.total) if pending else "",
        "can_pay_online": payable and provider.online_payment_enabled(),
        "payable": payable,
    }


@register.inclusion_tag("payments/office/_panel.html", takes_context=True)
def office_payment_panel(context: template.Context, dossier: Dossier) -> dict[str, Any]:
    request = context.get("request")
    try:
        ensure_can_work_on(getattr(request, "user", None), dossier)
        works = True
    except (PermissionDeniedError, NotFoundError):
        works = False
    orders = selectors.payment_orders_for_dossier(dossier=dossier)
    pending = next((o for o in orders if o.status == PaymentOrder.Status.PENDING), None)
    waiting = dossier.status == Status.PAYMENT_REQUIRED
    can_request = works and pending is None and (waiting or next_status(dossier.status, Action.REQUEST_PAYMENT))
    return {
        "csrf_token": context.get("csrf_token"),
        "dossier": dossier,
        "rows": _rows(orders),
        "pending": pending,
        "can_request": bool(can_request),
        "can_confirm": works and waiting and pending is not None,
        "fees": list(selectors.fees_for_procedure(procedure=dossier.procedure)) if can_request else [],
        "methods": PaymentOrder.Method.choices,
        "online": provider.online_payment_enabled(),
    }
