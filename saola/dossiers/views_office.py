"""The back office (/office/) for receiving officers, processing officers and leaders: the inbox,
every dossier of their units, a dossier's page, its files and its print pages.

Actions on a dossier live in `views_office_actions`, counter intake in `views_office_counter`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from saola.core.exceptions import NotFoundError, PermissionDeniedError, SaolaError
from saola.core.models import Organization, User
from saola.dossiers import selectors as dossier_selectors
from saola.dossiers import selectors_office
from saola.dossiers.documents.forms import dossier_form
from saola.dossiers.documents.render import letterhead, lookup_url, qr_svg_data_uri, vn_datetime
from saola.dossiers.documents.slips import received_papers
from saola.dossiers.file_access import dossier_file_get_for
from saola.dossiers.forms_render import eform_answers
from saola.dossiers.models import Dossier
from saola.dossiers.office import (
    DUE_SOON,
    OVERDUE,
    deadline_flag,
    event_label,
    form_rows,
    office_actions,
    outcome_label,
    paper_rows,
    role_label,
    status_label,
    step_timeliness,
)
from saola.dossiers.permissions import is_officer
from saola.dossiers.states import Action, Status

PAGE_SIZE = 25
ONLY_CHOICES = (OVERDUE, DUE_SOON)
SORT_CHOICES = ("deadline", "received")


def officer_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed-out visitors go to the sign-in page; signed-in people who are not officers get a 403 page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_officer(request.user):
            raise PermissionDeniedError(_("Trang này dành cho cán bộ, công chức xử lý hồ sơ."))
        return view(request, *args, **kwargs)

    return wrapped


def officer(request: HttpRequest) -> User:
    """The signed-in officer (views using this are wrapped in `officer_required`)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDeniedError()
    return user


def office_render(
    request: HttpRequest, template: str, context: dict[str, Any], *, section: str = "", status: int = 200
) -> HttpResponse:
    """Render an office page with what the office bar needs (current section, counter access)."""
    context = {
        **context,
        "office_section": section,
        "office_can_receive": selectors_office.can_receive_at_counter(request.user),
    }
    return render(request, template, context, status=status)


def error_text(exc: SaolaError) -> str:
    """A service error as one message: its sentence, then each field's problem."""
    details = [str(e) for errors in exc.fields.values() for e in errors]
    message = str(exc.message)
    if details and message == str(type(exc).default_message):
        return " ".join(details)
    return " ".join([message, *details])


def when_text(moment: dt.datetime | None) -> str:
    """A moment as local day and time (20/11/2026 14:30), for messages."""
    return formats.date_format(timezone.localtime(moment), "d/m/Y H:i") if moment else ""


def _choice(value: str | None, allowed: Any) -> str | None:
    return value if value in allowed else None


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _rows(page: Any, now: dt.datetime) -> list[dict[str, Any]]:
    return [{"dossier": d, "flag": deadline_flag(d, now=now)} for d in page]


@officer_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = officer(request)
    now = timezone.now()
    q = request.GET.get("q", "")[: settings.SAOLA_SEARCH_MAX_LENGTH]
    status = _choice(request.GET.get("status"), Status.values)
    only = _choice(request.GET.get("only"), ONLY_CHOICES)
    sort = _choice(request.GET.get("sort"), SORT_CHOICES) or "deadline"
    qs = selectors_office.dossier_inbox_sorted(officer=user, q=q, status=status, only=only, sort=sort, now=now)
    counts = selectors_office.dossier_inbox_counts(officer=user, q=q, status=status, now=now)
    paginator = Paginator(qs, PAGE_SIZE)
    # The tab counts already hold the list's length: no second COUNT over the inbox.
    paginator.count = {"overdue": counts.overdue, "due_soon": counts.due_soon}.get(only or "", counts.all)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": _rows(page, now),
        "counts": counts,
        "q": q,
        "status": status,
        "only": only,
        "sort": sort,
        "statuses": Status.choices,
        "filtered": bool(q or status),
    }
    return office_render(request, "dossiers/office/inbox.html", context, section="inbox")


