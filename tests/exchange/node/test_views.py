"""The exchange pages and the document page's exchange section, through the Django test client."""

from __future__ import annotations

import pytest
from django.test import Client

from saola.documents.services import outgoing
from saola.documents.states import Status
from saola.exchange.models import OutboundMessage, RecipientStatus
from saola.exchange.node.inbound import inbound_receive
from tests.documents.factories import PASSWORD, SECRET, approved_document
from tests.exchange.node.support import REMOTE_CODE, deliver, issued_document, province_with_directory, send

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_send_page_finds_agencies_and_sends_the_checked_ones() -> None:
    p = province_with_directory()
    document = issued_document(p)
    clerk = client_for(p.clerk.username)
    detail = clerk.get(f"/office/van-ban/{document.pk}/")
    assert f'href="/office/van-ban/{document.pk}/lien-thong/"' in detail.content.decode()
    page = clerk.get(f"/office/van-ban/{document.pk}/lien-thong/", {"q": "dien bien"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{p.other_province.code}"' in html
    assert f'value="{REMOTE_CODE}"' not in html
    response = clerk.post(
        f"/office/van-ban/{document.pk}/lien-thong/",
        {"recipients": [p.other_province.code], "business_type": "0", "secret": SECRET},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/office/van-ban/{document.pk}/"
    message = OutboundMessage.objects.get(document=document)
    assert message.recipient_codes == [p.other_province.code]
    page = clerk.get(response["Location"])
    html = page.content.decode()
    assert 'id="exchange-recipients"' in html
    assert p.other_province.name in html
    assert "Chờ gửi" in html


def test_send_page_shows_the_refusal_and_sends_nothing() -> None:
    p = province_with_directory()
    document = issued_document(p)
    clerk = client_for(p.clerk.username)
    response = clerk.post(
        f"/office/van-ban/{document.pk}/lien-thong/",
        {"recipients": ["000.00.00.G99"], "business_type": "0", "secret": SECRET},
    )
    assert response.status_code == 400
    assert "000.00.00.G99" in response.content.decode()
    assert not OutboundMessage.objects.exists()
    officer = client_for(p.office_officer.username)
    response = officer.post(
        f"/office/van-ban/{document.pk}/lien-thong/",
        {"recipients": [REMOTE_CODE], "business_type": "0", "secret": SECRET},
    )
    assert response.status_code == 400
    assert "Chỉ văn thư" in response.content.decode()
    assert client_for(p.outsider.username).get(f"/office/van-ban/{document.pk}/lien-thong/").status_code == 404


def test_send_page_is_only_for_issued_documents() -> None:
    p = province_with_directory()
    draft = approved_document(p)
    assert draft.status == Status.APPROVED
    assert client_for(p.clerk.username).get(f"/office/van-ban/{draft.pk}/lien-thong/").status_code == 404
    assert Client().get(f"/office/van-ban/{draft.pk}/lien-thong/").status_code == 302


def test_recipients_table_shows_each_status_in_words_with_its_history() -> None:
    p = province_with_directory()
    document = issued_document(p)
    inbound = deliver(send(p, document), p.other_province.code)
    for status in OutboundMessage.objects.filter(document=inbound.document, kind="status"):
        inbound_receive(kind="status", body=bytes(status.body), recipient_code=p.ubnd.code, trace=[])
    assert RecipientStatus.objects.get(document=document).status_code == "03"
    html = client_for(p.clerk.username).get(f"/office/van-ban/{document.pk}/").content.decode()
    table = html[html.index('id="exchange-recipients"') :]
    assert "Đã tiếp nhận, vào sổ" in table
    assert "Đã đến" in table  # in the history
    assert "số đến 1" in table


def test_incoming_page_shows_the_exchange_receipt_and_signature_results() -> None:
    p = province_with_directory()
    inbound = deliver(send(p, issued_document(p)), p.other_province.code)
    assert inbound.document is not None
    html = client_for(p.outsider.username).get(f"/office/van-ban/{inbound.document.pk}/").content.decode()
    assert "Nhận qua trục liên thông" in html
    assert p.ubnd.code in html
    signature = html[html.index('id="exchange-signature"') :]
    assert signature.split("</dd>")[0].count("Hợp lệ") == 1
    pdfs = html[html.index('id="exchange-pdf-signatures"') :].split("</ul>")[0]
    assert "chữ ký số hợp lệ" in pdfs


def test_send_page_offers_the_agencies_waiting_for_exchange_and_recalls_with_a_reason() -> None:
    p = province_with_directory()
    document = issued_document(p)
    outgoing.document_distribute(
        clerk=p.clerk, document=document, external=[outgoing.ExternalRecipient(name="Bộ Nội vụ", code=REMOTE_CODE)]
    )
    clerk = client_for(p.clerk.username)
    url = f"/office/van-ban/{document.pk}/lien-thong/"
    html = clerk.get(url).content.decode()
    assert f'value="{REMOTE_CODE}" checked' in html
    clerk.post(url, {"recipients": [REMOTE_CODE], "business_type": "0", "secret": SECRET})
    html = clerk.get(url).content.decode()
    assert f'value="{REMOTE_CODE}" checked' not in html  # sent: now among the recipients to recall
    response = clerk.post(
        url, {"recipients": [REMOTE_CODE], "business_type": "1", "reason": "Ban hành nhầm", "secret": SECRET}
    )
    assert response.status_code == 302
    row = RecipientStatus.objects.get(document=document)
    assert row.recall == RecipientStatus.Recall.REQUESTED
    html = clerk.get(f"/office/van-ban/{document.pk}/").content.decode()
    assert "Đang đề nghị thu hồi" in html


def test_recipients_fragment_follows_the_statuses_for_the_page_to_refresh() -> None:
    p = province_with_directory()
    document = issued_document(p)
    message = send(p, document)
    clerk = client_for(p.clerk.username)
    detail = clerk.get(f"/office/van-ban/{document.pk}/").content.decode()
    assert f'data-url="/office/van-ban/{document.pk}/lien-thong/noi-nhan/"' in detail
    assert "exchange/live" in detail
    before = clerk.get(f"/office/van-ban/{document.pk}/lien-thong/noi-nhan/")
    assert before.status_code == 200
    assert before["Cache-Control"] == "no-store"
    assert "Đã tiếp nhận" not in before.content.decode()
    # Điện Biên registers it: statuses 01 and 03 go back and are applied here.
    deliver(message, p.other_province.code)
    for status in OutboundMessage.objects.filter(kind="status").order_by("id"):
        deliver(status, p.ubnd.code)
    after = clerk.get(f"/office/van-ban/{document.pk}/lien-thong/noi-nhan/").content.decode()
    assert "Đã tiếp nhận, vào sổ" in after
    assert client_for(p.outsider.username).get(f"/office/van-ban/{document.pk}/lien-thong/noi-nhan/").status_code == 404
    assert Client().get(f"/office/van-ban/{document.pk}/lien-thong/noi-nhan/").status_code == 302


def test_send_page_says_when_the_platform_is_not_connected_to_a_hub(settings) -> None:
    p = province_with_directory()
    document = issued_document(p)
    clerk = client_for(p.clerk.username)
    settings.SAOLA_EXCHANGE_HUB_URL = ""
    assert "chưa được kết nối với trục" in clerk.get(f"/office/van-ban/{document.pk}/lien-thong/").content.decode()
    settings.SAOLA_EXCHANGE_HUB_URL = "https://truc.sonla.gov.vn"
    assert "chưa được kết nối với trục" not in clerk.get(f"/office/van-ban/{document.pk}/lien-thong/").content.decode()


def test_an_agency_already_sent_to_is_listed_once() -> None:
    p = province_with_directory()
    document = issued_document(p)
    send(p, document)
    clerk = client_for(p.clerk.username)
    html = clerk.get(f"/office/van-ban/{document.pk}/lien-thong/", {"q": "dien bien"}).content.decode()
    assert html.count(f'value="{p.other_province.code}"') == 1
    assert "đều đã được gửi" in html
