"""inbound_receive: packages become incoming documents, statuses update the recipients' rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saola.core.exceptions import NotFoundError, ValidationFailed
from saola.documents.models import Attachment, Document, DocumentEvent
from saola.documents.services import incoming
from saola.documents.states import Direction, Status
from saola.exchange.edxml import status_to_xml
from saola.exchange.exceptions import EdxmlError
from saola.exchange.models import InboundMessage, OutboundMessage, RecipientStatus
from saola.exchange.node.inbound import inbound_receive
from saola.exchange.node.outbound import edxml_document_id
from saola.exchange.package import BusinessDocType, EdxmlStatus, Organ, ResponseFor, StatusCode
from tests.documents.factories import Province
from tests.exchange.node.support import deliver, issued_document, province_with_directory, send

pytestmark = pytest.mark.django_db


def _statuses_queued(document: Document) -> list[str]:
    return list(
        OutboundMessage.objects.filter(document=document, kind="status")
        .order_by("id")
        .values_list("status_code", flat=True)
    )


def _received(p: Province) -> tuple[Document, Document, InboundMessage]:
    """An outgoing document of Sơn La sent to Điện Biên, and Điện Biên's incoming copy."""
    outgoing_doc = issued_document(p)
    message = send(p, outgoing_doc)
    inbound = deliver(message, p.other_province.code)
    assert inbound.document is not None
    return outgoing_doc, inbound.document, inbound


def test_package_sent_here_is_registered_for_the_recipient_with_statuses_01_and_03() -> None:
    p = province_with_directory()
    outgoing_doc, document, inbound = _received(p)
    assert inbound.state == InboundMessage.State.APPLIED
    assert inbound.sender_code == p.ubnd.code
    assert inbound.edxml_document_id == edxml_document_id(outgoing_doc)
    assert inbound.signature_valid is True, inbound.signature_problems
    assert "Sơn La" in inbound.signer or inbound.signer
    assert inbound.attachment_signatures[0]["signed"] is True
    assert inbound.attachment_signatures[0]["valid"] is True, inbound.attachment_signatures
    assert document.direction == Direction.INCOMING
    assert document.organization == p.other_province
    assert document.status == Status.REGISTERED
    assert document.number == 1
    assert document.sender_code == p.ubnd.code
    assert document.sender_name == p.ubnd.name
    assert document.notation == outgoing_doc.notation
    assert document.issued_on == outgoing_doc.issued_on
    assert document.summary == outgoing_doc.summary
    assert document.document_type == outgoing_doc.document_type
    assert document.signer_name == outgoing_doc.signer_name
    main = document.attachments.get(kind=Attachment.Kind.MAIN)
    assert main.signed and main.content_type == "application/pdf"
    assert document.events.get().note.startswith("Số đến 1. Nhận qua trục liên thông")
    assert _statuses_queued(document) == ["01", "03"]
    status = OutboundMessage.objects.filter(document=document, kind="status").first()
    assert status is not None
    assert status.recipient_codes == [p.ubnd.code]
    assert status.organization == p.other_province


def test_the_same_bytes_twice_are_one_message() -> None:
    p = province_with_directory()
    outgoing_doc = issued_document(p)
    message = send(p, outgoing_doc)
    first = deliver(message, p.other_province.code)
    again = deliver(message, p.other_province.code)
    assert again.pk == first.pk
    assert InboundMessage.objects.count() == 1
    assert Document.objects.filter(direction=Direction.INCOMING).count() == 1
    assert OutboundMessage.objects.filter(kind="status").count() == 2


def test_a_new_package_for_a_document_already_registered_is_dropped_as_duplicate() -> None:
    p = province_with_directory()
    outgoing_doc, _document, _inbound = _received(p)
    resent = send(p, outgoing_doc)  # a new signature and trace: other bytes, same DocumentId
    duplicate = deliver(resent, p.other_province.code)
    assert duplicate.state == InboundMessage.State.DUPLICATE
    assert duplicate.document is None
    assert Document.objects.filter(direction=Direction.INCOMING).count() == 1


