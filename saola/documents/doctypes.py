"""The document types of Decree 30/2020/NĐ-CP, Phụ lục III, with their abbreviations.

Công văn (official letter) has no abbreviation: its notation is agency - drafting unit.
Loaded by a data migration; kept as data so an administrator can add local types.
"""

from __future__ import annotations

from typing import Any

# (code, name, abbreviation)
DOCUMENT_TYPES: tuple[tuple[str, str, str], ...] = (
    ("nghi-quyet", "Nghị quyết", "NQ"),
    ("quyet-dinh", "Quyết định", "QĐ"),
    ("chi-thi", "Chỉ thị", "CT"),
    ("quy-che", "Quy chế", "QC"),
    ("quy-dinh", "Quy định", "QyĐ"),
    ("thong-cao", "Thông cáo", "TC"),
    ("thong-bao", "Thông báo", "TB"),
    ("huong-dan", "Hướng dẫn", "HD"),
    ("chuong-trinh", "Chương trình", "CTr"),
    ("ke-hoach", "Kế hoạch", "KH"),
    ("phuong-an", "Phương án", "PA"),
    ("de-an", "Đề án", "ĐA"),
    ("du-an", "Dự án", "DA"),
    ("bao-cao", "Báo cáo", "BC"),
    ("bien-ban", "Biên bản", "BB"),
    ("to-trinh", "Tờ trình", "TTr"),
    ("hop-dong", "Hợp đồng", "HĐ"),
    ("cong-dien", "Công điện", "CĐ"),
    ("ban-ghi-nho", "Bản ghi nhớ", "BGN"),
    ("ban-thoa-thuan", "Bản thỏa thuận", "BTT"),
    ("giay-uy-quyen", "Giấy ủy quyền", "GUQ"),
    ("giay-moi", "Giấy mời", "GM"),
    ("giay-gioi-thieu", "Giấy giới thiệu", "GGT"),
    ("giay-nghi-phep", "Giấy nghỉ phép", "GNP"),
    ("phieu-gui", "Phiếu gửi", "PG"),
    ("phieu-chuyen", "Phiếu chuyển", "PC"),
    ("phieu-bao", "Phiếu báo", "PB"),
    ("cong-van", "Công văn", ""),
)


def sync_document_types(model: Any) -> int:
    """Create the missing types of the list above in `model` (the real or a migration's model)."""
    created = 0
    for position, (code, name, abbreviation) in enumerate(DOCUMENT_TYPES, start=1):
        _, was_created = model.objects.get_or_create(
            code=code, defaults={"name": name, "abbreviation": abbreviation, "position": position}
        )
        created += int(was_created)
    return created
