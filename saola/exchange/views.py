"""The exchange page of an outgoing document: pick agencies of the directory and send it; the
document-exchange indicators of the user's organisations for a period.

The document's own page shows the recipients' statuses and, for a document received by
exchange, its sender and signature results (templatetags/exchange_tags.py).
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saola.core.exceptions import NotFoundError, SaolaError
from saola.core.models import User
from saola.documents import selectors as document_selectors
from saola.documents.permissions import officer_required
from saola.documents.states import Direction, Status
from saola.exchange.forms import SendForm
from saola.exchange.node import reports, selectors
from saola.exchange.node.outbound import document_send

SEARCH_MAX = 100


def _error_text(exc: SaolaError) -> str:
    details = [str(e) for errors in exc.fields.values() for e in errors]
    return " ".join([str(exc.message), *details]) if details else str(exc.message)


@officer_required
def send_document(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the agencies found for `q`, those the document waits to be sent to, its recipients so
    far; POST: `document_send` with the checked codes, then back to the document's page."""
    document = document_selectors.document_get_for(user=request.user, pk=pk)
    if document.direction != Direction.OUTGOING or document.status != Status.ISSUED:
        raise Http404
    form = SendForm(request.POST or None)
    chosen = request.POST.getlist("recipients") if request.method == "POST" else []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assert isinstance(request.user, User)  # noqa: S101 - officer_required
                document_send(
                    clerk=request.user,
                    document=document,
                    recipients=chosen,
                    secret=form.cleaned_data["secret"],
                    business_type=form.cleaned_data["business_type"],
                    reason=form.cleaned_data["reason"],
                    replaces_document_id=form.cleaned_data["replaces_document_id"],
                )
            except NotFoundError:
                raise
            except SaolaError as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(request, _("Đã đưa văn bản vào hàng đợi gửi qua trục liên thông."))
                return redirect("documents:detail", pk=document.pk)
        status = 400
    q = request.GET.get("q", "")[:SEARCH_MAX]
    recipients = selectors.exchange_recipient_list(document=document)
    # An agency already sent to is listed once, with the recipients (recall, update, resend).
    sent_to = {r.organ_code for r in recipients}
    found = selectors.exchange_agency_search(q=q)
    context = {
        "document": document,
        "form": form,
        "q": q,
        "found": [a for a in found if a.code not in sent_to],
        "found_sent": bool(found) and all(a.code in sent_to for a in found),
        "suggested": selectors.exchange_suggested_agencies(document=document),
        "recipients": recipients,
        "chosen": chosen,
        "hub_connected": bool(settings.SAOLA_EXCHANGE_HUB_URL),
        "office_section": "documents",
        "documents_section": "outgoing",
    }
    return render(request, "exchange/send.html", context, status=status)


class PeriodForm(forms.Form):
    """The period of the indicators: a month, a quarter, a year or two dates (Vietnam dates)."""

    KINDS = (
        ("quarter", gettext_lazy("Quý")),
        ("month", gettext_lazy("Tháng")),
        ("year", gettext_lazy("Năm")),
        ("range", gettext_lazy("Từ ngày đến ngày")),
    )
    DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    period = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), choices=KINDS, required=False)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quý"), choices=[(q, str(q)) for q in range(1, 5)], coerce=int, required=False
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Tháng"), choices=[(m, str(m)) for m in range(1, 13)], coerce=int, required=False
    )
    date_from = forms.DateField(label=gettext_lazy("Từ ngày"), widget=DATE, required=False)
    date_to = forms.DateField(label=gettext_lazy("Đến ngày"), widget=DATE, required=False)

    def __init__(self, data: Any = None, *, today: dt.date) -> None:
        quarter = reports.quarter_of(today)
        initial = {"period": "quarter", "year": today.year, "quarter": quarter, "month": today.month}
        super().__init__(data, initial=initial)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("period") or "quarter"
        year = data.get("year") or self.today.year
        if kind == "range":
            start, end = data.get("date_from"), data.get("date_to")
            if start is None or end is None:
                raise forms.ValidationError(_("Chọn cả ngày bắt đầu và ngày kết thúc."))
            if start > end:
                self.add_error("date_to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
                return data
            data["range"] = reports.Period(start, end)
        elif kind == "month":
            data["range"] = reports.period_month(year=year, month=data.get("month") or self.today.month)
        elif kind == "year":
            data["range"] = reports.period_year(year=year)
        else:
            quarter = data.get("quarter") or reports.quarter_of(self.today)
            data["range"] = reports.period_quarter(year=year, quarter=quarter)
        return data


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    # A spreadsheet runs a cell starting like a formula; names come from the admin, still quote them.
    return f"'{value}" if value.startswith(CSV_FORMULA_START) else value


def _csv_rate(value: Any) -> str:
    return "" if value is None else f"{value:.1f}"


def _indicators_csv(rows: list[reports.UnitIndicators], period: reports.Period) -> HttpResponse:
    """UTF-8 with a byte-order mark, so that Excel shows the Vietnamese text; rates in percent."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"chi-so-lien-thong-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Mã định danh"),
            _("Cơ quan, đơn vị"),
            _("Văn bản đi đã ban hành"),
            _("Gửi điện tử"),
            _("Chỉ gửi giấy, chưa gửi"),
            _("Có chữ ký số"),
            _("Văn bản đến đã vào sổ"),
            _("Nhận điện tử"),
            _("Nhận bản giấy"),
            _("Tỷ lệ trao đổi điện tử (%)"),
            _("Tỷ lệ ký số (%)"),
            _("Dưới chỉ tiêu ký số"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.organization_code,
                _csv_text(row.organization_name),
                row.issued,
                row.sent_electronically,
                row.sent_on_paper,
                row.signed,
                row.registered,
                row.received_electronically,
                row.received_on_paper,
                _csv_rate(row.electronic_percent),
                _csv_rate(row.signed_percent),
                _("Có") if row.below_target else "",
            ]
        )
    return response


@officer_required
def exchange_indicators(request: HttpRequest) -> HttpResponse:
    """Documents sent and received electronically, and signed, per unit of the user's scope for a
    period (default: the current quarter); `?format=csv` downloads the same table."""
    today = timezone.localdate()
    params = {k: v for k, v in request.GET.items() if k != "format"}
    form = PeriodForm(params or None, today=today)
    scope = reports.exchange_report_scope(user=request.user)
    period: reports.Period | None
    if form.is_bound:
        period = form.cleaned_data["range"] if form.is_valid() else None
    else:
        period = reports.period_quarter(year=today.year, quarter=reports.quarter_of(today))
    rows = (
        reports.exchange_indicators(organizations=scope, date_from=period.date_from, date_to=period.date_to)
        if period is not None
        else []
    )
    if period is not None and request.GET.get("format") == "csv":
        return _indicators_csv(rows, period)
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "form": form,
        "period": period,
        "units": rows[:-1],
        "total": rows[-1] if rows else None,
        "target_percent": reports.SIGNED_RATE_TARGET * 100,
        "csv_query": query.urlencode(),
        "office_section": "documents",
        "documents_section": "indicators",
    }
    return render(request, "exchange/indicators.html", context, status=200 if period is not None else 400)


@officer_required
def recipients_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The recipients table of an issued outgoing document alone, for the page to refresh itself."""
    document = document_selectors.document_get_for(user=request.user, pk=pk)
    if document.direction != Direction.OUTGOING or document.status != Status.ISSUED:
        raise Http404
    recipients = selectors.exchange_recipient_list(document=document)
    response = render(request, "exchange/_recipients.html", {"document": document, "recipients": recipients})
    response["Cache-Control"] = "no-store"
    return response
