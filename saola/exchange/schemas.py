"""Input and output schemas of the exchange API."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from saola.exchange.node.reports import UnitIndicators
from saola.exchange.node_models import OutboundMessage, RecipientStatus, RecipientStatusEvent

AgencyCode = Annotated[str, Field(max_length=13)]


class SendIn(Schema):
    recipients: Annotated[list[AgencyCode], Field(max_length=500)]
    secret: Annotated[str, Field(max_length=256)] = ""
    business_type: Literal[0, 1, 2, 3] = Field(0, description="0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế")
    reason: Annotated[str, Field(max_length=2000)] = ""
    replaces_document_id: Annotated[str, Field(max_length=255)] = ""


class OutboundOut(Schema):
    id: int
    kind: str
    recipient_codes: list[str]
    document_id: str = Field(validation_alias="edxml_document_id")
    business_type: int | None
    status_code: str
    state: str
    digest: str
    created_at: datetime


class RecipientEventOut(Schema):
    status_code: str
    status_label: str
    business_type: int | None
    description: str
    staff: str
    at: datetime

    @staticmethod
    def resolve_status_label(obj: RecipientStatusEvent) -> str:
        return str(obj.get_status_code_display()) if obj.status_code else ""


class RecipientOut(Schema):
    organ_code: str
    organ_name: str
    status_code: str
    status_label: str
    description: str
    staff: str
    recall: str
    delivery_state: str
    status_at: datetime | None
    updated_at: datetime
    events: list[RecipientEventOut]

    @staticmethod
    def resolve_status_label(obj: RecipientStatus) -> str:
        return str(obj.get_status_code_display()) if obj.status_code else ""

    @staticmethod
    def resolve_delivery_state(obj: RecipientStatus) -> str:
        message: OutboundMessage | None = obj.last_message
        return message.state if message is not None else ""

    @staticmethod
    def resolve_events(obj: RecipientStatus) -> list[RecipientStatusEvent]:
        return list(obj.events.all())


class IndicatorsFilter(Schema):
    date_from: dt.date | None = Field(None, description="Ngày đầu kỳ (mặc định: đầu quý hiện tại)")
    date_to: dt.date | None = Field(None, description="Ngày cuối kỳ, tính cả ngày này (mặc định: cuối quý hiện tại)")


class UnitIndicatorsOut(Schema):
    organization_code: str = Field(description="Mã định danh; trống ở dòng tổng cộng")
    organization_name: str
    issued: int = Field(description="Văn bản đi ban hành trong kỳ")
    sent_electronically: int
    sent_on_paper: int
    signed: int = Field(description="Văn bản đi có tệp chính đã ký số")
    registered: int = Field(description="Văn bản đến vào sổ trong kỳ")
    received_electronically: int
    received_on_paper: int
    electronic_rate: float | None = Field(description="(gửi + nhận điện tử) / (ban hành + vào sổ); null khi không có")
    signed_rate: float | None = Field(description="có chữ ký số / ban hành; null khi không ban hành")
    below_target: bool

    @staticmethod
    def resolve_electronic_rate(obj: UnitIndicators) -> float | None:
        return None if obj.electronic_rate is None else float(obj.electronic_rate)

    @staticmethod
    def resolve_signed_rate(obj: UnitIndicators) -> float | None:
        return None if obj.signed_rate is None else float(obj.signed_rate)


class IndicatorsOut(Schema):
    date_from: dt.date
    date_to: dt.date
    items: list[UnitIndicatorsOut]
    total: UnitIndicatorsOut
    target_signed_rate: float
