from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic import Field

from saola.core.models import Organization

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
