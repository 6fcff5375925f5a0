"""Applicants are told by e-mail and SMS when their dossier is received, needs papers, has a
result or is late, only once the change is committed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from saola.core.models import Notification
from saola.dossiers.documents.render import short_datetime
from saola.dossiers.models import Dossier
from saola.dossiers.notify import dossier_event_notify
from saola.dossiers.services import intake, processing
from saola.dossiers.services.intake import ApplicantInfo
from tests.dossiers.factories import GOOD_FORM, birth_uploads, build_one_stop

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_stop():
    return build_one_stop()


def submit(s) -> Dossier:
    return intake.dossier_submit_online(
        applicant=s.citizen, procedure=s.birth, organization=s.ward, form_data=GOOD_FORM, uploads=birth_uploads(s.birth)
    )


def at_counter(s, *, phone: str = "0912345678") -> Dossier:
    return intake.dossier_create_at_counter(
        officer=s.receiver,
        applicant=s.citizen,
        procedure=s.birth,
        form_data=GOOD_FORM,
        uploads=[],
        checked_papers=[p.pk for p in s.birth.papers.filter(required=True)],
        applicant_info=ApplicantInfo(name="Lò Thị Mai", phone=phone, email="mai@example.vn"),
    )


def test_accept_sends_the_receipt_email_over_smtp(one_stop, smtp_server, django_capture_on_commit_callbacks):
    d = submit(one_stop)
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        d = intake.dossier_accept(officer=one_stop.receiver, dossier=d)
    [message] = smtp_server.messages
    assert message["To"] == "mai@example.vn"
    assert message["Subject"].strip() == f"Hồ sơ {d.code} đã được tiếp nhận"
    body = message.get_content()
    assert "Kính gửi ông/bà Lò Thị Mai" in body
    assert "UBND phường Tô Hiệu đã tiếp nhận hồ sơ của ông/bà" in body
    assert f"Ngày hẹn trả kết quả: {short_datetime(d.due_at)}" in body
    assert f"http://localhost:8000/tra-cuu/{d.code}/" in body
    [row] = Notification.objects.all()
    assert (row.status, row.template_key, row.recipient) == ("sent", "dossier.received", "mai@example.vn")


def test_counter_intake_sends_email_and_sms(one_stop, settings, sms_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = at_counter(one_stop)
    assert [m.subject for m in mail.outbox] == [f"Hồ sơ {d.code} đã được tiếp nhận"]
    [request] = sms_server.requests
    assert request.payload["to"] == "+84912345678"
    assert request.headers["Authorization"] == f"Bearer {settings.SAOLA_SMS_API_KEY}"
    assert d.code in request.payload["message"] and "hen tra ket qua" in request.payload["message"]
    assert set(Notification.objects.values_list("channel", "status")) == {("email", "sent"), ("sms", "sent")}


def test_no_sms_without_an_sms_service_or_a_mobile_number(one_stop, settings, django_capture_on_commit_callbacks):
    settings.SAOLA_SMS_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        at_counter(one_stop)
    settings.SAOLA_SMS_URL = "http://127.0.0.1:9/"
    with django_capture_on_commit_callbacks(execute=True):
        at_counter(one_stop, phone="024 3822 1234")
    assert set(Notification.objects.values_list("channel", flat=True)) == {"email"}


def test_supplement_result_and_apology_are_announced(one_stop, django_capture_on_commit_callbacks):
    s = one_stop
    with django_capture_on_commit_callbacks(execute=True):
        d = at_counter(s, phone="")
        d = intake.dossier_request_supplement(officer=s.processor, dossier=d, reason="Thiếu bản sao giấy chứng sinh")
        d = intake.dossier_submit_supplement(applicant=s.citizen, dossier=d, uploads=birth_uploads(s.birth)[:1])
        d = intake.dossier_accept_supplement(officer=s.processor, dossier=d)
        apology = processing.dossier_apologize(officer=s.processor, dossier=d, reason="Chờ xác minh", extra_days=2)
        d = processing.dossier_complete_step(officer=s.processor, dossier=d)
        d = processing.dossier_complete_step(officer=s.leader, dossier=d)
    assert d.status == "finished"
    keys = list(Notification.objects.order_by("id").values_list("template_key", flat=True))
    assert keys == ["dossier.received", "dossier.supplement_requested", "dossier.apology", "dossier.result_ready"]
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Hồ sơ {d.code} đã được tiếp nhận",
        f"Hồ sơ {d.code} cần bổ sung, hoàn thiện",
        f"Xin lỗi vì chậm trả kết quả hồ sơ {d.code}",
        f"Hồ sơ {d.code} đã có kết quả giải quyết",
    ]
    assert "Nội dung cần bổ sung: Thiếu bản sao giấy chứng sinh" in mail.outbox[1].body
    assert "Lý do: Chờ xác minh" in mail.outbox[2].body
    assert f"hẹn trả kết quả vào {short_datetime(apology.new_due_at)}" in mail.outbox[2].body
    assert short_datetime(apology.previous_due_at) in mail.outbox[2].body


def test_other_events_send_nothing(one_stop, django_capture_on_commit_callbacks):
    s = one_stop
    with django_capture_on_commit_callbacks(execute=True):
        d = submit(s)
        intake.dossier_refuse(officer=s.receiver, dossier=d, reason="Sai thẩm quyền")
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_change_that_rolls_back_announces_nothing(one_stop, django_capture_on_commit_callbacks):
    s = one_stop
    d = submit(s)

    @transaction.atomic
    def accept_then_fail() -> None:
        intake.dossier_accept(officer=s.receiver, dossier=d)
        assert Notification.objects.count() == 1
        raise RuntimeError("lỗi sau khi ghi sự kiện")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        accept_then_fail()
    assert callbacks == []
    assert mail.outbox == [] and not Notification.objects.exists()
    assert Dossier.objects.get(pk=d.pk).status == "submitted"


def test_one_message_per_event_and_channel(one_stop, django_capture_on_commit_callbacks):
    s = one_stop
    with django_capture_on_commit_callbacks(execute=True):
        d = at_counter(s, phone="")
        event = d.events.get(action="accept")
        again = dossier_event_notify(dossier=d, event=event)
    assert [n.idempotency_key for n in again] == [f"dossier-event:{event.pk}:email"]
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_committed_and_rolled_back_changes_over_real_transactions(smtp_server):
    s = build_one_stop()
    d = submit(s)

    @transaction.atomic
    def accept_then_fail() -> None:
        intake.dossier_accept(officer=s.receiver, dossier=d)
        raise RuntimeError("lỗi sau khi ghi sự kiện")

    with pytest.raises(RuntimeError):
        accept_then_fail()
    assert smtp_server.messages == [] and not Notification.objects.exists()

    intake.dossier_accept(officer=s.receiver, dossier=d)
    [message] = smtp_server.messages
    assert message["Subject"].strip() == f"Hồ sơ {d.code} đã được tiếp nhận"
    assert Notification.objects.get().status == "sent"
