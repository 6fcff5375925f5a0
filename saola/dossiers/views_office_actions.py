"""Actions on a dossier from its office page: each a POST that calls one service and redirects
back to the page with a message. A refused action (wrong state, not this officer's step, a
missing reason) becomes an error message, never an error page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saola.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from saola.core.selectors import organization_get
from saola.dossiers.models import Dossier
from saola.dossiers.office_forms import (
    ApologyForm,
    NoteForm,
    ReasonForm,
    ResultForm,
    StepForm,
    SupplementForm,
    TransferForm,
    form_errors,
)
from saola.dossiers.selectors import dossier_get_for
from saola.dossiers.services import intake, processing, transfer
from saola.dossiers.services.intake import PaperUpload
from saola.dossiers.views_office import error_text, officer, officer_required, when_text


def _perform(
    request: HttpRequest,
    code: str,
    call: Callable[[Dossier], Any],
    success: Callable[[Any], str],
    form: forms.Form | None = None,
) -> HttpResponse:
    """Check `form`, run `call` on the dossier, flash the outcome and go back to the dossier's page."""
    dossier = dossier_get_for(user=officer(request), code=code)  # 404 for other units' dossiers
    if form is not None and not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            result = call(dossier)
        except (ValidationFailed, ConflictError, PermissionDeniedError) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, success(result))
    return redirect("office:dossier_detail", code=dossier.code)


@require_POST
@officer_required
def accept_dossier(request: HttpRequest, code: str) -> HttpResponse:
    form = NoteForm(request.POST)
    return _perform(
        request,
        code,
        lambda d: intake.dossier_accept(officer=officer(request), dossier=d, note=form.cleaned_data["note"]),
        lambda d: _("Đã tiếp nhận hồ sơ. Hẹn trả kết quả: %(due)s.") % {"due": when_text(d.due_at)},
        form,
    )


@require_POST
@officer_required
def refuse_dossier(request: HttpRequest, code: str) -> HttpResponse:
    form = ReasonForm(request.POST)
    return _perform(
        request,
        code,
        lambda d: intake.dossier_refuse(officer=officer(request), dossier=d, reason=form.cleaned_data["reason"]),
        lambda d: _("Đã từ chối tiếp nhận hồ sơ. In phiếu từ chối để giao cho người nộp."),
        form,
    )


@require_POST
@officer_required
def request_supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get_for(user=officer(request), code=code)
    names = [str(p.get("name", "")) for p in (dossier.procedure_snapshot or {}).get("papers") or []]
    form = SupplementForm(names, request.POST)
    return _perform(
        request,
        code,
        lambda d: intake.dossier_request_supplement(
            officer=officer(request), dossier=d, reason=form.cleaned_data["reason"], items=form.item_list()
        ),
        lambda d: _("Đã gửi yêu cầu bổ sung hồ sơ; thời gian giải quyết tạm dừng."),
        form,
    )


@require_POST
@officer_required
def accept_supplement(request: HttpRequest, code: str) -> HttpResponse:
    return _perform(
        request,
        code,
        lambda d: intake.dossier_accept_supplement(officer=officer(request), dossier=d),
        lambda d: _("Đã tiếp nhận hồ sơ bổ sung. Hẹn trả kết quả: %(due)s.") % {"due": when_text(d.due_at)},
    )


@require_POST
@officer_required
def complete_step(request: HttpRequest, code: str) -> HttpResponse:
    form = StepForm(request.POST)

    def done(d: Dossier) -> str:
        approved = form.cleaned_data["approved"]
        first = (
            _("Đã đồng ý.")
            if approved
            else _("Đã trả lại bước trước.")
            if approved is False
            else _("Đã hoàn thành bước.")
        )
        if d.current_step:
            return f"{first} " + _("Bước tiếp theo: %(step)s.") % {"step": d.current_step}
        return first

    return _perform(
        request,
        code,
        lambda d: processing.dossier_complete_step(
            officer=officer(request),
            dossier=d,
            comment=form.cleaned_data["comment"],
            approved=form.cleaned_data["approved"],
            secret=form.cleaned_data["secret"],
        ),
        done,
        form,
    )


