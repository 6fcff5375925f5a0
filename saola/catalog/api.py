"""The procedure catalogue over the API: public reads, admin writes."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from saola.api.auth import api_auth
from saola.api.paging import PageParams, paginate
from saola.api.schemas import ErrorOut, Page
from saola.catalog import selectors, services
from saola.catalog.cache import cached_search
from saola.catalog.models import Flow, Procedure
from saola.catalog.schemas import (
    FieldOut,
    FlowIn,
    FlowOut,
    ProcedureFilter,
    ProcedureIn,
    ProcedureListOut,
    ProcedureOut,
)
from saola.core import selectors as core_selectors
from saola.core.exceptions import ValidationFailed
from saola.core.permissions import ensure_platform_admin

router = Router(tags=["procedures"])
SearchPage = Page[ProcedureListOut]


@router.get("/procedures", response={200: Page[ProcedureListOut], 422: ErrorOut})
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilter], page: Query[PageParams]) -> HttpResponse:
    """Search the catalogue (answers are cached until the catalogue changes)."""

    def compute() -> bytes:
        qs = selectors.procedure_search(q=filters.q, field=filters.field, level=filters.level, online=filters.online)
        return SearchPage.model_validate(paginate(qs, page)).model_dump_json().encode()

    params = (filters.q, filters.field, filters.level, filters.online, page.limit, page.offset)
    return HttpResponse(cached_search(params, compute), content_type="application/json; charset=utf-8")


@router.get("/procedures/{code}", response={200: ProcedureOut, 404: ErrorOut})
def get_procedure(request: HttpRequest, code: str) -> Procedure:
    return selectors.procedure_get(code=code)


@router.put(
    "/procedures/{code}",
    response={200: ProcedureOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=api_auth,
)
def save_procedure(request: HttpRequest, code: str, payload: ProcedureIn) -> Procedure:
    """Create or replace a procedure by its national code (platform admins)."""
    ensure_platform_admin(request.user)
    agencies = list(core_selectors.organization_list().filter(code__in=payload.agencies))
    missing = sorted(set(payload.agencies) - {a.code for a in agencies})
    if missing:
        raise ValidationFailed(fields={"agencies": [f"Không có cơ quan mã {c}." for c in missing]})
    flow = selectors.flow_get(code=payload.flow) if payload.flow else None
    field = services.field_upsert(
        actor=request.user,  # type: ignore[arg-type]
        code=payload.field_code,
        name=payload.field_name or payload.field_code,
    )
    data = payload.dict(exclude={"field_code", "field_name", "agencies", "flow", "papers", "fees", "legal_bases"})
    services.procedure_save(
        actor=request.user,  # type: ignore[arg-type]
        code=code,
        field=field,
        agencies=agencies,
        flow=flow,
        papers=[p.dict() for p in payload.papers],
        fees=[f.dict() for f in payload.fees],
        legal_bases=[b.dict() for b in payload.legal_bases],
        **data,
    )
    return selectors.procedure_get(code=code)


@router.get("/fields", response=list[FieldOut])
def list_fields(request: HttpRequest) -> list[Any]:
    return list(selectors.field_list())


@router.get("/flows", response={200: Page[FlowOut]})
def list_flows(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(selectors.flow_list(), page)


@router.put(
    "/flows/{code}", response={200: FlowOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}, auth=api_auth
)
def save_flow(request: HttpRequest, code: str, payload: FlowIn) -> Flow:
    """Create or replace a BPMN flow; refused with INVALID_FLOW unless SpiffWorkflow accepts it."""
    ensure_platform_admin(request.user)
    return services.flow_save(actor=request.user, code=code, name=payload.name, bpmn_xml=payload.bpmn_xml)  # type: ignore[arg-type]
