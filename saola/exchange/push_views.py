"""The node's push endpoint: where a hub in push mode posts the deliveries for this platform.

The hub signs each post (X-Edxml-Signature, HMAC-SHA256 keyed with the SHA-256 of this node's
secret); the delivery is applied like a pulled one. 200 when applied or recognised as a repeat;
401 for a wrong signature (the hub retries: a key being changed); 422 when the package or status cannot be applied (the hub then
keeps it as a dead letter with the reason); 413 over SAOLA_EXCHANGE_MAX_BYTES.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from saola.core.exceptions import PermissionDeniedError
from saola.exchange.client import (
    DELIVERY_HEADER,
    KIND_HEADER,
    RECIPIENT_HEADER,
    SENDER_HEADER,
    SIGNATURE_HEADER,
    TRACE_HEADER,
)
from saola.exchange.exceptions import XmlTooLarge
from saola.exchange.safexml import check_size, max_bytes
from saola.exchange.transport import Delivered, receive_pushed


def _trace(raw: str) -> list[dict[str, str]]:
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


@csrf_exempt
@require_POST
def receive_delivery(request: HttpRequest) -> JsonResponse:
    try:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.isdigit():
            check_size(int(declared))
        body = request.read(max_bytes() + 1)
        check_size(len(body))
    except XmlTooLarge as exc:
        return JsonResponse({"error": exc.as_dict()}, status=413)
    delivery = request.headers.get(DELIVERY_HEADER, "")
    if not delivery.isdigit():
        return JsonResponse({"error": {"code": "VALIDATION_FAILED", "message": "X-Edxml-Delivery"}}, status=400)
    try:
        received = receive_pushed(
            Delivered(
                kind=request.headers.get(KIND_HEADER, ""),
                body=body,
                recipient_code=request.headers.get(RECIPIENT_HEADER, ""),
                sender_code=request.headers.get(SENDER_HEADER, ""),
                trace=_trace(request.headers.get(TRACE_HEADER, "")),
                delivery_id=int(delivery),
            ),
            signature=request.headers.get(SIGNATURE_HEADER, ""),
        )
    except PermissionDeniedError as exc:
        return JsonResponse({"error": exc.as_dict()}, status=401)
    if received.message is None:
        return JsonResponse({"error": {"code": "VALIDATION_FAILED", "message": received.error}}, status=422)
    return JsonResponse({"id": received.message.id, "state": received.message.state})
