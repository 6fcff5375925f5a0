"""Demo document exchange: the directory of agencies, and one công văn exchanged end to end.

The directory lists the central agencies and the province's own agencies, so a clerk can pick
recipients on the send page. The People's Committee's issued công văn is sent to the Department
of Justice as a signed edXML package, registered there as an incoming document by the inbox
(statuses 01 and 03 back), and assigned (status 04). Without a hub in the embedded default the
messages are handed over in-process, the way the transport would hand them over, and marked
sent. Skipped when the directory exists already, so `load_demo` stays idempotent.
"""

from __future__ import annotations

from saola.core.models import Organization, User
from saola.demo.data.organizations import PROVINCE_CODE
from saola.documents.models import Document
from saola.documents.services.incoming import AssignmentTarget, document_assign
from saola.documents.states import Direction, Status
from saola.exchange.models import Agency, InboundMessage, OutboundMessage
from saola.exchange.node.inbound import inbound_receive
from saola.exchange.node.outbound import document_send, outbound_mark_sent
from saola.exchange.registry import agency_register

JUSTICE = "000.00.03.H53"


def _directory() -> list[Agency]:
    organizations = Organization.objects.filter(level__in=["central", "province", "unit"]).order_by("code")
    return [
        agency_register(actor=None, code=o.code, name=o.name, level=o.level)
        for o in organizations
        if not Agency.objects.filter(code=o.code).exists()
    ]


def _hand_over() -> int:
    """Deliver every queued outbox message to its recipients hosted here, as a hub would."""
    handed = 0
    while message := OutboundMessage.objects.filter(state=OutboundMessage.State.QUEUED).order_by("id").first():
        for code in message.recipient_codes:
            if Organization.objects.filter(code=code).exists():
                inbound_receive(kind=message.kind, body=bytes(message.body), recipient_code=code, trace=[])
        outbound_mark_sent(message_id=message.id)
        handed += 1
    return handed


def load_demo_exchange(*, passphrase: str) -> list[Agency]:
    """The directory and one exchanged document (empty list when the directory exists)."""
    if Agency.objects.exists():
        return []
    agencies = _directory()
    letter = (
        Document.objects.filter(
            organization__code=PROVINCE_CODE,
            direction=Direction.OUTGOING,
            status=Status.ISSUED,
            document_type__code="cong-van",
        )
        .order_by("id")
        .first()
    )
    if letter is None:
        return agencies
    document_send(
        clerk=User.objects.get(username="vanthu.vpubnd"), document=letter, recipients=[JUSTICE], secret=passphrase
    )
    _hand_over()
    received = InboundMessage.objects.filter(kind="package", recipient_code=JUSTICE, document__isnull=False).first()
    leader = User.objects.filter(roles__organization__code=JUSTICE, roles__role="unit_leader").first()
    officer = User.objects.filter(roles__organization__code=JUSTICE, roles__role="processing_officer").first()
    if received is not None and received.document is not None and leader is not None and officer is not None:
        document_assign(
            actor=leader,
            document=received.document,
            targets=[AssignmentTarget(assignee=officer)],
            instruction="Giao chuyên viên tham mưu triển khai.",
        )
        _hand_over()
    return agencies
