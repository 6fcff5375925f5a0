"""The payment receipt (biên nhận thanh toán phí, lệ phí) as PDF, in the one-stop slips' layout."""

from __future__ import annotations

from saola.core.exceptions import NotFoundError
from saola.dossiers.documents.render import letterhead, lookup_url, render_pdf, vn_datetime
from saola.payments.models import PaymentOrder
from saola.payments.selectors import vnd


def payment_receipt_pdf(order: PaymentOrder) -> bytes:
    """The receipt of a paid order; NotFoundError while it is not paid."""
    if order.status != PaymentOrder.Status.PAID or order.paid_at is None:
        raise NotFoundError("Đơn thanh toán chưa được thanh toán nên chưa có biên nhận.")
    dossier = order.dossier
    context = {
        "dossier": dossier,
        "order": order,
        "form": {"title": "Biên nhận thanh toán phí, lệ phí", "label": "", "circular": ""},
        "head": letterhead(dossier.organization, at=order.paid_at),
        "lines": [(line.name, vnd(line.amount)) for line in order.lines.all()],
        "total": vnd(order.total),
        "paid_at": vn_datetime(order.paid_at),
        "channel": order.get_channel_display(),
        "method": order.get_method_display() if order.method else "",
        "procedure_name": (dossier.procedure_snapshot or {}).get("name") or dossier.procedure.name,
        "lookup_url": lookup_url(dossier.code),
    }
    return render_pdf("payments/pdf/receipt.html", context)
