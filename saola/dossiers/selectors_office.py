"""Reads for the back office: the inbox as a page, a dossier with everything its page shows,
the procedures a counter may receive and the applicants it may find."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from saola.catalog.models import Procedure
from saola.core.exceptions import NotFoundError
from saola.core.models import Organization, User
from saola.core.selectors import user_has_role_over, user_roles
from saola.core.text import search_terms
from saola.core.validators import normalize_phone
from saola.dossiers.models import (
    Apology,
    CounterRefusal,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierStep,
    SupplementRequest,
)
from saola.dossiers.office import DUE_SOON_WITHIN
from saola.dossiers.permissions import INTAKE_ROLES, is_officer
from saola.dossiers.selectors import dossier_get_for, dossier_inbox

# How the inbox may be sorted: by appointment date (the default: what is late comes first) or
# by the time the dossier came in (oldest first, online dossiers by their submission time).
INBOX_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "deadline": (F("due_at").asc(nulls_last=True), "submitted_at", "id"),
    "received": (F("received_at").asc(nulls_first=True), "submitted_at", "id"),
}
APPLICANT_MATCHES = 10
COUNTER_PROCEDURES = 300


@dataclass(frozen=True)
class InboxCounts:
    all: int
    overdue: int
    due_soon: int


def dossier_inbox_sorted(
    *,
    officer: User,
    q: str = "",
    status: str | None = None,
    only: str | None = None,
    sort: str = "deadline",
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """`dossier_inbox` in the order the officer chose (unknown orders fall back to the deadline)."""
    qs = dossier_inbox(officer=officer, q=q, status=status, only=only, now=now)
    return qs.order_by(*INBOX_ORDERINGS.get(sort, INBOX_ORDERINGS["deadline"]))


def dossier_inbox_counts(
    *, officer: User, q: str = "", status: str | None = None, now: dt.datetime | None = None
) -> InboxCounts:
    """How many inbox dossiers match the search, and how many of them are overdue or due soon.

    One aggregate query; the two conditions are those of `dossier_inbox(only=...)`.
    """
    moment = now or timezone.now()
    running = Q(paused_at__isnull=True)
    counts = (
        dossier_inbox(officer=officer, q=q, status=status, now=moment)
        .order_by()
        .aggregate(
            all=Count("pk"),
            overdue=Count("pk", filter=running & Q(due_at__lt=moment)),
            due_soon=Count("pk", filter=running & Q(due_at__gte=moment, due_at__lt=moment + DUE_SOON_WITHIN)),
        )
    )
    return InboxCounts(all=counts["all"], overdue=counts["overdue"], due_soon=counts["due_soon"])


@dataclass(frozen=True)
class OfficeDossier:
    """A dossier and its related rows, each loaded once with the people it names."""

    dossier: Dossier
    files: list[DossierFile]
    steps: list[DossierStep]
    events: list[DossierEvent]
    supplements: list[SupplementRequest]
    apologies: list[Apology]


def dossier_get_for_office(*, user: Any, code: str) -> OfficeDossier:
    """The dossier for an officer's page; 404 (NotFoundError) when `user` may not see it."""
    dossier = dossier_get_for(user=user, code=code)
    return OfficeDossier(
        dossier=dossier,
        files=list(dossier.files.select_related("uploaded_by")),
        steps=list(dossier.steps.select_related("completed_by", "organization")),
        events=list(dossier.events.select_related("actor")),
        supplements=list(dossier.supplements.select_related("requested_by")),
        apologies=list(dossier.apologies.select_related("created_by")),
    )


def _counter_scope(officer: User) -> QuerySet[Procedure]:
    qs = Procedure.objects.filter(is_active=True, flow__isnull=False)
    if officer.organization_id is not None:
        qs = qs.filter(Q(agencies=officer.organization_id) | Q(agencies__isnull=True))
    return qs


def counter_procedures(*, officer: User, q: str = "") -> QuerySet[Procedure]:
    """Active procedures with a processing flow that the officer's unit performs (or that name no unit)."""
    qs = _counter_scope(officer)
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    return qs.distinct().order_by("search_text")[:COUNTER_PROCEDURES]


def counter_procedure_get(*, officer: User, code: str) -> Procedure:
    """One procedure the officer's counter receives, with its papers; NotFoundError otherwise."""
    procedure = _counter_scope(officer).filter(code=code).prefetch_related("papers").first()
    if procedure is None:
        raise NotFoundError("Không tìm thấy thủ tục hoặc đơn vị không tiếp nhận thủ tục này.")
    return procedure


def applicant_find(*, value: str) -> list[User]:
    """Citizens and businesses whose personal id, tax code, email or phone is exactly `value`."""
    value = value.strip()
    if not value:
        return []
    query = Q(personal_id=value) | Q(tax_code=value)
    if "@" in value:
        query |= Q(email__iexact=value)
    else:
        query |= Q(phone=normalize_phone(value))
    return list(User.objects.filter(query, is_active=True).exclude(kind=User.Kind.OFFICER)[:APPLICANT_MATCHES])


def applicant_get(*, pk: int) -> User:
    """A citizen or business account chosen at the counter (never an officer's account)."""
    user = User.objects.filter(pk=pk, is_active=True).exclude(kind=User.Kind.OFFICER).first()
    if user is None:
        raise NotFoundError("Không tìm thấy người nộp.")
    return user


def can_receive_at_counter(user: Any) -> bool:
    """True for officers holding an intake role somewhere (and superusers)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.kind == User.Kind.OFFICER and any(a.role in INTAKE_ROLES for a in user_roles(user=user))


def transfer_targets(*, dossier: Dossier) -> list[Organization]:
    """Units and levels a dossier's step may be sent to: every current organisation but its own."""
    return list(
        Organization.objects.exclude(pk=dossier.organization_id)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
        .order_by("path")
    )


def counter_refusal_get(*, user: Any, pk: int) -> CounterRefusal:
    """A refusal recorded at the counter, for the intake officers and leaders of its unit (404
    for anyone else, as for an unknown id)."""
    refusal = CounterRefusal.objects.select_related("organization", "procedure", "refused_by").filter(pk=pk).first()
    if refusal is None or not (
        is_officer(user) and user_has_role_over(user=user, organization=refusal.organization, roles=INTAKE_ROLES)
    ):
        raise NotFoundError("Không tìm thấy phiếu từ chối này.")
    return refusal
