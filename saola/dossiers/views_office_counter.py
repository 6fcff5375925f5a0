"""Counter intake (/office/tiep-nhan/): choose the procedure, find or register the applicant, fill
in the e-form, tick the papers received, then receive the dossier (or refuse it and print Mẫu 03)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from saola.catalog.models import Procedure
from saola.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from saola.core.models import User
from saola.core.validators import PERSONAL_ID_RE, PHONE_RE, normalize_phone
from saola.dossiers import selectors_office
from saola.dossiers.documents.forms import form_info
from saola.dossiers.documents.render import vn_datetime
from saola.dossiers.forms_render import FORM_ERROR, eform_read, eform_render
from saola.dossiers.office_forms import (
    NEW_APPLICANT,
    ApplicantForm,
    CounterRefusalForm,
    PapersForm,
    ProcedurePickForm,
)
from saola.dossiers.services.counter import (
    CounterIntake,
    NewApplicant,
    counter_refusal_record,
    dossier_receive_at_counter,
)
from saola.dossiers.services.intake import PaperUpload
from saola.dossiers.views_office import error_text, office_render, officer, officer_required, print_head, when_text

APPLICANT_FIELDS = {"full_name", "personal_id", "phone", "email"}
LOOKUP_MAX = 254


def _lookup_initial(value: str) -> dict[str, str]:
    """Put what the officer searched for into the new-applicant fields when nobody matched."""
    value = value.strip()
    if "@" in value:
        return {"email": value}
    if PERSONAL_ID_RE.match(value):
        return {"personal_id": value}
    if PHONE_RE.match(normalize_phone(value)):
        return {"phone": value}
    return {}


def _procedure(request: HttpRequest, user: User, code: str) -> Procedure | None:
    if not code:
        return None
    try:
        return selectors_office.counter_procedure_get(officer=user, code=code)
    except NotFoundError as exc:
        messages.error(request, error_text(exc))
        return None


def _matches(request: HttpRequest, lookup: str) -> list[User]:
    """People offered as the applicant: the look-up's matches, or on POST the one chosen."""
    if request.method == "POST":
        chosen = request.POST.get("a-applicant", "")
        if chosen.isdigit():
            try:
                return [selectors_office.applicant_get(pk=int(chosen))]
            except NotFoundError:
                return []
        return []
    return selectors_office.applicant_find(value=lookup) if lookup else []


@officer_required
def counter_intake(request: HttpRequest) -> HttpResponse:
    user = officer(request)
    if not selectors_office.can_receive_at_counter(user):
        raise PermissionDeniedError(_("Chỉ cán bộ tiếp nhận được tiếp nhận hồ sơ tại quầy."))
    source = request.POST if request.method == "POST" else request.GET
    pick = ProcedurePickForm(source)
    pick.is_valid()
    q = pick.cleaned_data.get("q", "")[: settings.SAOLA_SEARCH_MAX_LENGTH]
    searching = "search" in request.GET
    procedure = None if searching else _procedure(request, user, pick.cleaned_data.get("procedure", ""))
    lookup = source.get("tim", "")[:LOOKUP_MAX].strip()
    matches = _matches(request, lookup)
    context: dict[str, Any] = {
        "q": q,
        "procedures": selectors_office.counter_procedures(officer=user, q=q),
        "procedure": procedure,
        "lookup": lookup,
        "matches": matches,
        "errors": [],
    }
    if procedure is None:
        return office_render(request, "dossiers/office/counter.html", context, section="counter")
    papers = list(procedure.papers.all())
    if request.method != "POST":
        initial = {} if matches or not lookup else _lookup_initial(lookup)
        if not matches and lookup:
            initial["applicant"] = NEW_APPLICANT
        context.update(
            applicant_form=ApplicantForm(matches=matches, initial=initial),
            eform=eform_render(procedure.form_schema),
            papers_form=PapersForm(papers),
            refusal_form=CounterRefusalForm(),
        )
        return office_render(request, "dossiers/office/counter.html", context, section="counter")
    return _counter_post(request, user=user, procedure=procedure, papers=papers, matches=matches, context=context)


