"""Back-office pages for official documents under /office/van-ban/.

Views parse, authorise (through the services' own checks), call one service or selector and
render. A refused action (wrong state, missing right, bad field) becomes a message on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from saola.core.exceptions import NotFoundError, PermissionDeniedError, SaolaError
from saola.core.models import User
from saola.documents import inputs, selectors
from saola.documents.drafts import TEMPLATES, render_document
from saola.documents.forms import (
    AssignForm,
    AttachForm,
    DistributeForm,
    DraftForm,
    IncomingForm,
    ListForm,
    SecretForm,
    TextForm,
    WorkDossierForm,
)
from saola.documents.models import Document, WorkDossier
from saola.documents.permissions import officer_required
from saola.documents.schemas import event_label
from saola.documents.services import incoming, outgoing, work
from saola.documents.states import Direction, DossierState, Status

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDeniedError()
    return user


def _error_text(exc: SaolaError) -> str:
    details = [str(e) for errors in exc.fields.values() for e in errors]
    message = str(exc.message)
    if details and message == str(type(exc).default_message):
        return " ".join(details)
    return " ".join([message, *details])


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200, section: str = ""
) -> HttpResponse:
    context = {**context, "office_section": "documents", "documents_section": section}
    return render(request, template, context, status=status)


@officer_required
def document_list(request: HttpRequest) -> HttpResponse:
    """Registers of incoming and outgoing documents: search, filters, sort, paging."""
    form = ListForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    direction = cleaned.get("direction") or Direction.INCOMING
    filters = selectors.DocumentFilters(
        direction=direction,
        status=cleaned.get("status") or None,
        document_type=cleaned.get("type") or None,
        urgency=cleaned.get("urgency") or None,
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
    )
    q = cleaned.get("q", "")
    if q:
        found = selectors.document_search(user=request.user, q=q, filters=filters, limit=PAGE_SIZE * 20)
        page = Paginator(found.items, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        page = _page(
            request, selectors.document_list(user=request.user, filters=filters, sort=cleaned.get("sort") or "-date")
        )
    return _render(
        request,
        "documents/office/list.html",
        {"form": form, "page": page, "direction": direction, "q": q, "filtered": bool(request.GET)},
        section=str(direction),
    )


@officer_required
def register_incoming(request: HttpRequest) -> HttpResponse:
    """The clerk's form for a received document, with its files."""
    form = IncomingForm(request.POST or None, request.FILES or None, user=_user(request))
    if request.method == "POST" and form.is_valid():
        try:
            organization, data = inputs.incoming_from(form.values())
            document = incoming.document_register_incoming(
                clerk=_user(request), organization=organization, data=data, files=request.FILES.getlist("attachments")
            )
        except SaolaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã vào sổ văn bản đến, số đến %(n)s.") % {"n": document.number})
            return redirect("documents:detail", pk=document.pk)
    return _render(
        request,
        "documents/office/incoming_form.html",
        {"form": form},
        status=400 if form.errors else 200,
        section="register",
    )


@officer_required
def draft_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new outgoing draft (from a template), or edits to one."""
    user = _user(request)
    document = selectors.document_get_for(user=user, pk=pk) if pk else None
    form = DraftForm(request.POST or None, user=user, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            organization, data = inputs.draft_from(
                form.values(), organization=document.organization if document else None
            )
            if document is None:
                document = outgoing.draft_create(author=user, organization=organization, data=data)
            else:
                outgoing.draft_update(author=user, document=document, data=data)
        except SaolaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("documents:detail", pk=document.pk)
    context = {"form": form, "document": document, "templates": TEMPLATES.values()}
    return _render(
        request, "documents/office/draft_form.html", context, status=400 if form.errors else 200, section="draft"
    )


@officer_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for(user=request.user, pk=pk)
    history = [{"event": e, "label": event_label(e.action)} for e in selectors.document_history(document=document)]
    context = {
        "document": document,
        "history": history,
        "assignments": document.assignments.select_related("unit", "assignee"),
        "attachments": document.attachments.all(),
        "notes": document.notes.select_related("author"),
        "distributions": document.distributions.select_related("unit", "person"),
        "assign_form": AssignForm(user=_user(request), document=document),
        "distribute_form": DistributeForm(),
        "attach_form": AttachForm(),
        "statuses": Status,
        "is_incoming": document.direction == Direction.INCOMING,
    }
    return _render(request, "documents/office/detail.html", context)


@officer_required
def document_file(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    document = selectors.document_get_for(user=request.user, pk=pk)
    row = document.attachments.filter(pk=attachment_id).first()
    if row is None:
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=False, filename=row.name, content_type=row.content_type)


@officer_required
def document_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft as it will be printed (Decree 30/2020 layout), before numbering."""
    document = selectors.document_get_for(user=request.user, pk=pk)
    if document.direction != Direction.OUTGOING:
        raise Http404
    pdf = render_document(document).pdf
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="du-thao-{document.pk}.pdf"'
    return response


def _act(
    request: HttpRequest, pk: int, form: Any, call: Callable[[Document, dict[str, Any]], Any], done: str
) -> HttpResponse:
    user = _user(request)
    document = selectors.document_get_for(user=user, pk=pk)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            call(document, form.cleaned_data)
        except NotFoundError:
            raise
        except SaolaError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, done)
    return redirect("documents:detail", pk=document.pk)


