from decimal import Decimal
from typing import Annotated, Literal

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


class PaperIn(Schema):
    code: Annotated[str, Field(max_length=64)] = ""
    name: Annotated[str, Field(min_length=1, max_length=500)]
    originals: Annotated[int, Field(ge=0, le=100)] = 1
    copies: Annotated[int, Field(ge=0, le=100)] = 0
    required: bool = True
    form_name: Annotated[str, Field(max_length=255)] = ""
    form_url: Annotated[str, Field(max_length=200)] = ""


class FeeIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    amount: Annotated[Decimal, Field(ge=0, le=10**12, decimal_places=0)]
    description: Annotated[str, Field(max_length=500)] = ""
    collection: Literal[1, 2, 4] = 1


class LegalBasisIn(Schema):
    number: Annotated[str, Field(min_length=1, max_length=64)]
    title: Annotated[str, Field(max_length=500)] = ""


class ProcedureIn(Schema):
    name: Annotated[str, Field(min_length=3, max_length=500)]
    field_code: Annotated[str, Field(min_length=1, max_length=32)]
    field_name: Annotated[str, Field(max_length=255)] = ""
    levels: Annotated[list[Literal["central", "province", "district", "commune"]], Field(min_length=1)]
    processing_days: Annotated[Decimal, Field(ge=0, le=3650)]
    online_category: Procedure.OnlineCategory
    cut_off_hour: Annotated[int, Field(ge=0, le=23)] | None = None
    channels: list[Literal[1, 2, 3]] = []
    applicants: str = ""
    requirements: str = ""
    steps: str = ""
    result: Annotated[str, Field(max_length=500)] = ""
    agencies: list[Annotated[str, Field(max_length=13)]] = []
    flow: Annotated[str, Field(max_length=64)] | None = None
    papers: list[PaperIn] = []
    fees: list[FeeIn] = []
    legal_bases: list[LegalBasisIn] = []
    form_schema: dict = {}
    is_active: bool = True


class FlowIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    bpmn_xml: Annotated[str, Field(min_length=1, max_length=1_000_000)]


class FlowOut(Schema):
    code: str
    name: str
    process_id: str
    user_tasks: list[dict]
