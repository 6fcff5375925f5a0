"""The citizen's side of the one-stop system: online submission, "my dossiers", one dossier's
page (supplements, withdrawal, results, rating) and the public status lookup by code."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from saola.catalog import selectors as catalog
from saola.core.exceptions import ConflictError, ExternalServiceError, NotFoundError, ValidationFailed
from saola.core.ratelimit import client_address, parse_rate, rate_limit_hit
from saola.dossiers import documents, selectors
from saola.dossiers.api_uploads import ensure_request_size
from saola.dossiers.exceptions import UploadTooLarge
from saola.dossiers.file_access import dossier_file_get_for, dossier_files_for
from saola.dossiers.forms_citizen import (
    ACCEPT,
    GENERAL,
    DossierSubmission,
    LookupForm,
    RatingForm,
    SupplementForm,
    WithdrawForm,
    max_file_mb,
    procedure_offered_online,
)
from saola.dossiers.forms_render import eform_answers
from saola.dossiers.models import Dossier, DossierFile, SupplementRequest
from saola.dossiers.services import intake, processing
from saola.dossiers.states import Action, Status, next_status

PAGE_SIZE = 20
LOOKUP_RATE_SCOPE = "dossier-status"  # shared with the API's GET /dossiers/status/{code}
DEFAULT_LOOKUP_RATE = "60/m"
DOCUMENTS = "dossier_documents"  # the PDF slips' URL namespace


# Online submission


@login_required
def submit_dossier(request: HttpRequest, code: str) -> HttpResponse:
    procedure = catalog.procedure_get(code=code)
    if not procedure_offered_online(procedure):
        raise ConflictError(_("Thủ tục này không tiếp nhận hồ sơ trực tuyến."))
    posted = request.method == "POST"
    try:
        # Refused before Django reads (and spools to disk) an oversized body.
        if posted:
            ensure_request_size(request)
    except UploadTooLarge as exc:
        submission = DossierSubmission(procedure)
        submission.add_error(GENERAL, str(exc.message))
        return _render_submission(request, submission, status=exc.http_status)
    submission = DossierSubmission(procedure, request.POST if posted else None, request.FILES if posted else None)
    if posted and submission.is_valid():
        try:
            dossier = intake.dossier_submit_online(
                applicant=request.user,  # type: ignore[arg-type]
                procedure=procedure,
                form_data=submission.form_data,
                uploads=submission.uploads,
                organization=submission.organization,
                idempotency_key=submission.idempotency_key,
            )
        except ValidationFailed as exc:
            submission.add_service_errors(exc)
        except (ConflictError, ExternalServiceError) as exc:
            submission.add_error(GENERAL, str(exc.message))
        else:
            messages.success(
                request, _("Đã nộp hồ sơ thành công. Mã hồ sơ của bạn là %(code)s.") % {"code": dossier.code}
            )
            return redirect("dossiers_citizen:dossier_detail", code=dossier.code)
    return _render_submission(request, submission, status=400 if posted else 200)


def _render_submission(request: HttpRequest, submission: DossierSubmission, *, status: int) -> HttpResponse:
    eform = submission.eform()
    context = {
        "procedure": submission.procedure,
        "submission": submission,
        "eform": eform,
        "errors": submission.error_summary(eform) if status != 200 else [],
        "accept": ACCEPT,
        "max_mb": max_file_mb(),
        "applicant": request.user,
    }
    return render(request, "dossiers/citizen/submit.html", context, status=status)


# My dossiers


@login_required
def list_dossiers(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status")
    status = status if status in Status.values else None
    qs = selectors.dossier_list_for_applicant(user=request.user, status=status)  # type: ignore[arg-type]
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "status_choices": Status.choices}
    return render(request, "dossiers/citizen/dossier_list.html", context)


def _document_url(name: str, **kwargs: Any) -> str:
    """The address of one of the dossier's PDF slips when the platform serves them, else ""."""
    try:
        return reverse(f"{DOCUMENTS}:{name}", kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _documents(dossier: Dossier, supplements: list[SupplementRequest]) -> dict[str, Any]:
    """The slips the applicant may read: the receipt once received, a refusal or stop notice,
    and the supplement request (each exists only in the state that issues it)."""
    code = dossier.code
    return {
        "receipt_url": _document_url("receipt", code=code) if documents.has_receipt(dossier) else "",
        "refusal_url": _document_url("refusal", code=code) if dossier.status == Status.REFUSED else "",
        "stop_url": _document_url("stop_notice", code=code) if dossier.status == Status.STOPPED else "",
        "supplement_urls": {
            s.pk: _document_url("supplement", code=code, request_id=s.pk) for s in supplements if not s.answered_at
        },
    }


# Notes the applicant reads in their history: reasons addressed to them, not officers' working comments.
NOTE_ACTIONS = {
    "submit",
    Action.ACCEPT,
    Action.REFUSE,
    Action.REQUEST_SUPPLEMENT,
    Action.SUBMIT_SUPPLEMENT,
    Action.REQUEST_WITHDRAWAL,
    Action.APPROVE_WITHDRAWAL,
    Action.RETURN_RESULT,
    Action.STOP,
    "apologize",
}


def _history(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at,
            "action": e.action,
            "step": e.step_name,
            "status": e.to_status,
            "note": e.note if e.action in NOTE_ACTIONS else "",
        }
        for e in dossier.events.all()
    ]


