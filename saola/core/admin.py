"""Django admin for organisations, people, roles, the calendar, legal rules and the audit log.

Every save and delete made here leaves an audit entry in the same transaction: through the
service when one exists (which audits), otherwise through `AuditedAdminMixin`. The organisation
changelist also imports and exports the tree (CSV/XLSX) through `saola.core.interchange`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from saola.core import interchange, services
from saola.core.audit import audit_record, snapshot
from saola.core.exceptions import ImportRejected
from saola.core.interchange.common import COLUMNS as ORGANIZATION_COLUMNS
from saola.core.models import (
    ApiToken,
    AuditEntry,
    CalendarOverride,
    LegalRule,
    Notification,
    NotificationTemplate,
    Organization,
    RoleAssignment,
    User,
)
from saola.core.notification_texts import VARIABLES
from saola.core.notifications import notification_requeue
from saola.core.permissions import can_exchange_organizations
from saola.core.text import search_terms
from saola.core.tokens import api_token_revoke
from saola.core.uploads import read_stream_safely

admin.site.site_header = _("Quản trị Saola")
admin.site.site_title = _("Quản trị Saola")
admin.site.index_title = _("Quản trị nền tảng chính quyền điện tử")

_BEFORE = "_saola_audit_before"


def request_actor(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def copy_saved(target: models.Model, saved: models.Model) -> None:
    """Make the admin's in-memory object the row a service saved (pk, computed fields)."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


def folded_search(queryset: QuerySet[Any], search_term: str, *, code_field: str = "code") -> QuerySet[Any]:
    """Search ignoring Vietnamese diacritics (the model's `search_text`) or by code."""
    for term in search_terms(search_term):
        queryset = queryset.filter(Q(search_text__contains=term) | Q(**{f"{code_field}__icontains": term}))
    return queryset


M = TypeVar("M", bound=models.Model)


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """A page that only shows rows: they are written by services (audited), never by admin forms."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


class AuditedAdminMixin(admin.ModelAdmin[M]):
    """Audit entries for admin saves and deletes of models that have no service.

    The "before" snapshot is read from the database before the save; the entry is written after
    the related objects (inlines, many-to-many) are saved, inside the admin's transaction.
    """

    audit_prefix: ClassVar[str] = ""

    def audit_action(self, verb: str) -> str:
        return f"{self.audit_prefix or self.model._meta.model_name}.{verb}"

    def audit_snapshot(self, obj: Any) -> dict[str, Any]:
        return snapshot(obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            obj.__dict__[_BEFORE] = self.audit_snapshot(stored)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        audit_record(
            actor=request_actor(request),
            action=self.audit_action("update" if change else "create"),
            obj=obj,
            before=obj.__dict__.pop(_BEFORE, None),
            after=self.audit_snapshot(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before, pk = self.audit_snapshot(obj), obj.pk
        with transaction.atomic():
            super().delete_model(request, obj)
            audit_record(
                actor=request_actor(request),
                action=self.audit_action("delete"),
                obj=obj,
                object_id=str(pk),
                before=before,
            )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class AuditedDeleteMixin(AuditedAdminMixin[M]):
    """Saves go through a service (which audits); only deletes are audited here."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        admin.ModelAdmin.save_related(self, request, form, formsets, change)


# --- import / export pages ------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp dữ liệu"))


def import_page(
    model_admin: admin.ModelAdmin[Any],
    request: HttpRequest,
    *,
    run: Callable[[UploadedFile, User | None], int],
    accept: str,
    help_text: str | Promise,
    done: str | Promise,
) -> HttpResponse:
    """Upload form; on success a message and back to the list, otherwise every error with its line."""
    opts = model_admin.model._meta
    errors: list[dict[str, Any]] = []
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields["file"].widget.attrs["accept"] = accept
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            count = run(form.cleaned_data["file"], request_actor(request))
        except ImportRejected as exc:
            errors, status = exc.errors, 400
            messages.error(request, str(exc.message))
        else:
            messages.success(request, str(done) % {"count": count})
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Nhập %(name)s từ tệp") % {"name": opts.verbose_name_plural},
        "form": form,
        "help_text": help_text,
        "errors": errors,
    }
    return TemplateResponse(request, "admin/saola/import.html", context, status=status)


