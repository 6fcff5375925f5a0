"""Writes of organisations, people, roles and the calendar. Each is one transaction with an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from saola.core.audit import audit_record, snapshot
from saola.core.exceptions import ConflictError, ValidationFailed
from saola.core.models import CalendarOverride, LegalRule, Organization, RoleAssignment, User
from saola.core.validators import normalize_phone, validate_personal_id, validate_phone, validate_tax_code


def model_full_clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    """`obj.full_clean()`, with Django's ValidationError turned into ValidationFailed (400)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed(fields=exc.message_dict) from exc


def _path_for(org: Organization) -> tuple[str, int]:
    if org.parent is None:
        return f"/{org.pk}/", 0
    return f"{org.parent.path}{org.pk}/", org.parent.depth + 1


@transaction.atomic
def organization_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    level: str,
    parent: Organization | None = None,
    short_name: str = "",
    admin_unit_code: str = "",
    address: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Organization:
    """Create an organisation under `parent`; validates code format and level nesting."""
    org = Organization(
        code=code,
        name=name,
        level=level,
        parent=parent,
        short_name=short_name,
        admin_unit_code=admin_unit_code,
        address=address,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    model_full_clean(org, exclude=["path", "depth"])
    org.save()
    org.path, org.depth = _path_for(org)
    org.save(update_fields=["path", "depth"])
    audit_record(actor=actor, action="organization.create", obj=org, after=snapshot(org))
    return org


@transaction.atomic
def organization_update(*, actor: User | None, organization: Organization, **changes: Any) -> Organization:
    """Update fields of an organisation; moving it under a new parent rewrites its subtree's paths.

    Refuses a move that would put an organisation under itself or one of its descendants.
    """
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(org)
    new_parent = changes.pop("parent", org.parent)
    if new_parent is not None and new_parent.path.startswith(org.path):
        raise ConflictError(_cycle_message(org, new_parent), fields={"parent": [str(_cycle_message(org, new_parent))]})
    for name, value in changes.items():
        if name not in {"code", "name", "short_name", "level", "admin_unit_code", "address", "valid_from", "valid_to"}:
            raise ValidationFailed(fields={name: ["unknown field"]})
        setattr(org, name, value)
    moved = (new_parent.pk if new_parent else None) != org.parent_id
    org.parent = new_parent
    model_full_clean(org, exclude=["path", "depth"])
    old_path, old_depth = org.path, org.depth
    if moved:
        org.path, org.depth = _path_for(org)
    org.save()
    if moved:
        _rewrite_subtree_paths(old_path=old_path, new_path=org.path, depth_shift=org.depth - old_depth)
    audit_record(actor=actor, action="organization.update", obj=org, before=before, after=snapshot(org))
    return org


def _cycle_message(org: Organization, parent: Organization) -> str:
    return f"Không thể đặt “{org.name}” trực thuộc “{parent.name}”: tạo thành vòng lặp."


def _rewrite_subtree_paths(*, old_path: str, new_path: str, depth_shift: int) -> None:
    for child in Organization.objects.select_for_update().filter(path__startswith=old_path).exclude(path=old_path):
        child.path = new_path + child.path[len(old_path) :]
        child.depth += depth_shift
        child.save(update_fields=["path", "depth"])


@transaction.atomic
def officer_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    organization: Organization,
    password: str,
    position: str = "",
    email: str | None = None,
    phone: str | None = None,
    roles: list[str] | tuple[str, ...] = (),
) -> User:
    """Create an officer account in `organization` with roles scoped to that organisation."""
    user = User(
        username=username,
        full_name=full_name,
        kind=User.Kind.OFFICER,
        organization=organization,
        position=position,
        email=email or None,
        phone=normalize_phone(phone) if phone else None,
        is_staff=True,
    )
    _set_password(user, password)
    model_full_clean(user)
    user.save()
    for role in roles:
        role_assign(actor=actor, user=user, organization=organization, role=role)
    audit_record(actor=actor, action="officer.create", obj=user, after=snapshot(user))
    return user


