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