def download(data: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- organisations --------------------------------------------------------------------------

# The fields an administrator edits are the columns of the import/export file.
ORGANIZATION_FIELDS = ORGANIZATION_COLUMNS


class OrganizationForm(ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        parent = cleaned.get("parent")
        if self.instance.pk and parent is not None and parent.path.startswith(self.instance.path):
            self.add_error("parent", _("Không thể đặt cơ quan trực thuộc chính nó hoặc một đơn vị cấp dưới của nó."))
        return cleaned


@admin.register(Organization)
class OrganizationAdmin(AuditedDeleteMixin[Organization]):
    form = OrganizationForm
    list_display = ("tree_name", "code", "level", "admin_unit_code", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    ordering = ("path",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("path", "depth")
    list_per_page = 200
    change_list_template = "admin/saola/change_list_interchange.html"

    @admin.display(description=_("tên"), ordering="path")
    def tree_name(self, obj: Organization) -> SafeString:
        return format_html(
            '<span style="display:inline-block;min-width:18em;padding-left:{}em">{}</span>', obj.depth * 1.5, obj.name
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Organization], search_term: str
    ) -> tuple[QuerySet[Organization], bool]:
        return folded_search(queryset, search_term), False

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        """Through the services, which keep the materialised path and write the audit entry."""
        data = {name: form.cleaned_data[name] for name in ORGANIZATION_FIELDS if name in form.cleaned_data}
        actor = request_actor(request)
        if not change:
            copy_saved(obj, services.organization_create(actor=actor, **data))
            return
        changes = {name: data[name] for name in form.changed_data if name in data}
        if changes:
            stored = Organization.objects.get(pk=obj.pk)
            copy_saved(obj, services.organization_update(actor=actor, organization=stored, **changes))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        with transaction.atomic():
            for obj in queryset.order_by("-depth"):  # children before their parents
                self.delete_model(request, obj)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="core_organization_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="core_organization_export"),
        ]
        return own + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra = dict(extra_context or {})
        if can_exchange_organizations(request.user):
            export = reverse("admin:core_organization_export")
            extra["interchange_links"] = [
                (_("Nhập từ tệp"), reverse("admin:core_organization_import")),
                (_("Xuất CSV"), f"{export}?format=csv"),
                (_("Xuất XLSX"), f"{export}?format=xlsx"),
            ]
        return super().changelist_view(request, extra)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not can_exchange_organizations(request.user):
            raise PermissionDenied

        def run(upload: UploadedFile, actor: User | None) -> int:
            fmt = interchange.format_from_name(upload.name or "")
            data = read_stream_safely(upload, size=upload.size)
            return interchange.organizations_import(data=data, fmt=fmt, actor=actor)

        return import_page(
            self,
            request,
            run=run,
            accept=".csv,.xlsx",
            help_text=_(
                "Tệp CSV (UTF-8) hoặc XLSX (trang “CoQuan”) với các cột: %(columns)s. "
                "Cơ quan đã có (cùng mã) được cập nhật; tệp có bất kỳ dòng lỗi nào sẽ không được ghi."
            )
            % {"columns": ", ".join(interchange.COLUMNS)},
            done=_("Đã nhập %(count)s cơ quan, đơn vị."),
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not can_exchange_organizations(request.user):
            raise PermissionDenied
        fmt = interchange.parse_format(request.GET.get("format", "csv"))
        content_type = "text/csv; charset=utf-8" if fmt is interchange.Format.CSV else XLSX_CONTENT_TYPE
        return download(
            interchange.organizations_export(fmt=fmt), content_type=content_type, filename=f"co-quan-don-vi.{fmt}"
        )


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- people and roles -----------------------------------------------------------------------


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    fields = ("role", "organization")
    autocomplete_fields = ("organization",)


class SaolaUserCreationForm(AdminUserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("username", "kind", "full_name")
        field_classes: ClassVar = {"username": UsernameField}


class SaolaUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"
        field_classes: ClassVar = {"username": UsernameField}


def _role_assignment_changed(request: HttpRequest, assignment: RoleAssignment) -> None:
    before = snapshot(RoleAssignment.objects.get(pk=assignment.pk))
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=request_actor(request), action="role.update", obj=assignment, before=before, after=snapshot(assignment)
    )


@admin.register(User)
class UserAdmin(AuditedAdminMixin[User], DjangoUserAdmin):  # type: ignore[type-arg]
    audit_prefix = "user"
    form = SaolaUserChangeForm
    add_form = SaolaUserCreationForm
    inlines = (RoleAssignmentInline,)
    list_display = ("username", "full_name", "kind", "organization", "position", "is_active", "is_staff")
    list_filter = ("kind", "is_active", "is_staff", "is_superuser", "roles__role")
    search_fields = ("username", "full_name", "email", "phone", "personal_id", "tax_code")
    ordering = ("username",)
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
    fieldsets = (
        (None, {"fields": ("username", "password", "kind")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone", "personal_id", "tax_code")}),
        (_("Công tác"), {"fields": ("organization", "position")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "kind", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Role changes through `role_assign` / `role_revoke`, which audit them."""
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)
        actor = request_actor(request)
        for assignment in formset.deleted_objects:
            services.role_revoke(actor=actor, assignment=assignment)
        for assignment, _changed in formset.changed_objects:
            _role_assignment_changed(request, assignment)
        for assignment in formset.new_objects:
            saved = services.role_assign(
                actor=actor, user=form.instance, organization=assignment.organization, role=assignment.role
            )
            copy_saved(assignment, saved)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                audit_record(actor=request_actor(request), action="user.password_set", obj=user)
        return response


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedDeleteMixin[RoleAssignment]):
    list_display = ("user", "role", "organization")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "organization__code", "organization__name")
    autocomplete_fields = ("user", "organization")
    list_select_related = ("user", "organization")
    ordering = ("organization__path", "user__username")

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        if change:
            _role_assignment_changed(request, obj)
        else:
            saved = services.role_assign(
                actor=request_actor(request), user=obj.user, organization=obj.organization, role=obj.role
            )
            copy_saved(obj, saved)

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        services.role_revoke(actor=request_actor(request), assignment=obj)


# --- calendar, legal rules ------------------------------------------------------------------


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedDeleteMixin[CalendarOverride]):
    audit_prefix = "calendar"
    list_display = ("date", "kind", "note", "source")
    list_filter = ("kind",)
    search_fields = ("note", "source")
    date_hierarchy = "date"
    ordering = ("-date",)

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarOverride | None = None) -> tuple[str, ...]:
        return ("date",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool) -> None:
        saved = services.calendar_override_set(
            actor=request_actor(request), date=obj.date, kind=obj.kind, note=obj.note, source=obj.source
        )
        copy_saved(obj, saved)


@admin.register(LegalRule)
class LegalRuleAdmin(AuditedDeleteMixin[LegalRule]):
    audit_prefix = "legal_rule"
    list_display = ("key", "effective_from", "effective_to", "source", "confidence")
    list_filter = ("confidence", "key")
    search_fields = ("key", "source", "note")
    date_hierarchy = "effective_from"
    ordering = ("key", "-effective_from")

    def get_readonly_fields(self, request: HttpRequest, obj: LegalRule | None = None) -> tuple[str, ...]:
        # The version is identified by (key, effective_from); the service closes older versions.
        return ("key", "effective_from", "effective_to") if obj is not None else ("effective_to",)

    def save_model(self, request: HttpRequest, obj: LegalRule, form: Any, change: bool) -> None:
        saved = services.legal_rule_set(
            actor=request_actor(request),
            key=obj.key,
            value=obj.value,
            effective_from=obj.effective_from,
            source=obj.source,
            confidence=obj.confidence,
            note=obj.note,
        )
        copy_saved(obj, saved)


# --- audit log, API tokens ------------------------------------------------------------------


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    """Read-only for everyone, superusers included: the log is append-only."""

    list_display = ("at", "actor_label", "action", "object_type", "object_id", "object_repr", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_type", "object_id", "object_repr", "actor_label")
    date_hierarchy = "at"
    ordering = ("-at", "-id")
    show_full_result_count = False
    list_per_page = 100

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin[ApiToken]):
    """Tokens are issued through the API (the secret is shown once); here they are seen and revoked."""

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "prefix", "user__username", "user__full_name")
    list_select_related = ("user",)
    ordering = ("-created_at",)
    exclude = ("key_hash",)
    actions = ("revoke",)

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    @admin.action(description=_("Thu hồi các khóa đã chọn"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor = request_actor(request)
        assert actor is not None  # noqa: S101 - the admin requires a signed-in user
        with transaction.atomic():
            for token in queryset.filter(revoked=False):
                api_token_revoke(actor=actor, token=token)
        messages.success(request, _("Đã thu hồi khóa truy cập."))


# --- notifications ----------------------------------------------------------------------------


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(AuditedAdminMixin[NotificationTemplate]):
    """The texts of e-mails and SMS; a saved change applies to messages queued from then on."""

    audit_prefix = "notification_template"
    list_display = ("key", "channel", "language", "subject", "updated_at")
    list_filter = ("channel", "language", "key")
    search_fields = ("key", "subject", "body")
    ordering = ("key", "channel", "language")
    readonly_fields = ("variables",)

    @admin.display(description=_("Biến dùng được"))
    def variables(self, obj: NotificationTemplate) -> str:
        names = VARIABLES.get(obj.key, ()) if obj is not None else ()
        return ", ".join(f"{{{{ {name} }}}}" for name in names) or "—"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin[Notification]):
    """The outbox: every message with its status; failed ones (the dead letters) can be sent again."""

    list_display = ("created_at", "channel", "recipient", "template_key", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "template_key")
    search_fields = ("recipient", "idempotency_key", "subject")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
    actions = ("send_again",)

    def has_send_again_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    @admin.action(description=_("Gửi lại các thông báo chưa gửi được"), permissions=["send_again"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        actor = request_actor(request)
        now = timezone.now()
        waiting = queryset.exclude(status=Notification.Status.SENT).exclude(claimed_until__gt=now)
        with transaction.atomic():
            count = 0
            for notification in waiting:
                notification_requeue(actor=actor, notification=notification)
                count += 1
        messages.success(request, _("Đã đưa %(count)d thông báo vào hàng đợi gửi lại.") % {"count": count})
