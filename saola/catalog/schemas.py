from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from saola.catalog.models import Procedure


class ProcedureFilter(Schema):
    q: Annotated[str, Field(max_length=200)] = ""
    field: Annotated[str, Field(max_length=32)] | None = None
    level: Annotated[str, Field(pattern=r"^(central|province|district|commune)$")] | None = None
    online: Procedure.OnlineCategory | None = None


class FieldOut(Schema):
    code: str
    name: str


class ProcedureListOut(Schema):
    code: str
    name: str
    field: FieldOut
    levels: list[str]
    processing_days: Decimal
    online_category: str
    legacy_level: int


class PaperOut(Schema):
    code: str
    name: str
    originals: int
    copies: int
    required: bool
    form_name: str
    form_url: str | None

    @staticmethod
    def resolve_form_url(obj: object) -> str | None:
        form_file = getattr(obj, "form_file", None)
        if form_file:
            return str(form_file.url)
        return getattr(obj, "form_url", "") or None


class FeeOut(Schema):
    name: str
    amount: Decimal
    description: str
    collection: int


class LegalBasisOut(Schema):
    number: str
    title: str


class AgencyOut(Schema):
    code: str
    name: str
    level: str


class ProcedureOut(ProcedureListOut):
    cut_off_hour: int | None
    channels: list
    applicants: str
    requirements: str
    steps: str
    result: str
    papers: list[PaperOut]
    fees: list[FeeOut]
    legal_bases: list[LegalBasisOut]
    agencies: list[AgencyOut]
    flow: str | None
    form_schema: dict

    @staticmethod
    def resolve_flow(obj: Procedure) -> str | None:
        return obj.flow.code if obj.flow else None

    @staticmethod
    def resolve_papers(obj: Procedure) -> list:
        return list(obj.papers.all())

    @staticmethod
    def resolve_fees(obj: Procedure) -> list:
        return list(obj.fees.all())

    @staticmethod
    def resolve_legal_bases(obj: Procedure) -> list:
        return list(obj.legal_bases.all())

    @staticmethod
    def resolve_agencies(obj: Procedure) -> list:
        return list(obj.agencies.all())
