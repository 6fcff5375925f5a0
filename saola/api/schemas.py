"""Schemas shared by every router."""

from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


class ErrorDetail(Schema):
    code: str
    message: str
    details: dict


class ErrorOut(Schema):
    error: ErrorDetail
