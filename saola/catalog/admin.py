"""Django admin for the procedure catalogue: fields, flows, procedures with their papers, fees and legal bases.

Saves go through the catalogue services (`field_upsert`, `flow_save`, `procedure_save`), which
audit them; deletes and the stand-alone child rows are audited by `AuditedAdminMixin`. A flow's
BPMN is checked with `parse_flow` in the form, so a bad document is a form error, not a crash.
The procedure changelist imports and exports the catalogue through `saola.catalog.interchange`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from saola.catalog import services
from saola.catalog.bpmn import MAX_BPMN_BYTES, InvalidFlow, parse_flow
from saola.catalog.models import Fee, Field, Flow, LegalBasis, Paper, Procedure
from saola.catalog.services import _procedure_snapshot
from saola.core.admin import (
    AuditedAdminMixin,
    AuditedDeleteMixin,
    copy_saved,
    download,
    folded_search,
    import_page,
    request_actor,
)
from saola.core.models import Organization, User

LEVEL_CHOICES = [(level.value, level.label) for level in Organization.Level if level.value in services.LEVELS]
# KENH of the national procedure database.
CHANNEL_CHOICES = [(1, _("Trực tiếp")), (2, _("Trực tuyến")), (3, _("Qua dịch vụ bưu chính công ích"))]


# --- fields -------------------------------------------------------------------------------


@admin.register(Field)
class FieldAdmin(AuditedDeleteMixin[Field]):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    ordering = ("name",)

    def get_readonly_fields(self, request: HttpRequest, obj: Field | None = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Field, form: Any, change: bool) -> None:
        copy_saved(obj, services.field_upsert(actor=request_actor(request), code=obj.code, name=obj.name))


# --- flows --------------------------------------------------------------------------------


class FlowForm(ModelForm):  # type: ignore[type-arg]
    bpmn_file = forms.FileField(
        label=_("hoặc tải lên tệp .bpmn"),
        required=False,
        help_text=_("Tệp BPMN 2.0 từ trình vẽ quy trình; nếu có, thay cho nội dung ở trên."),
    )

    class Meta:
        model = Flow
        fields = ("code", "name", "bpmn_xml", "bpmn_file")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bpmn_xml"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        upload = cleaned.get("bpmn_file")
        if upload:
            raw = upload.read(MAX_BPMN_BYTES + 1)
            try:
                cleaned["bpmn_xml"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("bpmn_file", _("Tệp BPMN phải dùng bảng mã UTF-8."))
                return cleaned
        xml = cleaned.get("bpmn_xml") or ""
        if not xml.strip():
            self.add_error("bpmn_xml", _("Cần nội dung BPMN 2.0 hoặc một tệp .bpmn."))
            return cleaned
        try:
            parse_flow(xml)
        except InvalidFlow as exc:
            self.add_error("bpmn_file" if upload else "bpmn_xml", str(exc.message))
        return cleaned


@admin.register(Flow)
class FlowAdmin(AuditedDeleteMixin[Flow]):
    form = FlowForm
    list_display = ("code", "name", "process_id")
    search_fields = ("code", "name")
    ordering = ("code",)

    def get_readonly_fields(self, request: HttpRequest, obj: Flow | None = None) -> tuple[str, ...]:
        return ("code", "process_id", "user_tasks") if obj is not None else ("process_id", "user_tasks")

    def audit_snapshot(self, obj: Any) -> dict[str, Any]:
        return {k: v for k, v in super().audit_snapshot(obj).items() if k != "bpmn_xml"}

    def save_model(self, request: HttpRequest, obj: Flow, form: Any, change: bool) -> None:
        saved = services.flow_save(
            actor=request_actor(request), code=obj.code, name=obj.name, bpmn_xml=form.cleaned_data["bpmn_xml"]
        )
        copy_saved(obj, saved)


# --- procedures ---------------------------------------------------------------------------


# Form links default to https (the Django 6 behaviour) rather than http.
URL_FIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


class PaperInline(admin.TabularInline[Paper, Procedure]):
    model = Paper
    extra = 0
    formfield_overrides = URL_FIELDS
    fields = ("order", "code", "name", "originals", "copies", "required", "form_name", "form_file", "form_url")


class FeeInline(admin.TabularInline[Fee, Procedure]):
    model = Fee
    extra = 0
    fields = ("name", "amount", "collection", "description")


class LegalBasisInline(admin.TabularInline[LegalBasis, Procedure]):
    model = LegalBasis
    extra = 0
    fields = ("number", "title")


class ProcedureForm(ModelForm):  # type: ignore[type-arg]
    levels = forms.MultipleChoiceField(
        label=_("cấp thực hiện"), choices=LEVEL_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.TypedMultipleChoiceField(
        label=_("cách thức thực hiện"),
        choices=CHANNEL_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Procedure
        fields = (
            "code",
            "name",
            "field",
            "levels",
            "agencies",
            "processing_days",
            "cut_off_hour",
            "online_category",
            "channels",
            "applicants",
            "requirements",
            "steps",
            "result",
            "flow",
            "form_schema",
            "is_active",
        )


PROCEDURE_DETAILS = (
    "channels",
    "applicants",
    "requirements",
    "steps",
    "result",
    "cut_off_hour",
    "form_schema",
    "is_active",
)
PAPER_KEYS = ("code", "name", "originals", "copies", "required", "form_name", "form_file", "form_url")
FEE_KEYS = ("name", "amount", "description", "collection")
LEGAL_BASIS_KEYS = ("number", "title")


def _kept_rows(formset: Any) -> list[dict[str, Any]]:
    """The cleaned rows an inline formset keeps (filled in, not marked for deletion)."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def _file_value(value: Any) -> Any:
    """An inline file cell as `procedure_save` takes it: a new upload, the stored name, or empty."""
    if isinstance(value, UploadedFile):
        return value
    if isinstance(value, FieldFile):
        return value.name or ""
    return ""


