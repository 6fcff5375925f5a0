"""Payment pages: the applicant pays online (redirect to the provider, the return page, the
receipt PDF); officers request fees, confirm a counter payment or cancel a request from the
dossier's office page.

Office actions follow the dossier actions' pattern: a POST that calls one service and goes back
to the dossier's page with a message; a refused action becomes an error message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from saola.core.exceptions import (
    ConflictError,
    ExternalServiceError,
    PermissionDeniedError,
    SaolaError,
    ValidationFailed,
)
from saola.core.models import User
from saola.dossiers.models import Dossier
from saola.dossiers.permissions import is_officer
from saola.dossiers.selectors import dossier_get_for
from saola.payments import provider, selectors, services
from saola.payments.documents import payment_receipt_pdf
from saola.payments.forms import CancelPaymentForm, CounterPaymentForm, RequestPaymentForm
from saola.payments.models import PaymentOrder


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDeniedError()
    return user


def _error_text(exc: SaolaError) -> str:
    details = [str(e) for errors in exc.fields.values() for e in errors]
    message = str(exc.message)
    if details and message == str(type(exc).default_message):
        return " ".join(details)
    return " ".join([message, *details])


def _form_errors(form: forms.Form) -> str:
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return " ".join(parts)


# --- the applicant ------------------------------------------------------------------------------


@login_required
@require_POST
def start_payment(request: HttpRequest, code: str) -> HttpResponse:
    """The "Thanh toán trực tuyến" button: to the provider's pay page with a signed request."""
    dossier = dossier_get_for(user=request.user, code=code)
    try:
        order = services.payment_start(applicant=_user(request), dossier=dossier)
        url = selectors.payment_redirect_url(order=order)
    except (ConflictError, PermissionDeniedError, ExternalServiceError) as exc:
        messages.error(request, _error_text(exc))
        return redirect("dossiers_citizen:dossier_detail", code=dossier.code)
    # The provider's page lives on another origin: a plain redirect, never an open one (URL from settings).
    return HttpResponseRedirect(url)


@never_cache
@require_GET
def payment_return(request: HttpRequest, order_id: str) -> HttpResponse:
    """Where the provider sends the browser back. Shows the order's state; whatever the query
    string says, only the provider's signed callback (or its signed status answer) pays an order."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    order = selectors.payment_order_get_for(user=request.user, merchant_order_id=order_id)
    checked = False
    if order.status == PaymentOrder.Status.PENDING and provider.online_payment_enabled():
        try:
            services.payment_refresh_now(order=order)
            checked = True
        except (ExternalServiceError, ValidationFailed, ConflictError):
            checked = False
        order = selectors.payment_order_get_for(user=request.user, merchant_order_id=order_id)
    context = {
        "order": order,
        "dossier": order.dossier,
        "lines": list(order.lines.all()),
        "checked": checked,
        "total": selectors.vnd(order.total),
    }
    return render(request, "payments/return.html", context)


@require_GET
def receipt_pdf(request: HttpRequest, order_id: str) -> HttpResponse:
    """Biên nhận thanh toán (PDF) of a paid order, for the applicant and the dossier's officers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    order = selectors.payment_order_get_for(user=request.user, merchant_order_id=order_id)
    content = payment_receipt_pdf(order)
    response = HttpResponse(content, content_type="application/pdf")
    disposition = content_disposition_header(as_attachment=False, filename=selectors.payment_receipt_name(order))
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response


# --- officers -----------------------------------------------------------------------------------


def _office(
    request: HttpRequest,
    code: str,
    call: Callable[[Dossier, User], Any],
    success: Callable[[Any], str],
    form: forms.Form | None = None,
) -> HttpResponse:
    """Check `form`, run `call` on the dossier, flash the outcome and go back to the dossier's office page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_officer(request.user):
        raise PermissionDeniedError(_("Trang này dành cho cán bộ, công chức xử lý hồ sơ."))
    user = _user(request)
    dossier = dossier_get_for(user=user, code=code)  # 404 for other units' dossiers
    if form is not None and not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            result = call(dossier, user)
        except (ValidationFailed, ConflictError, PermissionDeniedError) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, success(result))
    return redirect("office:dossier_detail", code=dossier.code)


@require_POST
def request_payment(request: HttpRequest, code: str) -> HttpResponse:
    form = RequestPaymentForm(request.POST)
    return _office(
        request,
        code,
        lambda d, u: services.payment_request(
            officer=u, dossier=d, lines=form.lines(request.POST), note=form.cleaned_data["note"]
        ),
        lambda order: (
            _("Đã gửi yêu cầu nộp phí, lệ phí %(total)s; thời gian giải quyết tạm dừng.")
            % {"total": selectors.vnd(order.total)}
        ),
        form,
    )


@require_POST
def confirm_counter_payment(request: HttpRequest, code: str) -> HttpResponse:
    form = CounterPaymentForm(request.POST)
    return _office(
        request,
        code,
        lambda d, u: services.payment_confirm_at_counter(
            officer=u,
            dossier=d,
            receipt_number=form.cleaned_data["receipt_number"],
            method=form.cleaned_data["method"],
            note=form.cleaned_data["note"],
        ),
        lambda order: (
            _("Đã xác nhận nộp phí %(total)s; hồ sơ tiếp tục được giải quyết.") % {"total": selectors.vnd(order.total)}
        ),
        form,
    )


@require_POST
def cancel_payment(request: HttpRequest, code: str) -> HttpResponse:
    form = CancelPaymentForm(request.POST)
    return _office(
        request,
        code,
        lambda d, u: services.payment_cancel(officer=u, dossier=d, reason=form.cleaned_data["reason"]),
        lambda order: _("Đã huỷ yêu cầu nộp phí. Hồ sơ vẫn chờ thực hiện nghĩa vụ tài chính."),
        form,
    )
