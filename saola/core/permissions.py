"""Who may do what, decided from roles scoped to organisation subtrees."""

from __future__ import annotations

from typing import Any

from saola.core.exceptions import PermissionDeniedError
from saola.core.models import Organization, RoleAssignment, User
from saola.core.selectors import user_has_role_over

ADMIN_ROLES = {RoleAssignment.Role.PLATFORM_ADMIN, RoleAssignment.Role.UNIT_ADMIN}


def is_platform_admin(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(user=user, role=RoleAssignment.Role.PLATFORM_ADMIN).exists()


def ensure_platform_admin(user: Any) -> None:
    if not is_platform_admin(user):
        raise PermissionDeniedError()


def can_manage_people_in(user: Any, organization: Organization) -> bool:
    """Platform admins anywhere; unit admins inside their own subtree."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return user_has_role_over(user=user, organization=organization, roles={str(r) for r in ADMIN_ROLES})


def ensure_can_manage_people_in(user: Any, organization: Organization) -> None:
    if not can_manage_people_in(user, organization):
        raise PermissionDeniedError()


def ensure_can_grant_roles(user: Any, organization: Organization, roles: list[str]) -> None:
    """Unit admins may grant unit roles in their subtree; only platform admins grant platform_admin."""
    ensure_can_manage_people_in(user, organization)
    if RoleAssignment.Role.PLATFORM_ADMIN in roles and not is_platform_admin(user):
        raise PermissionDeniedError("Chỉ quản trị hệ thống được cấp vai trò quản trị hệ thống.")


def managed_organization_roots(user: User) -> frozenset[str] | None:
    """Codes of the organisations whose subtrees `user` administers; None means every organisation."""
    if is_platform_admin(user):
        return None
    return frozenset(
        RoleAssignment.objects.filter(user=user, role=RoleAssignment.Role.UNIT_ADMIN).values_list(
            "organization__code", flat=True
        )
    )


def can_manage_organization(user: Any, org: Organization | None) -> bool:
    """May `user` create, edit or move organisations at `org` (None: at the top of the tree)?

    Platform admins anywhere; unit admins inside their own subtree only (never at the top).
    """
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if is_platform_admin(user):
        return True
    if org is None:
        return False
    return user_has_role_over(user=user, organization=org, roles={str(RoleAssignment.Role.UNIT_ADMIN)})


def ensure_can_manage_organization(user: Any, org: Organization | None) -> None:
    if not can_manage_organization(user, org):
        raise PermissionDeniedError()


def can_exchange_organizations(user: Any) -> bool:
    """Import/export of the organisation tree: platform admins and unit admins (rows are then scoped)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return (
        is_platform_admin(user)
        or RoleAssignment.objects.filter(user=user, role=RoleAssignment.Role.UNIT_ADMIN).exists()
    )


def ensure_can_exchange_organizations(user: Any) -> None:
    if not can_exchange_organizations(user):
        raise PermissionDeniedError()
