"""Reads of dossiers: the applicant's list, the officer's inbox, public status, statistics."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from saola.catalog.models import Procedure
from saola.core.exceptions import NotFoundError
from saola.core.models import Organization, RoleAssignment, User
from saola.core.selectors import user_roles
from saola.core.text import search_terms
from saola.dossiers.models import CounterRefusal, Dossier, DossierStep
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
    """Every word of `q` must match the code, the procedure or the applicant's name, all
    compared folded: "hung" and "Hùng" find the same people."""
    for term in search_terms(q, max_terms=max_words):
        qs = qs.filter(
            Q(code__icontains=term) | Q(procedure__search_text__contains=term) | Q(applicant_folded__contains=term)
        )
    return qs


# Every status an inbox shows; each condition of `dossier_inbox` keeps to a part of them. The
# partial indexes of migrations 0002 and 0005 hold exactly these dossiers (PostgreSQL): keep them in step.
INBOX_STATUSES = sorted(
    WORKING
    | {
        Status.FINISHED,
        Status.SUBMITTED,
        Status.SUPPLEMENT_RECEIVED,
        Status.SUPPLEMENT_REQUESTED,
        Status.PAYMENT_REQUIRED,
    }
)
# What inbox lists show: the API's DossierListOut with its deadline flags, the back office's
# table. The rest of a row (workflow state, form data, snapshot, the procedure's texts) is
# kilobytes per dossier that no list reads.
INBOX_FIELDS = (
    "code",
    "status",
    "channel",
    "applicant_name",
    "summary",
    "current_step",
    "submitted_at",
    "received_at",
    "due_at",
    "original_due_at",
    "paused_at",
    "ended_at",
    "returned_at",
    "supplement_count",
    "procedure__code",
    "procedure__name",
    "organization__code",
    "organization__name",
)


def _units_under(assignments: list[RoleAssignment], roles: set[str]) -> QuerySet[Organization, int] | list[int]:
    """Ids of the organisations under the units where one of `assignments` grants one of `roles`."""
    paths = Q()
    for assignment in assignments:
        if assignment.role in roles:
            paths |= Q(path__startswith=assignment.organization.path)
    if not paths:
        return []
    return Organization.objects.filter(paths).values_list("id", flat=True)


def dossier_inbox(
    *, officer: User, q: str = "", status: str | None = None, only: str | None = None, now: dt.datetime | None = None
) -> QuerySet[Dossier]:
    """Dossiers waiting for `officer`: open steps of their roles in their units, and for
    receiving officers the online dossiers waiting for intake. Sorted by due date; rows carry
    the list columns only (`INBOX_FIELDS`).

    `only`: "overdue" or "due_soon" (due within one calendar day).
    """
    assignments = user_roles(user=officer)
    # Scopes as organisation ids (a subquery), not joins on the organisation's path: the whole
    # condition then reads dossier columns only, which the partial index of migration 0002 holds.
    step_scope = Q(pk__in=[])
    for role in {a.role for a in assignments}:
        step_scope |= Q(role=role, organization_id__in=_units_under(assignments, {role}))
    # Uncorrelated: one set of dossier ids built once per query, the plan PostgreSQL runs anyway;
    # written as a correlated EXISTS inside the OR below, it is costed per row and misleads the planner.
    open_steps = DossierStep.objects.filter(step_scope, completed_at__isnull=True).values("dossier_id")
    intake = Q(
        status__in=[Status.SUBMITTED, Status.SUPPLEMENT_RECEIVED],
        organization_id__in=_units_under(assignments, INTAKE_ROLES),
    )
    # Waiting for the applicant (papers or fees): the one-stop desk and the unit's officers follow them.
    applicant_wait = Q(
        status__in=[Status.SUPPLEMENT_REQUESTED, Status.PAYMENT_REQUIRED],
        organization_id__in=_units_under(assignments, INTAKE_ROLES | {RoleAssignment.Role.PROCESSING_OFFICER.value}),
    )
    waiting = Q(pk__in=open_steps, status__in=WORKING | {Status.FINISHED}) | intake | applicant_wait
    qs = (
        # The outer status condition is implied by `waiting`; stated, it lets the planner start from
        # the few open dossiers instead of walking every dossier in due-date order.
        Dossier.objects.filter(waiting, status__in=INBOX_STATUSES)
        .select_related("procedure", "organization")
        .only(*INBOX_FIELDS)
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


# Stands for the code when the lookup's query is compiled; each lookup passes its own.
_CODE_PARAM = "@code"


@functools.cache
def _public_status_sql(vendor: str) -> str:
    """The public lookup's query, built with the ORM and compiled once per process.

    The busiest public read: building and compiling the query took more time than running it
    (bench/README.md). Every lookup still runs it: only the SQL text is kept.
    One row per history event (one row with empty event columns when there is none); the names
    are scalar subqueries, which PostgreSQL plans in half the time of joins.
    """
    qs = (
        Dossier.objects.filter(code=_CODE_PARAM)
        .annotate(
            procedure_name=Subquery(Procedure.objects.filter(pk=OuterRef("procedure_id")).order_by().values("name")),
            organization_name=Subquery(
                Organization.objects.filter(pk=OuterRef("organization_id")).order_by().values("name")
            ),
        )
        .order_by("events__at", "events__id")
        .values_list(
            "code",
            "status",
            "procedure_name",
            "organization_name",
            "received_at",
            "due_at",
            "events__at",
            "events__to_status",
            "events__step_name",
            "events__action",
        )
    )
    sql, params = qs.query.sql_with_params()
    if tuple(params) != (_CODE_PARAM,):
        raise ImproperlyConfigured(f"The public status query for {vendor} has unexpected parameters.")
    return str(sql)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime read by a plain cursor: aware on PostgreSQL, naive UTC on SQLite."""
    if value is None or not timezone.is_naive(value):
        return value
    return timezone.make_aware(value, dt.UTC)


