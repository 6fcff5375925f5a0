"""The back office (/office/) through Django's test client: who may enter, the inbox and its
filters, the dossier page and every action, counter intake, print pages and file downloads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from saola.catalog.models import Procedure
from saola.core.models import AuditEntry, User
from saola.dossiers.models import CounterRefusal, Dossier, DossierFile
from saola.dossiers.services import intake, processing
from saola.dossiers.services.intake import PaperUpload
from saola.dossiers.states import Status
from tests.dossiers.factories import GOOD_FORM, PASSWORD, birth_uploads, build_one_stop, officer, pdf

pytestmark = pytest.mark.django_db

INBOX = reverse("office:inbox")
LIST = reverse("office:dossier_list")
COUNTER = reverse("office:counter_intake")

PERMIT_SCHEMA = {
    "type": "object",
    "required": ["dia_chi_cong_trinh"],
    "properties": {
        "dia_chi_cong_trinh": {"type": "string", "title": "Địa chỉ công trình", "maxLength": 200},
        "so_tang": {"type": "integer", "title": "Số tầng", "minimum": 1, "maximum": 50},
    },
}


@pytest.fixture
def s():
    one_stop = build_one_stop()
    Procedure.objects.filter(pk=one_stop.permit.pk).update(form_schema=PERMIT_SCHEMA)
    one_stop.permit.refresh_from_db()
    one_stop.clerk = officer(one_stop.ward, "vanthu", "clerk")
    return one_stop


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit(s, **kw) -> Dossier:
    return intake.dossier_submit_online(
        applicant=kw.pop("applicant", s.citizen),
        procedure=s.birth,
        organization=s.ward,
        form_data=GOOD_FORM,
        uploads=birth_uploads(s.birth),
        **kw,
    )


def received(s, **kw) -> Dossier:
    return intake.dossier_accept(officer=s.receiver, dossier=submit(s, **kw))


def permit_at_counter(s) -> Dossier:
    return intake.dossier_create_at_counter(
        officer=s.receiver,
        applicant=s.citizen,
        procedure=s.permit,
        form_data={"dia_chi_cong_trinh": "Tổ 3, phường Tô Hiệu", "so_tang": 3},
        uploads=[],
        checked_papers=[s.permit.papers.get().pk],
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def post(client: Client, name: str, dossier: Dossier, data: dict | None = None):
    return client.post(reverse(f"office:{name}", args=[dossier.code]), data or {}, follow=True)


def codes(response) -> list[str]:
    return [row["dossier"].code for row in response.context["rows"]]


# --- Who may enter ------------------------------------------------------------------------------


def test_office_sends_visitors_to_sign_in(client: Client) -> None:
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/office/"


@pytest.mark.parametrize("url", [INBOX, LIST, COUNTER])
def test_office_refuses_citizens(s, url: str) -> None:
    response = as_user(s.citizen).get(url)
    assert response.status_code == 403
    assert "dành cho cán bộ" in response.content.decode()


def test_citizen_cannot_act_on_their_own_dossier_from_the_office(s) -> None:
    d = submit(s)
    response = as_user(s.citizen).post(reverse("office:accept", args=[d.code]))
    assert response.status_code == 403
    assert Dossier.objects.get(pk=d.pk).status == Status.SUBMITTED


def test_officer_of_another_ward_gets_not_found(s) -> None:
    d = received(s)
    client = as_user(s.other_receiver)
    assert client.get(reverse("office:dossier_detail", args=[d.code])).status_code == 404
    assert client.post(reverse("office:refuse", args=[d.code]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("office:dossier_receipt", args=[d.code])).status_code == 404
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED


def test_actions_only_accept_post(s) -> None:
    d = submit(s)
    assert as_user(s.receiver).get(reverse("office:accept", args=[d.code])).status_code == 405


# --- Inbox and list -------------------------------------------------------------------------------


def test_inbox_shows_each_role_their_work(s) -> None:
    d = submit(s)
    assert codes(as_user(s.receiver).get(INBOX)) == [d.code]
    assert codes(as_user(s.processor).get(INBOX)) == []
    assert codes(as_user(s.other_receiver).get(INBOX)) == []
    intake.dossier_accept(officer=s.receiver, dossier=d)
    response = as_user(s.processor).get(INBOX)
    assert codes(response) == [d.code]
    html = response.content.decode()
    for text in ("Đăng ký khai sinh", "Lò Thị Mai", "Đã tiếp nhận", "Thẩm định hồ sơ, dự thảo kết quả"):
        assert text in html
    assert codes(as_user(s.leader).get(INBOX)) == []
    processing.dossier_complete_step(officer=s.processor, dossier=d)
    assert codes(as_user(s.leader).get(INBOX)) == [d.code]


def test_inbox_marks_overdue_and_due_soon_rows_and_counts_them(s) -> None:
    late, soon, later = received(s), received(s), received(s)
    now = timezone.now()
    Dossier.objects.filter(pk=late.pk).update(
        due_at=now - dt.timedelta(days=2), original_due_at=now - dt.timedelta(days=2)
    )
    Dossier.objects.filter(pk=soon.pk).update(due_at=now + dt.timedelta(hours=3))
    Dossier.objects.filter(pk=later.pk).update(due_at=now + dt.timedelta(days=10))
    client = as_user(s.processor)

    response = client.get(INBOX)
    assert codes(response) == [late.code, soon.code, later.code]  # nearest deadline first
    counts = response.context["counts"]
    assert (counts.all, counts.overdue, counts.due_soon) == (3, 1, 1)
    html = response.content.decode()
    assert html.count('class="is-overdue"') == 1 and html.count('class="is-due-soon"') == 1
    assert "Quá hạn" in html and "Sắp đến hạn" in html  # a text label, not colour alone

    response = client.get(INBOX, {"only": "overdue"})
    assert codes(response) == [late.code]
    assert 'aria-current="page">Quá hạn' in response.content.decode()
    assert codes(client.get(INBOX, {"only": "due_soon"})) == [soon.code]
    assert codes(client.get(INBOX, {"only": "nonsense"})) == [late.code, soon.code, later.code]


def test_inbox_search_status_and_sort(s) -> None:
    first = received(s)
    second = received(s, applicant=s.other_citizen)
    waiting = submit(s)
    client = as_user(s.receiver)
    assert set(codes(client.get(INBOX))) == {waiting.code}  # receivers see intake work only
    client = as_user(s.processor)
    assert codes(client.get(INBOX, {"q": "Hùng"})) == [second.code]  # the name as written
    assert codes(client.get(INBOX, {"q": "hung"})) == [second.code]  # or typed without diacritics
    assert codes(client.get(INBOX, {"q": "HÙNG"})) == [second.code]
    assert codes(client.get(INBOX, {"q": "khai sinh hùng"})) == [second.code]  # procedure (folded) and name
    assert codes(client.get(INBOX, {"q": first.code})) == [first.code]
    assert codes(client.get(INBOX, {"status": "finished"})) == []
    assert set(codes(client.get(INBOX, {"status": "received"}))) == {first.code, second.code}
    Dossier.objects.filter(pk=first.pk).update(received_at=timezone.now() + dt.timedelta(hours=1))
    assert codes(client.get(INBOX, {"sort": "received"})) == [second.code, first.code]


def _bulk_submitted(s, n: int) -> None:
    now = timezone.now()
    Dossier.objects.bulk_create(
        Dossier(
            code=f"000.01.53.H53-260101-{i:04d}",
            procedure=s.birth,
            organization=s.ward,
            applicant=s.citizen,
            applicant_name="Lò Thị Mai",
            channel=Dossier.Channel.ONLINE,
            status=Status.SUBMITTED,
            submitted_at=now - dt.timedelta(minutes=i),
        )
        for i in range(n)
    )


def test_inbox_pages_by_25(s) -> None:
    _bulk_submitted(s, 27)
    client = as_user(s.receiver)
    first = client.get(INBOX)
    assert len(codes(first)) == 25
    assert 'rel="next"' in first.content.decode()
    second = client.get(INBOX, {"page": 2})
    assert len(codes(second)) == 2
    assert not set(codes(first)) & set(codes(second))
    assert client.get(INBOX, {"page": "abc"}).status_code == 200


def test_inbox_query_count_does_not_grow_with_rows(s, django_assert_max_num_queries) -> None:
    _bulk_submitted(s, 30)
    client = as_user(s.receiver)
    with django_assert_max_num_queries(16):
        client.get(INBOX)


def test_list_shows_every_dossier_of_the_units(s) -> None:
    d = received(s)
    refused = intake.dossier_refuse(officer=s.receiver, dossier=submit(s), reason="Sai thủ tục")
    client = as_user(s.leader)
    response = client.get(LIST)
    assert set(codes(response)) == {d.code, refused.code}
    assert codes(client.get(LIST, {"status": "refused"})) == [refused.code]
    assert codes(client.get(LIST, {"q": "khong co ai"})) == []
    assert codes(as_user(s.other_receiver).get(LIST)) == []


# --- The dossier page ----------------------------------------------------------------------------


def test_dossier_page_shows_applicant_form_papers_steps_and_history(s) -> None:
    d = permit_at_counter(s)
    response = as_user(s.processor).get(reverse("office:dossier_detail", args=[d.code]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Lò Thị Mai",
        "014195000777",
        "Địa chỉ công trình",  # labels from the schema's titles
        "Tổ 3, phường Tô Hiệu",
        "Số tầng",
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Đã nhận bản giấy",
        "Tiếp nhận, kiểm tra hồ sơ",
        "Thẩm định, đề xuất",
        "Lịch sử hồ sơ",
        "Cán bộ tiepnhan",
    ):
        assert text in html, text
    assert reverse("office:dossier_receipt", args=[d.code]) in html
    assert reverse("office:dossier_control_slip", args=[d.code]) in html
    assert reverse("office:complete_step", args=[d.code]) in html


def test_dossier_page_links_each_file_through_the_checked_view(s) -> None:
    d = submit(s)
    html = as_user(s.receiver).get(reverse("office:dossier_detail", args=[d.code])).content.decode()
    for f in d.files.all():
        assert reverse("office:dossier_file", args=[d.code, f.pk]) in html


def test_file_download_is_permission_checked(s) -> None:
    d = submit(s)
    other = submit(s, applicant=s.other_citizen)
    f = d.files.first()
    url = reverse("office:dossier_file", args=[d.code, f.pk])
    response = as_user(s.receiver).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert as_user(s.other_receiver).get(url).status_code == 404
    assert as_user(s.citizen).get(url).status_code == 403  # the office is for officers
    assert Client().get(url).status_code == 302
    wrong = reverse("office:dossier_file", args=[other.code, f.pk])  # a file of another dossier
    assert as_user(s.receiver).get(wrong).status_code == 404


def test_leader_decision_step_offers_agree_and_send_back(s) -> None:
    d = permit_at_counter(s)
    processing.dossier_complete_step(officer=s.processor, dossier=d)
    html = as_user(s.leader).get(reverse("office:dossier_detail", args=[d.code])).content.decode()
    assert 'name="approved" value="true">Đồng ý' in html
    assert 'name="approved" value="false" class="secondary">Trả lại' in html
    plain = as_user(s.processor).get(reverse("office:dossier_detail", args=[received(s).code])).content.decode()
    assert "Hoàn thành bước, chuyển tiếp" in plain and 'name="approved"' not in plain


def test_apology_is_offered_only_when_late_or_at_risk(s) -> None:
    d = received(s)
    Dossier.objects.filter(pk=d.pk).update(due_at=timezone.now() + dt.timedelta(days=30))
    url = reverse("office:dossier_detail", args=[d.code])
    assert reverse("office:apologize", args=[d.code]) not in as_user(s.processor).get(url).content.decode()
    past = timezone.now() - dt.timedelta(days=1)
    Dossier.objects.filter(pk=d.pk).update(due_at=past, original_due_at=past)
    html = as_user(s.processor).get(url).content.decode()
    assert reverse("office:apologize", args=[d.code]) in html
    assert "Quá hạn" in html
    processing.dossier_apologize(officer=s.processor, dossier=d, reason="Chờ xác minh", extra_days=5)
    html = as_user(s.processor).get(url).content.decode()
    assert reverse("office:apologize", args=[d.code]) not in html  # the new date is not at risk yet
    soon = timezone.now() + dt.timedelta(minutes=30)
    Dossier.objects.filter(pk=d.pk).update(due_at=soon)
    html = as_user(s.processor).get(url).content.decode()
    assert reverse("office:apologize", args=[d.code]) in html
    assert "Sắp đến hạn" in html


# --- Actions ----------------------------------------------------------------------------------------


def test_accept_and_refuse(s) -> None:
    d = submit(s)
    response = post(as_user(s.receiver), "accept", d, {"note": "Đủ giấy tờ"})
    assert response.status_code == 200
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED
    assert any(m.startswith("Đã tiếp nhận hồ sơ. Hẹn trả kết quả:") for m in messages_of(response))

    other = submit(s)
    response = post(as_user(s.receiver), "refuse", other, {"reason": ""})
    assert Dossier.objects.get(pk=other.pk).status == Status.SUBMITTED
    assert "Lý do: Trường này là bắt buộc." in response.content.decode()
    response = post(as_user(s.receiver), "refuse", other, {"reason": "Không thuộc thẩm quyền"})
    assert Dossier.objects.get(pk=other.pk).status == Status.REFUSED
    assert reverse("office:dossier_refusal_slip", args=[other.code]) in response.content.decode()
    slip = as_user(s.receiver).get(reverse("office:dossier_refusal_slip", args=[other.code])).content.decode()
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN" in slip and "Không thuộc thẩm quyền" in slip
    assert as_user(s.receiver).get(reverse("office:dossier_refusal_slip", args=[d.code])).status_code == 404


def test_supplement_request_and_acceptance(s) -> None:
    d = received(s)
    response = post(
        as_user(s.processor),
        "request_supplement",
        d,
        {"reason": "Thiếu bản sao", "items": ["Giấy chứng sinh"], "other": "Sổ hộ khẩu"},
    )
    d.refresh_from_db()
    assert d.status == Status.SUPPLEMENT_REQUESTED
    assert d.supplements.get().items == ["Giấy chứng sinh", "Sổ hộ khẩu"]
    assert "Đã gửi yêu cầu bổ sung hồ sơ" in response.content.decode()
    intake.dossier_submit_supplement(applicant=s.citizen, dossier=d, uploads=[PaperUpload(file=pdf())])
    response = post(as_user(s.processor), "accept_supplement", d)
    assert Dossier.objects.get(pk=d.pk).status == Status.PROCESSING
    assert "Đã tiếp nhận hồ sơ bổ sung" in response.content.decode()


def test_steps_results_and_return_through_the_pages(s) -> None:
    d = permit_at_counter(s)
    response = post(as_user(s.processor), "complete_step", d, {"comment": "Đủ điều kiện"})
    assert "Bước tiếp theo: Xem xét, phê duyệt." in response.content.decode()
    response = post(as_user(s.leader), "complete_step", d, {"approved": "false", "comment": "Làm rõ diện tích"})
    assert Dossier.objects.get(pk=d.pk).current_step == "Thẩm định, đề xuất"
    assert "Đã trả lại bước trước." in response.content.decode()
    post(as_user(s.processor), "complete_step", d)
    response = post(as_user(s.leader), "complete_step", d, {"approved": "true"})
    assert "Đã đồng ý." in response.content.decode()
    post(as_user(s.clerk), "complete_step", d, {"comment": "Số 12/GPXD"})
    assert Dossier.objects.get(pk=d.pk).status == Status.FINISHED

    response = as_user(s.processor).post(
        reverse("office:upload_result", args=[d.code]),
        {"file": pdf("gpxd.pdf"), "name": "Giấy phép xây dựng"},
        follow=True,
    )
    assert "Đã tải lên kết quả: Giấy phép xây dựng." in response.content.decode()
    result = d.files.get(kind=DossierFile.Kind.RESULT)
    assert reverse("office:dossier_file", args=[d.code, result.pk]) in response.content.decode()
    response = post(as_user(s.receiver), "return_result", d, {"note": "Đã trao tận tay"})
    assert Dossier.objects.get(pk=d.pk).status == Status.RETURNED
    assert "Đã trả kết quả cho người nộp." in response.content.decode()


def test_bad_result_file_is_a_message(s) -> None:
    d = received(s)
    response = as_user(s.processor).post(
        reverse("office:upload_result", args=[d.code]), {"file": pdf("x.pdf", b"MZ\x90\x00" * 10)}, follow=True
    )
    assert response.status_code == 200
    assert "định dạng không được chấp nhận" in response.content.decode()
    assert not d.files.filter(kind=DossierFile.Kind.RESULT).exists()


def test_apology_sets_a_new_appointment(s) -> None:
    d = received(s)
    past = timezone.now() - dt.timedelta(days=3)
    Dossier.objects.filter(pk=d.pk).update(due_at=past, original_due_at=past)
    response = post(as_user(s.processor), "apologize", d, {"reason": "Chờ xác minh", "extra_days": "2"})
    d.refresh_from_db()
    assert d.due_at > timezone.now()
    assert d.apologies.count() == 1
    local = timezone.localtime(d.due_at).strftime("%d/%m/%Y %H:%M")
    assert f"Hẹn trả kết quả mới: {local}." in messages_of(response)[0] or local in response.content.decode()
    response = post(as_user(s.processor), "apologize", d, {"reason": "x", "extra_days": "0"})
    assert "Số ngày làm việc gia hạn" in response.content.decode()
    assert d.apologies.count() == 1


def test_stop_and_withdrawal_need_a_leader(s) -> None:
    d = received(s)
    response = post(as_user(s.processor), "stop", d, {"reason": "Người nộp đề nghị"})
    assert response.status_code == 200
    assert "Chỉ lãnh đạo đơn vị được thực hiện thao tác này." in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED
    post(as_user(s.leader), "stop", d, {"reason": "Người nộp đề nghị"})
    assert Dossier.objects.get(pk=d.pk).status == Status.STOPPED

    w = received(s)
    processing.dossier_complete_step(officer=s.processor, dossier=w)
    intake.dossier_withdraw(applicant=s.citizen, dossier=w, reason="Không còn nhu cầu")
    html = as_user(s.leader).get(reverse("office:dossier_detail", args=[w.code])).content.decode()
    assert "Đồng ý cho rút hồ sơ" in html
    response = post(as_user(s.leader), "approve_withdrawal", w)
    assert Dossier.objects.get(pk=w.pk).status == Status.WITHDRAWN
    assert "Đã đồng ý cho người nộp rút hồ sơ." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "action", "data", "message"),
    [
        ("receiver", "return_result", {}, "Không thể “Trả kết quả” khi hồ sơ đang ở trạng thái “Mới đăng ký”."),
        ("receiver", "complete_step", {}, "Hồ sơ không có bước đang chờ xử lý."),
        ("receiver", "accept_supplement", {}, "Không thể “Tiếp nhận hồ sơ bổ sung”"),
        ("leader", "approve_withdrawal", {}, "Không thể “Đồng ý rút hồ sơ”"),
        ("receiver", "apologize", {"reason": "x", "extra_days": "1"}, "Chỉ gửi văn bản xin lỗi"),
        ("processor", "accept", {}, "Chỉ cán bộ tiếp nhận của đơn vị"),
    ],
)
def test_wrong_state_or_role_is_a_message_not_an_error_page(s, who, action, data, message) -> None:
    d = submit(s)
    response = post(as_user(getattr(s, who)), action, d, data)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("office:dossier_detail", args=[d.code])
    assert message in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).status == Status.SUBMITTED


def test_step_of_another_role_is_a_message(s) -> None:
    d = received(s)
    response = post(as_user(s.leader), "complete_step", d)
    assert "Bước này thuộc vai trò khác hoặc đơn vị khác." in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).current_step == "Thẩm định hồ sơ, dự thảo kết quả"


# --- Counter intake ----------------------------------------------------------------------------------


def _counter_post(s, procedure, **overrides):
    data = {
        "procedure": procedure.code,
        "a-applicant": "new",
        "a-full_name": "Quàng Văn Tú",
        "a-personal_id": "014096001234",
        "a-phone": "0912345678",
        "a-email": "",
        "a-address": "Bản Hài, phường Tô Hiệu",
        "form.dia_chi_cong_trinh": "Tổ 5, phường Tô Hiệu",
        "form.so_tang": "2",
        "p-received": [str(p.pk) for p in procedure.papers.all()],
        "action": "receive",
    }
    data.update(overrides)
    return as_user(s.receiver).post(COUNTER, {k: v for k, v in data.items() if v is not None}, follow=True)


def test_counter_page_lists_the_units_procedures_and_renders_the_eform(s) -> None:
    client = as_user(s.receiver)
    html = client.get(COUNTER).content.decode()
    assert "Đăng ký khai sinh (1.001193)" in html and "Cấp giấy phép xây dựng (1.013225)" in html
    html = client.get(COUNTER, {"q": "xay dung", "search": "1"}).content.decode()
    assert "Cấp giấy phép xây dựng (1.013225)" in html and "Đăng ký khai sinh (1.001193)" not in html
    html = client.get(COUNTER, {"procedure": s.permit.code}).content.decode()
    assert "Địa chỉ công trình" in html and 'name="form.so_tang"' in html
    assert 'name="p-received"' in html and "Đơn đề nghị cấp giấy phép xây dựng" in html
    assert client.get(COUNTER, {"procedure": "9.999999"}).status_code == 200  # unknown: a message, the list again


def test_counter_intake_for_a_new_citizen(s) -> None:
    response = _counter_post(s, s.permit)
    assert response.status_code == 200
    d = Dossier.objects.get(applicant_name="Quàng Văn Tú")
    assert response.redirect_chain[-1][0] == reverse("office:dossier_detail", args=[d.code])
    assert d.channel == Dossier.Channel.COUNTER and d.status == Status.RECEIVED
    assert d.form_data == {"dia_chi_cong_trinh": "Tổ 5, phường Tô Hiệu", "so_tang": 2}
    assert d.applicant_address == "Bản Hài, phường Tô Hiệu"
    assert d.procedure_snapshot["checked_papers"] == [s.permit.papers.get().pk]
    citizen = User.objects.get(personal_id="014096001234")
    assert citizen.kind == User.Kind.CITIZEN and citizen.has_usable_password()
    messages = messages_of(response)
    assert any(m.startswith(f"Đã tiếp nhận hồ sơ {d.code}.") for m in messages)
    assert any("tên đăng nhập: 0912345678" in m for m in messages)
    assert "In giấy tiếp nhận" in response.content.decode()

    receipt = as_user(s.receiver).get(reverse("office:dossier_receipt", args=[d.code])).content.decode()
    for text in ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", d.code, "Quàng Văn Tú", "Bản giấy", "Cán bộ tiepnhan"):
        assert text in receipt, text
    assert "data:image/svg+xml" in receipt  # the lookup QR code


def test_counter_intake_for_an_existing_citizen_found_by_id(s) -> None:
    client = as_user(s.receiver)
    html = client.get(COUNTER, {"procedure": s.birth.code, "tim": "014195000777"}).content.decode()
    assert "Tìm thấy 1 tài khoản." in html and "Lò Thị Mai" in html
    papers = [str(p.pk) for p in s.birth.papers.filter(required=True)]
    response = _counter_post(
        s,
        s.birth,
        **{
            "a-applicant": str(s.citizen.pk),
            "a-full_name": "",
            "a-personal_id": "",
            "a-phone": "",
            "form.dia_chi_cong_trinh": None,
            "form.so_tang": None,
            "form.ho_ten_tre": "Lò Văn An",
            "form.ngay_sinh": "2026-11-20",
            "p-received": papers,
        },
    )
    d = Dossier.objects.get()
    assert d.applicant == s.citizen and d.applicant_name == "Lò Thị Mai"
    assert not any("tên đăng nhập" in m for m in messages_of(response))
    nobody = client.get(COUNTER, {"procedure": s.birth.code, "tim": "0987654321"}).content.decode()
    assert "Không tìm thấy tài khoản nào" in nobody
    assert 'value="0987654321"' in nobody  # carried into the new-applicant phone field


def test_counter_intake_refuses_a_missing_required_paper_and_keeps_nothing(s) -> None:
    response = _counter_post(s, s.permit, **{"p-received": []})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hồ sơ chưa đủ giấy tờ." in html
    assert "Thiếu: Đơn đề nghị cấp giấy phép xây dựng" in html
    assert not Dossier.objects.exists()
    assert not User.objects.filter(personal_id="014096001234").exists()  # the new account rolled back too
    assert 'value="Quàng Văn Tú"' in html  # what was typed is kept


def test_counter_intake_shows_eform_and_applicant_errors_by_their_fields(s) -> None:
    response = _counter_post(s, s.permit, **{"form.dia_chi_cong_trinh": "", "form.so_tang": "nhiều"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy nhập mục này." in html and "Hãy nhập một số nguyên." in html
    response = _counter_post(s, s.permit, **{"a-full_name": "", "a-phone": "123"})
    assert "Cần họ và tên người nộp." in response.content.decode()
    response = _counter_post(s, s.permit, **{"a-phone": "123"})
    assert "Số điện thoại di động phải gồm 10 chữ số" in response.content.decode()
    assert not Dossier.objects.exists()


def test_counter_refusal_is_recorded_without_dossier_or_account_and_prints_the_slip(s) -> None:
    response = _counter_post(s, s.permit, **{"action": "refuse", "reason": "Thiếu bản vẽ thiết kế", "p-received": []})
    refusal = CounterRefusal.objects.get()
    slip_url = reverse("office:counter_refusal_slip", args=[refusal.pk])
    assert response.status_code == 200 and response.redirect_chain == [(slip_url, 302)]
    assert (refusal.organization, refusal.procedure, refusal.refused_by) == (
        s.receiver.organization,
        s.permit,
        s.receiver,
    )
    assert refusal.applicant is None and refusal.applicant_name == "Quàng Văn Tú"
    assert AuditEntry.objects.filter(action="dossier.counter_refusal", object_id=str(refusal.pk)).exists()
    html = response.content.decode()
    assert "Đã ghi nhận việc từ chối tiếp nhận" in html
    for text in (
        "PHIẾU TỪ CHỐI TIẾP NHẬN",
        "Thiếu bản vẽ thiết kế",
        "Quàng Văn Tú",
        "Đơn đề nghị cấp giấy phép xây dựng",
    ):
        assert text in html, text
    assert not Dossier.objects.exists()
    assert not User.objects.filter(personal_id="014096001234").exists()
    response = _counter_post(s, s.permit, **{"action": "refuse", "reason": ""})
    assert response.status_code == 400 and "Chưa in được phiếu từ chối" in response.content.decode()
    assert CounterRefusal.objects.count() == 1
    assert as_user(s.processor).get(slip_url).status_code == 404
    assert as_user(s.receiver).get(slip_url).status_code == 200


def test_counter_is_for_receiving_officers(s) -> None:
    assert as_user(s.processor).get(COUNTER).status_code == 403
    html = as_user(s.processor).get(INBOX).content.decode()
    assert COUNTER not in html and "Tiếp nhận tại quầy" not in html
    assert COUNTER in as_user(s.receiver).get(INBOX).content.decode()


def test_counter_does_not_offer_other_units_procedures(s) -> None:
    html = as_user(s.other_receiver).get(COUNTER).content.decode()
    assert "Đăng ký khai sinh (1.001193)" in html and "Cấp giấy phép xây dựng" not in html
    response = as_user(s.other_receiver).get(COUNTER, {"procedure": s.permit.code})
    assert 'name="p-received"' not in response.content.decode()


# --- Print pages -------------------------------------------------------------------------------------


def test_control_slip_lists_every_step_with_times(s) -> None:
    d = permit_at_counter(s)
    processing.dossier_complete_step(officer=s.processor, dossier=d, comment="Đủ điều kiện")
    response = as_user(s.leader).get(reverse("office:dossier_control_slip", args=[d.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in html
    for text in (
        "Tiếp nhận, kiểm tra hồ sơ",
        "Thẩm định, đề xuất",
        "Xem xét, phê duyệt",
        "Đủ điều kiện",
        "Cán bộ xuly",
    ):
        assert text in html, text
    assert len(re.findall(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}", html)) >= 5
    assert 'class="print-sheet"' in html
    not_received = submit(s)
    assert as_user(s.receiver).get(reverse("office:dossier_control_slip", args=[not_received.code])).status_code == 404


def test_pdf_slips_are_linked_when_available(s) -> None:
    d = permit_at_counter(s)
    html = as_user(s.receiver).get(reverse("office:dossier_detail", args=[d.code])).content.decode()
    try:
        pdf_url = reverse("dossier_documents:control_slip", args=[d.code])
    except NoReverseMatch:
        pytest.skip("PDF slips are not installed")
    assert pdf_url in html


def test_office_pages_render_in_english(s) -> None:
    d = received(s)
    client = as_user(s.processor)
    client.cookies["django_language"] = "en"
    html = client.get(INBOX).content.decode()
    assert "Work to do" in html
    html = client.get(reverse("office:dossier_detail", args=[d.code])).content.decode()
    assert "Processing steps" in html


def test_sign_in_then_office(s) -> None:
    client = Client()
    response = client.post(
        "/dang-nhap/?next=/office/", {"username": "tiepnhan", "password": PASSWORD, "next": "/office/"}
    )
    assert response.status_code == 302 and response["Location"] == "/office/"


def test_a_step_before_an_exclusive_gateway_is_a_decision(s) -> None:
    from saola.workflow.engine import flow_task_decides

    assert flow_task_decides(flow=s.permit.flow, task_id="phe_duyet")
    assert not flow_task_decides(flow=s.permit.flow, task_id="tham_dinh")
    assert not flow_task_decides(flow=s.birth.flow, task_id="ky_duyet")
    assert not flow_task_decides(flow=s.birth.flow, task_id="khong_co")


def test_transfer_to_another_level_and_back_through_the_office(s) -> None:
    from saola.core import services as core

    department = core.organization_create(
        actor=None, code="000.00.07.H53", name="Sở Xây dựng tỉnh Sơn La", level="unit", parent=s.province
    )
    dept_officer = officer(department, "xuly.soxaydung", "processing_officer")
    dossier = received(s)
    page = as_user(s.processor).get(reverse("office:dossier_detail", args=[dossier.code])).content.decode()
    assert "Sở Xây dựng tỉnh Sơn La (000.00.07.H53)" in page
    post(as_user(s.processor), "transfer", dossier, {"organization": department.code, "note": "Thẩm định"})
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_OTHER_UNIT
    assert dossier.code in codes(as_user(dept_officer).get(INBOX))
    post(as_user(dept_officer), "return_to_origin", dossier, {"note": "Thiếu bản vẽ"})
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    # a bad target: an error message, nothing changed
    response = post(as_user(s.processor), "transfer", dossier, {"organization": "999.99.99.H99", "note": "x"})
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert response.status_code == 200
    assert any("Không tìm thấy đơn vị" in m for m in messages_of(response))


def test_officer_attaches_a_working_document(s) -> None:
    dossier = received(s)
    response = as_user(s.processor).post(
        reverse("office:attach", args=[dossier.code]), {"name": "Biên bản xác minh", "file": pdf("bb.pdf")}, follow=True
    )
    assert response.status_code == 200
    assert dossier.files.filter(kind=DossierFile.Kind.WORKING, name="Biên bản xác minh").exists()
    assert "Biên bản xác minh" in response.content.decode()
