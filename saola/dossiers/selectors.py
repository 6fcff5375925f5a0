"""Reads of dossiers: the applicant's list, the officer's inbox, public status, statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from saola.core.exceptions import NotFoundError
from saola.core.models import RoleAssignment, User
from saola.core.selectors import user_roles
from saola.core.text import search_terms
from saola.dossiers.models import Dossier, DossierEvent, DossierStep
from saola.dossiers.permissions import INTAKE_ROLES, ensure_can_view_dossier
from saola.dossiers.states import NATIONAL_LABEL, TERMINAL, WORKING, Status, national_code


def dossier_get(*, code: str) -> Dossier:
    dossier = Dossier.objects.select_related("procedure", "organization", "applicant").filter(code=code).first()
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ.", extra={"code": code})
    return dossier


def dossier_get_for(*, user: Any, code: str) -> Dossier:
    """The dossier if `user` may see it; otherwise the same 404 as an unknown code."""
    dossier = dossier_get(code=code)
    ensure_can_view_dossier(user, dossier)
    return dossier


def dossier_list_for_applicant(*, user: User, status: str | None = None) -> QuerySet[Dossier]:
    qs = Dossier.objects.filter(applicant=user).select_related("procedure", "organization")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-id")


def _scope(user: User, roles: set[str], prefix: str = "") -> Q:
    """Rows whose organisation lies under a unit where `user` holds one of `roles`."""
    q = Q(pk__in=[])
    for assignment in user_roles(user=user):
        if assignment.role in roles:
            q |= Q(**{f"{prefix}organization__path__startswith": assignment.organization.path})
    return q


def _text_search(qs: QuerySet[Dossier], q: str, *, max_words: int = 8) -> QuerySet[Dossier]:
    """Every word of `q` must match the code, the procedure or the applicant's name.

    Codes and procedures match folded words (their search text has no diacritics). Names are
    stored as typed, so a word also matches a name as written ("Hùng"); a name typed without
    diacritics is not found from a word with them, nor the other way round.
    """
    for word in q.split()[:max_words]:
        folded = Q()
        for term in search_terms(word):
            folded &= (
                Q(code__icontains=term) | Q(procedure__search_text__contains=term) | Q(applicant_name__icontains=term)
            )
        qs = qs.filter(Q(applicant_name__icontains=word) | folded)
    return qs


def dossier_inbox(
    *, officer: User, q: str = "", status: str | None = None, only: str | None = None, now: dt.datetime | None = None
) -> QuerySet[Dossier]:
    """Dossiers waiting for `officer`: open steps of their roles in their units, and for
    receiving officers the online dossiers waiting for intake. Sorted by due date.

    `only`: "overdue" or "due_soon" (due within one calendar day).
    """
    assignments = user_roles(user=officer)
    step_scope = Q(pk__in=[])
    for a in assignments:
        step_scope |= Q(role=a.role, organization__path__startswith=a.organization.path)
    open_steps = DossierStep.objects.filter(step_scope, dossier=OuterRef("pk"), completed_at__isnull=True)
    intake = Q(status__in=[Status.SUBMITTED, Status.SUPPLEMENT_RECEIVED]) & _scope(officer, INTAKE_ROLES)
    supplement_wait = Q(status=Status.SUPPLEMENT_REQUESTED) & _scope(
        officer, INTAKE_ROLES | {RoleAssignment.Role.PROCESSING_OFFICER.value}
    )
    qs = (
        Dossier.objects.filter(Q(Exists(open_steps), status__in=WORKING | {Status.FINISHED}) | intake | supplement_wait)
        .select_related("procedure", "organization")
        .order_by(F("due_at").asc(nulls_last=True), "submitted_at", "id")
    )
    qs = _text_search(qs, q)
    if status:
        qs = qs.filter(status=status)
    moment = now or timezone.now()
    if only == "overdue":
        qs = qs.filter(due_at__lt=moment, paused_at__isnull=True)
    elif only == "due_soon":
        qs = qs.filter(due_at__gte=moment, due_at__lt=moment + dt.timedelta(days=1), paused_at__isnull=True)
    return qs


def dossier_list_for_officer(*, officer: User, q: str = "", status: str | None = None) -> QuerySet[Dossier]:
    """Every dossier of the officer's units (search by code, procedure or applicant)."""
    scope = Q(pk__in=[]) if not officer.is_superuser else Q()
    if not officer.is_superuser:
        scope = _scope(officer, set(RoleAssignment.Role.values))
    qs = _text_search(Dossier.objects.filter(scope).select_related("procedure", "organization"), q)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-id")


def dossier_codes(*, status: str | None = None, limit: int | None = None) -> list[str]:
    qs = Dossier.objects.order_by("-submitted_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if limit:
        qs = qs[:limit]
    return list(qs.values_list("code", flat=True))


@dataclass(frozen=True)
class PublicStatus:
    code: str
    status: int
    status_label: str
    internal_status: str
    procedure: str
    organization: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    steps: list[dict[str, Any]]


def dossier_public_status(*, code: str) -> PublicStatus:
    """What anyone may see of a dossier by its code: never names, ids, contacts or files."""
    dossier = (
        Dossier.objects.select_related("procedure", "organization")
        .only("code", "status", "procedure__name", "organization__name", "received_at", "due_at")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ có mã này.", extra={"code": code})
    events = DossierEvent.objects.filter(dossier=dossier).only("at", "action", "to_status", "step_name")
    steps = [
        {
            "at": e.at,
            "status": e.to_status,
            "status_label": Status(e.to_status).label,
            "step": e.step_name,
            "action": e.action,
        }
        for e in events
    ]
    code_number = national_code(dossier.status)
    return PublicStatus(
        code=dossier.code,
        status=code_number,
        status_label=NATIONAL_LABEL[code_number],
        internal_status=dossier.status,
        procedure=dossier.procedure.name,
        organization=dossier.organization.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        steps=steps,
    )


def dossier_stats(*, start: dt.datetime, end: dt.datetime, group_by: str = "organization") -> list[dict[str, Any]]:
    """Counts per unit or procedure for dossiers received in [start, end): received, online,
    in progress, ended on time / late (national rule, apology dates not counted), rating."""
    key = {"organization": "organization__code", "procedure": "procedure__code"}[group_by]
    received = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    due = F("original_due_at")
    ended = Q(status__in=TERMINAL, ended_at__isnull=False)
    late = Q(supplement_count__gt=1) | (ended & Q(ended_at__gt=due)) | (~ended & Q(original_due_at__lt=timezone.now()))
    rows = (
        received.values(key)
        .annotate(
            received=Count("id"),
            online=Count("id", filter=Q(channel=Dossier.Channel.ONLINE)),
            in_progress=Count("id", filter=~Q(status__in=TERMINAL)),
            ended=Count("id", filter=ended),
            late=Count("id", filter=late),
            rating=Avg("rating__score"),
        )
        .order_by(key)
    )
    return [
        {
            "key": row[key],
            "received": row["received"],
            "online": row["online"],
            "in_progress": row["in_progress"],
            "ended": row["ended"],
            "late": row["late"],
            "on_time": row["received"] - row["late"],
            "rating": float(row["rating"]) if row["rating"] is not None else None,
        }
        for row in rows
    ]