@officer_required
def list_dossiers(request: HttpRequest) -> HttpResponse:
    user = officer(request)
    q = request.GET.get("q", "")[: settings.SAOLA_SEARCH_MAX_LENGTH]
    status = _choice(request.GET.get("status"), Status.values)
    page = _page(request, dossier_selectors.dossier_list_for_officer(officer=user, q=q, status=status))
    context = {
        "page": page,
        "rows": _rows(page, timezone.now()),
        "q": q,
        "status": status,
        "statuses": Status.choices,
        "filtered": bool(q or status),
    }
    return office_render(request, "dossiers/office/dossier_list.html", context, section="all")


@officer_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = officer(request)
    now = timezone.now()
    office = selectors_office.dossier_get_for_office(user=user, code=code)
    dossier = office.dossier
    results = [f for f in office.files if f.kind == f.Kind.RESULT]
    pdf_results = sum(f.content_type == "application/pdf" for f in results)
    actions = office_actions(user, dossier, office.steps, now=now, pdf_results=pdf_results)
    paper_names = [str(p.get("name", "")) for p in (dossier.procedure_snapshot or {}).get("papers") or []]
    context = {
        "dossier": dossier,
        "status_label": status_label(dossier.status),
        "flag": deadline_flag(dossier, now=now),
        "form_rows": eform_answers(dossier.procedure.form_schema, dossier.form_data)
        or form_rows(dossier.procedure.form_schema, dossier.form_data),
        "papers": paper_rows(dossier, office.files),
        "results": results,
        "other_files": [f for f in office.files if f.kind in {f.Kind.WORKING, f.Kind.LETTER}],
        "steps": [_step_row(s) for s in office.steps],
        "events": [_event_row(e) for e in reversed(office.events)],
        "supplements": office.supplements,
        "apologies": office.apologies,
        "actions": actions,
        "paper_names": paper_names,
        "is_refused": dossier.status == Status.REFUSED,
        "pdf": pdf_links(dossier, office),
        "transfer_targets": selectors_office.transfer_targets(dossier=dossier) if actions.transfer else [],
    }
    return office_render(request, "dossiers/office/detail.html", context)


def _step_row(step: Any) -> dict[str, Any]:
    return {
        "step": step,
        "role": role_label(step.role),
        "outcome": outcome_label(step.outcome) if step.completed_at else "",
        "late": bool(step.completed_at and step.due_at and step.completed_at > step.due_at),
    }


def _event_row(event: Any) -> dict[str, Any]:
    return {
        "event": event,
        "label": event_label(event.action),
        # Events that change nothing (an upload, an apology) are recorded without a from-status.
        "status": status_label(event.to_status)
        if event.to_status != event.from_status and (event.from_status or event.action == "submit")
        else "",
    }


def _pdf_url(name: str, *args: Any) -> str:
    """The URL of one of the dossier's PDF slips, or "" where the PDF pages are not installed."""
    try:
        return reverse(f"dossier_documents:{name}", args=args)
    except NoReverseMatch:
        return ""


def pdf_links(dossier: Dossier, office: selectors_office.OfficeDossier) -> dict[str, Any]:
    """Links to the PDF versions of the slips that exist for this dossier."""
    received = dossier.received_at is not None
    return {
        "receipt": _pdf_url("receipt", dossier.code) if received else "",
        "control_slip": _pdf_url("control_slip", dossier.code) if received else "",
        "refusal": _pdf_url("refusal", dossier.code) if dossier.status == Status.REFUSED else "",
        "stop_notice": _pdf_url("stop_notice", dossier.code) if dossier.status == Status.STOPPED else "",
        "supplements": [(s, url) for s in office.supplements if (url := _pdf_url("supplement", dossier.code, s.pk))],
        "apologies": [(a, url) for a in office.apologies if (url := _pdf_url("apology", dossier.code, a.pk))],
    }


@officer_required
def dossier_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    row = dossier_file_get_for(user=officer(request), code=code, file_id=file_id)
    extension = row.file.name.rsplit(".", 1)[-1] if "." in row.file.name else "bin"
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=f"{row.dossier.code}-{row.pk}.{extension}",
        content_type=row.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Print pages ------------------------------------------------------------------------------


