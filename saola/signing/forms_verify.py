"""The upload form of the public verification page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp PDF đã ký số"),
        error_messages={
            "required": _("Hãy chọn tệp PDF cần kiểm tra."),
            "empty": _("Tệp rỗng, không có nội dung để kiểm tra"),
        },
    )


class ReportForm(forms.Form):
    token = forms.CharField(max_length=200_000)
