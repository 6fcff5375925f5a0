"""A small catalogue for the portal pages: a province, two communes' agencies and a few procedures."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from saola.catalog.models import Procedure
from saola.catalog.services import field_upsert, procedure_save
from saola.core.models import Organization
from saola.core.services import organization_create

BIRTH_CODE = "1.001193"


@dataclass(frozen=True)
class Portal:
    birth: Procedure
    marriage: Procedure
    death: Procedure
    criminal_record: Procedure
    certified_copy: Procedure
    retired: Procedure


@pytest.fixture
def portal(db: None) -> Portal:
    """Procedures as a province publishes them; `db` turns transactional when the test asks for it."""
    province = organization_create(
        actor=None, code="000.00.00.H53", name="Ủy ban nhân dân tỉnh Sơn La", level=Organization.Level.PROVINCE
    )
    justice = organization_create(
        actor=None, code="000.11.00.H53", name="Sở Tư pháp tỉnh Sơn La", level=Organization.Level.UNIT, parent=province
    )
    commune = organization_create(
        actor=None,
        code="000.00.21.H53",
        name="Ủy ban nhân dân phường Tô Hiệu",
        level=Organization.Level.COMMUNE,
        parent=province,
    )
    civil_status = field_upsert(actor=None, code="HOTICH", name="Hộ tịch")
    certification = field_upsert(actor=None, code="CHUNGTHUC", name="Chứng thực")
    judicial_record = field_upsert(actor=None, code="LYLICHTUPHAP", name="Lý lịch tư pháp")
    civil_status_law = {"number": "60/2014/QH13", "title": "Luật Hộ tịch"}
    civil_status_decree = {
        "number": "123/2015/NĐ-CP",
        "title": "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
    }
    birth = procedure_save(
        actor=None,
        code=BIRTH_CODE,
        name="Đăng ký khai sinh",
        field=civil_status,
        levels=["commune"],
        processing_days=1,
        online_category=Procedure.OnlineCategory.FULL,
        agencies=[commune],
        channels=[1, 2, 3],  # KENH: in person, online, by post
        applicants="Cha, mẹ, ông, bà hoặc người thân thích khác của trẻ.",
        steps="Bước 1: Nộp tờ khai và giấy chứng sinh.\nBước 2: Công chức tư pháp - hộ tịch kiểm tra, ghi vào Sổ hộ tịch.\nBước 3: Trả Giấy khai sinh.",
        result="Giấy khai sinh (bản chính)",
        cut_off_hour=15,
        papers=[
            {
                "name": "Tờ khai đăng ký khai sinh",
                "form_name": "Tờ khai đăng ký khai sinh (Mẫu TP/HT-2020-KS.1)",
                "form_file": SimpleUploadedFile("to-khai-khai-sinh.docx", b"PK\x03\x04 form"),
            },
            {"name": "Giấy chứng sinh", "originals": 1},
            {"name": "Văn bản ủy quyền có chứng thực", "required": False, "copies": 1},
        ],
        fees=[{"name": "Lệ phí đăng ký khai sinh", "amount": 0, "description": "Miễn lệ phí khi đăng ký đúng hạn"}],
        legal_bases=[civil_status_law, civil_status_decree],
    )
    marriage = procedure_save(
        actor=None,
        code="1.000894",
        name="Đăng ký kết hôn",
        field=civil_status,
        levels=["commune"],
        processing_days=3,
        online_category=Procedure.OnlineCategory.PARTIAL,
        agencies=[commune],
        papers=[{"name": "Tờ khai đăng ký kết hôn", "form_url": "https://dichvucong.gov.vn/mau/to-khai-ket-hon.docx"}],
        legal_bases=[civil_status_law],
    )
    death = procedure_save(
        actor=None,
        code="1.000656",
        name="Đăng ký khai tử",
        field=civil_status,
        levels=["commune"],
        processing_days=1,
        online_category=Procedure.OnlineCategory.FULL,
        agencies=[commune],
        papers=[{"name": "Tờ khai đăng ký khai tử"}, {"name": "Giấy báo tử"}],
        legal_bases=[civil_status_law],
    )
    criminal_record = procedure_save(
        actor=None,
        code="2.000488",
        name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        field=judicial_record,
        levels=["province"],
        processing_days=10,
        online_category=Procedure.OnlineCategory.FULL,
        agencies=[justice],
        papers=[{"name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"}],
        fees=[{"name": "Phí cung cấp thông tin lý lịch tư pháp", "amount": 200000}],
        legal_bases=[{"number": "28/2009/QH12", "title": "Luật Lý lịch tư pháp"}],
    )
    certified_copy = procedure_save(
        actor=None,
        code="2.000815",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        field=certification,
        levels=["commune", "province"],
        processing_days=0.5,
        online_category=Procedure.OnlineCategory.NONE,
        agencies=[commune, justice],
        fees=[{"name": "Phí chứng thực bản sao", "amount": 2000, "description": "Mỗi trang"}],
        legal_bases=[{"number": "23/2015/NĐ-CP", "title": "Nghị định về cấp bản sao, chứng thực"}],
    )
    retired = procedure_save(
        actor=None,
        code="1.000001",
        name="Đăng ký khai sinh lưu động (đã bãi bỏ)",
        field=civil_status,
        levels=["commune"],
        processing_days=1,
        online_category=Procedure.OnlineCategory.NONE,
        is_active=False,
    )
    return Portal(
        birth=birth,
        marriage=marriage,
        death=death,
        criminal_record=criminal_record,
        certified_copy=certified_copy,
        retired=retired,
    )
