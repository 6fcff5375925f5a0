"""Admin of the documents app: agency abbreviations and records offices, document types, registers.

Saves and deletes are audited by the core admin mixin; registers are read-only here (their
counters move only when documents are numbered).
"""

from __future__ import annotations

from django.contrib import admin

from saola.core.admin import AuditedAdminMixin, ReadOnlyAdmin
from saola.documents.models import DocumentType, OrganizationSetting, Register


@admin.register(OrganizationSetting)
class OrganizationSettingAdmin(AuditedAdminMixin[OrganizationSetting]):
    audit_prefix = "documents.organization_setting"
    list_display = ("organization", "abbreviation", "records_office")
    search_fields = ("organization__name", "organization__code", "abbreviation")
    autocomplete_fields = ("organization", "records_office")


@admin.register(DocumentType)
class DocumentTypeAdmin(AuditedAdminMixin[DocumentType]):
    audit_prefix = "documents.document_type"
    list_display = ("name", "abbreviation", "code", "position", "active")
    list_editable = ("position", "active")
    search_fields = ("name", "abbreviation", "code")
    ordering = ("position", "name")


@admin.register(Register)
class RegisterAdmin(ReadOnlyAdmin[Register]):
    list_display = ("name", "organization", "direction", "year", "series", "next_number")
    list_filter = ("direction", "year", "series")
    search_fields = ("name", "organization__name", "organization__code")
