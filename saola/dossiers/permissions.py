"""Who may see and act on a dossier."""

from __future__ import annotations

from typing import Any

from saola.core.exceptions import NotFoundError, PermissionDeniedError
from saola.core.models import RoleAssignment, User
from saola.core.selectors import user_has_role_over
from saola.dossiers.models import Dossier, DossierStep

INTAKE_ROLES = {RoleAssignment.Role.RECEIVING_OFFICER.value, RoleAssignment.Role.UNIT_LEADER.value}


def is_officer(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and (user.kind == User.Kind.OFFICER or user.is_superuser)


def can_view_dossier(user: Any, dossier: Dossier) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if dossier.applicant_id == user.pk:
        return True
    if not is_officer(user):
        return False
    if user_has_role_over(user=user, organization=dossier.organization):
        return True
    # A unit the dossier's open step was transferred to (inter-agency one-stop) sees it too.
    return any(
        user_has_role_over(user=user, organization=step.organization)
        for step in dossier.steps.filter(completed_at__isnull=True).select_related("organization")
    )


def ensure_can_view_dossier(user: Any, dossier: Dossier) -> None:
    """Someone else's dossier answers 404, so its existence does not leak."""
    if not can_view_dossier(user, dossier):
        raise NotFoundError("Không tìm thấy hồ sơ.")


def ensure_applicant(user: Any, dossier: Dossier) -> None:
    ensure_can_view_dossier(user, dossier)
    if dossier.applicant_id != getattr(user, "pk", None):
        raise PermissionDeniedError("Chỉ người nộp hồ sơ được thực hiện thao tác này.")


def ensure_can_receive(user: Any, dossier: Dossier) -> None:
    ensure_can_view_dossier(user, dossier)
    if not (is_officer(user) and user_has_role_over(user=user, organization=dossier.organization, roles=INTAKE_ROLES)):
        raise PermissionDeniedError("Chỉ cán bộ tiếp nhận của đơn vị được thực hiện thao tác này.")


def ensure_can_act_on_step(user: Any, step: DossierStep) -> None:
    ensure_can_view_dossier(user, step.dossier)
    if not (is_officer(user) and user_has_role_over(user=user, organization=step.organization, roles={step.role})):
        raise PermissionDeniedError("Bước này thuộc vai trò khác hoặc đơn vị khác.")


def ensure_can_receive_at(user: Any, organization: Any) -> None:
    if not (is_officer(user) and user_has_role_over(user=user, organization=organization, roles=INTAKE_ROLES)):
        raise PermissionDeniedError("Chỉ cán bộ tiếp nhận của đơn vị được tiếp nhận hồ sơ.")


WORK_ROLES = INTAKE_ROLES | {RoleAssignment.Role.PROCESSING_OFFICER.value}


def ensure_can_work_on(user: Any, dossier: Dossier) -> None:
    """Receiving and processing officers and leaders of the dossier's unit."""
    ensure_can_view_dossier(user, dossier)
    if not (is_officer(user) and user_has_role_over(user=user, organization=dossier.organization, roles=WORK_ROLES)):
        raise PermissionDeniedError("Bạn không xử lý hồ sơ của đơn vị này.")


def ensure_can_lead(user: Any, dossier: Dossier) -> None:
    ensure_can_view_dossier(user, dossier)
    roles = {RoleAssignment.Role.UNIT_LEADER.value}
    if not (is_officer(user) and user_has_role_over(user=user, organization=dossier.organization, roles=roles)):
        raise PermissionDeniedError("Chỉ lãnh đạo đơn vị được thực hiện thao tác này.")
