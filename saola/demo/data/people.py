"""Demo officers (one or more for every platform role) and two demo applicants.

People and identifiers are fictional. Officers log in with their username; the citizen
with her email address and the business with its phone number. Organisation references
are agency identifiers from ``organizations.py``.
"""

from __future__ import annotations

from typing import Any

from saola.demo.data.organizations import COMMUNES, PROVINCE_CODE, PROVINCE_UNITS

_UNIT = {u["short_name"]: u["code"] for u in PROVINCE_UNITS}
_COMMUNE = {c["short_name"]: c["code"] for c in COMMUNES}

OFFICERS: list[dict[str, Any]] = [
    {
        "username": "quantri",
        "full_name": "Hoàng Minh Đức",
        "position": "Quản trị hệ thống",
        "organization": PROVINCE_CODE,
        "roles": ["platform_admin"],
        "label": "Quản trị hệ thống",
    },
    {
        "username": "quantri.ttpvhcc",
        "full_name": "Đinh Thị Thu Trang",
        "position": "Viên chức quản trị hệ thống thông tin giải quyết thủ tục hành chính",
        "organization": _UNIT["TTPVHCC tỉnh"],
        "roles": ["unit_admin"],
        "label": "Quản trị đơn vị — Trung tâm Phục vụ hành chính công tỉnh",
    },
    {
        "username": "tiepnhan.tinh",
        "full_name": "Nguyễn Thị Lan",
        "position": "Chuyên viên tiếp nhận và trả kết quả",
        "organization": _UNIT["TTPVHCC tỉnh"],
        "roles": ["receiving_officer"],
        "label": "Cán bộ tiếp nhận — Trung tâm Phục vụ hành chính công tỉnh",
    },
    {
        "username": "lanhdao.vpubnd",
        "full_name": "Cầm Văn Thành",
        "position": "Chánh Văn phòng",
        "organization": _UNIT["VP UBND tỉnh"],
        "roles": ["unit_leader"],
        "label": "Lãnh đạo — Văn phòng UBND tỉnh",
    },
    {
        "username": "vanthu.vpubnd",
        "full_name": "Lường Thị Hoa",
        "position": "Văn thư",
        "organization": _UNIT["VP UBND tỉnh"],
        "roles": ["clerk"],
        "label": "Văn thư — Văn phòng UBND tỉnh",
    },
    {
        "username": "lanhdao.ubndtinh",
        "full_name": "Hoàng Quốc Khánh",
        "position": "Chủ tịch",
        "organization": PROVINCE_CODE,
        "roles": ["unit_leader"],
        "label": "Lãnh đạo — UBND tỉnh (ký văn bản đi)",
    },
    {
        "username": "chuyenvien.vpubnd",
        "full_name": "Lò Văn Minh",
        "position": "Chuyên viên",
        "organization": _UNIT["VP UBND tỉnh"],
        "roles": ["processing_officer"],
        "label": "Chuyên viên — Văn phòng UBND tỉnh (soạn thảo văn bản)",
    },
    {
        "username": "vanthu.sotuphap",
        "full_name": "Cầm Thị Thu",
        "position": "Văn thư",
        "organization": _UNIT["Sở Tư pháp"],
        "roles": ["clerk"],
        "label": "Văn thư — Sở Tư pháp",
    },
    {
        "username": "xuly.sotuphap",
        "full_name": "Quàng Văn Hải",
        "position": "Chuyên viên Phòng Hành chính tư pháp",
        "organization": _UNIT["Sở Tư pháp"],
        "roles": ["processing_officer"],
        "label": "Cán bộ xử lý — Sở Tư pháp",
    },
    {
        "username": "lanhdao.sotuphap",
        "full_name": "Vì Thị Hương",
        "position": "Phó Giám đốc",
        "organization": _UNIT["Sở Tư pháp"],
        "roles": ["unit_leader"],
        "label": "Lãnh đạo — Sở Tư pháp",
    },
    {
        "username": "xuly.sotaichinh",
        "full_name": "Trần Quốc Bảo",
        "position": "Chuyên viên Phòng Đăng ký kinh doanh",
        "organization": _UNIT["Sở Tài chính"],
        "roles": ["processing_officer"],
        "label": "Cán bộ xử lý — Sở Tài chính",
    },
    {
        "username": "xuly.soxaydung",
        "full_name": "Phạm Đức Long",
        "position": "Chuyên viên Phòng Quản lý hoạt động xây dựng",
        "organization": _UNIT["Sở Xây dựng"],
        "roles": ["processing_officer"],
        "label": "Cán bộ xử lý — Sở Xây dựng",
    },
    {
        "username": "quantri.tohieu",
        "full_name": "Bạc Văn Tuấn",
        "position": "Công chức Văn phòng HĐND và UBND phường",
        "organization": _COMMUNE["Phường Tô Hiệu"],
        "roles": ["unit_admin"],
        "label": "Quản trị đơn vị — Phường Tô Hiệu",
    },
    {
        "username": "tiepnhan.tohieu",
        "full_name": "Lò Thị Ngọc",
        "position": "Công chức Trung tâm Phục vụ hành chính công phường",
        "organization": _COMMUNE["Phường Tô Hiệu"],
        "roles": ["receiving_officer"],
        "label": "Cán bộ tiếp nhận — Phường Tô Hiệu",
    },
    {
        "username": "xuly.tohieu",
        "full_name": "Hà Văn Nam",
        "position": "Công chức Tư pháp - Hộ tịch",
        "organization": _COMMUNE["Phường Tô Hiệu"],
        "roles": ["processing_officer"],
        "label": "Cán bộ xử lý — Phường Tô Hiệu",
    },
    {
        "username": "lanhdao.tohieu",
        "full_name": "Tòng Văn Minh",
        "position": "Phó Chủ tịch Ủy ban nhân dân phường",
        "organization": _COMMUNE["Phường Tô Hiệu"],
        "roles": ["unit_leader"],
        "label": "Lãnh đạo — Phường Tô Hiệu",
    },
    {
        "username": "vanthu.tohieu",
        "full_name": "Điêu Thị Thảo",
        "position": "Văn thư",
        "organization": _COMMUNE["Phường Tô Hiệu"],
        "roles": ["clerk"],
        "label": "Văn thư — Phường Tô Hiệu",
    },
    {
        "username": "tiepnhan.muongla",
        "full_name": "Lò Văn Dũng",
        "position": "Công chức Trung tâm Phục vụ hành chính công xã",
        "organization": _COMMUNE["Xã Mường La"],
        "roles": ["receiving_officer"],
        "label": "Cán bộ tiếp nhận — Xã Mường La",
    },
    {
        "username": "xuly.muongla",
        "full_name": "Sa Thị Yến",
        "position": "Công chức Phòng Kinh tế xã",
        "organization": _COMMUNE["Xã Mường La"],
        "roles": ["processing_officer"],
        "label": "Cán bộ xử lý — Xã Mường La",
    },
    {
        "username": "lanhdao.muongla",
        "full_name": "Mùa A Sử",
        "position": "Chủ tịch Ủy ban nhân dân xã",
        "organization": _COMMUNE["Xã Mường La"],
        "roles": ["unit_leader"],
        "label": "Lãnh đạo — Xã Mường La",
    },
]

# Applicants. The personal identifier starts with 014 (the province-of-birth code of
# Sơn La on citizen identity cards); the tax code carries a valid check digit.
CITIZENS: list[dict[str, Any]] = [
    {
        "kind": "citizen",
        "full_name": "Lò Thị Mai",
        "email": "lothimai.demo@example.com",
        "personal_id": "014195001234",
        "label": "Công dân (đăng nhập bằng thư điện tử)",
    },
    {
        "kind": "business",
        "full_name": "Công ty TNHH Nông sản Sao La",
        "phone": "0900000014",
        "tax_code": "5501234569",
        "label": "Doanh nghiệp (đăng nhập bằng số điện thoại)",
    },
]
