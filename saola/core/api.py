from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from saola.api.paging import PageParams, paginate
from saola.api.schemas import ErrorOut, Page
from saola.core import selectors
from saola.core.models import Organization
from saola.core.schemas import OrganizationFilter, OrganizationOut

router = Router(tags=["organizations"])


@router.get("/organizations", response={200: Page[OrganizationOut], 422: ErrorOut})
def list_organizations(
    request: HttpRequest, filters: Query[OrganizationFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.organization_list(q=filters.q, level=filters.level, parent=filters.parent)
    return paginate(qs, page)


@router.get("/organizations/{code}", response={200: OrganizationOut, 404: ErrorOut})
def get_organization(request: HttpRequest, code: str) -> Organization:
    return selectors.organization_get(code=code)
