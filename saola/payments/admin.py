"""Payment orders in the admin: read-only (every change goes through the services and is audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from saola.payments.models import PaymentLine, PaymentOrder


class PaymentLineInline(admin.TabularInline[PaymentLine, PaymentOrder]):
    model = PaymentLine
    extra = 0
    can_delete = False
    readonly_fields = ("name", "amount", "fee")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PaymentOrder)
class PaymentOrderAdmin(admin.ModelAdmin[PaymentOrder]):
    list_display = ("merchant_order_id", "dossier", "status", "total", "channel", "provider_status", "created_at")
    list_filter = ("status", "channel", "provider_status")
    search_fields = ("merchant_order_id", "dossier__code", "transaction_id")
    inlines = (PaymentLineInline,)
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in PaymentOrder._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