ACTIONS: dict[str, tuple[type, Callable[[User, Document, dict[str, Any]], Any], Promise]] = {
    "comment": (
        TextForm,
        lambda u, d, c: incoming.document_comment(actor=u, document=d, text=c["text"]),
        gettext_lazy("Đã ghi ý kiến."),
    ),
    "complete": (
        TextForm,
        lambda u, d, c: incoming.document_complete(actor=u, document=d, result=c["text"]),
        gettext_lazy("Đã ghi kết quả xử lý."),
    ),
    "return": (
        TextForm,
        lambda u, d, c: incoming.document_return_to_sender(actor=u, document=d, reason=c["text"]),
        gettext_lazy("Đã trả lại văn bản cho nơi gửi."),
    ),
    "refuse": (
        TextForm,
        lambda u, d, c: incoming.document_refuse(actor=u, document=d, reason=c["text"]),
        gettext_lazy("Đã từ chối tiếp nhận văn bản."),
    ),
    "submit": (
        TextForm,
        lambda u, d, c: outgoing.draft_submit(author=u, document=d, note=c["text"]),
        gettext_lazy("Đã trình lãnh đạo duyệt."),
    ),
    "request_changes": (
        TextForm,
        lambda u, d, c: outgoing.draft_request_changes(leader=u, document=d, comments=c["text"]),
        gettext_lazy("Đã trả lại dự thảo kèm ý kiến."),
    ),
    "approve": (
        SecretForm,
        lambda u, d, c: outgoing.draft_approve(leader=u, document=d, secret=c["secret"]),
        gettext_lazy("Đã ký duyệt văn bản."),
    ),
    "issue": (
        SecretForm,
        lambda u, d, c: outgoing.document_issue(clerk=u, document=d, secret=c["secret"]),
        gettext_lazy("Đã cấp số và ban hành văn bản."),
    ),
}


@require_POST
@officer_required
def document_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    form_class, call, done = ACTIONS[action]
    user = _user(request)
    return _act(request, pk, form_class(request.POST), lambda d, c: call(user, d, c), str(done))


@require_POST
@officer_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    document = selectors.document_get_for(user=user, pk=pk)
    form = AssignForm(request.POST, user=user, document=document)
    return _act(
        request,
        pk,
        form,
        lambda d, c: incoming.document_assign(
            actor=user, document=d, targets=form.targets(), instruction=c["instruction"], deadline=c["deadline"]
        ),
        _("Đã phân công xử lý."),
    )


@require_POST
@officer_required
def distribute(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    form = DistributeForm(request.POST)
    return _act(
        request,
        pk,
        form,
        lambda d, c: outgoing.document_distribute(
            clerk=user, document=d, units=c["units"], external=form.external_recipients()
        ),
        _("Đã phát hành văn bản đến nơi nhận."),
    )


@require_POST
@officer_required
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Add files (appendices, drafts) to a document that is not issued yet."""
    user = _user(request)
    form = AttachForm(request.POST, request.FILES)
    return _act(
        request,
        pk,
        form,
        lambda d, c: incoming.document_attach(
            actor=user, document=d, files=request.FILES.getlist("attachments"), kind=c["kind"]
        ),
        _("Đã đính kèm tệp."),
    )


@officer_required
def work_dossier_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = WorkDossierForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = work.work_dossier_create(actor=user, **form.service_kwargs())
        except SaolaError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Đã mở hồ sơ công việc."))
            return redirect("documents:work_dossier", pk=dossier.pk)
    state = request.GET.get("state") if request.GET.get("state") in DossierState.values else None
    q = request.GET.get("q", "")[: settings.SAOLA_SEARCH_MAX_LENGTH]
    page = _page(request, selectors.work_dossier_list(user=user, state=state, q=q))
    context = {"form": form, "page": page, "state": state, "q": q, "states": DossierState.choices}
    return _render(
        request, "documents/office/work_dossiers.html", context, status=400 if form.errors else 200, section="work"
    )


@officer_required
def work_dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    dossier = selectors.work_dossier_get_for(user=user, pk=pk)
    if request.method == "POST":
        try:
            _work_action(user, dossier, request.POST)
        except NotFoundError:
            raise
        except SaolaError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã cập nhật hồ sơ công việc."))
        return redirect("documents:work_dossier", pk=dossier.pk)
    documents = selectors.work_dossier_documents(user=user, dossier=dossier)
    return _render(request, "documents/office/work_dossier.html", {"dossier": dossier, "documents": documents})


def _work_action(user: User, dossier: WorkDossier, data: Any) -> None:
    action = data.get("action")
    if action == "close":
        work.work_dossier_close(actor=user, dossier=dossier)
    elif action == "archive":
        work.work_dossier_archive(actor=user, dossier=dossier)
    elif action == "add":
        ids = [int(v) for v in data.getlist("documents") if v.isdigit()]
        documents = [selectors.document_get_for(user=user, pk=i) for i in ids]
        work.work_dossier_add_documents(actor=user, dossier=dossier, documents=documents)
    else:
        raise Http404
