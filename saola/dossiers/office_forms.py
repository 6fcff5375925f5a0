"""Back-office forms: counter intake and the small forms behind each action on a dossier.

They only parse; the services decide. The e-form itself is `forms_render`'s, shared with the
citizen pages."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from saola.catalog.models import Paper
from saola.core.models import User

TEXT_MAX = 2000
NEW_APPLICANT = "new"


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- Counter intake ----------------------------------------------------------------------------


class ProcedurePickForm(forms.Form):
    q = forms.CharField(label=_("Tìm thủ tục"), required=False, max_length=200)
    procedure = forms.CharField(label=_("Thủ tục"), required=False, max_length=16)


class ApplicantForm(forms.Form):
    """Who submits: an account found by the look-up, or a new citizen registered on the spot."""

    prefix = "a"
    applicant = forms.ChoiceField(label=_("Người nộp hồ sơ"), widget=forms.RadioSelect)
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=255)
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân (12 chữ số)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    address = forms.CharField(label=_("Địa chỉ liên hệ"), required=False, max_length=255)

    NEW_FIELDS = ("full_name", "personal_id", "phone", "email")

    def __init__(self, *args: Any, matches: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(u.pk), _describe(u)) for u in matches]
        choices.append((NEW_APPLICANT, str(_("Người nộp mới: tạo tài khoản với thông tin dưới đây"))))
        field = cast(forms.ChoiceField, self.fields["applicant"])
        field.choices = choices
        field.initial = choices[0][0]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("applicant") == NEW_APPLICANT and not cleaned.get("full_name"):
            self.add_error("full_name", _("Cần họ và tên người nộp."))
        return cleaned

    @property
    def is_new(self) -> bool:
        return self.cleaned_data.get("applicant") == NEW_APPLICANT

    def new_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.NEW_FIELDS]


def _describe(user: User) -> str:
    parts = [user.display_name]
    parts.extend(str(v) for v in (user.personal_id, user.tax_code, user.phone, user.email) if v)
    return " · ".join(parts)


class PapersForm(forms.Form):
    """The paper checklist: originals received at the counter, and optional scans."""

    prefix = "p"
    received = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, papers: Iterable[Paper], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.papers = list(papers)
        received = cast(forms.ChoiceField, self.fields["received"])
        received.choices = [(str(p.pk), p.name) for p in self.papers]
        for paper in self.papers:
            self.fields[f"scan_{paper.pk}"] = forms.FileField(
                label=_("Bản quét (PDF, JPG, PNG)"), required=False, widget=forms.ClearableFileInput
            )

    def rows(self) -> list[dict[str, Any]]:
        """One row per paper for the template: the paper, whether it is ticked, its file field."""
        ticked = set(self["received"].value() or [])
        return [
            {"paper": p, "checked": str(p.pk) in ticked, "scan": self[f"scan_{p.pk}"], "value": str(p.pk)}
            for p in self.papers
        ]

    def checked_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data.get("received", [])]

    def scans(self) -> list[tuple[int, Any]]:
        return [(p.pk, self.cleaned_data[f"scan_{p.pk}"]) for p in self.papers if self.cleaned_data.get(f"scan_{p.pk}")]


class CounterRefusalForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối tiếp nhận"), max_length=TEXT_MAX, widget=_text_area())


# --- Actions on a dossier ----------------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=TEXT_MAX, widget=_text_area(2))


class TransferForm(forms.Form):
    organization = forms.CharField(label=_("Đơn vị phối hợp"), min_length=13, max_length=13)
    note = forms.CharField(label=_("Nội dung đề nghị phối hợp"), max_length=TEXT_MAX, widget=_text_area())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=TEXT_MAX, widget=_text_area())


class SupplementForm(forms.Form):
    reason = forms.CharField(label=_("Nội dung yêu cầu bổ sung"), max_length=TEXT_MAX, widget=_text_area())
    items = forms.MultipleChoiceField(
        label=_("Giấy tờ cần bổ sung"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other = forms.CharField(label=_("Giấy tờ khác"), required=False, max_length=500)

    def __init__(self, paper_names: Iterable[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = cast(forms.ChoiceField, self.fields["items"])
        items.choices = [(name, name) for name in paper_names]

    def item_list(self) -> list[str]:
        items = list(self.cleaned_data.get("items", []))
        if self.cleaned_data.get("other"):
            items.append(self.cleaned_data["other"])
        return items


class StepForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến xử lý"), required=False, max_length=TEXT_MAX, widget=_text_area(2))
    secret = forms.CharField(
        label=_("Mật khẩu (mã PIN) chữ ký số"), required=False, max_length=256, strip=False, widget=forms.PasswordInput
    )
    approved = forms.TypedChoiceField(
        choices=[("", ""), ("true", "true"), ("false", "false")],
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
    )


class ResultForm(forms.Form):
    file = forms.FileField(label=_("Tệp kết quả (PDF, JPG, PNG)"))
    name = forms.CharField(label=_("Tên kết quả"), required=False, max_length=255)


class ApologyForm(forms.Form):
    reason = forms.CharField(label=_("Lý do chậm trả kết quả"), max_length=TEXT_MAX, widget=_text_area())
    extra_days = forms.DecimalField(
        label=_("Số ngày làm việc gia hạn"),
        min_value=Decimal("0.5"),
        max_value=Decimal(60),
        decimal_places=1,
        initial=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )


def form_errors(form: forms.Form) -> str:
    """Every error of a bound form as one sentence list, for a flash message."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return " ".join(parts)
