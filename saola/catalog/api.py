from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from saola.api.paging import PageParams, paginate
from saola.api.schemas import ErrorOut, Page
from saola.catalog import selectors
from saola.catalog.models import Procedure
from saola.catalog.schemas import FieldOut, ProcedureFilter, ProcedureListOut, ProcedureOut

router = Router(tags=["procedures"])


@router.get("/procedures", response={200: Page[ProcedureListOut], 422: ErrorOut})
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = selectors.procedure_search(q=filters.q, field=filters.field, level=filters.level, online=filters.online)
    return paginate(qs, page)


@router.get("/procedures/{code}", response={200: ProcedureOut, 404: ErrorOut})
def get_procedure(request: HttpRequest, code: str) -> Procedure:
    return selectors.procedure_get(code=code)


@router.get("/fields", response=list[FieldOut])
def list_fields(request: HttpRequest) -> list[Any]:
    return list(selectors.field_list())
