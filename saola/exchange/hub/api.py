"""The hub API, /exchange/v1/: send packages and statuses, pull and acknowledge deliveries.

A separate ninja API with its own OpenAPI document (/exchange/v1/openapi.json, docs at
/exchange/v1/docs). Every call is made by an agency of the registry: its identifier code in
X-Edxml-Agency and its secret as a bearer token. Packages and statuses travel as the raw edXML
bytes (application/xml); the transport trace as JSON in X-Edxml-Trace.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.security import HttpBearer

from saola.api.errors import error_body, register_error_handlers
from saola.api.schemas import ErrorOut
from saola.core.exceptions import ErrorCode
from saola.exchange.client import AGENCY_HEADER, DELIVERY_HEADER, KIND_HEADER, RECIPIENT_HEADER, TRACE_HEADER
from saola.exchange.exceptions import XmlTooLarge
from saola.exchange.hub import services
from saola.exchange.models import Agency, HubDelivery, HubMessage
from saola.exchange.registry import agency_authenticate, agency_list
from saola.exchange.safexml import check_size, max_bytes


class AgencyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Agency | None:
        code = request.headers.get(AGENCY_HEADER, "")
        agency = agency_authenticate(code=code, secret=token) if code else None
        if agency is not None:
            request.agency = agency  # type: ignore[attr-defined]
        return agency


hub_api = NinjaAPI(
    title="Saola — Trục liên thông văn bản",
    version="1",
    description=(
        "API của trục liên thông văn bản (edXML, QCVN 102:2016/BTTTT): gửi gói tin văn bản và gói tin "
        "trạng thái, nhận và xác nhận các gói tin gửi đến. Mỗi cơ quan xác thực bằng mã định danh "
        f"(tiêu đề {AGENCY_HEADER}) và mã bí mật do trục cấp (Authorization: Bearer)."
    ),
    urls_namespace="exchange-v1",
    auth=AgencyAuth(),
)
register_error_handlers(hub_api)

_XML_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/xml": {"schema": {"type": "string", "format": "binary"}}},
    },
    "parameters": [
        {
            "in": "header",
            "name": TRACE_HEADER,
            "required": False,
            "schema": {"type": "string"},
            "description": 'Vết chuyển của các trục trước, JSON: [{"organ_id": "...", "at": "..."}]',
        }
    ],
}


class AcceptedOut(Schema):
    id: int
    duplicate: bool
    recipients: dict[str, str]


class DeliveryOut(Schema):
    id: int
    kind: str
    sender_code: str
    recipient_code: str
    document_id: str
    business_type: int | None
    status_code: str
    digest: str
    size: int
    trace: list[dict[str, str]]
    received_at: str
    body: str | None = None


class DeliveriesOut(Schema):
    items: list[DeliveryOut]


class DeliveriesQuery(Schema):
    limit: int = 100
    after: int = 0
    body: bool = True


class AckIn(Schema):
    ids: list[int]


class AckOut(Schema):
    acknowledged: int


class AgencyOut(Schema):
    code: str
    name: str
    level: str


class AgenciesOut(Schema):
    items: list[AgencyOut]
    count: int


def _agency(request: HttpRequest) -> Agency:
    return request.agency  # type: ignore[attr-defined,no-any-return]


def _read_xml(request: HttpRequest) -> bytes:
    """The raw body, refused (413) before it is read when over SAOLA_EXCHANGE_MAX_BYTES."""
    declared = request.META.get("CONTENT_LENGTH") or ""
    if declared.isdigit():
        check_size(int(declared))
    data = request.read(max_bytes() + 1)
    check_size(len(data))
    return data


def _trace(request: HttpRequest) -> list[object]:
    raw = request.headers.get(TRACE_HEADER, "")
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _accept(request: HttpRequest, response: HttpResponse, kind: str) -> Status[Any] | dict[str, Any]:
    try:
        data = _read_xml(request)
    except XmlTooLarge as exc:
        return Status(413, {"error": exc.as_dict()})
    accepted = services.hub_accept(agency=_agency(request), data=data, trace=_trace(request))
    message = accepted.message
    if message.kind != kind:
        # Both kinds are accepted on either path; the answer tells which one it was.
        response["X-Edxml-Kind"] = message.kind
    body = {"id": message.id, "duplicate": not accepted.created, "recipients": accepted.routes}
    return Status(201 if accepted.created else 200, body)


_ACCEPT_RESPONSES = {
    200: AcceptedOut,
    201: AcceptedOut,
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
}


@hub_api.post("/packages", response=_ACCEPT_RESPONSES, openapi_extra=_XML_BODY, summary="Gửi gói tin văn bản")
def send_package(request: HttpRequest, response: HttpResponse) -> Any:
    """Accept a signed edXML package for its recipients. 201 when stored, 200 when the same bytes
    from the same sender were already accepted (nothing is queued twice). Refusals carry
    `details.reason`: `unknown_recipient`, `sender_mismatch` (403), `signature_invalid`, or the
    XML problem with its line; 413 over the size limit. Nothing is stored when refused."""
    return _accept(request, response, HubMessage.Kind.PACKAGE)


@hub_api.post("/statuses", response=_ACCEPT_RESPONSES, openapi_extra=_XML_BODY, summary="Gửi gói tin trạng thái")
def send_status(request: HttpRequest, response: HttpResponse) -> Any:
    """Accept an edXML status message for the original sender of the document. Refused with
    `unknown_package` (409) when the reporting agency never received that document here."""
    return _accept(request, response, HubMessage.Kind.STATUS)


def _delivery_out(delivery: HubDelivery, *, with_body: bool) -> dict[str, Any]:
    message = delivery.message
    return {
        "id": delivery.id,
        "kind": message.kind,
        "sender_code": message.sender_code,
        "recipient_code": delivery.recipient_code,
        "document_id": message.document_id,
        "business_type": message.business_type,
        "status_code": message.status_code,
        "digest": message.digest,
        "size": message.size,
        "trace": message.trace,
        "received_at": message.received_at.isoformat(),
        "body": base64.b64encode(bytes(message.body)).decode("ascii") if with_body else None,
    }


@hub_api.get("/deliveries", response={200: DeliveriesOut, 401: ErrorOut}, summary="Danh sách gói tin chờ nhận")
def list_deliveries(request: HttpRequest, query: Query[DeliveriesQuery]) -> dict[str, Any]:
    """The oldest pending deliveries for the calling agency (packages and statuses, in the order
    the hub accepted them), at most `limit` (≤ 500) after id `after`; with the bytes in base64
    unless `body=false`. They stay pending until acknowledged."""
    rows = services.deliveries_pending(agency=_agency(request), limit=query.limit, after=query.after)
    return {"items": [_delivery_out(row, with_body=query.body) for row in rows]}


@hub_api.get(
    "/deliveries/{int:delivery_id}",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    summary="Lấy một gói tin",
    openapi_extra={"responses": {"200": {"content": {"application/xml": {"schema": {"type": "string"}}}}}},
)
def get_delivery(request: HttpRequest, delivery_id: int) -> Any:
    """The bytes of one delivery of the calling agency, as the sender signed them; the hops in
    X-Edxml-Trace."""
    delivery = services.delivery_for(agency=_agency(request), delivery_id=delivery_id)
    if delivery is None:
        return Status(404, error_body(ErrorCode.NOT_FOUND, _("Không tìm thấy gói tin.")))
    message = delivery.message
    response = HttpResponse(bytes(message.body), content_type="application/xml")
    response[KIND_HEADER] = message.kind
    response[DELIVERY_HEADER] = str(delivery.id)
    response[RECIPIENT_HEADER] = delivery.recipient_code
    response[TRACE_HEADER] = json.dumps(message.trace, separators=(",", ":"))
    return response


@hub_api.post("/deliveries/ack", response={200: AckOut, 401: ErrorOut}, summary="Xác nhận đã nhận gói tin")
def ack_deliveries(request: HttpRequest, payload: AckIn) -> dict[str, int]:
    """Mark deliveries as received (the caller stored them). Unknown, other agencies' and already
    acknowledged ids are ignored; `acknowledged` counts the ones that changed."""
    return {"acknowledged": services.deliveries_ack(agency=_agency(request), ids=payload.ids)}


@hub_api.get("/agencies", response={200: AgenciesOut, 401: ErrorOut}, summary="Danh bạ cơ quan kết nối")
def list_agencies(request: HttpRequest, q: str = "", limit: int = 500, offset: int = 0) -> dict[str, Any]:
    """Active agencies of the registry (code, name, level) in code order, searched by code or name
    without diacritics; `limit` at most 1,000, `count` is the number of matches."""
    rows = agency_list(q=q[:200], active_only=True)
    start = max(0, offset)
    page = rows[start : start + max(1, min(limit, 1000))]
    return {"items": [{"code": a.code, "name": a.name, "level": a.level} for a in page], "count": rows.count()}
