"""Writes of payment orders: requesting fees, paying online or at the counter, the provider's
callback, cancelling, and reconciling with the provider.

Locks are always taken dossier first, then order, so a callback and an officer's counter
confirmation of the same dossier queue up instead of deadlocking. Every change writes an audit
entry in its transaction; a refused callback raises and so changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saola.core.audit import audit_record, snapshot
from saola.core.exceptions import ConflictError, NotFoundError, ValidationFailed
from saola.core.models import User
from saola.core.services import model_full_clean
from saola.dossiers.models import Dossier
from saola.dossiers.permissions import ensure_applicant, ensure_can_work_on
from saola.dossiers.services.common import ensure_transition
from saola.dossiers.services.intake import dossier_lock
from saola.dossiers.services.payment import dossier_confirm_payment_apply, dossier_request_payment
from saola.dossiers.states import Action, Status
from saola.payments import provider
from saola.payments.exceptions import SignatureInvalid
from saola.payments.models import PaymentLine, PaymentOrder
from saola.payments.selectors import fees_for_procedure, payment_order_get, vnd

logger = logging.getLogger(__name__)
MAX_LINES = 20
MAX_AMOUNT = Decimal("999999999999")


@dataclass(frozen=True)
class FeeLine:
    """One fee to request: its name and amount in đồng (from the catalogue or set by the officer)."""

    name: str
    amount: Decimal | int | str
    fee_id: int | None = None


def _new_merchant_order_id() -> str:
    # Letters and digits only, 20 characters: every provider accepts it as a transaction reference.
    return f"SL{timezone.localdate():%y%m%d}{secrets.token_hex(6).upper()}"


# Whole đồng, optionally grouped by thousands the Vietnamese way ("150.000") or the English way.
_AMOUNT_TEXT = re.compile(r"^(\d+|\d{1,3}([.,]\d{3})+)$")


def _amount(value: Decimal | int | str) -> Decimal:
    """The amount in đồng, or -1 when it is not a whole number of đồng."""
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        return Decimal(re.sub(r"[.,]", "", text)) if _AMOUNT_TEXT.match(text) else Decimal(-1)
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return Decimal(-1)


def _clean_lines(lines: list[FeeLine]) -> list[tuple[str, Decimal, int | None]]:
    errors: list[str] = []
    cleaned: list[tuple[str, Decimal, int | None]] = []
    if not lines:
        errors.append("Cần ít nhất một khoản phí, lệ phí.")
    if len(lines) > MAX_LINES:
        errors.append(f"Tối đa {MAX_LINES} khoản phí, lệ phí.")
    for index, line in enumerate(lines[:MAX_LINES], start=1):
        name = " ".join(str(line.name).split())[:255]
        amount = _amount(line.amount)
        if not name:
            errors.append(f"Khoản thứ {index}: cần tên khoản phí, lệ phí.")
        if not amount.is_finite() or amount != amount.to_integral_value() or not 0 < amount <= MAX_AMOUNT:
            errors.append(f"Khoản thứ {index}: số tiền phải là số nguyên đồng lớn hơn 0.")
        else:
            cleaned.append((name, amount, line.fee_id))
    if errors:
        raise ValidationFailed("Khoản phí, lệ phí chưa hợp lệ.", fields={"lines": errors})
    return cleaned


def _order_create(
    *,
    dossier: Dossier,
    lines: list[tuple[str, Decimal, int | None]],
    collection: int | None,
    note: str,
    actor: User | None,
) -> PaymentOrder:
    total = sum((amount for _, amount, _ in lines), Decimal(0))
    order = PaymentOrder(
        dossier=dossier,
        merchant_order_id=_new_merchant_order_id(),
        total=total,
        description=f"Nộp phí, lệ phí hồ sơ {dossier.code}"[:255],
        collection=collection,
        note=note[:2000],
        requested_by=actor if actor and actor.pk else None,
    )
    model_full_clean(order, exclude=["dossier"])
    order.save()
    PaymentLine.objects.bulk_create(
        [PaymentLine(order=order, name=name, amount=amount, fee_id=fee_id) for name, amount, fee_id in lines]
    )
    audit_record(
        actor=actor,
        action="payment.order_create",
        obj=order,
        after={**snapshot(order), "lines": [{"name": n, "amount": a} for n, a, _ in lines]},
    )
    return order


def _pending_locked(dossier: Dossier) -> PaymentOrder | None:
    return PaymentOrder.objects.select_for_update().filter(dossier=dossier, status=PaymentOrder.Status.PENDING).first()


@transaction.atomic
def payment_request(
    *,
    officer: User,
    dossier: Dossier,
    lines: list[FeeLine] | None = None,
    collection: int | None = None,
    note: str = "",
) -> PaymentOrder:
    """An officer asks the applicant to pay fees: creates the order and, for a dossier in
    processing, moves it to "payment required" with its clock stopped (and the applicant told).

    `lines` as given by the officer; when None, the catalogue's fees of the procedure for
    `collection` (HinhThucThu). A dossier already waiting for payment gets a new order only
    when none is pending (after the officer cancelled one, or one expired). 409 for any other
    state or when an order is pending; 404 for another unit's dossier; 403 for a non-officer.
    """
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    if _pending_locked(locked) is not None:
        raise ConflictError("Hồ sơ đã có yêu cầu nộp phí, lệ phí đang chờ thanh toán.")
    if locked.status != Status.PAYMENT_REQUIRED:
        ensure_transition(dossier=locked, action=Action.REQUEST_PAYMENT)
    if lines is None:
        fees = list(fees_for_procedure(procedure=locked.procedure, collection=collection))
        if not fees:
            raise ValidationFailed(fields={"lines": ["Thủ tục không có khoản phí, lệ phí nào cho thời điểm thu này."]})
        lines = [FeeLine(name=f.name, amount=f.amount, fee_id=f.pk) for f in fees]
    cleaned = _clean_lines(lines)
    order = _order_create(dossier=locked, lines=cleaned, collection=collection, note=note.strip(), actor=officer)
    event_note = f"Phí, lệ phí cần nộp: {vnd(order.total)} ({'; '.join(n for n, _, _ in cleaned)})"
    if note.strip():
        event_note += f". {note.strip()}"
    if locked.status != Status.PAYMENT_REQUIRED:
        dossier_request_payment(officer=officer, dossier=locked, note=event_note[:2000])
    return order


def _mark_paid(
    order: PaymentOrder,
    *,
    actor: User | None,
    channel: str,
    transaction_id: str,
    paid_at: dt.datetime,
    method: str = "",
    source: str,
) -> None:
    before = snapshot(order)
    order.status = PaymentOrder.Status.PAID
    order.channel = channel
    order.method = method
    order.transaction_id = transaction_id[:64]
    order.paid_at = paid_at
    order.confirmed_by = actor if actor and actor.pk else None
    if channel == PaymentOrder.Channel.ONLINE:
        order.provider_reference = settings.SAOLA_PAYMENT_MERCHANT
        order.provider_status, order.provider_checked_at = "paid", timezone.now()
    order.save()
    audit_record(actor=actor, action="payment.paid", obj=order, before=before, after={**snapshot(order), "by": source})


def _dossier_paid(dossier: Dossier, order: PaymentOrder, *, actor: User | None, note: str) -> None:
    """The dossier back in processing; other orders still pending for it are cancelled."""
    for other in PaymentOrder.objects.select_for_update().filter(dossier=dossier, status=PaymentOrder.Status.PENDING):
        _close(other, status=PaymentOrder.Status.CANCELLED, reason="Đã nộp phí theo đơn khác.", actor=actor)
    if dossier.status == Status.PAYMENT_REQUIRED:
        dossier_confirm_payment_apply(dossier=dossier, actor=actor, note=note)
    else:
        # Paid after the dossier moved on (stopped, withdrawn): money taken, kept on record for refund.
        logger.warning("Payment %s recorded for dossier %s in status %s", order, dossier.code, dossier.status)


def _close(order: PaymentOrder, *, status: str, reason: str, actor: User | None) -> None:
    before = snapshot(order)
    order.status = status
    order.closed_reason = reason[:500]
    order.save()
    audit_record(actor=actor, action=f"payment.{status}", obj=order, before=before, after=snapshot(order))


@transaction.atomic
def payment_confirm_at_counter(
    *, officer: User, dossier: Dossier, receipt_number: str, method: str = PaymentOrder.Method.CASH, note: str = ""
) -> PaymentOrder:
    """An officer records fees paid at the counter (cash or transfer, with the receipt number):
    the pending order is paid and the dossier goes back to processing, clock restarted."""
    receipt = " ".join(receipt_number.split())
    if not receipt:
        raise ValidationFailed(fields={"receipt_number": ["Cần nhập số biên lai hoặc mã giao dịch chuyển khoản."]})
    if method not in PaymentOrder.Method.values:
        raise ValidationFailed(fields={"method": ["Phương thức nộp không hợp lệ."]})
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    ensure_transition(dossier=locked, action=Action.CONFIRM_PAYMENT)
    order = _pending_locked(locked)
    if order is None:
        raise ConflictError("Hồ sơ không có khoản phí, lệ phí nào đang chờ nộp.")
    _mark_paid(
        order,
        actor=officer,
        channel=PaymentOrder.Channel.COUNTER,
        transaction_id=receipt,
        paid_at=timezone.now(),
        method=method,
        source="counter",
    )
    if note.strip():
        order.note = (f"{order.note}\n{note.strip()}" if order.note else note.strip())[:2000]
        order.save(update_fields=["note", "updated_at"])
    label = PaymentOrder.Method(method).label
    text = f"Đã nộp {vnd(order.total)} tại Bộ phận Một cửa ({label}), biên lai số {receipt}"
    _dossier_paid(locked, order, actor=officer, note=text)
    return order


@transaction.atomic
def payment_cancel(*, officer: User, dossier: Dossier, reason: str) -> PaymentOrder:
    """An officer withdraws the pending order (wrong amount, fee waived). The dossier stays
    waiting for payment until a new order is requested or the payment confirmed."""
    if not reason.strip():
        raise ValidationFailed(fields={"reason": ["Cần nêu lý do huỷ yêu cầu nộp phí."]})
    locked = dossier_lock(code=dossier.code)
    ensure_can_work_on(officer, locked)
    order = _pending_locked(locked)
    if order is None:
        raise ConflictError("Hồ sơ không có khoản phí, lệ phí nào đang chờ nộp.")
    _close(order, status=PaymentOrder.Status.CANCELLED, reason=reason.strip(), actor=officer)
    return order


@transaction.atomic
def payment_start(*, applicant: User, dossier: Dossier) -> PaymentOrder:
    """The applicant sets out to pay online: the pending order, or a fresh copy of the last one
    when it failed or expired. The caller sends the browser to `payment_redirect_url(order)`."""
    if not provider.online_payment_enabled():
        raise ConflictError("Chưa hỗ trợ thanh toán trực tuyến; vui lòng nộp phí tại Bộ phận Một cửa.")
    locked = dossier_lock(code=dossier.code)
    ensure_applicant(applicant, locked)
    if locked.status != Status.PAYMENT_REQUIRED:
        raise ConflictError("Hồ sơ không ở trạng thái chờ nộp phí, lệ phí.")
    pending = _pending_locked(locked)
    if pending is not None:
        return pending
    last = locked.payment_orders.prefetch_related("lines").order_by("-created_at", "-id").first()
    if last is None or last.status not in {PaymentOrder.Status.FAILED, PaymentOrder.Status.EXPIRED}:
        raise ConflictError("Hồ sơ không có khoản phí, lệ phí nào đang chờ nộp.")
    lines = [(line.name, line.amount, line.fee_id) for line in last.lines.all()]
    return _order_create(dossier=locked, lines=lines, collection=last.collection, note=last.note, actor=applicant)


def _apply_result(order: PaymentOrder, result: provider.ProviderResult, *, source: str) -> bool:
    """Apply the provider's word on `order` (locked, with its dossier locked). True if anything changed.

    A paid result is recorded once; the same result again changes nothing. A result that
    contradicts the recorded one, or pays an order the platform cancelled, is a 409.
    """
    if result.amount != str(int(order.total)):
        raise ValidationFailed(
            "Số tiền không khớp với đơn thanh toán.", extra={"expected": str(int(order.total)), "got": result.amount}
        )
    if result.status == "paid":
        if order.status == PaymentOrder.Status.PAID:
            if order.transaction_id and result.transaction_id and order.transaction_id != result.transaction_id:
                raise ConflictError("Đơn đã được ghi nhận thanh toán với mã giao dịch khác.")
            return False
        if order.status in {PaymentOrder.Status.CANCELLED, PaymentOrder.Status.FAILED}:
            raise ConflictError(
                "Đơn thanh toán đã bị huỷ hoặc không thành công; không ghi nhận thanh toán.",
                extra={"status": order.status},
            )
        _mark_paid(
            order,
            actor=None,
            channel=PaymentOrder.Channel.ONLINE,
            transaction_id=result.transaction_id,
            paid_at=result.paid_at or timezone.now(),
            source=source,
        )
        note = f"Đã thanh toán trực tuyến {vnd(order.total)}, mã giao dịch {result.transaction_id or '—'}"
        _dossier_paid(order.dossier, order, actor=None, note=note)
        return True
    if result.status in {"failed", "cancelled"}:
        if order.status == PaymentOrder.Status.PAID:
            raise ConflictError("Đơn đã được ghi nhận thanh toán; không nhận kết quả không thành công.")
        if order.status != PaymentOrder.Status.PENDING:
            return False
        reason = "Người nộp huỷ giao dịch." if result.status == "cancelled" else "Giao dịch không thành công."
        order.provider_status, order.provider_checked_at = result.status, timezone.now()
        _close(order, status=PaymentOrder.Status.FAILED, reason=reason, actor=None)
        return True
    return False


def _lock_for_result(merchant_order_id: str) -> PaymentOrder:
    order = payment_order_get(merchant_order_id=merchant_order_id)
    dossier = dossier_lock(code=order.dossier.code)
    locked = PaymentOrder.objects.select_for_update().get(pk=order.pk)
    locked.dossier = dossier
    return locked


@transaction.atomic
def payment_callback(*, params: Mapping[str, object]) -> PaymentOrder:
    """The provider's server callback: verify the signature, the order and the amount, then
    record the outcome (a paid order moves its dossier back to processing in this transaction).

    A replayed callback returns the order unchanged. Raises SignatureInvalid (403), NotFoundError
    (404), ValidationFailed (400, wrong amount or malformed) or ConflictError (409).
    """
    if not provider.online_payment_enabled():
        raise NotFoundError("Thanh toán trực tuyến chưa được bật.")
    if not provider.signature_valid(provider.normalised(params)):
        raise SignatureInvalid()
    result = provider.result_from(params, statuses=provider.CALLBACK_STATUSES)
    if result is None:
        raise ValidationFailed("Thông báo kết quả thanh toán không hợp lệ.")
    order = _lock_for_result(result.order_id)
    _apply_result(order, result, source="callback")
    return order


@transaction.atomic
def _apply_query(*, merchant_order_id: str, result: provider.ProviderResult, expire_before: dt.datetime | None) -> str:
    order = _lock_for_result(merchant_order_id)
    if result.status in {"paid", "failed", "cancelled"}:
        if _apply_result(order, result, source="query"):
            return "paid" if result.status == "paid" else "failed"
        return "unchanged"
    order.provider_status, order.provider_checked_at = result.status, timezone.now()
    order.save(update_fields=["provider_status", "provider_checked_at", "updated_at"])
    if order.status == PaymentOrder.Status.PENDING and expire_before is not None and order.created_at < expire_before:
        _close(order, status=PaymentOrder.Status.EXPIRED, reason="Quá thời hạn thanh toán.", actor=None)
        return "expired"
    return "unchanged"


def payment_refresh_now(*, order: PaymentOrder, expire_before: dt.datetime | None = None) -> str:
    """Ask the provider about `order` now (HTTP, outside any transaction), then apply its answer
    the way a callback is applied. Returns "paid", "failed", "expired" or "unchanged".

    `expire_before`: a pending order created before this moment that the provider reports as
    pending or unknown is closed as expired. Raises ProviderUnavailable (502).
    """
    result = provider.query_now(order_id=order.merchant_order_id)
    if result.status in {"paid", "failed", "cancelled"} and result.amount != str(int(order.total)):
        raise ValidationFailed("Số tiền đơn vị thanh toán báo không khớp với đơn.")
    return _apply_query(merchant_order_id=order.merchant_order_id, result=result, expire_before=expire_before)


@dataclass(frozen=True)
class ReconcileSummary:
    checked: int = 0
    paid: int = 0
    failed: int = 0
    expired: int = 0
    unchanged: int = 0
    errors: int = 0


def payment_reconcile(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> ReconcileSummary:
    """Ask the provider about every pending order older than `older_than` and apply the answers
    (the callback's code path). Orders pending past `SAOLA_PAYMENT_ORDER_TTL_MINUTES` that the
    provider has not seen paid expire. One order's failure (provider down, bad answer) is
    counted and logged; the others are still checked."""
    if not provider.online_payment_enabled():
        return ReconcileSummary()
    moment = now or timezone.now()
    expire_before = moment - dt.timedelta(minutes=settings.SAOLA_PAYMENT_ORDER_TTL_MINUTES)
    pending = PaymentOrder.objects.filter(status=PaymentOrder.Status.PENDING, created_at__lt=moment - older_than)
    counts = {"paid": 0, "failed": 0, "expired": 0, "unchanged": 0, "errors": 0}
    checked = 0
    for order in pending.order_by("created_at", "id").iterator():
        checked += 1
        try:
            counts[payment_refresh_now(order=order, expire_before=expire_before)] += 1
        except (provider.ProviderUnavailable, ValidationFailed, ConflictError, NotFoundError) as exc:
            logger.warning("Reconciling payment order %s failed: %s", order.merchant_order_id, exc)
            counts["errors"] += 1
    return ReconcileSummary(checked=checked, **counts)
