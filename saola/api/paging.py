"""Limit/offset paging shared by every list endpoint: answers {"items": [...], "count": N}."""

from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Query, Schema
from pydantic import Field

M = TypeVar("M", bound=Model)


class PageParams(Schema):
    limit: Annotated[int, Field(ge=1, le=200)] = 20
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0


PageQuery = Query[PageParams]


def paginate(qs: QuerySet[M], params: PageParams) -> dict[str, Any]:
    return {"items": list(qs[params.offset : params.offset + params.limit]), "count": qs.count()}
