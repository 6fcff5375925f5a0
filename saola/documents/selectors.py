"""Reads of documents, registers and work dossiers, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import NotFoundError
from saola.core.models import Organization, RoleAssignment, User
from saola.core.permissions import is_platform_admin
from saola.core.selectors import user_roles
from saola.documents.models import (
    Assignment,
    Distribution,
    Document,
    DocumentEvent,
    DocumentType,
    OrganizationSetting,
    Register,
    WorkDossier,
)
from saola.documents.permissions import ensure_can_view_document, ensure_can_view_work_dossier, is_officer
from saola.documents.search import match, relevance

SORTS: dict[str, tuple[str, ...]] = {
    "-date": ("-dated_at", "-id"),
    "date": ("dated_at", "id"),
    "-number": ("-number", "-id"),
    "number": ("number", "id"),
    "due": ("due_on", "-dated_at", "-id"),
}


@dataclass(frozen=True)
class DocumentFilters:
    direction: str | None = None
    status: str | None = None
    document_type: str | None = None
    register: int | None = None
    urgency: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organization: str | None = None


@dataclass(frozen=True)
class SearchPage:
    items: list[Document]
    count: int


def _subtrees(paths: list[str]) -> QuerySet[Organization, Any]:
    """Ids of the organisations in these subtrees (at least one), as a subquery the planner can hash."""
    subtree = Q(pk__in=[])
    for path in paths:
        subtree |= Q(path__startswith=path)
    return Organization.objects.filter(subtree).values("pk")


def visibility_branches(*, user: Any) -> list[Q] | None:
    """The conditions, any of which makes a document visible to `user`; None for platform admins.

    Kept apart so that a search can run one indexed query per branch (the organisation branch
    combines the organisation index with the full-text index) instead of filtering every match
    through all of them. Other users see documents of organisations they hold a role over, of
    organisations whose registers their clerk unit keeps, those they or their units draft, and
    those assigned or distributed to them or to a unit they hold a role over.
    """
    if is_platform_admin(user):
        return None
    roles = user_roles(user=user)
    paths = [r.organization.path for r in roles]
    clerk_paths = [r.organization.path for r in roles if r.role == RoleAssignment.Role.CLERK]
    branches = [Q(created_by=user)]
    unit_scope = Q(pk__in=[])
    if paths:
        subtree = _subtrees(paths)
        branches += [Q(organization_id__in=subtree), Q(drafting_unit_id__in=subtree)]
        unit_scope = Q(unit_id__in=subtree)
    if clerk_paths:
        kept = Q()
        for path in clerk_paths:
            kept |= Q(records_office__path__startswith=path)
        branches.append(Q(organization_id__in=OrganizationSetting.objects.filter(kept).values("organization_id")))
    assigned = Assignment.objects.filter(Q(assignee=user) | unit_scope, document=OuterRef("pk"))
    distributed = Distribution.objects.filter(Q(person=user) | unit_scope, document=OuterRef("pk"))
    branches += [Q(Exists(assigned)), Q(Exists(distributed))]
    return branches


def document_visible(*, user: Any) -> QuerySet[Document]:
    """Every document `user` may see (see `visibility_branches`)."""
    qs = Document.objects.select_related("organization", "document_type", "register")
    if not is_officer(user):
        return qs.none()
    branches = visibility_branches(user=user)
    if branches is None:
        return qs
    return qs.filter(reduce(operator.or_, branches))


def _local_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)


def _filtered(qs: QuerySet[Document], filters: DocumentFilters) -> QuerySet[Document]:
    if filters.direction:
        qs = qs.filter(direction=filters.direction)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.document_type:
        qs = qs.filter(document_type__code=filters.document_type)
    if filters.register:
        qs = qs.filter(register_id=filters.register)
    if filters.urgency:
        qs = qs.filter(urgency=filters.urgency)
    if filters.organization:
        qs = qs.filter(organization__code=filters.organization)
    if filters.date_from:
        qs = qs.filter(dated_at__gte=_local_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(dated_at__lt=_local_start(filters.date_to + dt.timedelta(days=1)))
    return qs


def document_list(*, user: Any, filters: DocumentFilters | None = None, sort: str = "-date") -> QuerySet[Document]:
    """Visible documents, filtered and sorted (`SORTS`; newest first by default)."""
    qs = _filtered(document_visible(user=user), filters or DocumentFilters())
    return qs.order_by(*SORTS.get(sort, SORTS["-date"]))


# A search ranks the newest matches only, up to this many: ranking reads every ranked row, and a
# common word matches tens of thousands of documents in a province-decade. Narrower words, a date
# range or a filter reach older documents.
SEARCH_CANDIDATES = 1000


def _candidates(*, user: Any, q: str, filters: DocumentFilters) -> list[int]:
    """Ids of the newest SEARCH_CANDIDATES visible matches: one query per visibility branch (each
    can use its own index with the full-text one), merged by date."""
    if not is_officer(user):
        return []
    base = _filtered(Document.objects.all(), filters)
    branches = visibility_branches(user=user)
    parts = [base] if branches is None else [base.filter(branch) for branch in branches]
    rows: dict[int, dt.datetime] = {}
    for part in parts:
        newest = match(part, q).order_by("-dated_at", "-id").values_list("pk", "dated_at")
        rows.update(newest[:SEARCH_CANDIDATES])
    ordered = sorted(rows.items(), key=lambda row: (row[1], row[0]), reverse=True)
    return [pk for pk, _ in ordered[:SEARCH_CANDIDATES]]


def document_search(
    *,
    user: Any,
    q: str,
    filters: DocumentFilters | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Full-text search (metadata and attachment text, with or without diacritics) among the visible
    documents: the newest SEARCH_CANDIDATES matches, best first, then newest. `count` is the number
    of those candidates (so at most SEARCH_CANDIDATES). An empty query lists by date."""
    qs = _filtered(document_visible(user=user), filters or DocumentFilters())
    if not q.strip():
        ordered = qs.order_by(*SORTS["-date"])
        items = list(ordered[offset : offset + limit])
        return SearchPage(items=items, count=ordered.order_by().count() if items or offset else 0)
    candidates = _candidates(user=user, q=q, filters=filters or DocumentFilters())
    if not candidates:
        return SearchPage(items=[], count=0)
    ranked = (
        Document.objects.select_related("organization", "document_type", "register")
        .filter(pk__in=candidates)
        .annotate(relevance=relevance(q))
        .order_by("-relevance", "-dated_at", "-id")
    )
    return SearchPage(items=list(ranked[offset : offset + limit]), count=len(candidates))


