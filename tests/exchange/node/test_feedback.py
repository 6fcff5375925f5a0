"""Statuses go back to the sender by themselves as the received document is handled."""

from __future__ import annotations

import pytest
from django.db import transaction

from saola.documents.models import Document
from saola.documents.services import incoming
from saola.exchange.edxml import status_from_xml
from saola.exchange.models import OutboundMessage
from saola.exchange.package import StatusCode
from tests.documents.factories import Province, register_incoming
from tests.exchange.node.support import deliver, issued_document, province_with_directory, send

pytestmark = pytest.mark.django_db


def _received(p: Province) -> Document:
    inbound = deliver(send(p, issued_document(p)), p.other_province.code)
    assert inbound.document is not None
    return inbound.document


def _codes(document: Document) -> list[str]:
    return list(
        OutboundMessage.objects.filter(document=document, kind="status")
        .order_by("id")
        .values_list("status_code", flat=True)
    )


def test_assign_start_and_complete_send_04_05_06_with_the_officer() -> None:
    p = province_with_directory()
    document = _received(p)
    incoming.document_assign(
        actor=p.outsider,
        document=document,
        targets=[incoming.AssignmentTarget(assignee=p.outsider)],
        instruction="Xử lý",
    )
    # A second assignment at the same level changes nothing the sender sees.
    incoming.document_assign(
        actor=p.outsider,
        document=document,
        targets=[incoming.AssignmentTarget(assignee=p.outsider, role="cooperating")],
    )
    incoming.document_comment(actor=p.outsider, document=document, text="Đang tổng hợp số liệu")
    incoming.document_complete(actor=p.outsider, document=document, result="Đã báo cáo UBND tỉnh.")
    assert _codes(document) == ["01", "03", "04", "05", "06"]
    last = OutboundMessage.objects.filter(document=document, kind="status").order_by("id").last()
    assert last is not None
    status = status_from_xml(bytes(last.body))
    assert status.status_code == StatusCode.COMPLETED
    assert status.description == "Đã báo cáo UBND tỉnh."
    assert status.staff is not None and status.staff.staff == p.outsider.display_name
    assert status.response_for.organ_id == p.ubnd.code
    assert status.from_organ.organ_id == p.other_province.code


def test_refuse_sends_02_with_the_reason() -> None:
    p = province_with_directory()
    document = _received(p)
    incoming.document_refuse(actor=p.outsider, document=document, reason="Không thuộc thẩm quyền")
    assert _codes(document) == ["01", "03", "02"]
    message = OutboundMessage.objects.get(document=document, status_code="02")
    assert status_from_xml(bytes(message.body)).description == "Không thuộc thẩm quyền"


def test_return_to_sender_sends_02() -> None:
    p = province_with_directory()
    document = _received(p)
    incoming.document_return_to_sender(actor=p.outsider, document=document, reason="Gửi nhầm nơi nhận")
    assert _codes(document) == ["01", "03", "02"]


class _Interrupted(Exception):
    pass


def _assign_then_fail(p: Province, document: Document) -> None:
    with transaction.atomic():
        incoming.document_assign(
            actor=p.outsider, document=document, targets=[incoming.AssignmentTarget(assignee=p.outsider)]
        )
        assert _codes(document) == ["01", "03", "04"]
        raise _Interrupted


def test_the_status_rolls_back_with_the_transition() -> None:
    p = province_with_directory()
    document = _received(p)
    with pytest.raises(_Interrupted):
        _assign_then_fail(p, document)
    assert _codes(document) == ["01", "03"]


def test_documents_registered_by_hand_send_nothing() -> None:
    p = province_with_directory()
    document = register_incoming(p)
    incoming.document_assign(actor=p.leader, document=document, targets=[incoming.AssignmentTarget(unit=p.justice)])
    incoming.document_return_to_sender(actor=p.leader, document=document, reason="Gửi nhầm")
    assert not OutboundMessage.objects.exists()
