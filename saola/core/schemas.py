from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from saola.core.models import CalendarOverride, Organization, RoleAssignment, User

SearchText = Annotated[str, Field(max_length=200)]


class OrganizationFilter(Schema):
    q: SearchText = ""
    level: Organization.Level | None = None
    parent: Annotated[str, Field(max_length=13)] | None = None


class OrganizationOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    admin_unit_code: str
    valid_from: date | None
    valid_to: date | None

    @staticmethod
    def resolve_parent(obj: Organization) -> str | None:
        return obj.parent.code if obj.parent else None


class TokenIn(Schema):
    login: Annotated[str, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=256)]
    name: Annotated[str, Field(max_length=100)] = "api"


class TokenOut(Schema):
    token: str
    expires_at: datetime | None


class RoleOut(Schema):
    role: str
    organization: str

    @staticmethod
    def resolve_organization(obj: RoleAssignment) -> str:
        return obj.organization.code


class UserOut(Schema):
    username: str
    full_name: str
    kind: str
    email: str | None
    phone: str | None
    organization: str | None
    position: str
    roles: list[RoleOut]

    @staticmethod
    def resolve_organization(obj: User) -> str | None:
        return obj.organization.code if obj.organization else None

    @staticmethod
    def resolve_roles(obj: User) -> list[RoleAssignment]:
        return list(obj.roles.all())


class CitizenRegisterIn(Schema):
    full_name: Annotated[str, Field(min_length=2, max_length=255)]
    password: Annotated[str, Field(min_length=1, max_length=256)]
    kind: Literal["citizen", "business"] = "citizen"
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=20)] | None = None
    personal_id: Annotated[str, Field(max_length=12)] | None = None
    tax_code: Annotated[str, Field(max_length=14)] | None = None


class OfficerIn(Schema):
    username: Annotated[str, Field(min_length=3, max_length=150, pattern=r"^[\w.@+-]+$")]
    full_name: Annotated[str, Field(min_length=2, max_length=255)]
    organization: Annotated[str, Field(max_length=13)]
    password: Annotated[str, Field(min_length=1, max_length=256)]
    position: Annotated[str, Field(max_length=128)] = ""
    email: Annotated[str, Field(max_length=254)] | None = None
    phone: Annotated[str, Field(max_length=20)] | None = None
    roles: list[RoleAssignment.Role] = []


class OfficerFilter(Schema):
    q: Annotated[str, Field(max_length=200)] = ""
    organization: Annotated[str, Field(max_length=13)] | None = None
    role: RoleAssignment.Role | None = None


class WorkingDayOut(Schema):
    date: date
    working: bool


class CalendarOverrideIn(Schema):
    date: date
    kind: CalendarOverride.Kind
    note: Annotated[str, Field(max_length=255)] = ""
    source: Annotated[str, Field(max_length=255)] = ""


class DeadlineIn(Schema):
    start: datetime
    days: Annotated[float, Field(ge=0, le=3650)] = 0
    hours: Annotated[float, Field(ge=0, le=100000)] = 0


class DeadlineOut(Schema):
    start: datetime
    due: datetime
    working_days: float


class AuditFilter(Schema):
    action: Annotated[str, Field(max_length=64)] = ""
    object_type: Annotated[str, Field(max_length=64)] = ""
    object_id: Annotated[str, Field(max_length=64)] = ""


class AuditOut(Schema):
    at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict | None
    after: dict | None
    ip_address: str | None


Code = Annotated[str, Field(min_length=1, max_length=13)]


class OrganizationCreateIn(Schema):
    code: Code
    name: Annotated[str, Field(min_length=1, max_length=255)]
    level: Organization.Level
    parent: Code | None = None
    short_name: Annotated[str, Field(max_length=64)] = ""
    admin_unit_code: Annotated[str, Field(max_length=8)] = ""
    address: Annotated[str, Field(max_length=255)] = ""
    valid_from: date | None = None
    valid_to: date | None = None


class OrganizationUpdateIn(Schema):
    """Only the fields sent are changed; `"parent": null` moves the organisation to the top."""

    name: Annotated[str, Field(min_length=1, max_length=255)] = ""
    level: Organization.Level = Organization.Level.UNIT
    parent: Code | None = None
    short_name: Annotated[str, Field(max_length=64)] = ""
    admin_unit_code: Annotated[str, Field(max_length=8)] = ""
    address: Annotated[str, Field(max_length=255)] = ""
    valid_from: date | None = None
    valid_to: date | None = None
