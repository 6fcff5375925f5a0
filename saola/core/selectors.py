"""Reads of organisations, people, roles and legal rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from saola.core.exceptions import NotFoundError
from saola.core.models import AuditEntry, LegalRule, Organization, RoleAssignment, User
from saola.core.text import search_terms


def organization_get(*, code: str) -> Organization:
    org = Organization.objects.select_related("parent").filter(code=code).first()
    if org is None:
        raise NotFoundError(extra={"code": code})
    return org


def organization_list(
    *, q: str = "", level: str | None = None, parent: str | None = None, subtree_of: Organization | None = None
) -> QuerySet[Organization]:
    """Organisations filtered by text (name, short name, code), level, direct parent or subtree."""
    qs = Organization.objects.select_related("parent")
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    if subtree_of is not None:
        qs = qs.filter(path__startswith=subtree_of.path)
    return qs.order_by("path")


def organization_subtree(*, root: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__startswith=root.path)


def user_roles(*, user: User) -> list[RoleAssignment]:
    return list(RoleAssignment.objects.filter(user=user).select_related("organization"))


def user_has_role_over(*, user: User, organization: Organization, roles: set[str] | None = None) -> bool:
    """True when the user holds one of `roles` (any role when None) on the organisation or an ancestor."""
    if user.is_superuser:
        return True
    for assignment in user_roles(user=user):
        if roles is not None and assignment.role not in roles:
            continue
        if organization.path.startswith(assignment.organization.path):
            return True
    return False


def legal_rule_value(*, key: str, at: dt.date | None = None) -> Any:
    """The value of a legal rule in force on `at` (today when None); NotFoundError if none is."""
    day = at or timezone.localdate()
    rule = (
        LegalRule.objects.filter(key=key, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        raise NotFoundError(extra={"rule": key, "date": day.isoformat()})
    return rule.value


def audit_list(
    *, action: str = "", object_type: str = "", object_id: str = "", actor_id: int | None = None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    return qs


def officer_list(
    *, viewer: User, q: str = "", organization: str | None = None, role: str | None = None
) -> QuerySet[User]:
    """Officers the viewer may see: everyone for platform admins, their admin subtrees otherwise."""
    qs = (
        User.objects.filter(kind=User.Kind.OFFICER)
        .select_related("organization")
        .prefetch_related("roles__organization")
    )
    if not viewer.is_superuser:
        paths = [
            a.organization.path
            for a in user_roles(user=viewer)
            if a.role in {RoleAssignment.Role.UNIT_ADMIN, RoleAssignment.Role.PLATFORM_ADMIN}
        ]
        if RoleAssignment.Role.PLATFORM_ADMIN not in {a.role for a in user_roles(user=viewer)}:
            scope = Q(pk__in=[])
            for path in paths:
                scope |= Q(organization__path__startswith=path)
            qs = qs.filter(scope)
    for term in search_terms(q):
        qs = qs.filter(Q(full_name__icontains=term) | Q(username__icontains=term) | Q(email__icontains=term))
    if organization:
        qs = qs.filter(organization__code=organization)
    if role:
        qs = qs.filter(roles__role=role).distinct()
    return qs.order_by("organization__path", "username")