def test_a_package_changed_after_signing_is_registered_with_the_problem_recorded() -> None:
    p = province_with_directory()
    outgoing_doc = issued_document(p)
    message = send(p, outgoing_doc)
    body = bytes(message.body)
    forged = body.replace("Kế hoạch chuyển đổi số".encode(), "Kế hoạch chuyển đổi xố".encode(), 1)
    assert forged != body
    inbound = deliver(message, p.other_province.code, body=forged)
    assert inbound.state == InboundMessage.State.APPLIED
    assert inbound.signature_valid is False
    assert any("sửa đổi sau khi ký" in problem for problem in inbound.signature_problems)
    assert inbound.document is not None and "xố" in inbound.document.summary


def test_unknown_recipient_unreadable_or_misaddressed_packages_are_refused() -> None:
    p = province_with_directory()
    message = send(p, issued_document(p))
    with pytest.raises(NotFoundError):
        deliver(message, "000.00.00.G09")  # in the directory, not hosted here
    with pytest.raises(ValidationFailed):
        deliver(message, p.justice.code)  # hosted here, not a recipient of this package
    with pytest.raises(EdxmlError):
        deliver(message, p.other_province.code, body=b"<edXML>")
    assert not InboundMessage.objects.exists()


def test_recall_before_completion_returns_the_document_and_answers_15() -> None:
    p = province_with_directory()
    outgoing_doc, document, _inbound = _received(p)
    recall = send(p, outgoing_doc, business_type=BusinessDocType.RECALL, reason="Ban hành nhầm đối tượng")
    inbound = deliver(recall, p.other_province.code)
    assert inbound.state == InboundMessage.State.APPLIED
    assert inbound.document == document
    document.refresh_from_db()
    assert document.status == Status.RETURNED
    event = document.events.get(action="withdraw")
    assert event.note == "Nơi gửi thu hồi văn bản: Ban hành nhầm đối tượng"
    assert _statuses_queued(document) == ["01", "03", "15"]


def test_recall_after_completion_is_refused_with_16() -> None:
    p = province_with_directory()
    outgoing_doc, document, _inbound = _received(p)
    incoming.document_assign(
        actor=p.outsider, document=document, targets=[incoming.AssignmentTarget(assignee=p.outsider)]
    )
    incoming.document_complete(actor=p.outsider, document=document, result="Đã triển khai.")
    recall = send(p, outgoing_doc, business_type=BusinessDocType.RECALL, reason="Ban hành nhầm")
    deliver(recall, p.other_province.code)
    document.refresh_from_db()
    assert document.status == Status.COMPLETED
    assert _statuses_queued(document) == ["01", "03", "04", "06", "16"]
    assert document.events.filter(action="exchange_recall").exists()


def test_update_changes_the_registered_document_and_keeps_its_number() -> None:
    p = province_with_directory()
    outgoing_doc, document, _inbound = _received(p)
    Document.objects.filter(pk=outgoing_doc.pk).update(summary="Về việc phê duyệt Kế hoạch (bản cập nhật)")
    outgoing_doc.refresh_from_db()
    update = send(p, outgoing_doc, business_type=BusinessDocType.UPDATE, reason="Sửa trích yếu")
    inbound = deliver(update, p.other_province.code)
    assert inbound.state == InboundMessage.State.APPLIED
    document.refresh_from_db()
    assert document.summary == "Về việc phê duyệt Kế hoạch (bản cập nhật)"
    assert document.number == 1
    assert document.events.get(action="exchange_update").note == "Sửa trích yếu"
    assert document.attachments.filter(kind=Attachment.Kind.MAIN).count() == 1


def test_replace_registers_the_new_document_and_notes_it_on_the_old_one() -> None:
    p = province_with_directory()
    old_outgoing, old_incoming, _inbound = _received(p)
    new_outgoing = issued_document(p, summary="Về việc phê duyệt Kế hoạch chuyển đổi số (thay thế)")
    message = send(
        p,
        new_outgoing,
        business_type=BusinessDocType.REPLACE,
        reason="Sai số liệu",
        replaces_document_id=edxml_document_id(old_outgoing),
    )
    inbound = deliver(message, p.other_province.code)
    assert inbound.state == InboundMessage.State.APPLIED
    assert inbound.document is not None and inbound.document != old_incoming
    assert inbound.document.number == 2
    note = old_incoming.events.get(action="exchange_replaced").note
    assert new_outgoing.notation in note and "Sai số liệu" in note
    assert _statuses_queued(inbound.document) == ["01", "03"]


