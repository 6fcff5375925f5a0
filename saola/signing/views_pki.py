"""HTTP endpoints of the platform's PKI: CRLs, issuer certificates, OCSP (RFC 6960) and TSA (RFC 3161).

Relying parties outside the platform use these; the platform itself answers the same URLs
in-process (fetchers.py). CSRF-exempt: they are protocol endpoints for machines, hold no session
state and change nothing.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from saola.signing.exceptions import PKINotReady
from saola.signing.pki.responders import Responder, load_responder

OCSP_REQUEST = "application/ocsp-request"
OCSP_RESPONSE = "application/ocsp-response"
TSA_QUERY = "application/timestamp-query"
TSA_REPLY = "application/timestamp-reply"
MAX_REQUEST_BYTES = 64 * 1024


def _responder() -> Responder | None:
    try:
        return load_responder()
    except PKINotReady:
        return None


def _not_found() -> HttpResponse:
    return HttpResponse(status=404, content_type="text/plain")


@require_GET
def crl(request: HttpRequest, slug: str) -> HttpResponse:
    responder = _responder()
    data = responder.crl_der(slug) if responder else None
    if not data:
        return _not_found()
    response = HttpResponse(data, content_type="application/pkix-crl")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def ca_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    responder = _responder()
    data = responder.ca_certificate_der(slug) if responder else None
    if not data:
        return _not_found()
    response = HttpResponse(data, content_type="application/pkix-cert")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _ocsp_answer(slug: str, request_der: bytes) -> HttpResponse:
    responder = _responder()
    if responder is None:
        return _not_found()
    response = HttpResponse(responder.ocsp_response(slug, request_der), content_type=OCSP_RESPONSE)
    response["Cache-Control"] = "no-cache"
    return response


@csrf_exempt
@require_POST
def ocsp_post(request: HttpRequest, slug: str) -> HttpResponse:
    """RFC 6960 A.1: the DER request as the body, Content-Type application/ocsp-request."""
    if request.content_type != OCSP_REQUEST or len(request.body) > MAX_REQUEST_BYTES:
        return HttpResponseBadRequest(content_type="text/plain")
    return _ocsp_answer(slug, request.body)


@require_GET
def ocsp_get(request: HttpRequest, slug: str, encoded: str) -> HttpResponse:
    """RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER request}."""
    try:
        der = base64.b64decode(unquote(encoded), validate=True)
    except (binascii.Error, ValueError):
        return HttpResponseBadRequest(content_type="text/plain")
    return _ocsp_answer(slug, der)


@csrf_exempt
@require_http_methods(["POST"])
def tsa(request: HttpRequest) -> HttpResponse:
    """RFC 3161 §3.4: a DER TimeStampReq posted as application/timestamp-query."""
    if request.content_type != TSA_QUERY or len(request.body) > MAX_REQUEST_BYTES:
        return HttpResponseBadRequest(content_type="text/plain")
    responder = _responder()
    if responder is None:
        return _not_found()
    return HttpResponse(responder.timestamp_response(request.body), content_type=TSA_REPLY)
