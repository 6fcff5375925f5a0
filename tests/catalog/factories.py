"""Catalogue test data built through the services: a small catalogue that uses every column."""

from __future__ import annotations

from saola.catalog import services
from saola.catalog.models import Flow, Procedure
from saola.core import services as core_services
from saola.core.models import Organization
from tests.core.factories import OrganizationFactory
from tests.support.bpmn import VALID_FLOW

PROVINCE = "000.00.00.H53"
COMMUNE = "000.00.11.H53"
JUSTICE = "000.05.00.H53"


def organizations() -> dict[str, Organization]:
    province = OrganizationFactory(code=PROVINCE, name="Ủy ban nhân dân tỉnh Sơn La", level="province")
    commune = Organization.objects.filter(code=COMMUNE).first() or core_services.organization_create(
        actor=None, code=COMMUNE, name="Ủy ban nhân dân phường Tô Hiệu", level="commune", parent=province
    )
    justice = Organization.objects.filter(code=JUSTICE).first() or core_services.organization_create(
        actor=None, code=JUSTICE, name="Sở Tư pháp tỉnh Sơn La", level="unit", parent=province
    )
    return {"province": province, "commune": commune, "justice": justice}


def simple_flow() -> Flow:
    return services.flow_save(actor=None, code="don-gian", name="Quy trình đơn giản", bpmn_xml=VALID_FLOW)


def make_catalog() -> list[Procedure]:
    """Three procedures covering every exported value: fees, papers, agencies, flows, odd text."""
    orgs = organizations()
    flow = simple_flow()
    civil = services.field_upsert(actor=None, code="HT", name="Hộ tịch")
    building = services.field_upsert(actor=None, code="XD", name="Xây dựng")
    birth = services.procedure_save(
        actor=None,
        code="1.001193",
        name="Đăng ký khai sinh",
        field=civil,
        levels=["commune"],
        processing_days=1,
        online_category="full",
        agencies=[orgs["commune"]],
        flow=flow,
        channels=[1, 2],
        cut_off_hour=15,
        applicants="Cha, mẹ hoặc người thân thích của trẻ",
        requirements="Không có",
        steps="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        result="Giấy khai sinh",
        form_schema={"type": "object", "properties": {"ho_ten": {"type": "string", "maxLength": 100}}},
        papers=[
            {
                "code": "KS-01",
                "name": "Tờ khai đăng ký khai sinh",
                "form_name": "Mẫu tờ khai khai sinh",
                "form_url": "https://dichvucong.gov.vn/mau/to-khai-khai-sinh.docx",
            },
            {"name": "Giấy chứng sinh", "originals": 1, "copies": 2, "required": False},
        ],
        fees=[
            {"name": "Lệ phí đăng ký khai sinh", "amount": 0, "description": "Miễn lệ phí khi đăng ký đúng hạn"},
            {"name": "Phí cấp bản sao", "amount": 8000, "description": "8.000 đồng/bản", "collection": 4},
        ],
        legal_bases=[
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch"},
            {"number": "123/2015/NĐ-CP", "title": "Nghị định quy định chi tiết Luật Hộ tịch"},
        ],
    )
    permit = services.procedure_save(
        actor=None,
        code="1.009994",
        name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        field=building,
        levels=["commune", "province"],
        processing_days=15,
        online_category="partial",
        agencies=[orgs["commune"], orgs["province"]],
        channels=[2, 1, 3],
        # Text that a spreadsheet would take for a formula must stay text.
        requirements='=HYPERLINK("http://example.invalid","bấm vào đây")',
        papers=[{"name": "Đơn đề nghị cấp giấy phép xây dựng", "originals": 1}],
        fees=[{"name": "Lệ phí cấp giấy phép", "amount": 75000, "description": ""}],
        legal_bases=[{"number": "50/2014/QH13", "title": "Luật Xây dựng"}],
    )
    extract = services.procedure_save(
        actor=None,
        code="2.000635",
        name="Cấp bản sao trích lục hộ tịch",
        field=civil,
        levels=["province"],
        processing_days="0.5",
        online_category="none",
        agencies=[orgs["justice"]],
        channels=[],
        is_active=False,
    )
    return [birth, permit, extract]
