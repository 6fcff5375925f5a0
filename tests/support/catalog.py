"""Building catalogue data for tests through the services."""

from __future__ import annotations

from saola.catalog import services
from saola.catalog.models import Procedure
from saola.core.models import Organization
from tests.support.bpmn import VALID_FLOW


def make_procedure(
    *,
    code: str = "1.001193",
    name: str = "Đăng ký khai sinh",
    field_code: str = "HT",
    field_name: str = "Hộ tịch",
    levels: tuple[str, ...] = ("commune",),
    online: str = "full",
    agencies: list[Organization] | None = None,
    days: float = 1,
) -> Procedure:
    field = services.field_upsert(actor=None, code=field_code, name=field_name)
    flow = services.flow_save(actor=None, code="don-gian", name="Quy trình đơn giản", bpmn_xml=VALID_FLOW)
    return services.procedure_save(
        actor=None,
        code=code,
        name=name,
        field=field,
        levels=list(levels),
        processing_days=days,
        online_category=online,
        agencies=agencies or [],
        flow=flow,
        papers=[
            {"name": "Tờ khai đăng ký khai sinh", "form_name": "Mẫu TK khai sinh"},
            {"name": "Giấy chứng sinh", "originals": 1},
        ],
        fees=[{"name": "Lệ phí đăng ký khai sinh", "amount": 0, "description": "Miễn lệ phí khi đăng ký đúng hạn"}],
        legal_bases=[{"number": "60/2014/QH13", "title": "Luật Hộ tịch"}],
        result="Giấy khai sinh",
        channels=[1, 2],
    )


def make_catalog() -> list[Procedure]:
    return [
        make_procedure(),
        make_procedure(code="1.000894", name="Đăng ký kết hôn", days=5),
        make_procedure(
            code="1.009994",
            name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            field_code="XD",
            field_name="Xây dựng",
            levels=("province",),
            online="partial",
            days=15,
        ),
        make_procedure(
            code="2.000635", name="Cấp bản sao trích lục hộ tịch", levels=("commune", "province"), online="none"
        ),
    ]
