"""The payments API: applicants list their orders and start an online payment; officers request
fees, confirm a counter payment or cancel a request; the provider posts its signed callback.

Handlers parse, look the dossier up for the caller (someone else's dossier is a 404), call one
service or selector and render. Permissions are the services' own checks.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, QueryDict
from ninja import Query, Router, Status

from saola.api.auth import api_auth
from saola.api.paging import PageParams, paginate
from saola.api.schemas import ErrorOut, Page
from saola.core.exceptions import ValidationFailed
from saola.core.models import User
from saola.dossiers.models import Dossier
from saola.dossiers.selectors import dossier_get_for
from saola.payments import selectors, services
from saola.payments.models import PaymentOrder
from saola.payments.schemas import (
    CallbackAnswer,
    CancelPaymentIn,
    CounterPaymentIn,
    PaymentOrderFilter,
    PaymentOrderOut,
    PaymentRequestIn,
    PaymentStartOut,
)

router = Router(tags=["payments"])
MAX_CALLBACK_BYTES = 16 * 1024


def _errors(*codes: int) -> dict[int, Any]:
    return dict.fromkeys(codes, ErrorOut)


OFFICER_ERRORS = _errors(400, 401, 403, 404, 409, 422)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by api_auth
    return user


def _dossier(request: HttpRequest, code: str) -> Dossier:
    return dossier_get_for(user=request.user, code=code)


@router.get("/payments/orders", response={200: Page[PaymentOrderOut], **_errors(401, 422)}, auth=api_auth)
def list_payment_orders(
    request: HttpRequest, filters: Query[PaymentOrderFilter], page: Query[PageParams]
) -> dict[str, Any]:
    """The caller's own payment orders (as applicant), newest first."""
    return paginate(selectors.payment_orders_for_applicant(user=_user(request), status=filters.status), page)


@router.get("/dossiers/{code}/payments", response={200: list[PaymentOrderOut], **_errors(401, 404)}, auth=api_auth)
def list_dossier_payments(request: HttpRequest, code: str) -> list[PaymentOrder]:
    """A dossier's payment orders, for its applicant and its officers."""
    return selectors.payment_orders_for_dossier(dossier=_dossier(request, code))


@router.post("/dossiers/{code}/payments/start", response={200: PaymentStartOut, **OFFICER_ERRORS}, auth=api_auth)
def start_payment(request: HttpRequest, code: str) -> dict[str, Any]:
    """The applicant starts paying online: the order and the signed URL of the provider's pay page."""
    order = services.payment_start(applicant=_user(request), dossier=_dossier(request, code))
    return {"order": order, "pay_url": selectors.payment_redirect_url(order=order)}


@router.post("/dossiers/{code}/payments/request", response={201: PaymentOrderOut, **OFFICER_ERRORS}, auth=api_auth)
def request_payment(request: HttpRequest, code: str, payload: PaymentRequestIn) -> Status[PaymentOrder]:
    """An officer asks for fees: the dossier waits for payment (status 6), its clock stopped."""
    lines = (
        [services.FeeLine(name=line.name, amount=line.amount) for line in payload.lines]
        if payload.lines is not None
        else None
    )
    order = services.payment_request(
        officer=_user(request),
        dossier=_dossier(request, code),
        lines=lines,
        collection=payload.collection,
        note=payload.note,
    )
    return Status(201, order)


@router.post(
    "/dossiers/{code}/payments/confirm-counter", response={200: PaymentOrderOut, **OFFICER_ERRORS}, auth=api_auth
)
def confirm_counter_payment(request: HttpRequest, code: str, payload: CounterPaymentIn) -> PaymentOrder:
    """An officer records fees paid at the counter; the dossier goes back to processing."""
    return services.payment_confirm_at_counter(
        officer=_user(request),
        dossier=_dossier(request, code),
        receipt_number=payload.receipt_number,
        method=payload.method,
        note=payload.note,
    )


@router.post("/dossiers/{code}/payments/cancel", response={200: PaymentOrderOut, **OFFICER_ERRORS}, auth=api_auth)
def cancel_payment(request: HttpRequest, code: str, payload: CancelPaymentIn) -> PaymentOrder:
    return services.payment_cancel(officer=_user(request), dossier=_dossier(request, code), reason=payload.reason)


def _callback_params(request: HttpRequest) -> dict[str, object]:
    if len(request.body) > MAX_CALLBACK_BYTES:
        raise ValidationFailed("Thông báo kết quả thanh toán quá lớn.")
    if (request.content_type or "").startswith("application/json"):
        try:
            data = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise ValidationFailed("Thông báo kết quả thanh toán không phải JSON hợp lệ.") from exc
        if not isinstance(data, dict):
            raise ValidationFailed("Thông báo kết quả thanh toán không hợp lệ.")
        return data
    return dict(QueryDict(request.body, encoding="utf-8").items())


@router.post("/payments/callback", response={200: CallbackAnswer, **_errors(400, 403, 404, 409)}, auth=None)
def payment_callback(request: HttpRequest) -> dict[str, str]:
    """The provider's signed server callback (JSON or form). 200 `{"code": "00"}` once recorded,
    also for a repeated callback; the platform's error body otherwise."""
    order = services.payment_callback(params=_callback_params(request))
    return {"code": "00", "message": f"Đã ghi nhận: {order.get_status_display()}"}
