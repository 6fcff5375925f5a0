"""Public portal pages: home, procedure search and list, procedure page."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from saola.catalog import selectors as catalog
from saola.catalog.models import Procedure
from saola.core.models import Organization
from saola.core.text import search_terms

PAGE_SIZE = 20
LEVEL_CHOICES = [c for c in Organization.Level.choices if c[0] != Organization.Level.UNIT]


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "fields": catalog.field_list_with_counts(),
        "levels": LEVEL_CHOICES,
        "featured": catalog.procedure_search()[:6],
        "procedure_count": catalog.procedure_search().count(),
    }
    return render(request, "web/home.html", context)


def procedure_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    field = request.GET.get("field") or None
    level = request.GET.get("level") or None
    if level not in dict(LEVEL_CHOICES):
        level = None
    online = request.GET.get("online") or None
    if online not in Procedure.OnlineCategory.values:
        online = None
    qs = catalog.procedure_search(q=q, field=field, level=level, online=online)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "q": q,
        "field": field,
        "level": level,
        "online": online,
        "page": page,
        "fields": catalog.field_list(),
        "levels": LEVEL_CHOICES,
        "online_choices": Procedure.OnlineCategory.choices,
        "querystring": params.urlencode(),
        "searched": bool(search_terms(q)),
    }
    return render(request, "web/procedure_list.html", context)


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = catalog.procedure_get(code=code)
    return render(request, "web/procedure_detail.html", {"procedure": procedure})
