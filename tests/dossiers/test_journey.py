import datetime as dt

import pytest
from django.utils import timezone

from saola.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from saola.core.models import AuditEntry
from saola.dossiers import selectors
from saola.dossiers.deadlines import is_late
from saola.dossiers.models import Dossier, DossierFile
from saola.dossiers.services import intake, processing
from saola.dossiers.services.counter import counter_refusal_record
from saola.dossiers.services.intake import PaperUpload
from tests.dossiers.factories import GOOD_FORM, PNG, birth_uploads, build_one_stop, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_stop():
    return build_one_stop()


def submit(s, **kw):
    return intake.dossier_submit_online(
        applicant=s.citizen,
        procedure=s.birth,
        organization=s.ward,
        form_data=kw.pop("form", GOOD_FORM),
        uploads=kw.pop("uploads", None) or birth_uploads(s.birth),
        **kw,
    )


def test_online_dossier_end_to_end(one_stop):
    s = one_stop
    d = submit(s)
    assert d.code.startswith("000.01.53.H53-")
    assert d.status == "submitted" and d.national_status == 1
    assert d.files.count() == 2

    d = intake.dossier_accept(officer=s.receiver, dossier=d)
    assert d.status == "received" and d.national_status == 2
    assert d.due_at is not None and d.received_at is not None
    assert d.current_step == "Thẩm định hồ sơ, dự thảo kết quả"

    d = processing.dossier_complete_step(officer=s.processor, dossier=d, comment="Đủ điều kiện")
    assert d.status == "waiting_signature" and d.national_status == 4  # the leader's signing step
    d = processing.dossier_complete_step(officer=s.leader, dossier=d, comment="Đồng ý")
    assert d.status == "finished" and d.national_status == 9
    processing.dossier_upload_result(officer=s.processor, dossier=d, uploads=[PaperUpload(file=pdf("gks.pdf"))])
    d = processing.dossier_return_result(officer=s.receiver, dossier=d)
    assert d.status == "returned" and d.national_status == 10
    rating = processing.dossier_rate(applicant=s.citizen, dossier=d, score=5, comment="Nhanh")
    assert rating.score == 5
    assert not is_late(Dossier.objects.get(pk=d.pk), now=timezone.now())
    actions = list(d.events.values_list("action", flat=True))
    assert actions == [
        "submit",
        "accept",
        "complete_step",
        "send_to_signature",
        "complete_step",
        "finish",
        "upload_result",
        "return_result",
        "rate",
    ]
    assert AuditEntry.objects.filter(object_type="dossiers.dossier", object_id=str(d.pk)).count() == len(actions)


def test_counter_intake_is_received_at_once_with_checklist(one_stop):
    s = one_stop
    papers = [p.pk for p in s.birth.papers.filter(required=True)]
    d = intake.dossier_create_at_counter(
        officer=s.receiver,
        applicant=s.citizen,
        procedure=s.birth,
        form_data=GOOD_FORM,
        uploads=[],
        checked_papers=papers,
    )
    assert d.channel == "counter" and d.status == "received"
    assert d.procedure_snapshot["checked_papers"] == sorted(papers)


def test_counter_intake_refuses_missing_papers_and_other_units(one_stop):
    s = one_stop
    with pytest.raises(ValidationFailed):
        intake.dossier_create_at_counter(
            officer=s.receiver,
            applicant=s.citizen,
            procedure=s.birth,
            form_data=GOOD_FORM,
            uploads=[],
            checked_papers=[],
        )
    with pytest.raises(PermissionDeniedError):
        intake.dossier_create_at_counter(
            officer=s.other_receiver,
            applicant=s.citizen,
            procedure=s.permit,
            form_data={},
            uploads=[],
            checked_papers=[s.permit.papers.get().pk],
            organization=s.ward,
        )
    assert not Dossier.objects.exists()


def test_leader_sends_back_then_approves(one_stop):
    s = one_stop
    d = intake.dossier_create_at_counter(
        officer=s.receiver,
        applicant=s.citizen,
        procedure=s.permit,
        form_data={},
        uploads=[],
        checked_papers=[s.permit.papers.get().pk],
    )
    d = processing.dossier_complete_step(officer=s.processor, dossier=d)
    d = processing.dossier_complete_step(officer=s.leader, dossier=d, approved=False, comment="Bổ sung ý kiến")
    assert d.current_step == "Thẩm định, đề xuất"
    d = processing.dossier_complete_step(officer=s.processor, dossier=d)
    d = processing.dossier_complete_step(officer=s.leader, dossier=d, approved=True)
    assert d.current_step == "Vào sổ, đóng dấu, phát hành"


