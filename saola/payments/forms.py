"""Forms of the payment actions on a dossier's office page."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from saola.payments.models import PaymentOrder
from saola.payments.services import FeeLine


class RequestPaymentForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú gửi người nộp"), required=False, max_length=2000)

    def lines(self, data: QueryDict) -> list[FeeLine]:
        """The fee rows posted as parallel lists (line_fee, line_name, line_amount); empty rows skipped."""
        fees = data.getlist("line_fee")
        names = data.getlist("line_name")
        amounts = data.getlist("line_amount")
        rows: list[FeeLine] = []
        for index, name in enumerate(names):
            amount = amounts[index] if index < len(amounts) else ""
            if not name.strip() and not amount.strip():
                continue
            fee = fees[index] if index < len(fees) else ""
            rows.append(FeeLine(name=name, amount=amount, fee_id=int(fee) if fee.isdigit() else None))
        return rows


class CounterPaymentForm(forms.Form):
    receipt_number = forms.CharField(label=_("Số biên lai, mã giao dịch"), max_length=64)
    method = forms.ChoiceField(label=_("Phương thức"), choices=PaymentOrder.Method.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


class CancelPaymentForm(forms.Form):
    reason = forms.CharField(label=_("Lý do huỷ"), max_length=500)
