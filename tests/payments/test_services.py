"""Payment services: requesting fees, the clock, counter confirmation, cancelling, starting online."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from saola.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from saola.core.models import AuditEntry, Notification
from saola.dossiers.models import Dossier
from saola.dossiers.selectors import dossier_inbox, dossier_stats
from saola.dossiers.services import intake
from saola.dossiers.states import Status
from saola.payments import services
from saola.payments.models import PaymentOrder
from saola.payments.services import FeeLine
from tests.dossiers.factories import GOOD_FORM, birth_uploads
from tests.payments.conftest import received

pytestmark = pytest.mark.django_db


def test_payment_request_takes_catalogue_fees_of_the_collection_moment_and_stops_the_clock(s):
    dossier = received(s)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=4, note="Nộp trước khi nhận")
    dossier.refresh_from_db()
    assert dossier.status == Status.PAYMENT_REQUIRED
    assert dossier.national_status == 6
    assert dossier.paused_at is not None
    assert order.status == PaymentOrder.Status.PENDING
    assert order.total == Decimal(3000)
    assert [(line.name, line.amount) for line in order.lines.all()] == [
        ("Phí cấp bản sao trích lục khai sinh", Decimal(3000))
    ]
    assert order.merchant_order_id.isalnum() and len(order.merchant_order_id) == 20
    event = dossier.events.get(action="request_payment")
    assert "3.000 đồng" in event.note
    assert AuditEntry.objects.filter(action="payment.order_create", object_id=str(order.pk)).exists()
    assert AuditEntry.objects.filter(action="dossier.request_payment", object_id=str(dossier.pk)).exists()
    mail = Notification.objects.get(template_key="dossier.payment_required", recipient="mai@example.vn")
    assert dossier.code in mail.subject
    assert "3.000 đồng" in mail.body and f"/ho-so-cua-toi/{dossier.code}/" in mail.body


def test_payment_request_with_officer_amounts(s):
    dossier = received(s)
    lines = [FeeLine(name="Lệ phí thẩm định", amount="150.000"), FeeLine(name="Phí khác", amount=50000)]
    order = services.payment_request(officer=s.processor, dossier=dossier, lines=lines)
    assert order.total == Decimal(200000)
    assert order.collection is None
    assert sorted(line.amount for line in order.lines.all()) == [Decimal(50000), Decimal(150000)]


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [FeeLine(name="", amount=1000)],
        [FeeLine(name="Lệ phí", amount=0)],
        [FeeLine(name="Lệ phí", amount=-5)],
        [FeeLine(name="Lệ phí", amount="12.5")],
        [FeeLine(name="Lệ phí", amount="mười nghìn")],
        [FeeLine(name="Lệ phí", amount="1e400")],
    ],
)
def test_payment_request_rejects_bad_lines_and_changes_nothing(s, lines):
    dossier = received(s)
    with pytest.raises(ValidationFailed):
        services.payment_request(officer=s.processor, dossier=dossier, lines=lines)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.paused_at is None
    assert not PaymentOrder.objects.exists()


def test_payment_request_without_catalogue_fees_for_the_moment_is_refused(s):
    dossier = received(s)
    with pytest.raises(ValidationFailed):
        services.payment_request(officer=s.processor, dossier=dossier, collection=2)
    assert not PaymentOrder.objects.exists()


def test_second_payment_request_while_one_is_pending_is_a_conflict(s):
    dossier = received(s)
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    with pytest.raises(ConflictError):
        services.payment_request(officer=s.processor, dossier=dossier, collection=4)
    assert PaymentOrder.objects.count() == 1


@pytest.mark.parametrize("state", ["submitted", "supplement_requested", "finished"])
def test_payment_request_in_the_wrong_state_is_a_conflict(s, state):
    if state == "submitted":
        dossier = intake.dossier_submit_online(
            applicant=s.citizen,
            procedure=s.birth,
            organization=s.ward,
            form_data=GOOD_FORM,
            uploads=birth_uploads(s.birth),
        )
    else:
        dossier = received(s)
    if state == "supplement_requested":
        intake.dossier_request_supplement(officer=s.processor, dossier=dossier, reason="Thiếu giấy chứng sinh")
    if state == "finished":
        Dossier.objects.filter(pk=dossier.pk).update(status=Status.FINISHED)
    with pytest.raises(ConflictError) as caught:
        services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    assert caught.value.http_status == 409
    assert not PaymentOrder.objects.exists()


def test_payment_request_on_another_units_dossier_is_not_found(s):
    dossier = received(s)
    with pytest.raises(NotFoundError):
        services.payment_request(officer=s.other_receiver, dossier=dossier, collection=1)
    with pytest.raises(NotFoundError):
        services.payment_request(officer=s.other_citizen, dossier=dossier, collection=1)
    assert not PaymentOrder.objects.exists()


def test_applicant_cannot_request_or_confirm_payment(s):
    dossier = received(s)
    with pytest.raises(PermissionDeniedError):
        services.payment_request(officer=s.citizen, dossier=dossier, collection=1)
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    with pytest.raises(PermissionDeniedError):
        services.payment_confirm_at_counter(officer=s.citizen, dossier=dossier, receipt_number="BL-1")
    assert PaymentOrder.objects.get().status == PaymentOrder.Status.PENDING


def test_counter_confirmation_pays_the_order_and_resumes_the_clock(s):
    dossier = received(s)
    due_before = dossier.due_at
    original_before = dossier.original_due_at
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    # Three days pass while the applicant goes to pay: they do not count.
    Dossier.objects.filter(pk=dossier.pk).update(paused_at=timezone.now() - dt.timedelta(days=3))
    order = services.payment_confirm_at_counter(
        officer=s.receiver, dossier=dossier, receipt_number=" BL 0001234 ", method="transfer", note="Đã đối chiếu"
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.paused_at is None
    assert dossier.due_at > due_before and dossier.original_due_at > original_before
    assert order.status == PaymentOrder.Status.PAID
    assert order.channel == PaymentOrder.Channel.COUNTER and order.method == "transfer"
    assert order.transaction_id == "BL 0001234" and order.confirmed_by == s.receiver
    assert order.paid_at is not None and "Đã đối chiếu" in order.note
    assert dossier.events.filter(action="confirm_payment").exists()
    assert AuditEntry.objects.filter(action="payment.paid", object_id=str(order.pk)).exists()


def test_counter_confirmation_needs_a_receipt_number_and_a_pending_order(s):
    dossier = received(s)
    with pytest.raises(ConflictError):
        services.payment_confirm_at_counter(officer=s.receiver, dossier=dossier, receipt_number="BL-1")
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    with pytest.raises(ValidationFailed):
        services.payment_confirm_at_counter(officer=s.receiver, dossier=dossier, receipt_number="   ")
    with pytest.raises(ValidationFailed):
        services.payment_confirm_at_counter(officer=s.receiver, dossier=dossier, receipt_number="BL-1", method="gold")
    services.payment_cancel(officer=s.processor, dossier=dossier, reason="Sai mức thu")
    with pytest.raises(ConflictError):
        services.payment_confirm_at_counter(officer=s.receiver, dossier=dossier, receipt_number="BL-1")
    dossier.refresh_from_db()
    assert dossier.status == Status.PAYMENT_REQUIRED


def test_cancelled_request_can_be_reissued_without_a_second_transition(s):
    dossier = received(s)
    first = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    with pytest.raises(ValidationFailed):
        services.payment_cancel(officer=s.processor, dossier=dossier, reason=" ")
    services.payment_cancel(officer=s.processor, dossier=dossier, reason="Mức thu thay đổi")
    first.refresh_from_db()
    assert first.status == PaymentOrder.Status.CANCELLED and first.closed_reason == "Mức thu thay đổi"
    second = services.payment_request(
        officer=s.processor, dossier=dossier, lines=[FeeLine(name="Lệ phí đăng ký khai sinh", amount=5000)]
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PAYMENT_REQUIRED
    assert dossier.events.filter(action="request_payment").count() == 1
    assert second.total == Decimal(5000)
    services.payment_cancel(officer=s.processor, dossier=dossier, reason="Nhập nhầm")
    with pytest.raises(ConflictError):
        services.payment_cancel(officer=s.processor, dossier=dossier, reason="Lần nữa")


def test_starting_an_online_payment_needs_the_provider_configured(s):
    dossier = received(s)
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    with pytest.raises(ConflictError):
        services.payment_start(applicant=s.citizen, dossier=dossier)


def test_starting_returns_the_pending_order_or_a_copy_of_a_failed_one(s, paygate):
    dossier = received(s)
    with pytest.raises(ConflictError):
        services.payment_start(applicant=s.citizen, dossier=dossier)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    assert services.payment_start(applicant=s.citizen, dossier=dossier) == order
    with pytest.raises(PermissionDeniedError):
        services.payment_start(applicant=s.processor, dossier=dossier)
    with pytest.raises(NotFoundError):
        services.payment_start(applicant=s.other_citizen, dossier=dossier)
    PaymentOrder.objects.filter(pk=order.pk).update(status=PaymentOrder.Status.FAILED)
    retry = services.payment_start(applicant=s.citizen, dossier=dossier)
    assert retry.pk != order.pk and retry.status == PaymentOrder.Status.PENDING
    assert retry.total == order.total and retry.merchant_order_id != order.merchant_order_id
    assert [line.name for line in retry.lines.all()] == [line.name for line in order.lines.all()]
    services.payment_cancel(officer=s.processor, dossier=dossier, reason="Miễn lệ phí")
    with pytest.raises(ConflictError):
        services.payment_start(applicant=s.citizen, dossier=dossier)


def test_processing_dossier_can_be_asked_to_pay_and_statistics_count_it_in_progress(s):
    dossier = received(s)
    # Back from a supplement round, the dossier is in processing.
    intake.dossier_request_supplement(officer=s.processor, dossier=dossier, reason="Thiếu giấy chứng sinh")
    intake.dossier_submit_supplement(applicant=s.citizen, dossier=dossier, uploads=birth_uploads(s.birth))
    dossier = intake.dossier_accept_supplement(officer=s.processor, dossier=dossier)
    assert dossier.status == Status.PROCESSING
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    start = timezone.now() - dt.timedelta(days=1)
    end = timezone.now() + dt.timedelta(days=1)
    [row] = dossier_stats(start=start, end=end)
    assert row["received"] == 1 and row["in_progress"] == 1 and row["ended"] == 0
    assert row["late"] == 0
    # The unit's officers and the one-stop desk follow it in their inbox (counter payment).
    for officer in (s.processor, s.receiver):
        assert dossier.code in {d.code for d in dossier_inbox(officer=officer)}
    assert dossier.code not in {d.code for d in dossier_inbox(officer=s.other_receiver)}


def test_payment_request_sends_an_sms_when_the_sms_service_is_on(s, sms_server):
    dossier = received(s)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_phone="0912345678")
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    sms = Notification.objects.get(template_key="dossier.payment_required", channel="sms")
    assert sms.recipient == "0912345678"
    assert sms.body.startswith(f"Ho so {dossier.code}: Phi, le phi can nop: 8.000 dong")
    assert f"/ho-so-cua-toi/{dossier.code}/" in sms.body
