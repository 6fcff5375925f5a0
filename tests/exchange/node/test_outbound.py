"""document_send, status_enqueue and the outbox's delivery bookkeeping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saola.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from saola.core.models import AuditEntry
from saola.documents.models import Distribution, DocumentEvent
from saola.documents.services import outgoing
from saola.exchange.edxml import package_from_xml
from saola.exchange.models import OutboundMessage, RecipientStatus
from saola.exchange.node.outbound import (
    document_send,
    edxml_document_id,
    outbound_mark_failed,
    outbound_mark_sent,
    status_enqueue,
)
from saola.exchange.package import BusinessDocType
from saola.exchange.signature import verify_package_signature
from saola.exchange.validation import validate
from tests.documents.factories import SECRET, approved_document, register_incoming
from tests.exchange.node.support import REMOTE_CODE, issued_document, province_with_directory, send

pytestmark = pytest.mark.django_db


def test_document_send_queues_one_signed_valid_package_for_all_recipients() -> None:
    p = province_with_directory()
    document = issued_document(p)
    outgoing.document_distribute(
        clerk=p.clerk,
        document=document,
        external=[outgoing.ExternalRecipient(name="Bộ Nội vụ", code=REMOTE_CODE)],
    )
    message = send(p, document, [p.other_province.code, REMOTE_CODE])
    body = bytes(message.body)
    assert validate(body) == []
    check = verify_package_signature(body)
    assert check.valid, check.problems
    assert check.organization_code == p.ubnd.code
    package = package_from_xml(body)
    assert package.from_organ.organ_id == p.ubnd.code
    assert [o.organ_id for o in package.to_organs] == [p.other_province.code, REMOTE_CODE]
    assert str(package.code) == document.notation
    assert package.document_id == f"{p.ubnd.code},{document.issued_on:%Y/%m/%d},{document.notation}"
    assert package.subject == document.summary
    assert package.business is not None and package.business.doc_type == BusinessDocType.NEW
    assert package.attachments and package.attachments[0].data.startswith(b"%PDF-")
    assert message.state == OutboundMessage.State.QUEUED
    assert message.next_attempt_at <= timezone.now()
    assert message.recipient_codes == [p.other_province.code, REMOTE_CODE]
    assert message.edxml_document_id == package.document_id
    # The distribution waiting for the exchange is now sent; the other recipient got one.
    assert set(document.distributions.values_list("external_code", "status")) == {
        (REMOTE_CODE, Distribution.Status.SENT),
        (p.other_province.code, Distribution.Status.SENT),
    }
    rows = RecipientStatus.objects.filter(document=document).order_by("organ_code")
    assert [(r.organ_code, r.status_code, r.last_message_id) for r in rows] == [
        (REMOTE_CODE, "", message.pk),
        (p.other_province.code, "", message.pk),
    ]
    assert all(r.events.get().business_type == BusinessDocType.NEW for r in rows)
    assert DocumentEvent.objects.filter(document=document, action="exchange_send").exists()
    assert AuditEntry.objects.filter(action="exchange.package_sign").exists()
    assert AuditEntry.objects.filter(action="document.exchange_send").exists()


def test_document_send_refuses_an_agency_outside_the_directory() -> None:
    p = province_with_directory()
    document = issued_document(p)
    with pytest.raises(ValidationFailed) as caught:
        send(p, document, [p.other_province.code, "000.00.00.G99"])
    assert "000.00.00.G99" in caught.value.fields["recipients"][0]
    assert not OutboundMessage.objects.exists()


def test_document_send_is_for_the_clerks_of_the_issuing_organisation() -> None:
    p = province_with_directory()
    document = issued_document(p)
    with pytest.raises(NotFoundError):  # another province's clerk does not even see it
        document_send(clerk=p.outsider, document=document, recipients=[REMOTE_CODE], secret=SECRET)
    with pytest.raises(PermissionDeniedError):  # an officer who sees it is not its clerk
        document_send(clerk=p.office_officer, document=document, recipients=[REMOTE_CODE], secret=SECRET)
    assert not OutboundMessage.objects.exists()


def test_document_send_only_issued_documents() -> None:
    p = province_with_directory()
    with pytest.raises(ConflictError):
        send(p, approved_document(p))


def test_recall_and_update_go_to_earlier_recipients_with_a_reason() -> None:
    p = province_with_directory()
    document = issued_document(p)
    first = send(p, document)
    with pytest.raises(ValidationFailed) as caught:
        send(p, document, [REMOTE_CODE], business_type=BusinessDocType.RECALL, reason="Sai nơi nhận")
    assert "recipients" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        send(p, document, business_type=BusinessDocType.RECALL)
    assert "reason" in caught.value.fields
    recall = send(p, document, business_type=BusinessDocType.RECALL, reason="Ban hành nhầm")
    package = package_from_xml(bytes(recall.body))
    assert package.document_id == first.edxml_document_id
    assert package.business is not None and package.business.reason == "Ban hành nhầm"
    assert package.attachments == ()
    row = RecipientStatus.objects.get(document=document)
    assert row.recall == RecipientStatus.Recall.REQUESTED
    assert row.last_message == recall
    assert [e.business_type for e in row.events.order_by("id")] == [BusinessDocType.NEW, BusinessDocType.RECALL]


def test_replace_names_the_replaced_document_of_the_same_organisation() -> None:
    p = province_with_directory()
    old = issued_document(p)
    send(p, old)
    new = issued_document(p, summary="Về việc phê duyệt Kế hoạch chuyển đổi số (thay thế)")
    with pytest.raises(ValidationFailed):
        send(p, new, business_type=BusinessDocType.REPLACE, reason="Sai số liệu", replaces_document_id="rác")
    with pytest.raises(ValidationFailed):
        send(
            p,
            new,
            business_type=BusinessDocType.REPLACE,
            reason="Sai số liệu",
            replaces_document_id="000.00.00.G09,2026/01/05,15/QĐ-BNV",
        )
    message = send(
        p, new, business_type=BusinessDocType.REPLACE, reason="Sai số liệu", replaces_document_id=edxml_document_id(old)
    )
    package = package_from_xml(bytes(message.body))
    assert package.business is not None
    assert package.business.replacements[0].document_id == edxml_document_id(old)
    assert validate(bytes(message.body)) == []


def test_status_enqueue_ignores_documents_not_received_by_exchange() -> None:
    p = province_with_directory()
    document = register_incoming(p)
    assert status_enqueue(document=document, status_code="04") is None
    assert not OutboundMessage.objects.exists()


def test_failed_sends_back_off_exponentially_then_die(settings: object) -> None:
    settings.SAOLA_EXCHANGE_RETRY_SECONDS = 5  # type: ignore[attr-defined]
    settings.SAOLA_EXCHANGE_MAX_ATTEMPTS = 3  # type: ignore[attr-defined]
    p = province_with_directory()
    message = send(p, issued_document(p))
    before = timezone.now()
    first = outbound_mark_failed(message_id=message.pk, error="503 từ trục")
    assert first.attempts == 1
    assert first.state == OutboundMessage.State.QUEUED
    assert before + dt.timedelta(seconds=5) <= first.next_attempt_at <= timezone.now() + dt.timedelta(seconds=5)
    second = outbound_mark_failed(message_id=message.pk, error="timeout")
    assert second.next_attempt_at >= before + dt.timedelta(seconds=10)
    assert second.last_error == "timeout"
    third = outbound_mark_failed(message_id=message.pk, error="timeout")
    assert third.state == OutboundMessage.State.DEAD
    assert not OutboundMessage.objects.filter(state="queued", next_attempt_at__lte=timezone.now()).exists()


def test_permanent_failure_dies_at_once_and_sent_is_final() -> None:
    p = province_with_directory()
    document = issued_document(p)
    message = send(p, document)
    dead = outbound_mark_failed(message_id=message.pk, error="400 gói tin không hợp lệ", permanent=True)
    assert dead.state == OutboundMessage.State.DEAD
    other = send(p, document, business_type=BusinessDocType.UPDATE, reason="Bổ sung phụ lục")
    sent = outbound_mark_sent(message_id=other.pk)
    assert sent.state == OutboundMessage.State.SENT and sent.sent_at is not None
    again = outbound_mark_failed(message_id=other.pk, error="late")
    assert again.state == OutboundMessage.State.SENT and again.attempts == 0
    with pytest.raises(NotFoundError):
        outbound_mark_sent(message_id=987654)
