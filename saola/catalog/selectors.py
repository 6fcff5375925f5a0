"""Reads of the procedure catalogue."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from saola.catalog.models import Field, Flow, Procedure
from saola.core.exceptions import NotFoundError
from saola.core.models import Organization
from saola.core.text import search_terms

# What result lists show (portal cards, API list items). The rest of a row, kilobytes of steps and
# conditions, is left in the database: search is the busiest public read.
SEARCH_LIST_COLUMNS = ("code", "name", "field__code", "field__name", "levels", "processing_days", "online_category")


def procedure_search(
    *,
    q: str = "",
    field: str | None = None,
    level: str | None = None,
    online: str | None = None,
    include_inactive: bool = False,
) -> QuerySet[Procedure]:
    """Procedures matching every folded term of `q` (diacritics and case ignored), by field and level.

    Rows carry SEARCH_LIST_COLUMNS only: any other column costs one query per row when read, so a
    caller that needs a whole procedure uses `procedure_get`. On PostgreSQL the term filters use
    the trigram index of migration catalog 0004.
    """
    conditions = [Q(search_text__contains=term) for term in search_terms(q)]
    if not include_inactive:
        conditions.append(Q(is_active=True))
    if field:
        conditions.append(Q(field__code=field))
    if level:
        # `levels` is a JSON list; matching its quoted item works the same on SQLite and PostgreSQL.
        conditions.append(Q(levels__icontains=f'"{level}"'))
    if online:
        conditions.append(Q(online_category=online))
    return (
        Procedure.objects.select_related("field")
        .only(*SEARCH_LIST_COLUMNS)
        .filter(*conditions)
        .order_by("search_text", "code")
    )


def procedure_get(*, code: str) -> Procedure:
    """One procedure with everything its page shows, in a fixed number of queries."""
    procedure = (
        Procedure.objects.select_related("field", "flow")
        .prefetch_related(
            "papers", "fees", "legal_bases", Prefetch("agencies", queryset=Organization.objects.order_by("path"))
        )
        .filter(code=code)
        .first()
    )
    if procedure is None:
        raise NotFoundError(_("Không tìm thấy thủ tục hành chính."), extra={"code": code})
    return procedure


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("name")


def field_list_with_counts() -> list[tuple[Field, int]]:
    fields = Field.objects.annotate(n=Count("procedures", filter=Q(procedures__is_active=True))).filter(n__gt=0)
    return [(f, f.n) for f in fields.order_by("name")]


def flow_get(*, code: str) -> Flow:
    flow = Flow.objects.filter(code=code).first()
    if flow is None:
        raise NotFoundError(_("Không tìm thấy quy trình xử lý."), extra={"flow": code})
    return flow


def flow_list() -> QuerySet[Flow]:
    return Flow.objects.order_by("code")
