"""Admin of the hub: its agency registry, the messages it accepted and its delivery queues.

Every write goes through an audited service."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from saola.core.admin import ReadOnlyAdmin, copy_saved, request_actor
from saola.exchange.hub.selectors import hub_queue_summary
from saola.exchange.hub.services import delivery_replay
from saola.exchange.models import Agency, HubDelivery, HubMessage, InboundMessage, OutboundMessage
from saola.exchange.node.outbound import outbound_retry
from saola.exchange.registry import (
    UPDATABLE_FIELDS,
    agency_deactivate,
    agency_issue_secret,
    agency_list,
    agency_register,
    agency_update,
)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("code", "name", "level", "mode", "parent_hub", "is_active", "secret_prefix")
    list_filter = ("level", "mode", "is_active")
    search_fields = ("code", "name")
    fields = (
        "code",
        "name",
        "level",
        "parent_hub",
        "mode",
        "endpoint",
        "certificate",
        "certificate_subject",
        "secret_prefix",
        "is_active",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("certificate_subject", "secret_prefix", "is_active", "created_at", "updated_at")
    actions = ("issue_secret", "deactivate")
    formfield_overrides: ClassVar = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request: HttpRequest, obj: Agency | None = None) -> tuple[str, ...]:
        # The code is the agency's identity on the network: fixed once registered.
        return (*self.readonly_fields, "code") if obj is not None else self.readonly_fields

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Agency], search_term: str
    ) -> tuple[QuerySet[Agency], bool]:
        return queryset & agency_list(q=search_term), False

    @admin.display(description=_("chủ thể chứng thư"))
    def certificate_subject(self, obj: Agency) -> str:
        return obj.certificate_subject or "—"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # agencies are deactivated, never deleted, so the exchange history keeps them

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        actor = request_actor(request)
        data = {name: form.cleaned_data[name] for name in UPDATABLE_FIELDS}
        if change:
            saved = agency_update(actor=actor, agency=obj, **data)
        else:
            saved = agency_register(actor=actor, code=form.cleaned_data["code"], **data)
        copy_saved(obj, saved)

    @admin.action(description=_("Cấp mã bí mật mới (chỉ hiện một lần)"))
    def issue_secret(self, request: HttpRequest, queryset: QuerySet[Agency]) -> None:
        for agency in queryset:
            _agency, secret = agency_issue_secret(actor=request_actor(request), agency=agency)
            messages.warning(
                request,
                _("Mã bí mật của %(agency)s: %(secret)s — chỉ hiện một lần, hãy chuyển cho cơ quan ngay.")
                % {"agency": agency.code, "secret": secret},
            )

    @admin.action(description=_("Ngừng kết nối các cơ quan đã chọn"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Agency]) -> None:
        count = 0
        for agency in queryset.filter(is_active=True):
            agency_deactivate(actor=request_actor(request), agency=agency)
            count += 1
        messages.success(request, _("Đã ngừng kết nối %(count)d cơ quan.") % {"count": count})


@admin.register(HubMessage)
class HubMessageAdmin(ReadOnlyAdmin[HubMessage]):
    """What the hub accepted: read-only, the bytes stay as the sender signed them."""

    list_display = ("id", "kind", "sender_code", "document_id", "status_code", "size", "signature_valid", "received_at")
    list_filter = ("kind", "signature_valid")
    search_fields = ("sender_code", "document_id", "digest")
    exclude = ("body",)
    date_hierarchy = "received_at"


@admin.register(HubDelivery)
class HubDeliveryAdmin(ReadOnlyAdmin[HubDelivery]):
    """Per-recipient queues: what waits for whom, failures and dead letters, and replay."""

    change_list_template = "admin/exchange/hubdelivery/change_list.html"
    list_display = (
        "id",
        "message",
        "recipient_code",
        "route_code",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "short_error",
    )
    list_filter = ("state", "route_code")
    search_fields = ("recipient_code", "route_code", "message__document_id", "message__sender_code")
    list_select_related = ("message",)
    actions = ("replay",)

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj: HubDelivery) -> str:
        return obj.last_error[:120]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        extra = {"queues": hub_queue_summary(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    @admin.action(description=_("Gửi lại các gói tin chuyển không thành công"))
    def replay(self, request: HttpRequest, queryset: QuerySet[HubDelivery]) -> None:
        count = 0
        for delivery in queryset.filter(state=HubDelivery.State.DEAD):
            delivery_replay(actor=request_actor(request), delivery=delivery)
            count += 1
        messages.success(request, _("Đã đưa lại %(count)d gói tin vào hàng đợi.") % {"count": count})


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin[OutboundMessage]):
    """The node's outbox: what waits for the hub, what was sent, what could not be; resend."""

    list_display = (
        "id",
        "kind",
        "organization",
        "edxml_document_id",
        "status_code",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    )
    list_filter = ("state", "kind")
    search_fields = ("edxml_document_id", "organization__name", "organization__code")
    list_select_related = ("organization",)
    exclude = ("body",)
    actions = ("retry",)

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj: OutboundMessage) -> str:
        return obj.last_error[:120]

    @admin.action(description=_("Gửi lại các gói tin không gửi được"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboundMessage]) -> None:
        count = 0
        for message in queryset.filter(state=OutboundMessage.State.DEAD):
            outbound_retry(actor=request_actor(request), message=message)
            count += 1
        messages.success(request, _("Đã đưa lại %(count)d gói tin vào hàng đợi gửi.") % {"count": count})


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin[InboundMessage]):
    """What the node received from the hub and what became of it (read-only)."""

    list_display = (
        "id",
        "kind",
        "sender_code",
        "recipient_code",
        "edxml_document_id",
        "status_code",
        "state",
        "signature_valid",
        "received_at",
    )
    list_filter = ("state", "kind", "signature_valid")
    search_fields = ("edxml_document_id", "sender_code", "recipient_code", "digest")
    exclude = ("body",)
    date_hierarchy = "received_at"
