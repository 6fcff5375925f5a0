"""The one-stop slips as PDF downloads, for the dossier's applicant and its officers only.

Someone who may not see the dossier gets the same 404 as for an unknown code (the error-page
middleware renders NotFoundError); an anonymous visitor is sent to sign in first.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from saola.dossiers import documents
from saola.dossiers.models import Dossier
from saola.dossiers.selectors import dossier_get_for


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = content_disposition_header(as_attachment=False, filename=filename)
    if disposition:
        response["Content-Disposition"] = disposition
    # Personal data: never kept by a shared cache or the browser's back-forward cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _serve(request: HttpRequest, code: str, render: Callable[[Dossier], bytes], name: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    dossier = dossier_get_for(user=request.user, code=code)
    return _pdf_response(render(dossier), f"{name}-{dossier.code}.pdf")


@require_GET
def receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _serve(request, code, documents.receipt_pdf, "giay-tiep-nhan")


@require_GET
def control_slip_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _serve(request, code, documents.control_slip_pdf, "phieu-kiem-soat")


@require_GET
def refusal_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _serve(request, code, documents.refusal_pdf, "phieu-tu-choi")


@require_GET
def stop_notice_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _serve(request, code, documents.stop_notice_pdf, "thong-bao-dung")


@require_GET
def supplement_request_pdf(request: HttpRequest, code: str, request_id: int) -> HttpResponse:
    def render(dossier: Dossier) -> bytes:
        supplement = documents.supplement_request_of(dossier=dossier, request_id=request_id)
        return documents.supplement_request_pdf(dossier, supplement)

    return _serve(request, code, render, f"phieu-bo-sung-{request_id}")


@require_GET
def apology_pdf(request: HttpRequest, code: str, apology_id: int) -> HttpResponse:
    def render(dossier: Dossier) -> bytes:
        return documents.apology_pdf(documents.apology_of(dossier=dossier, apology_id=apology_id))

    return _serve(request, code, render, f"xin-loi-{apology_id}")
