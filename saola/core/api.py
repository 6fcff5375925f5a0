"""Organisations, the working-day calendar and the audit log over the API."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from saola.api.auth import api_auth
from saola.api.paging import PageParams, paginate
from saola.api.schemas import ErrorOut, Page
from saola.core import selectors, services
from saola.core.calendar import WorkingCalendar, add_working_time, working_days_between
from saola.core.exceptions import NotFoundError, ValidationFailed
from saola.core.models import CalendarOverride, Organization, User
from saola.core.permissions import ensure_can_manage_organization, ensure_platform_admin
from saola.core.schemas import (
    AuditFilter,
    AuditOut,
    CalendarOverrideIn,
    DeadlineIn,
    DeadlineOut,
    OrganizationCreateIn,
    OrganizationFilter,
    OrganizationOut,
    OrganizationUpdateIn,
    WorkingDayOut,
)

router = Router(tags=["organizations"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by api_auth
    return user


calendar_router = Router(tags=["calendar"])
audit_router = Router(tags=["audit"])


@router.get("/organizations", response={200: Page[OrganizationOut], 422: ErrorOut})
def list_organizations(
    request: HttpRequest, filters: Query[OrganizationFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.organization_list(q=filters.q, level=filters.level, parent=filters.parent)
    return paginate(qs, page)


@router.get("/organizations/{code}", response={200: OrganizationOut, 404: ErrorOut})
def get_organization(request: HttpRequest, code: str) -> Organization:
    return selectors.organization_get(code=code)


def _parent(code: str | None) -> Organization | None:
    if code is None:
        return None
    try:
        return selectors.organization_get(code=code)
    except NotFoundError:
        message = _("Không tìm thấy cơ quan cấp trên “%(code)s”.") % {"code": code}
        raise ValidationFailed(message, fields={"parent": [str(message)]}) from None


router.add_api_operation(
    "/organizations",
    ["GET"],
    list_organizations,
    response={200: Page[OrganizationOut], 422: ErrorOut},
    include_in_schema=False,
)
router.add_api_operation(
    "/organizations/{code}",
    ["GET"],
    get_organization,
    response={200: OrganizationOut, 404: ErrorOut},
    include_in_schema=False,
)


@router.post(
    "/organizations",
    response={201: OrganizationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=api_auth,
)
def create_organization(request: HttpRequest, payload: OrganizationCreateIn) -> Status[Organization]:
    parent = _parent(payload.parent)
    ensure_can_manage_organization(request.user, parent)
    data = payload.dict(exclude={"parent"})
    return Status(201, services.organization_create(actor=_actor(request), parent=parent, **data))


@router.patch(
    "/organizations/{code}",
    response={200: OrganizationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=api_auth,
)
def update_organization(request: HttpRequest, code: str, payload: OrganizationUpdateIn) -> Organization:
    organization = selectors.organization_get(code=code)
    ensure_can_manage_organization(request.user, organization)
    changes: dict[str, Any] = payload.dict(exclude_unset=True)
    if "parent" in changes:
        parent = _parent(changes.pop("parent"))
        if (parent.pk if parent else None) != organization.parent_id:
            ensure_can_manage_organization(request.user, parent)
            changes["parent"] = parent
    return services.organization_update(actor=_actor(request), organization=organization, **changes)


@calendar_router.get("/calendar/days", response={200: list[WorkingDayOut], 400: ErrorOut, 422: ErrorOut})
def list_calendar_days(request: HttpRequest, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Whether each day from `start` to `end` (at most 366 days) is a working day."""
    if end < start or (end - start).days > 366:
        raise ValidationFailed("Khoảng ngày không hợp lệ (tối đa 366 ngày).")
    cal = WorkingCalendar()
    days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return [{"date": day, "working": cal.is_working_day(day)} for day in days]


@calendar_router.post("/calendar/deadline", response={200: DeadlineOut, 422: ErrorOut})
def compute_deadline(request: HttpRequest, payload: DeadlineIn) -> dict[str, Any]:
    """The due moment after `days` working days and `hours` working hours from `start`."""
    if payload.start.tzinfo is None:
        raise ValidationFailed("Thời điểm bắt đầu cần có múi giờ.", fields={"start": ["Thiếu múi giờ."]})
    due = add_working_time(payload.start, days=payload.days, hours=payload.hours)
    return {"start": payload.start, "due": due, "working_days": working_days_between(payload.start, due)}


@calendar_router.put(
    "/calendar/overrides/{day}", response={200: CalendarOverrideIn, 401: ErrorOut, 403: ErrorOut}, auth=api_auth
)
def set_calendar_override(request: HttpRequest, day: dt.date, payload: CalendarOverrideIn) -> CalendarOverride:
    ensure_platform_admin(request.user)
    return services.calendar_override_set(
        actor=request.user,  # type: ignore[arg-type]
        date=day,
        kind=payload.kind,
        note=payload.note,
        source=payload.source,
    )


@audit_router.get("/audit", response={200: Page[AuditOut], 401: ErrorOut, 403: ErrorOut}, auth=api_auth)
def list_audit(
    request: HttpRequest,
    filters: Query[AuditFilter],
    page: Query[PageParams],
) -> dict[str, Any]:
    ensure_platform_admin(request.user)
    qs = selectors.audit_list(action=filters.action, object_type=filters.object_type, object_id=filters.object_id)
    return paginate(qs, page)