def dossier_public_status(*, code: str) -> PublicStatus:
    """What anyone may see of a dossier by its code: never names, ids, contacts or files.

    One query (`_public_status_sql`): the dossier's public columns with its history. Nothing is
    cached: every change shows at once.
    """
    with connection.cursor() as cursor:
        cursor.execute(_public_status_sql(connection.vendor), [code])
        rows = cursor.fetchall()
    if not rows:
        raise NotFoundError("Không tìm thấy hồ sơ có mã này.", extra={"code": code})
    found_code, status, procedure, organization, received_at, due_at = rows[0][:6]
    steps = [
        {"at": _aware(at), "status": to_status, "status_label": Status(to_status).label, "step": step, "action": action}
        for *_, at, to_status, step, action in rows
        if at is not None
    ]
    code_number = national_code(status)
    return PublicStatus(
        code=found_code,
        status=code_number,
        status_label=NATIONAL_LABEL[code_number],
        internal_status=status,
        procedure=procedure,
        organization=organization,
        received_at=_aware(received_at),
        due_at=_aware(due_at),
        steps=steps,
    )


def _refusal_counts(*, start: dt.datetime, end: dt.datetime, group_by: str) -> dict[str, int]:
    """Requests refused in [start, end): online dossiers refused when checked, and walk-in
    requests refused at the counter (recorded without a dossier)."""
    counts: dict[str, int] = {}
    online = Dossier.objects.filter(status=Status.REFUSED, received_at__isnull=True)
    online = online.filter(ended_at__gte=start, ended_at__lt=end)
    counter = CounterRefusal.objects.filter(refused_at__gte=start, refused_at__lt=end)
    key = {"organization": "organization__code", "procedure": "procedure__code"}[group_by]
    for qs in (online, counter):
        for row in qs.values(key).annotate(n=Count("id")).order_by(key):
            counts[row[key]] = counts.get(row[key], 0) + row["n"]
    return counts


def dossier_stats(*, start: dt.datetime, end: dt.datetime, group_by: str = "organization") -> list[dict[str, Any]]:
    """Counts per unit or procedure for dossiers received in [start, end): received, online,
    in progress, ended on time / late (national rule, apology dates not counted), rating; and
    the requests refused in the period (online when checked, or at the counter)."""
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
    refused = _refusal_counts(start=start, end=end, group_by=group_by)
    empty = {"received": 0, "online": 0, "in_progress": 0, "ended": 0, "late": 0, "rating": None}
    by_key: dict[str, dict[str, Any]] = {row[key]: row for row in rows}
    return [
        {
            "key": code,
            "received": row["received"],
            "online": row["online"],
            "in_progress": row["in_progress"],
            "ended": row["ended"],
            "late": row["late"],
            "on_time": row["received"] - row["late"],
            "refused": refused.get(code, 0),
            "rating": float(row["rating"]) if row["rating"] is not None else None,
        }
        for code in sorted(by_key.keys() | refused.keys())
        for row in [by_key.get(code, empty)]
    ]