def _detail_context(request: HttpRequest, dossier: Dossier, **forms: Any) -> dict[str, Any]:
    files = dossier_files_for(user=request.user, dossier=dossier)
    snapshot_papers = (dossier.procedure_snapshot or {}).get("papers", [])
    supplements = list(dossier.supplements.all())
    can_rate = dossier.status in {Status.FINISHED, Status.RETURNED}
    rating = getattr(dossier, "rating", None) if can_rate else None
    return {
        "dossier": dossier,
        "events": _history(dossier),
        "answers": eform_answers(dossier.procedure.form_schema, dossier.form_data),
        "papers_sent": [f for f in files if f.kind in {DossierFile.Kind.SUBMITTED, DossierFile.Kind.SUPPLEMENT}],
        "results": [f for f in files if f.kind in {DossierFile.Kind.RESULT, DossierFile.Kind.LETTER}],
        "supplements": supplements,
        "supplement_form": forms.get("supplement_form") or SupplementForm(papers=snapshot_papers),
        "can_supplement": dossier.status == Status.SUPPLEMENT_REQUESTED,
        "can_withdraw": next_status(dossier.status, Action.REQUEST_WITHDRAWAL) is not None,
        "can_rate": can_rate and rating is None,
        "rating": rating,
        "rating_form": forms.get("rating_form") or RatingForm(),
        **_documents(dossier, supplements),
        "accept": ACCEPT,
        "max_mb": max_file_mb(),
    }


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    return render(request, "dossiers/citizen/dossier_detail.html", _detail_context(request, dossier))


@login_required
@require_POST
def submit_supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    try:
        ensure_request_size(request)
    except UploadTooLarge as exc:
        messages.error(request, str(exc.message))
        return redirect("dossiers_citizen:dossier_detail", code=dossier.code)
    papers = (dossier.procedure_snapshot or {}).get("papers", [])
    form = SupplementForm(request.POST, request.FILES, papers=papers)
    if form.is_valid():
        try:
            intake.dossier_submit_supplement(
                applicant=request.user,  # type: ignore[arg-type]
                dossier=dossier,
                uploads=form.uploads(),
                note=form.cleaned_data["note"],
            )
        except ValidationFailed as exc:
            for messages_ in exc.fields.values():
                for message in messages_:
                    form.add_error("attachments", message)
        except ConflictError as exc:
            messages.error(request, str(exc.message))
            return redirect("dossiers_citizen:dossier_detail", code=dossier.code)
        else:
            messages.success(request, _("Đã gửi giấy tờ bổ sung. Cơ quan giải quyết sẽ kiểm tra và tiếp nhận."))
            return redirect("dossiers_citizen:dossier_detail", code=dossier.code)
    context = _detail_context(request, dossier, supplement_form=form)
    return render(request, "dossiers/citizen/dossier_detail.html", context, status=400)


