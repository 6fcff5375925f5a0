"""Input and output schemas of the payments API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from saola.payments.models import PaymentOrder

ShortText = Annotated[str, Field(max_length=255)]
LongText = Annotated[str, Field(max_length=2000)]


class PaymentLineOut(Schema):
    name: str
    amount: int


class PaymentOrderOut(Schema):
    order_id: str
    dossier: str
    status: str
    status_label: str
    total: int
    currency: str
    description: str
    lines: list[PaymentLineOut]
    channel: str
    method: str
    transaction_id: str
    created_at: datetime
    paid_at: datetime | None
    receipt_url: str

    @staticmethod
    def resolve_order_id(obj: PaymentOrder) -> str:
        return obj.merchant_order_id

    @staticmethod
    def resolve_dossier(obj: PaymentOrder) -> str:
        return obj.dossier.code

    @staticmethod
    def resolve_status_label(obj: PaymentOrder) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_total(obj: PaymentOrder) -> int:
        return int(obj.total)

    @staticmethod
    def resolve_lines(obj: PaymentOrder) -> list[dict[str, object]]:
        return [{"name": line.name, "amount": int(line.amount)} for line in obj.lines.all()]

    @staticmethod
    def resolve_receipt_url(obj: PaymentOrder) -> str:
        if obj.status != PaymentOrder.Status.PAID:
            return ""
        return reverse("payments:receipt", args=[obj.merchant_order_id])


class PaymentStartOut(Schema):
    order: PaymentOrderOut
    pay_url: str


class PaymentLineIn(Schema):
    name: ShortText
    amount: Annotated[int, Field(gt=0, le=999_999_999_999)]


class PaymentRequestIn(Schema):
    """Either `lines` (amounts set by the officer) or `collection` (the catalogue's fees collected
    at that moment: 1 at intake, 2 at supplement, 4 at result)."""

    lines: Annotated[list[PaymentLineIn], Field(max_length=20)] | None = None
    collection: Literal[1, 2, 4] | None = None
    note: LongText = ""


class CounterPaymentIn(Schema):
    receipt_number: Annotated[str, Field(min_length=1, max_length=64)]
    method: Literal["cash", "transfer"] = "cash"
    note: LongText = ""


class CancelPaymentIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class PaymentOrderFilter(Schema):
    status: Literal["pending", "paid", "failed", "cancelled", "expired"] | None = None


class CallbackAnswer(Schema):
    code: str
    message: str