def test_step_belongs_to_its_role(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    with pytest.raises(PermissionDeniedError):
        processing.dossier_complete_step(officer=s.leader, dossier=d)  # the step is the processing officer's
    with pytest.raises(NotFoundError):
        processing.dossier_complete_step(officer=s.other_receiver, dossier=d)  # another ward: not even visible


def test_supplement_round_trip_pauses_the_clock(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    due = d.due_at
    d = intake.dossier_request_supplement(officer=s.processor, dossier=d, reason="Thiếu bản sao giấy tờ của mẹ")
    assert d.status == "supplement_requested" and d.national_status == 5 and d.paused_at
    # the applicant takes a day: move the pause back 8 working hours to simulate it
    Dossier.objects.filter(pk=d.pk).update(paused_at=d.paused_at - dt.timedelta(days=1))
    d = intake.dossier_submit_supplement(applicant=s.citizen, dossier=d, uploads=[PaperUpload(file=pdf())])
    assert d.status == "supplement_received"
    d = intake.dossier_accept_supplement(officer=s.processor, dossier=d)
    assert d.status == "processing"
    assert d.due_at > due
    assert d.files.filter(kind=DossierFile.Kind.SUPPLEMENT).count() == 1


def test_two_supplement_requests_make_a_dossier_late(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    for _ in range(2):
        d = intake.dossier_request_supplement(officer=s.processor, dossier=d, reason="Thiếu giấy tờ")
        d = intake.dossier_submit_supplement(applicant=s.citizen, dossier=d, uploads=[PaperUpload(file=pdf())])
        d = intake.dossier_accept_supplement(officer=s.processor, dossier=d)
    assert is_late(d, now=timezone.now())


def test_wrong_state_is_a_conflict_and_changes_nothing(one_stop):
    s = one_stop
    d = submit(s)
    with pytest.raises(ConflictError):
        processing.dossier_return_result(officer=s.receiver, dossier=d)
    with pytest.raises(ConflictError):
        intake.dossier_submit_supplement(applicant=s.citizen, dossier=d, uploads=[PaperUpload(file=pdf())])
    d.refresh_from_db()
    assert d.status == "submitted"
    assert d.files.count() == 2


def test_double_submit_with_the_same_key_gives_one_dossier(one_stop):
    s = one_stop
    first = submit(s, idempotency_key="abc-123")
    second = submit(s, idempotency_key="abc-123")
    assert first.pk == second.pk
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    ("form", "uploads_kind", "field"),
    [
        ({"ho_ten_tre": "A"}, "good", "form_data.ngay_sinh"),
        ({"ho_ten_tre": 12, "ngay_sinh": "2026-11-20"}, "good", "form_data.ho_ten_tre"),
        (GOOD_FORM, "missing", "files"),
        (GOOD_FORM, "exe", "files"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_written(one_stop, form, uploads_kind, field):
    s = one_stop
    uploads = birth_uploads(s.birth)
    if uploads_kind == "missing":
        uploads = uploads[:1]
    elif uploads_kind == "exe":
        uploads[0] = PaperUpload(file=pdf("to-khai.pdf", b"MZ\x90\x00" + b"\x00" * 100), paper_id=uploads[0].paper_id)
    with pytest.raises(ValidationFailed) as exc:
        submit(s, form=form, uploads=uploads)
    assert field in exc.value.fields
    assert not Dossier.objects.exists()


def test_png_is_accepted_by_content(one_stop):
    s = one_stop
    uploads = birth_uploads(s.birth)
    uploads[0] = PaperUpload(file=pdf("scan.pdf", PNG), paper_id=uploads[0].paper_id)
    d = submit(s, uploads=uploads)
    assert set(d.files.values_list("content_type", flat=True)) == {"image/png", "application/pdf"}


def test_someone_elses_dossier_is_not_found(one_stop):
    s = one_stop
    d = submit(s)
    with pytest.raises(NotFoundError):
        selectors.dossier_get_for(user=s.other_citizen, code=d.code)
    with pytest.raises(NotFoundError):
        intake.dossier_withdraw(applicant=s.other_citizen, dossier=d)
    assert selectors.dossier_get_for(user=s.citizen, code=d.code) == d


def test_withdraw_before_processing_and_request_after(one_stop):
    s = one_stop
    d = intake.dossier_withdraw(applicant=s.citizen, dossier=submit(s))
    assert d.status == "withdrawn"
    d2 = intake.dossier_accept(officer=s.receiver, dossier=submit(s, idempotency_key="second"))
    d2 = processing.dossier_complete_step(officer=s.processor, dossier=d2)
    d2 = intake.dossier_withdraw(applicant=s.citizen, dossier=d2, reason="Không còn nhu cầu")
    assert d2.status == "withdrawal_requested" and d2.national_status == 7
    d2 = processing.dossier_approve_withdrawal(officer=s.leader, dossier=d2)
    assert d2.status == "withdrawn"


def test_apology_sets_new_date_but_dossier_stays_late(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    past = timezone.now() - dt.timedelta(days=10)
    Dossier.objects.filter(pk=d.pk).update(due_at=past, original_due_at=past)
    d.refresh_from_db()
    assert is_late(d, now=timezone.now())
    apology = processing.dossier_apologize(officer=s.processor, dossier=d, reason="Chờ xác minh", extra_days=2)
    d.refresh_from_db()
    assert d.due_at == apology.new_due_at > timezone.now()
    assert is_late(d, now=timezone.now())


def test_stop_needs_a_leader_and_a_reason(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    with pytest.raises(PermissionDeniedError):
        processing.dossier_stop(officer=s.processor, dossier=d, reason="x")
    with pytest.raises(ValidationFailed):
        processing.dossier_stop(officer=s.leader, dossier=d, reason=" ")
    d = processing.dossier_stop(officer=s.leader, dossier=d, reason="Người nộp đề nghị dừng")
    assert d.status == "stopped" and d.national_status == 8


def test_inbox_shows_each_officer_their_work(one_stop):
    s = one_stop
    d = submit(s)
    assert list(selectors.dossier_inbox(officer=s.receiver)) == [d]
    assert list(selectors.dossier_inbox(officer=s.processor)) == []
    assert list(selectors.dossier_inbox(officer=s.other_receiver)) == []
    intake.dossier_accept(officer=s.receiver, dossier=d)
    assert list(selectors.dossier_inbox(officer=s.processor)) == [d]
    assert list(selectors.dossier_inbox(officer=s.receiver)) == []


def test_public_status_has_no_personal_data(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    status = selectors.dossier_public_status(code=d.code)
    assert status.status == 2 and status.status_label == "Được tiếp nhận"
    text = repr(status)
    for secret in ("Lò Thị Mai", "mai@example.vn", "014195000777"):
        assert secret not in text
    with pytest.raises(NotFoundError):
        selectors.dossier_public_status(code="000.00.00.H53-000000-9999")


def test_stats_count_received_online_and_late(one_stop):
    s = one_stop
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    papers = [p.pk for p in s.birth.papers.filter(required=True)]
    intake.dossier_create_at_counter(
        officer=s.receiver,
        applicant=s.citizen,
        procedure=s.birth,
        form_data=GOOD_FORM,
        uploads=[],
        checked_papers=papers,
    )
    past = timezone.now() - dt.timedelta(days=1)
    Dossier.objects.filter(pk=d.pk).update(original_due_at=past, due_at=past)
    now = timezone.now()
    (row,) = selectors.dossier_stats(start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=1))
    assert row["key"] == "000.01.53.H53"
    assert (row["received"], row["online"], row["late"], row["in_progress"]) == (2, 1, 1, 2)
    assert row["refused"] == 0
    # Refusals count too: one online dossier refused when checked, one walk-in at the counter.
    online = intake.dossier_submit_online(
        applicant=s.citizen, procedure=s.birth, organization=s.ward, form_data=GOOD_FORM, uploads=birth_uploads(s.birth)
    )
    intake.dossier_refuse(officer=s.receiver, dossier=online, reason="Không thuộc thẩm quyền")
    counter_refusal_record(
        officer=s.receiver, procedure=s.birth, applicant=None, applicant_name="Quàng Văn Tú", reason="Thiếu giấy tờ"
    )
    (row,) = selectors.dossier_stats(start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=1))
    assert (row["received"], row["refused"]) == (2, 2)
    (by_procedure,) = selectors.dossier_stats(
        start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=1), group_by="procedure"
    )
    assert by_procedure["key"] == s.birth.code and by_procedure["refused"] == 2


def test_transfer_to_a_province_department_and_back(one_stop):
    from saola.core import services as core
    from saola.dossiers.services.transfer import dossier_return_from_other_unit, dossier_transfer
    from tests.dossiers.factories import officer

    s = one_stop
    department = core.organization_create(
        actor=None, code="000.00.07.H53", name="Sở Xây dựng", level="unit", parent=s.province
    )
    dept_officer = officer(department, "xuly.sxd", "processing_officer")
    d = intake.dossier_accept(officer=s.receiver, dossier=submit(s))
    with pytest.raises(NotFoundError):
        selectors.dossier_get_for(user=dept_officer, code=d.code)
    d = dossier_transfer(officer=s.processor, dossier=d, organization=department, note="Đề nghị thẩm định")
    assert d.status == "waiting_other_unit" and d.national_status == 4
    assert list(selectors.dossier_inbox(officer=dept_officer)) == [d]
    assert list(selectors.dossier_inbox(officer=s.processor)) == []
    d = dossier_return_from_other_unit(officer=dept_officer, dossier=d, note="Thiếu hồ sơ thiết kế")
    assert d.status == "processing"
    assert list(selectors.dossier_inbox(officer=s.processor)) == [d]
    d = dossier_transfer(officer=s.processor, dossier=d, organization=department, note="Gửi lại")
    d = processing.dossier_complete_step(officer=dept_officer, dossier=d, comment="Đã thẩm định")
    assert d.status == "waiting_signature"
    assert d.current_step == "Ký duyệt kết quả"
    with pytest.raises(NotFoundError):  # the step is back home: the department no longer sees it
        dossier_return_from_other_unit(officer=dept_officer, dossier=d)