def document_get_for(*, user: Any, pk: int) -> Document:
    """One document the user may see, with its assignments and distributions; 404 otherwise."""
    document = (
        Document.objects.select_related("organization__parent", "document_type", "register", "drafting_unit", "signer")
        .prefetch_related("assignments__unit", "assignments__assignee", "distributions")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise NotFoundError(_("Không tìm thấy văn bản."))
    ensure_can_view_document(user, document)
    return document


def document_history(*, document: Document) -> QuerySet[DocumentEvent]:
    return document.events.select_related("actor").order_by("at", "id")


def document_type_list() -> QuerySet[DocumentType]:
    return DocumentType.objects.filter(active=True).order_by("position", "name")


def document_type_get(*, code: str) -> DocumentType:
    found = DocumentType.objects.filter(code=code, active=True).first()
    if found is None:
        raise NotFoundError(extra={"document_type": code})
    return found


def register_list(*, user: Any, year: int | None = None) -> QuerySet[Register]:
    """Registers of the organisations whose documents the user sees."""
    qs = Register.objects.select_related("organization", "document_type")
    if not is_platform_admin(user):
        orgs = document_visible(user=user).values("organization_id")
        roles = user_roles(user=user) if isinstance(user, User) else []
        condition = Q(organization_id__in=orgs)
        for r in roles:
            condition |= Q(organization__path__startswith=r.organization.path)
        qs = qs.filter(condition)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("organization__path", "-year", "direction", "series_key")


def work_dossier_list(*, user: Any, state: str | None = None, q: str = "") -> QuerySet[WorkDossier]:
    qs = WorkDossier.objects.select_related("organization", "owner")
    if not is_officer(user):
        return qs.none()
    if not is_platform_admin(user):
        paths = [r.organization.path for r in user_roles(user=user)]
        mine = Q(owner=user)
        qs = qs.filter(mine | Q(organization_id__in=_subtrees(paths)) if paths else mine)
    if state:
        qs = qs.filter(state=state)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(code__icontains=q.strip()))
    return qs.order_by("-opened_on", "-id")


def work_dossier_get_for(*, user: Any, pk: int) -> WorkDossier:
    dossier = WorkDossier.objects.select_related("organization", "owner").filter(pk=pk).first()
    if dossier is None:
        raise NotFoundError(_("Không tìm thấy hồ sơ công việc."))
    ensure_can_view_work_dossier(user, dossier)
    return dossier


def work_dossier_documents(*, user: Any, dossier: WorkDossier) -> QuerySet[Document]:
    """The dossier's documents that `user` may see."""
    return document_visible(user=user).filter(work_dossiers=dossier).order_by("dated_at", "id")
