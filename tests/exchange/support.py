"""Sample edXML packages and status messages for the exchange tests."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from saola.exchange.package import (
    Attachment,
    Business,
    BusinessDocType,
    DocumentCode,
    DocumentType,
    EdxmlPackage,
    EdxmlStatus,
    Organ,
    OtherInfo,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusCode,
    TraceHeader,
    document_id_for,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SENDER = Organ(
    organ_id="000.01.53.H53",
    organ_name="Văn phòng Ủy ban nhân dân tỉnh Sơn La",
    organization_in_charge="Ủy ban nhân dân tỉnh Sơn La",
    organ_add="Số 1 đường Tô Hiệu, thành phố Sơn La",
    email="vanphong@sonla.gov.vn",
    telephone="0212 3852 000",
    website="https://sonla.gov.vn",
)
RECEIVER = Organ(organ_id="000.00.00.G22", organ_name="Văn phòng Chính phủ", organization_in_charge="Chính phủ")
CODE = DocumentCode(number="7816", notation="UBND-KGVX")
PROMULGATED = dt.date(2026, 11, 20)


def sample_package(**overrides: Any) -> EdxmlPackage:
    values: dict[str, Any] = {
        "from_organ": SENDER,
        "to_organs": (RECEIVER, Organ(organ_id="000.00.00.G12", organ_name="Bộ Tài chính")),
        "code": CODE,
        "promulgation_place": "Sơn La",
        "promulgation_date": PROMULGATED,
        "document_type": DocumentType(type="1", type_name="Công văn", type_detail="0"),
        "subject": "V/v báo cáo tình hình thực hiện thủ tục hành chính quý IV năm 2026",
        "content": "Ủy ban nhân dân tỉnh Sơn La báo cáo như sau:\n1. Kết quả giải quyết hồ sơ đúng hạn đạt 98,5%.",
        "signer": SignerInfo(competence="TM. Ủy ban nhân dân", position="Chủ tịch", full_name="Cầm Văn Thành"),
        "due_date": dt.date(2026, 12, 15),
        "to_places": ("Như trên", "Lưu: VT, KGVX"),
        "other_info": OtherInfo(
            priority=2,
            sphere_of_promulgation="Liên thông văn bản quốc gia",
            typer_notation="NĐH",
            promulgation_amount=3,
            page_amount=4,
            direction=False,
            appendixes=("Phụ lục I: Số liệu chi tiết",),
        ),
        "response_for": (
            ResponseFor(
                organ_id="000.00.00.G22",
                code="123/VPCP-KSTT",
                promulgation_date=dt.date(2026, 10, 1),
                document_id="000.00.00.G22,2026/10/01,123/VPCP-KSTT",
            ),
        ),
        "steering_type": 0,
        "document_id": document_id_for(organ_id=SENDER.organ_id, promulgation_date=PROMULGATED, code=CODE),
        "trace_headers": (
            TraceHeader(organ_id=SENDER.organ_id, timestamp=dt.datetime(2026, 11, 20, 9, 30, 5, tzinfo=VN)),
        ),
        "business": Business(
            doc_type=BusinessDocType.REPLACE,
            reason="Thay thế do sai sót số liệu ở mục 1",
            replacements=(
                ReplacementInfo(
                    document_id="000.01.53.H53,2026/11/01,7700/UBND-KGVX", organ_ids=("000.00.00.G22", "000.00.00.G12")
                ),
            ),
            staff=StaffInfo(department="Phòng Hành chính – Tổ chức", staff="Lò Thị Hương", mobile="0912345678"),
            paper=True,
        ),
        "attachments": (
            Attachment(
                name="Báo cáo quý IV.pdf",
                content_type="application/pdf",
                data=b"%PDF-1.7\n\x00\x01\x02 binary \xff\xfe",
                content_id="cid:0b6a2f6e-3f52-4c1e-9a57-7c1d1f0e8a01",
                description="Văn bản chính",
            ),
            Attachment(
                name="Phụ lục.xlsx",
                content_type="application/vnd.ms-excel",
                data=b"PK\x03\x04 ...",
                content_id="cid:5d0e9c8b-7a61-4f2b-8e3d-2c4b6a9f1e02",
            ),
        ),
    }
    values.update(overrides)
    return EdxmlPackage(**values)


def sample_status(code: StatusCode | str = StatusCode.ARRIVED, **overrides: Any) -> EdxmlStatus:
    values: dict[str, Any] = {
        "response_for": ResponseFor(
            organ_id=SENDER.organ_id,
            code=str(CODE),
            promulgation_date=PROMULGATED,
            document_id=document_id_for(organ_id=SENDER.organ_id, promulgation_date=PROMULGATED, code=CODE),
        ),
        "from_organ": RECEIVER,
        "status_code": code,
        "description": "Văn phòng Chính phủ đã nhận văn bản",
        "timestamp": dt.datetime(2026, 11, 20, 10, 0, 0, tzinfo=VN),
        "staff": StaffInfo(department="Phòng Văn thư", staff="Nguyễn Thị Ánh", email="vanthu@chinhphu.vn"),
    }
    values.update(overrides)
    return EdxmlStatus(**values)