def test_statuses_from_the_recipient_update_its_row_on_the_sender_side() -> None:
    p = province_with_directory()
    outgoing_doc, document, _inbound = _received(p)
    for status in OutboundMessage.objects.filter(document=document, kind="status").order_by("id"):
        applied = deliver(status, p.ubnd.code)
        assert applied.state == InboundMessage.State.APPLIED
        assert applied.document == outgoing_doc
    row = RecipientStatus.objects.get(document=outgoing_doc, organ_code=p.other_province.code)
    assert row.status_code == "03"
    assert "số đến 1" in row.description
    assert [e.status_code for e in row.events.order_by("id")] == ["", "01", "03"]


def _status_for(document: Document, p: Province, code: StatusCode, at: dt.datetime) -> bytes:
    document_id = edxml_document_id(document)
    return status_to_xml(
        EdxmlStatus(
            response_for=ResponseFor(organ_id=p.ubnd.code, code=document.notation, document_id=document_id),
            from_organ=Organ(organ_id=p.other_province.code, organ_name=p.other_province.name),
            status_code=code,
            timestamp=at,
            description="Đã phân công",
        )
    )


def test_a_status_before_the_send_is_kept_pending_then_applied() -> None:
    p = province_with_directory()
    outgoing_doc = issued_document(p)
    early = inbound_receive(
        kind="status",
        body=_status_for(outgoing_doc, p, StatusCode.ASSIGNED, timezone.now()),
        recipient_code=p.ubnd.code,
        trace=[],
    )
    assert early.state == InboundMessage.State.PENDING
    send(p, outgoing_doc)
    early.refresh_from_db()
    assert early.state == InboundMessage.State.APPLIED
    assert early.document == outgoing_doc
    row = RecipientStatus.objects.get(document=outgoing_doc)
    assert row.status_code == "04"


def test_an_older_status_arriving_late_joins_the_history_only() -> None:
    p = province_with_directory()
    outgoing_doc = issued_document(p)
    send(p, outgoing_doc)
    now = timezone.now()
    inbound_receive(
        kind="status",
        body=_status_for(outgoing_doc, p, StatusCode.PROCESSING, now),
        recipient_code=p.ubnd.code,
        trace=[],
    )
    inbound_receive(
        kind="status",
        body=_status_for(outgoing_doc, p, StatusCode.ASSIGNED, now - dt.timedelta(minutes=5)),
        recipient_code=p.ubnd.code,
        trace=[],
    )
    row = RecipientStatus.objects.get(document=outgoing_doc)
    assert row.status_code == "05"
    assert sorted(e.status_code for e in row.events.all()) == ["", "04", "05"]


def test_recall_answers_update_the_recall_state_shown_to_the_sender() -> None:
    p = province_with_directory()
    outgoing_doc, document, _inbound = _received(p)
    recall = send(p, outgoing_doc, business_type=BusinessDocType.RECALL, reason="Ban hành nhầm")
    deliver(recall, p.other_province.code)
    answer = OutboundMessage.objects.get(document=document, status_code="15")
    deliver(answer, p.ubnd.code)
    row = RecipientStatus.objects.get(document=outgoing_doc)
    assert row.recall == RecipientStatus.Recall.AGREED
    assert row.status_code == "15"


def test_a_recall_before_its_package_waits_and_applies_when_the_package_arrives() -> None:
    p = province_with_directory()
    outgoing_doc = issued_document(p)
    first = send(p, outgoing_doc)
    recall = send(p, outgoing_doc, business_type=BusinessDocType.RECALL, reason="Ban hành nhầm")
    early = deliver(recall, p.other_province.code)
    assert early.state == InboundMessage.State.PENDING
    inbound = deliver(first, p.other_province.code)
    early.refresh_from_db()
    assert early.state == InboundMessage.State.APPLIED
    assert inbound.document is not None
    inbound.document.refresh_from_db()
    assert inbound.document.status == Status.RETURNED
    assert DocumentEvent.objects.filter(document=inbound.document, action="withdraw").exists()
