"""A small one-stop setting for dossier tests: a ward, its officers, procedures with flows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

import saola.demo
from saola.catalog import services as catalog
from saola.catalog.models import Procedure
from saola.core import services as core
from saola.core.models import Organization, User

PASSWORD = "Mat-khau-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str = "giay-to.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def demo_flow(code: str):
    xml = (Path(saola.demo.__file__).parent / "flows" / f"{code}.bpmn").read_text()
    return catalog.flow_save(actor=None, code=code, name=code, bpmn_xml=xml)


@dataclass
class OneStop:
    province: Organization
    ward: Organization
    other_ward: Organization
    receiver: User
    processor: User
    leader: User
    other_receiver: User
    citizen: User
    other_citizen: User
    birth: Procedure
    permit: Procedure


def officer(org: Organization, username: str, *roles: str) -> User:
    return core.officer_create(
        actor=None,
        username=username,
        full_name=f"Cán bộ {username}",
        organization=org,
        password=PASSWORD,
        roles=list(roles),
    )


def build_one_stop() -> OneStop:
    province = core.organization_create(actor=None, code="000.00.00.H53", name="UBND tỉnh Sơn La", level="province")
    ward = core.organization_create(
        actor=None, code="000.01.53.H53", name="UBND phường Tô Hiệu", level="commune", parent=province
    )
    other = core.organization_create(
        actor=None, code="000.02.53.H53", name="UBND phường Chiềng An", level="commune", parent=province
    )
    field = catalog.field_upsert(actor=None, code="HT", name="Hộ tịch")
    birth = catalog.procedure_save(
        actor=None,
        code="1.001193",
        name="Đăng ký khai sinh",
        field=field,
        levels=["commune"],
        processing_days=3,
        online_category="full",
        agencies=[ward, other],
        flow=demo_flow("mot-cua-co-ban"),
        papers=[
            {"name": "Tờ khai đăng ký khai sinh"},
            {"name": "Giấy chứng sinh"},
            {"name": "Giấy tờ khác", "required": False},
        ],
        form_schema={
            "type": "object",
            "required": ["ho_ten_tre", "ngay_sinh"],
            "properties": {
                "ho_ten_tre": {"type": "string", "minLength": 2, "maxLength": 100},
                "ngay_sinh": {"type": "string", "format": "date"},
            },
        },
    )
    permit = catalog.procedure_save(
        actor=None,
        code="1.013225",
        name="Cấp giấy phép xây dựng",
        field=field,
        levels=["commune"],
        processing_days=15,
        online_category="partial",
        agencies=[ward],
        flow=demo_flow("mot-cua-phe-duyet"),
        papers=[{"name": "Đơn đề nghị cấp giấy phép xây dựng"}],
    )
    citizen = core.citizen_register(
        full_name="Lò Thị Mai", email="mai@example.vn", password=PASSWORD, personal_id="014195000777"
    )
    other_citizen = core.citizen_register(
        full_name="Cầm Văn Hùng", email="hung@example.vn", password=PASSWORD, personal_id="014095000888"
    )
    return OneStop(
        province=province,
        ward=ward,
        other_ward=other,
        receiver=officer(ward, "tiepnhan", "receiving_officer"),
        processor=officer(ward, "xuly", "processing_officer"),
        leader=officer(ward, "lanhdao", "unit_leader"),
        other_receiver=officer(other, "tiepnhan2", "receiving_officer"),
        citizen=citizen,
        other_citizen=other_citizen,
        birth=birth,
        permit=permit,
    )


def birth_uploads(procedure: Procedure):
    from saola.dossiers.services.intake import PaperUpload

    papers = list(procedure.papers.filter(required=True))
    return [PaperUpload(file=pdf(f"p{p.pk}.pdf"), paper_id=p.pk) for p in papers]


GOOD_FORM = {"ho_ten_tre": "Lò Văn An", "ngay_sinh": "2026-11-20"}
