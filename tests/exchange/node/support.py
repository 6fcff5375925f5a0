"""The province of the documents tests, with the exchange directory; sending and delivering in one call."""

from __future__ import annotations

from saola.exchange.models import Agency, InboundMessage, OutboundMessage
from saola.exchange.node.inbound import inbound_receive
from saola.exchange.node.outbound import document_send
from saola.exchange.registry import agency_register
from tests.documents.factories import SECRET, Province, approved_document, build_province, issue

# An agency of the directory that is not hosted on this platform.
REMOTE_CODE = "000.00.00.G09"


def province_with_directory() -> Province:
    """Sơn La's People's Committee sends; Điện Biên's (same platform) receives; Bộ Nội vụ is remote."""
    p = build_province()
    agency_register(actor=None, code=p.other_province.code, name=p.other_province.name, level="province")
    agency_register(actor=None, code=p.justice.code, name=p.justice.name, level="province")
    agency_register(actor=None, code=REMOTE_CODE, name="Bộ Nội vụ", level="central")
    return p


def issued_document(p: Province, **overrides: object):  # type: ignore[no-untyped-def]
    return issue(p, document=approved_document(p, **overrides))


def send(p: Province, document, codes: list[str] | None = None, **kwargs: object) -> OutboundMessage:  # type: ignore[no-untyped-def]
    return document_send(
        clerk=p.clerk,
        document=document,
        recipients=codes if codes is not None else [p.other_province.code],
        secret=SECRET,
        **kwargs,  # type: ignore[arg-type]
    )


def deliver(message: OutboundMessage, to: str, *, body: bytes | None = None) -> InboundMessage:
    """What the transport does with a message the hub delivers to `to`."""
    return inbound_receive(
        kind=message.kind, body=body if body is not None else bytes(message.body), recipient_code=to, trace=[]
    )


def agencies() -> list[Agency]:
    return list(Agency.objects.all())
