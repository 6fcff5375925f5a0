"""Who may see and act on official documents, from roles scoped to organisation subtrees.

Everyone with a role over a document's organisation sees it, as do the units and people it was
assigned or distributed to, and the clerks of the organisation's records office. Anyone else gets
404, so a document's existence does not leak; a visible document someone may not act on is 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from saola.core.exceptions import NotFoundError, PermissionDeniedError
from saola.core.models import Organization, RoleAssignment, User
from saola.core.selectors import user_has_role_over
from saola.documents.models import Assignment, Document, OrganizationSetting, WorkDossier

CLERK = {RoleAssignment.Role.CLERK.value}
LEADER = {RoleAssignment.Role.UNIT_LEADER.value}
HANDLERS = {RoleAssignment.Role.PROCESSING_OFFICER.value, RoleAssignment.Role.UNIT_LEADER.value}


def is_officer(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and (user.kind == User.Kind.OFFICER or user.is_superuser)


def officer_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For the documents pages: signed-out visitors go to sign in; people who are not officers get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_officer(request.user):
            raise PermissionDeniedError(_("Trang này dành cho cán bộ, công chức."))
        return view(request, *args, **kwargs)

    return wrapped


def has_role(user: Any, organization: Organization | None, roles: set[str] | None = None) -> bool:
    if organization is None or not is_officer(user):
        return False
    return user_has_role_over(user=user, organization=organization, roles=roles)


def is_clerk_for(user: Any, organization: Organization) -> bool:
    """A clerk over the organisation, or over the unit that keeps its registers."""
    if has_role(user, organization, CLERK):
        return True
    setting = OrganizationSetting.objects.select_related("records_office").filter(organization=organization).first()
    return bool(setting and setting.records_office and has_role(user, setting.records_office, CLERK))


def holds_assignment(user: Any, assignment: Assignment, roles: set[str] | None = None) -> bool:
    if assignment.assignee_id is not None:
        return bool(assignment.assignee_id == getattr(user, "pk", None))
    return has_role(user, assignment.unit, roles if roles is not None else HANDLERS)


def can_view_document(user: Any, document: Document) -> bool:
    if not is_officer(user):
        return False
    if has_role(user, document.organization) or is_clerk_for(user, document.organization):
        return True
    if document.created_by_id == user.pk or has_role(user, document.drafting_unit):
        return True
    if any(holds_assignment(user, a, roles=set()) or has_role(user, a.unit) for a in document.assignments.all()):
        return True
    return any(d.person_id == user.pk or has_role(user, d.unit) for d in document.distributions.all())


def ensure_can_view_document(user: Any, document: Document) -> None:
    if not can_view_document(user, document):
        raise NotFoundError(_("Không tìm thấy văn bản."))


def ensure_clerk_of(user: Any, organization: Organization) -> None:
    if not is_clerk_for(user, organization):
        raise PermissionDeniedError(_("Chỉ văn thư của cơ quan được thực hiện thao tác này."))


def ensure_can_clerk(user: Any, document: Document) -> None:
    ensure_can_view_document(user, document)
    ensure_clerk_of(user, document.organization)


def ensure_can_lead(user: Any, document: Document) -> None:
    ensure_can_view_document(user, document)
    if not has_role(user, document.organization, LEADER):
        raise PermissionDeniedError(_("Chỉ lãnh đạo cơ quan được thực hiện thao tác này."))


def open_assignments_held(user: Any, document: Document) -> list[Assignment]:
    return [
        a
        for a in document.assignments.select_related("unit")
        if a.status != Assignment.Status.DONE and holds_assignment(user, a)
    ]


def ensure_can_assign(user: Any, document: Document) -> Assignment | None:
    """Leaders of the document's organisation assign; the holder of an open assignment sub-assigns.

    Returns the assignment the new ones hang from (None for a leader's own assignment).
    """
    ensure_can_view_document(user, document)
    if has_role(user, document.organization, LEADER):
        return None
    held = open_assignments_held(user, document)
    if not held:
        raise PermissionDeniedError(_("Chỉ lãnh đạo hoặc người được giao xử lý mới phân công tiếp."))
    return next((a for a in held if a.role == Assignment.Role.MAIN), held[0])


def ensure_can_process(user: Any, document: Document) -> list[Assignment]:
    """Holders of an open assignment, or leaders of the organisation; returns what they hold."""
    ensure_can_view_document(user, document)
    held = open_assignments_held(user, document)
    if not held and not has_role(user, document.organization, LEADER):
        raise PermissionDeniedError(_("Văn bản này không được giao cho bạn xử lý."))
    return held


def can_draft_for(user: Any, organization: Organization, drafting_unit: Organization | None) -> bool:
    if has_role(user, organization, HANDLERS):
        return True
    return bool(
        drafting_unit is not None
        and drafting_unit.path.startswith(organization.path)
        and has_role(user, drafting_unit, HANDLERS)
    )


def ensure_can_draft(user: Any, organization: Organization, drafting_unit: Organization | None) -> None:
    if not can_draft_for(user, organization, drafting_unit):
        raise PermissionDeniedError(_("Bạn không soạn thảo văn bản cho cơ quan này."))


def ensure_can_edit_draft(user: Any, document: Document) -> None:
    ensure_can_view_document(user, document)
    if document.created_by_id != getattr(user, "pk", None) and not can_draft_for(
        user, document.organization, document.drafting_unit
    ):
        raise PermissionDeniedError(_("Bạn không soạn thảo văn bản này."))


def can_view_work_dossier(user: Any, dossier: WorkDossier) -> bool:
    return is_officer(user) and (dossier.owner_id == user.pk or has_role(user, dossier.organization))


def ensure_can_view_work_dossier(user: Any, dossier: WorkDossier) -> None:
    if not can_view_work_dossier(user, dossier):
        raise NotFoundError(_("Không tìm thấy hồ sơ công việc."))


def ensure_can_manage_work_dossier(user: Any, dossier: WorkDossier) -> None:
    """The owner, leaders and clerks of its organisation."""
    ensure_can_view_work_dossier(user, dossier)
    if dossier.owner_id != user.pk and not (
        has_role(user, dossier.organization, LEADER) or is_clerk_for(user, dossier.organization)
    ):
        raise PermissionDeniedError(_("Chỉ người lập hồ sơ, lãnh đạo hoặc văn thư được thao tác hồ sơ này."))


def ensure_can_archive(user: Any, dossier: WorkDossier) -> None:
    """Handing a dossier to the archive is the clerk's job (Decree 30/2020, Điều 31)."""
    ensure_can_view_work_dossier(user, dossier)
    ensure_clerk_of(user, dossier.organization)
