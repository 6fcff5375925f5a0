"""The node's exchange API for documents: send an issued document, read its recipients' statuses,
read the document-exchange indicators of the caller's organisations.

Handlers look the document up for the caller (a document they may not see is a 404), call one
service or selector and render; the service checks the clerk's right.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from saola.api.auth import api_auth
from saola.api.schemas import ErrorOut
from saola.core.models import User
from saola.documents import selectors as document_selectors
from saola.exchange.node import reports, selectors
from saola.exchange.node.outbound import document_send
from saola.exchange.node_models import OutboundMessage, RecipientStatus
from saola.exchange.schemas import IndicatorsFilter, IndicatorsOut, OutboundOut, RecipientOut, SendIn

router = Router(tags=["exchange"])


def _errors(*codes: int) -> dict[int, Any]:
    return dict.fromkeys(codes, ErrorOut)


@router.post(
    "/documents/{int:pk}/exchange/send",
    response={201: OutboundOut, **_errors(400, 401, 403, 404, 409, 422)},
    auth=api_auth,
)
def send_document(request: HttpRequest, pk: int, payload: SendIn) -> Status[OutboundMessage]:
    """The clerk sends an issued document to agencies of the exchange directory, signed with the
    organisation's key (`secret`): new (0), recall (1), update (2) or replace (3). Queued for the hub."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by api_auth
    document = document_selectors.document_get_for(user=user, pk=pk)
    message = document_send(
        clerk=user,
        document=document,
        recipients=payload.recipients,
        secret=payload.secret,
        business_type=payload.business_type,
        reason=payload.reason,
        replaces_document_id=payload.replaces_document_id,
    )
    return Status(201, message)


@router.get(
    "/documents/{int:pk}/exchange/recipients",
    response={200: list[RecipientOut], **_errors(401, 404)},
    auth=api_auth,
)
def list_exchange_recipients(request: HttpRequest, pk: int) -> list[RecipientStatus]:
    """Recipients of the document by exchange: latest status (edXML code and label), recall state,
    delivery state of the latest package, and history."""
    document = document_selectors.document_get_for(user=request.user, pk=pk)
    return selectors.exchange_recipient_list(document=document)


@router.get(
    "/reports/document-exchange",
    response={200: IndicatorsOut, **_errors(400, 401, 403, 422)},
    auth=api_auth,
)
def get_exchange_indicators(request: HttpRequest, filters: Query[IndicatorsFilter]) -> dict[str, Any]:
    """Per organisation of the caller's scope and for the period (inclusive, Vietnam dates; default
    the current quarter): documents issued, sent electronically or on paper only, signed; documents
    registered, received electronically or on paper; the electronic-exchange and signed rates
    (0–1, null without documents) against the province's signed-rate target."""
    today = timezone.localdate()
    quarter = reports.period_quarter(year=today.year, quarter=reports.quarter_of(today))
    date_from = filters.date_from or quarter.date_from
    date_to = filters.date_to or quarter.date_to
    scope = reports.exchange_report_scope(user=request.user)
    rows = reports.exchange_indicators(organizations=scope, date_from=date_from, date_to=date_to)
    return {
        "date_from": date_from,
        "date_to": date_to,
        "items": rows[:-1],
        "total": rows[-1],
        "target_signed_rate": float(reports.SIGNED_RATE_TARGET),
    }
