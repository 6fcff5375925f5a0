"""`{% exchange_panel document %}`: the exchange part of a document's page.

Outgoing issued documents: the recipients by exchange with their latest status and history, and
the link to send. Incoming documents received by exchange: sender, XML and PDF signature results.
"""

from __future__ import annotations

from typing import Any

from django import template

from saola.documents.models import Document
from saola.documents.states import Direction, Status
from saola.exchange.node import selectors

register = template.Library()


@register.inclusion_tag("exchange/_panel.html")
def exchange_panel(document: Document) -> dict[str, Any]:
    if document.direction == Direction.OUTGOING:
        issued = document.status == Status.ISSUED
        return {
            "document": document,
            "outgoing": True,
            "issued": issued,
            "recipients": selectors.exchange_recipient_list(document=document) if issued else [],
        }
    return {"document": document, "outgoing": False, "receipt": selectors.exchange_receipt(document=document)}
