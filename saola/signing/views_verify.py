"""The public page /xac-thuc/: upload a signed PDF, read the verdict per signature, download it as PDF.

No login. The uploaded file lives only for the request (Django's upload handler, memory or a
temporary file it deletes); nothing is stored. The result page carries the report signed with
the site's key (saola.signing.verify.report_token), and the download button posts it back, so
the PDF report needs neither the file again nor any state on the server, whichever worker
answers.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from saola.signing.forms_verify import ReportForm, VerifyForm
from saola.signing.verify import UnverifiableFile, report_from_token, report_token, verify_pdf
from saola.signing.verify.http import ensure_request_size, rate_limited, rate_message, read_upload
from saola.signing.verify.pdf import report_file_name, report_pdf
from saola.signing.verify.service import human_size, verify_max_bytes

TEMPLATE = "signing/verify.html"


def _page(request: HttpRequest, *, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("form", VerifyForm())
    context["max_size"] = human_size(verify_max_bytes())
    return render(request, TEMPLATE, context, status=status)


@csrf_exempt  # checked by _verify_upload, once the declared size is known to be acceptable
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: refuse an oversized body before it is read, then verify the upload."""
    if request.method != "POST":
        return _page(request)
    try:
        ensure_request_size(request)
    except UnverifiableFile as exc:
        return _page(request, error=exc.message, status=exc.http_status)
    return _verify_upload(request)


@csrf_protect
def _verify_upload(request: HttpRequest) -> HttpResponse:
    refused = rate_limited(request)
    if refused is not None:
        response = _page(request, error=rate_message(refused.retry_after), status=429)
        response["Retry-After"] = str(refused.retry_after)
        return response
    try:
        data, name = read_upload(request)
        report = verify_pdf(data=data)
    except UnverifiableFile as exc:
        return _page(request, error=exc.message, status=exc.http_status)
    token = report_token(report, file_name=name)
    return _page(request, report=report, file_name=name, token=token)


@require_http_methods(["POST"])
def verify_report(request: HttpRequest) -> HttpResponse:
    """The PDF of a report produced by this site within the last hour (the token says which)."""
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _page(request, error=_("Thiếu kết quả kiểm tra để tải về; hãy kiểm tra lại tệp."), status=400)
    try:
        report, name = report_from_token(form.cleaned_data["token"])
    except signing.SignatureExpired:
        return _page(request, error=_("Kết quả kiểm tra đã quá một giờ; hãy kiểm tra lại tệp."), status=400)
    except signing.BadSignature:
        return _page(request, error=_("Kết quả kiểm tra không hợp lệ; hãy kiểm tra lại tệp."), status=400)
    response = HttpResponse(report_pdf(report=report, file_name=name), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_file_name(report)}"'
    response["Cache-Control"] = "no-store"
    return response