@require_POST
@officer_required
def upload_result(request: HttpRequest, code: str) -> HttpResponse:
    form = ResultForm(request.POST, request.FILES)
    return _perform(
        request,
        code,
        lambda d: processing.dossier_upload_result(
            officer=officer(request),
            dossier=d,
            uploads=[PaperUpload(file=form.cleaned_data["file"], name=form.cleaned_data["name"])],
        ),
        lambda files: _("Đã tải lên kết quả: %(names)s.") % {"names": ", ".join(f.name for f in files)},
        form,
    )


@require_POST
@officer_required
def attach_working_file(request: HttpRequest, code: str) -> HttpResponse:
    form = ResultForm(request.POST, request.FILES)
    return _perform(
        request,
        code,
        lambda d: processing.dossier_attach_working_files(
            officer=officer(request),
            dossier=d,
            uploads=[PaperUpload(file=form.cleaned_data["file"], name=form.cleaned_data["name"])],
        ),
        lambda files: _("Đã đính kèm: %(names)s.") % {"names": ", ".join(f.name for f in files)},
        form,
    )


@require_POST
@officer_required
def return_result(request: HttpRequest, code: str) -> HttpResponse:
    form = NoteForm(request.POST)
    return _perform(
        request,
        code,
        lambda d: processing.dossier_return_result(officer=officer(request), dossier=d, note=form.cleaned_data["note"]),
        lambda d: _("Đã trả kết quả cho người nộp."),
        form,
    )


@require_POST
@officer_required
def apologize(request: HttpRequest, code: str) -> HttpResponse:
    form = ApologyForm(request.POST)
    return _perform(
        request,
        code,
        lambda d: processing.dossier_apologize(
            officer=officer(request),
            dossier=d,
            reason=form.cleaned_data["reason"],
            extra_days=float(form.cleaned_data["extra_days"]),
        ),
        lambda apology: (
            _("Đã lập văn bản xin lỗi và hẹn lại. Hẹn trả kết quả mới: %(due)s.")
            % {"due": when_text(apology.new_due_at)}
        ),
        form,
    )


@require_POST
@officer_required
def stop_dossier(request: HttpRequest, code: str) -> HttpResponse:
    form = ReasonForm(request.POST)
    return _perform(
        request,
        code,
        lambda d: processing.dossier_stop(officer=officer(request), dossier=d, reason=form.cleaned_data["reason"]),
        lambda d: _("Đã dừng xử lý hồ sơ."),
        form,
    )


@require_POST
@officer_required
def approve_withdrawal(request: HttpRequest, code: str) -> HttpResponse:
    return _perform(
        request,
        code,
        lambda d: processing.dossier_approve_withdrawal(officer=officer(request), dossier=d),
        lambda d: _("Đã đồng ý cho người nộp rút hồ sơ."),
    )


@require_POST
@officer_required
def transfer_dossier(request: HttpRequest, code: str) -> HttpResponse:
    form = TransferForm(request.POST)

    def call(d: Dossier) -> Dossier:
        try:
            target = organization_get(code=form.cleaned_data["organization"])
        except NotFoundError as exc:
            raise ValidationFailed(_("Không tìm thấy đơn vị phối hợp.")) from exc
        return transfer.dossier_transfer(
            officer=officer(request), dossier=d, organization=target, note=form.cleaned_data["note"]
        )

    return _perform(request, code, call, lambda d: _("Đã chuyển hồ sơ sang đơn vị phối hợp."), form)


@require_POST
@officer_required
def return_to_origin(request: HttpRequest, code: str) -> HttpResponse:
    form = NoteForm(request.POST)
    return _perform(
        request,
        code,
        lambda d: transfer.dossier_return_from_other_unit(
            officer=officer(request), dossier=d, note=form.cleaned_data["note"]
        ),
        lambda d: _("Đã trả hồ sơ về đơn vị tiếp nhận."),
        form,
    )
