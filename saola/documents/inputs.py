"""Turning submitted text (API fields, form fields) into dates, organisations, people and types.

Shared by the API handlers and the HTML views; every refusal is a ValidationFailed naming the
field, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from saola.core.exceptions import ValidationFailed
from saola.core.models import Organization, User
from saola.documents.models import DocumentType


def parse_date(value: str | dt.date | None, *, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(
            fields={field: [_("Ngày “%(value)s” không hợp lệ (dạng YYYY-MM-DD).") % {"value": value}]}
        ) from None


def organization_by_code(code: str, *, field: str, required: bool = True) -> Organization | None:
    if not code:
        if required:
            raise ValidationFailed(fields={field: [_("Cần chọn cơ quan, đơn vị.")]})
        return None
    found = Organization.objects.select_related("parent").filter(code=code.strip()).first()
    if found is None:
        raise ValidationFailed(fields={field: [_("Không có cơ quan, đơn vị mã “%(code)s”.") % {"code": code}]})
    return found


def officer_by_username(username: str, *, field: str) -> User | None:
    if not username:
        return None
    found = User.objects.select_related("organization").filter(username=username.strip(), is_active=True).first()
    if found is None or found.kind != User.Kind.OFFICER:
        raise ValidationFailed(fields={field: [_("Không có cán bộ “%(username)s”.") % {"username": username}]})
    return found


def document_type_by_code(code: str, *, field: str = "type") -> DocumentType:
    if not code:
        raise ValidationFailed(fields={field: [_("Cần chọn loại văn bản.")]})
    found = DocumentType.objects.filter(code=code.strip(), active=True).first()
    if found is None:
        raise ValidationFailed(fields={field: [_("Không có loại văn bản “%(code)s”.") % {"code": code}]})
    return found


def organizations_by_code(codes: Iterable[str], *, field: str) -> list[Organization]:
    result = []
    for code in codes:
        org = organization_by_code(code, field=field)
        if org is not None:
            result.append(org)
    return result


def officers_by_username(usernames: Iterable[str], *, field: str) -> list[User]:
    return [u for u in (officer_by_username(name, field=field) for name in usernames) if u is not None]


class FieldErrors:
    """Collects the refusals of several parses so that one answer lists every bad field."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def take(self, exc: ValidationFailed) -> None:
        for name, messages in exc.fields.items():
            self.fields.setdefault(name, []).extend(messages)

    def date(self, value: str | dt.date | None, *, field: str) -> dt.date | None:
        try:
            return parse_date(value, field=field)
        except ValidationFailed as exc:
            self.take(exc)
            return None

    def organization(self, code: str, *, field: str, required: bool = True) -> Organization | None:
        try:
            return organization_by_code(code, field=field, required=required)
        except ValidationFailed as exc:
            self.take(exc)
            return None

    def officer(self, username: str, *, field: str) -> User | None:
        try:
            return officer_by_username(username, field=field)
        except ValidationFailed as exc:
            self.take(exc)
            return None

    def document_type(self, code: str, *, field: str = "type") -> DocumentType | None:
        try:
            return document_type_by_code(code, field=field)
        except ValidationFailed as exc:
            self.take(exc)
            return None

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(fields=self.fields)


def incoming_from(values: Mapping[str, Any]) -> tuple[Organization, Any]:
    """The organisation and `IncomingData` of a registration form or API body (all fields as text)."""
    from saola.documents.services.incoming import IncomingData

    errors = FieldErrors()
    organization = errors.organization(str(values.get("organization") or ""), field="organization")
    document_type = errors.document_type(str(values.get("type") or ""))
    issued_on = errors.date(values.get("issued_on"), field="issued_on")
    due_on = errors.date(values.get("due_on"), field="due_on")
    errors.raise_if_any()
    assert organization is not None  # noqa: S101 - checked above
    assert document_type is not None  # noqa: S101 - checked above
    data = IncomingData(
        document_type=document_type,
        summary=str(values.get("summary") or ""),
        sender_name=str(values.get("sender_name") or ""),
        sender_code=str(values.get("sender_code") or "").strip(),
        notation=str(values.get("notation") or ""),
        issued_on=issued_on,
        signer_name=str(values.get("signer_name") or ""),
        urgency=str(values.get("urgency") or "normal"),
        confidentiality=str(values.get("confidentiality") or "normal"),
        due_on=due_on,
    )
    return organization, data


def draft_from(values: Mapping[str, Any], *, organization: Organization | None = None) -> tuple[Organization, Any]:
    """The organisation and `DraftData` of a draft form or API body (all fields as text)."""
    from saola.documents.services.outgoing import DraftData

    errors = FieldErrors()
    if organization is None:
        organization = errors.organization(str(values.get("organization") or ""), field="organization")
    document_type = errors.document_type(str(values.get("type") or ""))
    drafting_unit = errors.organization(str(values.get("drafting_unit") or ""), field="drafting_unit", required=False)
    signer = errors.officer(str(values.get("signer") or ""), field="signer")
    due_on = errors.date(values.get("due_on"), field="due_on")
    errors.raise_if_any()
    assert organization is not None  # noqa: S101 - checked above
    assert document_type is not None  # noqa: S101 - checked above
    data = DraftData(
        document_type=document_type,
        summary=str(values.get("summary") or ""),
        body=str(values.get("body") or ""),
        template=str(values.get("template") or ""),
        drafting_unit=drafting_unit,
        signer=signer,
        signer_title=str(values.get("signer_title") or ""),
        signing_authority=str(values.get("signing_authority") or ""),
        authority_title=str(values.get("authority_title") or ""),
        recipients_text=str(values.get("recipients_text") or ""),
        urgency=str(values.get("urgency") or "normal"),
        confidentiality=str(values.get("confidentiality") or "normal"),
        legal_normative=bool(values.get("legal_normative")),
        due_on=due_on,
    )
    return organization, data
