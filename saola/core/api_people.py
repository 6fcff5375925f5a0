"""Accounts over the API: tokens, the current user, citizen registration, officers."""

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Query, Router, Status

from saola.api.auth import api_auth
from saola.api.paging import PageParams, paginate
from saola.api.schemas import ErrorOut, Page
from saola.core import selectors, services
from saola.core.exceptions import NotFoundError, PermissionDeniedError
from saola.core.models import User
from saola.core.permissions import ensure_can_grant_roles
from saola.core.schemas import CitizenRegisterIn, OfficerFilter, OfficerIn, TokenIn, TokenOut, UserOut
from saola.core.tokens import api_token_issue

router = Router(tags=["accounts"])


@router.post("/auth/token", response={200: TokenOut, 401: ErrorOut, 422: ErrorOut})
def create_token(request: HttpRequest, payload: TokenIn) -> dict[str, Any]:
    user = authenticate(request, username=payload.login, password=payload.password)
    if not isinstance(user, User):
        raise PermissionDeniedError("Sai tên đăng nhập hoặc mật khẩu.")
    token, secret = api_token_issue(user=user, name=payload.name)
    return {"token": secret, "expires_at": token.expires_at}


@router.get("/me", response={200: UserOut, 401: ErrorOut}, auth=api_auth)
def get_me(request: HttpRequest) -> Any:
    return request.user


@router.post("/citizens", response={201: UserOut, 400: ErrorOut, 422: ErrorOut})
def register_citizen(request: HttpRequest, payload: CitizenRegisterIn) -> Status[User]:
    user = services.citizen_register(**payload.dict())
    return Status(201, user)


@router.get("/officers", response={200: Page[UserOut], 401: ErrorOut, 422: ErrorOut}, auth=api_auth)
def list_officers(request: HttpRequest, filters: Query[OfficerFilter], page: Query[PageParams]) -> dict[str, Any]:
    viewer = request.user
    assert isinstance(viewer, User)  # noqa: S101 - guaranteed by api_auth
    qs = selectors.officer_list(viewer=viewer, q=filters.q, organization=filters.organization, role=filters.role)
    return paginate(qs, page)


@router.post(
    "/officers", response={201: UserOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}, auth=api_auth
)
def create_officer(request: HttpRequest, payload: OfficerIn) -> Status[User]:
    try:
        organization = selectors.organization_get(code=payload.organization)
    except NotFoundError as exc:
        raise NotFoundError("Không tìm thấy đơn vị công tác.", extra={"organization": payload.organization}) from exc
    ensure_can_grant_roles(request.user, organization, [str(r) for r in payload.roles])
    data = payload.dict(exclude={"organization", "roles"})
    user = services.officer_create(
        actor=request.user,  # type: ignore[arg-type]
        organization=organization,
        roles=[str(r) for r in payload.roles],
        **data,
    )
    return Status(201, user)