@login_required
def withdraw_dossier(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = intake.dossier_withdraw(
                applicant=request.user,  # type: ignore[arg-type]
                dossier=dossier,
                reason=form.cleaned_data["reason"],
            )
        except ConflictError as exc:
            messages.error(request, str(exc.message))
        else:
            if dossier.status == Status.WITHDRAWN:
                messages.success(request, _("Đã rút hồ sơ."))
            else:
                messages.success(
                    request, _("Đã gửi yêu cầu rút hồ sơ. Lãnh đạo cơ quan giải quyết sẽ xem xét và trả lời.")
                )
        return redirect("dossiers_citizen:dossier_detail", code=dossier.code)
    context = {
        "dossier": dossier,
        "form": form,
        "immediate": next_status(dossier.status, Action.REQUEST_WITHDRAWAL) == Status.WITHDRAWN,
        "allowed": next_status(dossier.status, Action.REQUEST_WITHDRAWAL) is not None,
    }
    return render(request, "dossiers/citizen/withdraw.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def rate_dossier(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            processing.dossier_rate(
                applicant=request.user,  # type: ignore[arg-type]
                dossier=dossier,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ConflictError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá."))
        return redirect("dossiers_citizen:dossier_detail", code=dossier.code)
    context = _detail_context(request, dossier, rating_form=form)
    return render(request, "dossiers/citizen/dossier_detail.html", context, status=400)


@never_cache
@login_required
def download_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    """Stream one file of the dossier to someone who may see it (never a public URL)."""
    row = dossier_file_get_for(user=request.user, code=code, file_id=file_id)
    try:
        handle = row.file.open("rb")
    except OSError as exc:
        raise Http404(_("Không tìm thấy tệp.")) from exc
    extension = row.file.name.rsplit(".", 1)[-1] if "." in row.file.name else ""
    name = "".join(ch for ch in row.name if ch not in '/\\:*?"<>|' and ch.isprintable()).strip() or "tep"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{row.dossier.code}-{name}.{extension}" if extension else f"{row.dossier.code}-{name}",
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Public status lookup


def lookup(request: HttpRequest) -> HttpResponse:
    """The lookup form; a typed code goes to the dossier's status page (the receipt's QR code too)."""
    if "code" not in request.GET:
        return render(request, "dossiers/citizen/lookup.html", {"form": LookupForm()})
    form = LookupForm(request.GET)
    if form.is_valid():
        return redirect("dossiers_citizen:lookup_code", code=form.cleaned_data["code"])
    return render(request, "dossiers/citizen/lookup.html", {"form": form}, status=400)


def lookup_code(request: HttpRequest, code: str) -> HttpResponse:
    form = LookupForm(initial={"code": code})
    # The same budget per client address as the API's public status lookup: codes are
    # sequential, so unlimited lookups would let anyone list every dossier of an agency.
    rate = parse_rate(getattr(settings, "SAOLA_STATUS_RATE_LIMIT", DEFAULT_LOOKUP_RATE))
    if rate is not None:
        decision = rate_limit_hit(scope=LOOKUP_RATE_SCOPE, key=client_address(request), rate=rate)
        if not decision.allowed:
            context = {"form": form, "retry_after": decision.retry_after}
            response = render(request, "dossiers/citizen/lookup.html", context, status=429)
            response["Retry-After"] = str(decision.retry_after)
            return response
    try:
        public = selectors.dossier_public_status(code=code)
    except NotFoundError:
        context = {"form": form, "not_found": code}
        return render(request, "dossiers/citizen/lookup.html", context, status=404)
    return render(request, "dossiers/citizen/lookup.html", {"form": form, "public": public, "code": code})