@transaction.atomic
def role_assign(*, actor: User | None, user: User, organization: Organization, role: str) -> RoleAssignment:
    assignment = RoleAssignment(user=user, organization=organization, role=role)
    model_full_clean(assignment, exclude=["user"] if user.pk is None else None)
    assignment.save()
    if role == RoleAssignment.Role.PLATFORM_ADMIN and not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    audit_record(actor=actor, action="role.assign", obj=assignment, after=snapshot(assignment))
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    before = snapshot(assignment)
    pk = assignment.pk
    assignment.delete()
    audit_record(actor=actor, action="role.revoke", object_type="core.roleassignment", object_id=str(pk), before=before)


def _set_password(user: User, password: str) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationFailed(fields={"password": list(exc.messages)}) from exc
    user.set_password(password)


@transaction.atomic
def citizen_register(
    *,
    full_name: str,
    password: str,
    email: str | None = None,
    phone: str | None = None,
    personal_id: str | None = None,
    tax_code: str | None = None,
    kind: str = User.Kind.CITIZEN,
    actor: User | None = None,
) -> User:
    """Register a citizen (personal id) or business (tax code) account with email or phone login."""
    errors: dict[str, list[str]] = {}
    if not email and not phone:
        errors["email"] = ["Cần thư điện tử hoặc số điện thoại để đăng nhập."]
    checks = [
        ("phone", phone, validate_phone),
        ("personal_id", personal_id, validate_personal_id),
        ("tax_code", tax_code, validate_tax_code),
    ]
    for field, value, check in checks:
        if value:
            try:
                check(value)
            except ValidationError as exc:
                errors[field] = list(exc.messages)
    if kind == User.Kind.CITIZEN and not personal_id:
        errors.setdefault("personal_id", ["Công dân cần số định danh cá nhân."])
    if kind == User.Kind.BUSINESS and not tax_code:
        errors.setdefault("tax_code", ["Doanh nghiệp cần mã số thuế."])
    if errors:
        raise ValidationFailed(fields=errors)
    login = (email or normalize_phone(phone or "")).lower()
    user = User(
        username=login,
        full_name=full_name,
        kind=kind,
        email=(email or None) and email.lower(),
        phone=normalize_phone(phone) if phone else None,
        personal_id=personal_id or None,
        tax_code=tax_code or None,
    )
    _set_password(user, password)
    model_full_clean(user)
    user.save()
    audit_record(actor=actor or user, action="citizen.register", obj=user, after=snapshot(user))
    return user


@transaction.atomic
def calendar_override_set(
    *, actor: User | None, date: dt.date, kind: str, note: str = "", source: str = ""
) -> CalendarOverride:
    """Mark a day as a day off or a working day, overriding the statutory calendar."""
    existing = CalendarOverride.objects.select_for_update().filter(date=date).first()
    before = snapshot(existing) if existing else None
    override = existing or CalendarOverride(date=date)
    override.kind, override.note, override.source = kind, note, source
    model_full_clean(override, exclude=["date"] if existing else None)
    override.save()
    audit_record(actor=actor, action="calendar.override", obj=override, before=before, after=snapshot(override))
    return override


@transaction.atomic
def legal_rule_set(
    *,
    actor: User | None,
    key: str,
    value: Any,
    effective_from: dt.date,
    source: str,
    confidence: str = "high",
    note: str = "",
) -> LegalRule:
    """Record (or correct) the version of a legal rule that applies from `effective_from`.

    The previous open-ended version is closed the day before, so old records keep the rule
    in force when they were made.
    """
    rule, created = LegalRule.objects.select_for_update().get_or_create(
        key=key,
        effective_from=effective_from,
        defaults={"value": value, "source": source, "confidence": confidence, "note": note},
    )
    before = None if created else snapshot(rule)
    if not created:
        rule.value, rule.source, rule.confidence, rule.note = value, source, confidence, note
        rule.save()
    (
        LegalRule.objects.filter(key=key, effective_from__lt=effective_from, effective_to__isnull=True).update(
            effective_to=effective_from - dt.timedelta(days=1)
        )
    )
    audit_record(actor=actor, action="legal_rule.set", obj=rule, before=before, after=snapshot(rule))
    return rule