def _receiver_name(office: selectors_office.OfficeDossier) -> str:
    """Who received the dossier: whoever completed its first (intake) step, else who accepted it."""
    if office.steps and office.steps[0].completed_by:
        return office.steps[0].completed_by.display_name
    accepted = next((e for e in office.events if e.action == Action.ACCEPT and e.actor), None)
    return accepted.actor.display_name if accepted and accepted.actor else ""


def print_head(organization: Organization | None, *, at: dt.datetime) -> dict[str, str]:
    return letterhead(organization, at=at) if organization is not None else {}


@officer_required
def dossier_receipt(request: HttpRequest, code: str) -> HttpResponse:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) as a page to print."""
    office = selectors_office.dossier_get_for_office(user=officer(request), code=code)
    dossier = office.dossier
    if dossier.received_at is None:
        raise NotFoundError(_("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận."))
    url = lookup_url(dossier.code)
    context = {
        "dossier": dossier,
        "code": dossier.code,
        "form": dossier_form(dossier, "receipt"),
        "head": print_head(dossier.organization, at=dossier.received_at),
        "papers": received_papers(dossier),
        "processing_days": (dossier.procedure_snapshot or {}).get("processing_days")
        or dossier.procedure.processing_days,
        "received": vn_datetime(dossier.received_at),
        "due": vn_datetime(dossier.original_due_at or dossier.due_at),
        "receiver": _receiver_name(office),
        "lookup_url": url,
        "qr": qr_svg_data_uri(url),
        "counter": dossier.channel == Dossier.Channel.COUNTER,
        "pdf": pdf_links(dossier, office)["receipt"],
    }
    return office_render(request, "dossiers/office/receipt.html", context)


@officer_required
def dossier_control_slip(request: HttpRequest, code: str) -> HttpResponse:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: every step with its hand-over and receipt times."""
    office = selectors_office.dossier_get_for_office(user=officer(request), code=code)
    dossier = office.dossier
    if dossier.received_at is None:
        raise NotFoundError(_("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát."))
    rows = []
    for index, step in enumerate(office.steps):
        previous = office.steps[index - 1] if index else None
        handed_by = previous.completed_by if previous else None
        rows.append(
            {
                "step": step,
                "role": role_label(step.role),
                "handed_by": handed_by.display_name if handed_by else (dossier.applicant_name if not index else ""),
                "outcome": outcome_label(step.outcome) if step.completed_at else "",
                "timeliness": step_timeliness(step, now=timezone.now()),
            }
        )
    context = {
        "dossier": dossier,
        "code": dossier.code,
        "form": dossier_form(dossier, "control"),
        "head": print_head(dossier.organization, at=dossier.received_at),
        "rows": rows,
        "received": vn_datetime(dossier.received_at),
        "due": vn_datetime(dossier.due_at),
        "pdf": pdf_links(dossier, office)["control_slip"],
    }
    return office_render(request, "dossiers/office/control_slip.html", context)


@officer_required
def dossier_refusal_slip(request: HttpRequest, code: str) -> HttpResponse:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03) for a refused dossier."""
    office = selectors_office.dossier_get_for_office(user=officer(request), code=code)
    refusal = next((e for e in reversed(office.events) if e.action == Action.REFUSE), None)
    if refusal is None:
        raise NotFoundError(_("Hồ sơ này không bị từ chối tiếp nhận."))
    dossier = office.dossier
    context = {
        "form": dossier_form(dossier, "refusal"),
        "head": print_head(dossier.organization, at=refusal.at),
        "procedure_name": dossier.procedure.name,
        "organization": dossier.organization,
        "applicant_name": dossier.applicant_name,
        "applicant_address": dossier.applicant_address,
        "applicant_phone": dossier.applicant_phone,
        "reason": refusal.note,
        "at": vn_datetime(refusal.at),
        "officer_name": refusal.actor.display_name if refusal.actor else "",
        "code": dossier.code,
        "missing": [],
        "pdf": pdf_links(dossier, office)["refusal"],
    }
    return office_render(request, "dossiers/office/refusal_slip.html", context)
