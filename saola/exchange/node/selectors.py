"""Reads of the node's side of document exchange, for the pages, the API and the transport."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from saola.documents.models import Distribution, Document
from saola.exchange.models import Agency
from saola.exchange.node_models import (
    BusinessType,
    InboundMessage,
    MessageKind,
    OutboundMessage,
    RecipientStatus,
    RecipientStatusEvent,
)
from saola.exchange.registry import agency_list

AGENCY_RESULTS = 30


def exchange_recipient_list(*, document: Document) -> list[RecipientStatus]:
    """The recipients of a document sent by exchange, with their history (oldest first) and the
    latest package's delivery state; two queries and one join, whatever the number of recipients."""
    return list(
        RecipientStatus.objects.filter(document=document)
        .select_related("last_message")
        .prefetch_related(Prefetch("events", queryset=RecipientStatusEvent.objects.order_by("at", "id")))
        .order_by("organ_name", "id")
    )


def exchange_receipt(*, document: Document) -> InboundMessage | None:
    """The package that registered this incoming document (new or replacing), if it came by exchange."""
    return (
        InboundMessage.objects.filter(
            document=document,
            kind=MessageKind.PACKAGE,
            state=InboundMessage.State.APPLIED,
            business_type__in=[BusinessType.NEW, BusinessType.REPLACE],
        )
        .order_by("id")
        .first()
    )


def exchange_agency_search(*, q: str, limit: int = AGENCY_RESULTS) -> list[Agency]:
    """Active agencies of the directory whose code or name matches `q` (diacritics optional)."""
    if not q.strip():
        return []
    return list(agency_list(q=q, active_only=True)[:limit])


def exchange_suggested_agencies(*, document: Document) -> list[Agency]:
    """Agencies of the directory the document was distributed to and that still wait for the exchange."""
    codes = (
        Distribution.objects.filter(document=document, status=Distribution.Status.WAITING_EXCHANGE)
        .exclude(external_code="")
        .values_list("external_code", flat=True)
    )
    return list(Agency.objects.filter(code__in=list(codes), is_active=True).order_by("name"))


def outbound_due(*, now: dt.datetime | None = None, limit: int = 100) -> QuerySet[OutboundMessage]:
    """Outbox messages to send now, oldest first (the transport's query)."""
    moment = now or timezone.now()
    return OutboundMessage.objects.filter(state=OutboundMessage.State.QUEUED, next_attempt_at__lte=moment).order_by(
        "next_attempt_at", "id"
    )[:limit]
