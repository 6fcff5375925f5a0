"""API schemas of the signing app."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class SignatureVerificationOut(Schema):
    field_name: str = Field(description="Tên trường chữ ký trong tệp PDF")
    signer: str = Field(description="Người ký: tên chung (CN) trong chứng thư số")
    organization: str | None = Field(description="Tổ chức (O) trong chứng thư số")
    signed_at: dt.datetime | None = Field(
        description="Thời điểm ký, ISO 8601 với múi giờ: theo dấu thời gian nếu có, nếu không theo máy của người ký"
    )
    timestamped: bool = Field(description="Chữ ký có dấu thời gian (RFC 3161)")
    trusted: bool = Field(description="Chuỗi chứng thư dẫn tới một tổ chức cấp chứng thư tin cậy")
    revoked: bool = Field(description="Chứng thư số đã bị thu hồi tại thời điểm ký")
    revoked_at: dt.datetime | None = None
    intact: bool = Field(description="Mã băm của phần đã ký khớp với chữ ký")
    covers_whole_document: bool = Field(
        description="Chữ ký phủ toàn bộ tệp, hoặc sau đó chỉ có điền biểu mẫu, thêm chữ ký, thông tin LTV"
    )
    modification_level: str | None = Field(
        description="Mức thay đổi sau khi ký: none, lta_updates, form_filling, annotations, other"
    )
    issuer: str | None = None
    serial_number: str | None = None
    certificate_valid_from: dt.datetime | None = None
    certificate_valid_until: dt.datetime | None = None
    problems: list[str] = Field(description="Các vấn đề phát hiện, bằng tiếng Việt")
    valid: bool


class VerificationOut(Schema):
    signatures: list[SignatureVerificationOut]
    valid: bool = Field(description="Có ít nhất một chữ ký và mọi chữ ký đều hợp lệ")
    problems: list[str] = Field(description="Vấn đề của cả tệp, ví dụ không có chữ ký số nào")
    sha256: str
    size: int
    verified_at: dt.datetime
