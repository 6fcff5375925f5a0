"""Payment pages through Django's test client: the office panel and its actions, the citizen's
panel, the start of an online payment, the return page and the receipt."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from saola.dossiers.states import Status
from saola.payments import services
from saola.payments.models import PaymentOrder
from tests.payments.conftest import as_user, received

pytestmark = pytest.mark.django_db


def office_page(user, dossier) -> str:
    response = as_user(user).get(reverse("office:dossier_detail", args=[dossier.code]))
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_office_page_offers_the_request_with_catalogue_fees(s):
    dossier = received(s)
    page = office_page(s.processor, dossier)
    assert "Yêu cầu nộp phí, lệ phí" in page
    assert reverse("payments:request", args=[dossier.code]) in page
    assert 'value="Lệ phí đăng ký khai sinh"' in page and 'value="8000"' in page
    assert "Xác nhận đã nộp phí tại quầy" not in page


def test_officer_requests_payment_from_the_office_page(s):
    dossier = received(s)
    fees = list(dossier.procedure.fees.order_by("id"))
    data = {
        "line_fee": [str(fees[0].pk), str(fees[1].pk), ""],
        "line_name": [fees[0].name, "", "Phí thẩm định"],
        "line_amount": ["8.000", "", "20000"],
        "note": "Nộp trong 5 ngày làm việc",
    }
    response = as_user(s.processor).post(reverse("payments:request", args=[dossier.code]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("office:dossier_detail", args=[dossier.code])
    assert "28.000 đồng" in messages_of(response)[-1]
    order = PaymentOrder.objects.get()
    assert [(line.name, int(line.amount), line.fee_id) for line in order.lines.all()] == [
        ("Lệ phí đăng ký khai sinh", 8000, fees[0].pk),
        ("Phí thẩm định", 20000, None),
    ]
    dossier.refresh_from_db()
    assert dossier.status == Status.PAYMENT_REQUIRED
    page = office_page(s.processor, dossier)
    assert "Xác nhận đã nộp phí tại quầy" in page and order.merchant_order_id in page
    assert "chờ nộp phí, lệ phí" in page


def test_office_request_errors_become_messages(s):
    dossier = received(s)
    client = as_user(s.processor)
    bad = client.post(
        reverse("payments:request", args=[dossier.code]), {"line_name": ["Lệ phí"], "line_amount": ["-1"]}
    )
    assert bad.status_code == 302 and "số tiền phải là số nguyên" in messages_of(bad)[-1]
    empty = client.post(reverse("payments:request", args=[dossier.code]), {"note": "x"})
    assert "Cần ít nhất một khoản" in messages_of(empty)[-1]
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    again = client.post(
        reverse("payments:request", args=[dossier.code]), {"line_name": ["Lệ phí"], "line_amount": ["1000"]}
    )
    assert "đang chờ thanh toán" in messages_of(again)[-1]
    assert PaymentOrder.objects.count() == 1


def test_other_units_officer_and_citizens_cannot_use_office_actions(s):
    dossier = received(s)
    url = reverse("payments:request", args=[dossier.code])
    data = {"line_name": ["Lệ phí"], "line_amount": ["1000"]}
    assert as_user(s.other_receiver).post(url, data).status_code == 404
    assert as_user(s.citizen).post(url, data).status_code == 403
    anonymous = as_user(s.citizen)
    anonymous.logout()
    assert anonymous.post(url, data).status_code == 302
    assert as_user(s.processor).get(url).status_code == 405
    assert not PaymentOrder.objects.exists()


def test_officer_confirms_counter_payment_and_cancels(s):
    dossier = received(s)
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    client = as_user(s.receiver)
    missing = client.post(reverse("payments:confirm_counter", args=[dossier.code]), {"method": "cash"})
    assert "Số biên lai" in messages_of(missing)[-1]
    cancel = client.post(reverse("payments:cancel", args=[dossier.code]), {"reason": "Sai mức thu"})
    assert "Đã huỷ yêu cầu nộp phí" in messages_of(cancel)[-1]
    services.payment_request(officer=s.processor, dossier=dossier, collection=4)
    done = client.post(
        reverse("payments:confirm_counter", args=[dossier.code]),
        {"receipt_number": "0001234", "method": "cash", "note": ""},
    )
    assert "Đã xác nhận nộp phí 3.000 đồng" in messages_of(done)[-1]
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    order = PaymentOrder.objects.get(status=PaymentOrder.Status.PAID)
    assert order.transaction_id == "0001234" and order.channel == PaymentOrder.Channel.COUNTER
    page = office_page(s.processor, dossier)
    assert reverse("payments:receipt", args=[order.merchant_order_id]) in page


def test_citizen_sees_the_fees_and_the_pay_button_only_when_online_payment_is_on(s, settings, paygate):
    dossier = received(s)
    services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    citizen = as_user(s.citizen)
    detail = reverse("dossiers_citizen:dossier_detail", args=[dossier.code])
    page = citizen.get(detail).content.decode()
    assert "Yêu cầu thực hiện nghĩa vụ tài chính" in page and "8.000 đồng" in page
    assert "Thanh toán trực tuyến" in page and "chờ nộp phí, lệ phí" in page
    settings.SAOLA_PAYMENT_URL = ""
    page = citizen.get(detail).content.decode()
    assert "Thanh toán trực tuyến" not in page and "nộp phí, lệ phí tại Bộ phận Một cửa" in page
    response = citizen.post(reverse("payments:start", args=[dossier.code]))
    assert response.status_code == 302 and response["Location"] == detail
    assert "Chưa hỗ trợ thanh toán trực tuyến" in messages_of(response)[-1]


def test_someone_elses_dossier_or_order_is_not_found(s, paygate):
    dossier = received(s)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    other = as_user(s.other_citizen)
    assert other.post(reverse("payments:start", args=[dossier.code])).status_code == 404
    assert other.get(reverse("payments:return", args=[order.merchant_order_id])).status_code == 404
    assert other.get(reverse("payments:receipt", args=[order.merchant_order_id])).status_code == 404
    assert as_user(s.citizen).get(reverse("payments:return", args=["SL000000UNKNOWN00000"])).status_code == 404
    anonymous = as_user(s.citizen)
    anonymous.logout()
    assert anonymous.get(reverse("payments:return", args=[order.merchant_order_id])).status_code == 302


def test_receipt_pdf_exists_only_once_paid(s):
    dossier = received(s)
    order = services.payment_request(officer=s.processor, dossier=dossier, collection=1)
    url = reverse("payments:receipt", args=[order.merchant_order_id])
    citizen = as_user(s.citizen)
    assert citizen.get(url).status_code == 404
    services.payment_confirm_at_counter(officer=s.receiver, dossier=dossier, receipt_number="BL-77")
    response = citizen.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "BIÊN NHẬN THANH TOÁN PHÍ, LỆ PHÍ" in text and "8.000 đồng" in text and "BL-77" in text
    assert as_user(s.processor).get(url).status_code == 200


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