def _counter_post(
    request: HttpRequest,
    *,
    user: User,
    procedure: Procedure,
    papers: list[Any],
    matches: list[User],
    context: dict[str, Any],
) -> HttpResponse:
    applicant_form = ApplicantForm(request.POST, matches=matches)
    answers = eform_read(procedure.form_schema, request.POST)
    papers_form = PapersForm(papers, request.POST, request.FILES)
    refusing = request.POST.get("action") == "refuse"
    refusal_form = CounterRefusalForm(request.POST) if refusing else CounterRefusalForm()
    context.update(applicant_form=applicant_form, papers_form=papers_form, refusal_form=refusal_form)
    eform_errors = dict(answers.errors)
    if refusing:
        if applicant_form.is_valid() & refusal_form.is_valid() & papers_form.is_valid():
            try:
                return _refusal_slip(
                    request,
                    user=user,
                    procedure=procedure,
                    applicant_form=applicant_form,
                    refusal_form=refusal_form,
                    papers_form=papers_form,
                )
            except (ValidationFailed, PermissionDeniedError) as exc:
                context["errors"] = _place_errors(exc, applicant_form, eform_errors, context)
        else:
            context["errors"] = [_("Cần chọn người nộp (hoặc nhập họ tên) và nêu lý do từ chối.")]
        context["refusing"] = True
    elif applicant_form.is_valid() & papers_form.is_valid() & (not eform_errors):
        try:
            intake = dossier_receive_at_counter(
                officer=user,
                procedure=procedure,
                applicant=None if applicant_form.is_new else matches[0] if matches else None,
                new_applicant=_new_applicant(applicant_form),
                address=applicant_form.cleaned_data["address"],
                form_data=answers.data,
                uploads=[PaperUpload(file=f, paper_id=pk) for pk, f in papers_form.scans()],
                checked_papers=papers_form.checked_ids(),
            )
        except (ValidationFailed, ConflictError, PermissionDeniedError) as exc:
            context["errors"] = _place_errors(exc, applicant_form, eform_errors, context)
        else:
            return _received(request, intake)
    else:
        context["errors"] = [_("Hồ sơ chưa hợp lệ; xem các lỗi bên dưới.")]
    context["eform"] = eform_render(procedure.form_schema, values=answers.values, errors=eform_errors)
    return office_render(request, "dossiers/office/counter.html", context, section="counter", status=400)


def _received(request: HttpRequest, intake: CounterIntake) -> HttpResponse:
    dossier = intake.dossier
    messages.success(
        request,
        _("Đã tiếp nhận hồ sơ %(code)s. Hẹn trả kết quả: %(due)s.")
        % {"code": dossier.code, "due": when_text(dossier.due_at)},
    )
    if intake.account_created:
        messages.info(
            request,
            _(
                "Đã tạo tài khoản cho người nộp; tên đăng nhập: %(login)s. Mật khẩu ban đầu được tạo "
                "ngẫu nhiên và không hiển thị; người nộp đặt lại mật khẩu khi cần dùng tài khoản."
            )
            % {"login": intake.login},
        )
    return redirect("office:dossier_detail", code=dossier.code)


def _new_applicant(form: ApplicantForm) -> NewApplicant | None:
    if not form.is_new:
        return None
    data = form.cleaned_data
    return NewApplicant(
        full_name=data["full_name"], personal_id=data["personal_id"], phone=data["phone"], email=data["email"]
    )


def _place_errors(
    exc: ValidationFailed | ConflictError | PermissionDeniedError,
    applicant_form: ApplicantForm,
    eform_errors: dict[str, list[str]],
    context: dict[str, Any],
) -> list[str]:
    """Put a service's field errors next to their fields; the rest go to the summary."""
    summary = [str(exc.message)]
    paper_errors: list[str] = []
    for key, errors in exc.fields.items():
        if key == "form_data":
            eform_errors.setdefault(FORM_ERROR, []).extend(errors)
        elif key.startswith("form_data."):
            eform_errors.setdefault(key.removeprefix("form_data."), []).extend(errors)
        elif key in APPLICANT_FIELDS:
            for error in errors:
                applicant_form.add_error(key, error)
        elif key in {"papers", "files"}:
            paper_errors.extend(errors)
        else:
            summary.extend(errors)
    context["paper_errors"] = paper_errors
    return summary


def _refusal_slip(
    request: HttpRequest,
    *,
    user: User,
    procedure: Procedure,
    applicant_form: ApplicantForm,
    refusal_form: CounterRefusalForm,
    papers_form: PapersForm,
) -> HttpResponse:
    """Record the refusal (Mẫu 03) and show its slip to print; no dossier, no account opened."""
    data = applicant_form.cleaned_data
    chosen = None if applicant_form.is_new else next(iter(_matches(request, "")), None)
    checked = set(papers_form.checked_ids()) | {pk for pk, _f in papers_form.scans()}
    refusal = counter_refusal_record(
        officer=user,
        procedure=procedure,
        applicant=chosen,
        applicant_name=data["full_name"],
        applicant_phone=data["phone"],
        applicant_address=data["address"],
        reason=refusal_form.cleaned_data["reason"],
        missing_papers=[p.name for p in papers_form.papers if p.required and p.pk not in checked],
    )
    messages.success(request, _("Đã ghi nhận việc từ chối tiếp nhận. In phiếu từ chối cho người nộp."))
    return redirect("office:counter_refusal_slip", pk=refusal.pk)


@officer_required
def counter_refusal_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """Phiếu từ chối tiếp nhận (Mẫu 03) of a request refused at the counter, to print (again)."""
    refusal = selectors_office.counter_refusal_get(user=officer(request), pk=pk)
    context = {
        "form": form_info(kind="refusal", on=timezone.localdate(refusal.refused_at)),
        "head": print_head(refusal.organization, at=refusal.refused_at),
        "procedure_name": refusal.procedure.name,
        "organization": refusal.organization,
        "applicant_name": refusal.applicant_name,
        "applicant_address": refusal.applicant_address,
        "applicant_phone": refusal.applicant_phone,
        "reason": refusal.reason,
        "at": vn_datetime(refusal.refused_at),
        "officer_name": refusal.refused_by.display_name if refusal.refused_by else "",
        "code": "",
        "missing": refusal.missing_papers,
        "pdf": "",
    }
    return office_render(request, "dossiers/office/refusal_slip.html", context, section="counter")
