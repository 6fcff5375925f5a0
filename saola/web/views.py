"""Public portal pages: home, procedure search and list, procedure page."""

from collections.abc import Collection

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from saola.catalog import selectors as catalog
from saola.catalog.cache import cached_search
from saola.catalog.models import Procedure
from saola.core.models import Organization
from saola.core.text import search_terms

PAGE_SIZE = 20
FEATURED_COUNT = 6
LEVEL_CHOICES = [c for c in Organization.Level.choices if c[0] != Organization.Level.UNIT]


def _choice(value: str | None, allowed: Collection[str]) -> str | None:
    """`value` when it is one of `allowed`, else None: unknown filter values are ignored, not errors."""
    return value if value in allowed else None


def home(request: HttpRequest) -> HttpResponse:
    # Only levels and online categories that have procedures are offered: the district
    # tier was abolished on 1 July 2025, so new catalogues have no district procedures.
    levels = [(code, label, catalog.procedure_search(level=code).count()) for code, label in LEVEL_CHOICES]
    online = [
        (code, label, catalog.procedure_search(online=code).count()) for code, label in Procedure.OnlineCategory.choices
    ]
    context = {
        "fields": catalog.field_list_with_counts(),
        "levels": [row for row in levels if row[2]],
        "online_choices": [row for row in online if row[2]],
        "featured": catalog.procedure_search(online=Procedure.OnlineCategory.FULL)[:FEATURED_COUNT],
        "procedure_count": catalog.procedure_search().count(),
    }
    return render(request, "web/home.html", context)


def procedure_list(request: HttpRequest) -> HttpResponse:
    """The search page; its main part is cached like API searches (until the catalogue changes)."""
    q = request.GET.get("q", "")[: settings.SAOLA_SEARCH_MAX_LENGTH]
    params = ("page", get_language(), tuple(sorted(request.GET.lists())))
    content = cached_search(params, lambda: _procedure_results(request, q).encode()).decode()
    context = {"content": mark_safe(content), "q": q, "searched": bool(search_terms(q))}  # noqa: S308 - our own render
    return render(request, "web/procedure_list.html", context)


def _procedure_results(request: HttpRequest, q: str) -> str:
    fields = list(catalog.field_list())
    field = _choice(request.GET.get("field"), {f.code for f in fields})
    level = _choice(request.GET.get("level"), dict(LEVEL_CHOICES))
    online = _choice(request.GET.get("online"), Procedure.OnlineCategory.values)
    qs = catalog.procedure_search(q=q, field=field, level=level, online=online)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "q": q,
        "field": field,
        "field_name": next((f.name for f in fields if f.code == field), ""),
        "level": level,
        "level_name": dict(LEVEL_CHOICES).get(level or "", ""),
        "online": online,
        "online_name": dict(Procedure.OnlineCategory.choices).get(online or "", ""),
        "page": page,
        "fields": fields,
        "levels": LEVEL_CHOICES,
        "online_choices": Procedure.OnlineCategory.choices,
        "searched": bool(search_terms(q)),
        "filtered": bool(field or level or online),
    }
    return render_to_string("web/_procedure_results.html", context, request=request)


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = catalog.procedure_get(code=code)
    return render(request, "web/procedure_detail.html", {"procedure": procedure})
