"""Forms of the exchange pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saola.exchange.node_models import BusinessType


class SendForm(forms.Form):
    """Send an issued document by exchange; the recipients are the checked agency codes."""

    business_type = forms.TypedChoiceField(
        label=_("Nghiệp vụ"), choices=BusinessType.choices, coerce=int, initial=BusinessType.NEW
    )
    reason = forms.CharField(
        label=_("Lý do (thu hồi, cập nhật, thay thế)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    replaces_document_id = forms.CharField(
        label=_("Mã định danh văn bản bị thay thế"),
        required=False,
        max_length=255,
        help_text=_("Dạng <mã cơ quan>,<yyyy/MM/dd>,<số/ký hiệu>; chỉ khi thay thế."),
    )
    secret = forms.CharField(
        label=_("Mật khẩu khóa ký số của cơ quan"),
        required=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