@admin.register(Procedure)
class ProcedureAdmin(AuditedDeleteMixin[Procedure]):
    audit_prefix = "procedure"
    form = ProcedureForm
    inlines = (PaperInline, FeeInline, LegalBasisInline)
    list_display = ("code", "name", "field", "online_category", "processing_days", "is_active")
    list_filter = ("field", "online_category", "is_active")
    search_fields = ("code", "name")
    autocomplete_fields = ("field", "agencies", "flow")
    list_select_related = ("field",)
    ordering = ("code",)
    change_list_template = "admin/saola/change_list_interchange.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Procedure | None = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Procedure], search_term: str
    ) -> tuple[QuerySet[Procedure], bool]:
        return folded_search(queryset, search_term), False

    def audit_snapshot(self, obj: Any) -> dict[str, Any]:
        return _procedure_snapshot(obj)

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        """Saved with its papers, fees and legal bases in `save_related`, by `procedure_save`."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        rows = {formset.model: _kept_rows(formset) for formset in formsets}
        papers = sorted(rows.get(Paper, []), key=lambda row: row.get("order") or 0)
        saved = services.procedure_save(
            actor=request_actor(request),
            code=form.instance.code,
            name=data["name"],
            field=data["field"],
            levels=data["levels"],
            processing_days=data["processing_days"],
            online_category=data["online_category"],
            agencies=list(data["agencies"]),
            flow=data.get("flow"),
            papers=[
                {key: _file_value(row.get(key)) if key == "form_file" else row.get(key) for key in PAPER_KEYS}
                for row in papers
            ],
            fees=[{key: row.get(key) for key in FEE_KEYS} for row in rows.get(Fee, [])],
            legal_bases=[{key: row.get(key) for key in LEGAL_BASIS_KEYS} for row in rows.get(LegalBasis, [])],
            **{key: data[key] for key in PROCEDURE_DETAILS},
        )
        copy_saved(form.instance, saved)
        for formset in formsets:
            # The admin's change message reads these; the service replaced the rows wholesale.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalog_procedure_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="catalog_procedure_export"),
        ]
        return own + super().get_urls()

    def _may_import(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra = dict(extra_context or {})
        export = reverse("admin:catalog_procedure_export")
        links = [(_("Xuất JSON"), f"{export}?format=json"), (_("Xuất XLSX"), f"{export}?format=xlsx")]
        if self._may_import(request):
            links.insert(0, (_("Nhập từ tệp"), reverse("admin:catalog_procedure_import")))
        extra["interchange_links"] = links
        return super().changelist_view(request, extra)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self._may_import(request):
            raise PermissionDenied
        from saola.catalog.interchange import catalog_import_upload

        def run(upload: UploadedFile, actor: User | None) -> int:
            return catalog_import_upload(name=upload.name or "", size=upload.size, stream=upload, actor=actor)

        return import_page(
            self,
            request,
            run=run,
            accept=".json,.xlsx",
            help_text=_(
                "Tệp JSON theo cấu trúc CSDL quốc gia về TTHC hoặc tệp XLSX xuất từ đây. Thủ tục đã có "
                "(cùng mã) được thay thế; tệp có bất kỳ dòng lỗi nào sẽ không được ghi."
            ),
            done=_("Đã nhập %(count)s thủ tục hành chính."),
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        from saola.catalog.interchange import CONTENT_TYPES, catalog_export

        fmt = request.GET.get("format", "xlsx")
        if fmt not in CONTENT_TYPES:
            fmt = "xlsx"
        return download(catalog_export(fmt=fmt), content_type=CONTENT_TYPES[fmt], filename=f"thu-tuc-hanh-chinh.{fmt}")


# --- stand-alone child rows (normally edited inside their procedure) ----------------------


@admin.register(Paper)
class PaperAdmin(AuditedAdminMixin[Paper]):
    formfield_overrides = URL_FIELDS
    list_display = ("name", "procedure", "originals", "copies", "required")
    list_filter = ("required",)
    search_fields = ("name", "code", "procedure__code", "procedure__name")
    autocomplete_fields = ("procedure",)
    list_select_related = ("procedure",)


@admin.register(Fee)
class FeeAdmin(AuditedAdminMixin[Fee]):
    list_display = ("name", "procedure", "amount", "collection")
    list_filter = ("collection",)
    search_fields = ("name", "procedure__code", "procedure__name")
    autocomplete_fields = ("procedure",)
    list_select_related = ("procedure",)


@admin.register(LegalBasis)
class LegalBasisAdmin(AuditedAdminMixin[LegalBasis]):
    audit_prefix = "legal_basis"
    list_display = ("number", "title", "procedure")
    search_fields = ("number", "title", "procedure__code", "procedure__name")
    autocomplete_fields = ("procedure",)
    list_select_related = ("procedure",)
