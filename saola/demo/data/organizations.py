"""Organisations of the demo province: Sơn La today, and a historical four-level slice.

Two code systems appear side by side (see the domain notes, ONE-STOP-2025 §3):

* ``code`` is the electronic agency identifier of QCVN 102:2016 / QĐ 20/2020/QĐ-TTg, four
  groups ``NNN.NN.NN.XNN`` read right to left: level-1 (``G`` + 2 digits for a ministry,
  ``H`` + 2 digits for a province), then the level-2, level-3 and level-4 unit numbers.
  The ministry codes below (G01, G09, G12, G15, G17, G22) are the prefixes the national
  procedure database uses for those ministries' paper codes, e.g. ``000.00.00.G15-KQ004389``.
  The province's level-1 code ``H53`` comes from the product brief and is UNCONFIRMED: it is
  kept in one constant so it can be corrected in one place. The numbering of the units
  inside the province (departments ``000.00.NN``, communes ``000.NN.53``, former districts
  ``000.00.4N`` with their communes ``000.NN.4N``) is a plausible, consistent demo scheme,
  not an official assignment: whether the identifiers were reissued after the 2025 mergers
  is not confirmed.
* ``admin_unit_code`` is the statistical code of QĐ 19/2025/QĐ-TTg (2 digits for a
  province, 5 for a commune). Sơn La is 14 (high confidence). The 2025 commune codes come
  from one public list of the 3,321 new communes (medium confidence); they follow the
  published rule that a merged commune keeps the code of one of the communes it absorbed
  (e.g. Xã Mường La 03808 = the former Thị trấn Ít Ong 03808). The pre-2025 codes of the
  historical slice are those of QĐ 124/2004/QĐ-TTg as listed in public data sets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PROVINCE_SUFFIX = "H53"  # UNCONFIRMED level-1 identifier of Sơn La; see the module docstring.
PROVINCE_CODE = f"000.00.00.{PROVINCE_SUFFIX}"

# The two-tier local government started on 1 July 2025 (Nghị quyết 202/2025/QH15; the
# district tier ended the day before).
TWO_TIER_FROM = dt.date(2025, 7, 1)
DISTRICT_TIER_TO = dt.date(2025, 6, 30)


def _code(level2: str, level3: str = "00") -> str:
    return f"000.{level3}.{level2}.{PROVINCE_SUFFIX}"


# The central tier. Văn phòng Chính phủ hosts the national document axis and the national
# public service portal; it stands at the root of the tree for the central level.
CENTRAL: list[dict[str, Any]] = [
    {"code": "000.00.00.G22", "name": "Văn phòng Chính phủ", "short_name": "VPCP", "level": "central"},
    {"code": "000.00.00.G17", "name": "Bộ Xây dựng", "short_name": "BXD", "level": "central"},
]

PROVINCE: dict[str, Any] = {
    "code": PROVINCE_CODE,
    "name": "Ủy ban nhân dân tỉnh Sơn La",
    "short_name": "UBND tỉnh Sơn La",
    "level": "province",
    "parent": "000.00.00.G22",
    "admin_unit_code": "14",
    "address": "Khu Quảng trường Tây Bắc, phường Tô Hiệu, tỉnh Sơn La",
}

# Agencies under the Provincial People's Committee, with the department names in force
# since the March 2025 reorganisation of provincial departments.
PROVINCE_UNITS: list[dict[str, Any]] = [
    {"code": _code("01"), "name": "Văn phòng Ủy ban nhân dân tỉnh Sơn La", "short_name": "VP UBND tỉnh"},
    {
        "code": _code("20"),
        "name": "Trung tâm Phục vụ hành chính công tỉnh Sơn La",
        "short_name": "TTPVHCC tỉnh",
        "address": "Khu Quảng trường Tây Bắc, phường Tô Hiệu, tỉnh Sơn La",
    },
    {"code": _code("02"), "name": "Sở Nội vụ tỉnh Sơn La", "short_name": "Sở Nội vụ"},
    {"code": _code("03"), "name": "Sở Tư pháp tỉnh Sơn La", "short_name": "Sở Tư pháp"},
    {"code": _code("04"), "name": "Sở Tài chính tỉnh Sơn La", "short_name": "Sở Tài chính"},
    {"code": _code("05"), "name": "Sở Công Thương tỉnh Sơn La", "short_name": "Sở Công Thương"},
    {
        "code": _code("06"),
        "name": "Sở Nông nghiệp và Môi trường tỉnh Sơn La",
        "short_name": "Sở NN&MT",
    },
    {"code": _code("07"), "name": "Sở Xây dựng tỉnh Sơn La", "short_name": "Sở Xây dựng"},
    {"code": _code("08"), "name": "Sở Giáo dục và Đào tạo tỉnh Sơn La", "short_name": "Sở GD&ĐT"},
]

# Communes and wards since 1 July 2025 (8 of the province's 75), each with its 2025 code.
COMMUNES: list[dict[str, Any]] = [
    {
        "code": _code("53", "01"),
        "name": "Ủy ban nhân dân phường Tô Hiệu",
        "short_name": "Phường Tô Hiệu",
        "admin_unit_code": "03646",
    },
    {
        "code": _code("53", "02"),
        "name": "Ủy ban nhân dân phường Chiềng An",
        "short_name": "Phường Chiềng An",
        "admin_unit_code": "03664",
    },
    {
        "code": _code("53", "03"),
        "name": "Ủy ban nhân dân phường Chiềng Cơi",
        "short_name": "Phường Chiềng Cơi",
        "admin_unit_code": "03670",
    },
    {
        "code": _code("53", "04"),
        "name": "Ủy ban nhân dân phường Chiềng Sinh",
        "short_name": "Phường Chiềng Sinh",
        "admin_unit_code": "03679",
    },
    {
        "code": _code("53", "05"),
        "name": "Ủy ban nhân dân phường Mộc Châu",
        "short_name": "Phường Mộc Châu",
        "admin_unit_code": "03980",
    },
    {
        "code": _code("53", "06"),
        "name": "Ủy ban nhân dân xã Mường La",
        "short_name": "Xã Mường La",
        "admin_unit_code": "03808",
    },
    {
        "code": _code("53", "07"),
        "name": "Ủy ban nhân dân xã Thuận Châu",
        "short_name": "Xã Thuận Châu",
        "admin_unit_code": "03721",
    },
    {
        "code": _code("53", "08"),
        "name": "Ủy ban nhân dân xã Mai Sơn",
        "short_name": "Xã Mai Sơn",
        "admin_unit_code": "04105",
    },
]

# Historical four-level slice (until 30 June 2025): two former districts of the province
# and three of the communes under each, with their QĐ 124/2004 codes.
HISTORICAL_DISTRICTS: list[dict[str, Any]] = [
    {
        "code": _code("41"),
        "name": "Ủy ban nhân dân thành phố Sơn La",
        "short_name": "TP Sơn La",
        "admin_unit_code": "116",
        "communes": [
            {
                "code": _code("41", "01"),
                "name": "Ủy ban nhân dân phường Chiềng Lề",
                "short_name": "Phường Chiềng Lề",
                "admin_unit_code": "03646",
            },
            {
                "code": _code("41", "02"),
                "name": "Ủy ban nhân dân phường Tô Hiệu",
                "short_name": "Phường Tô Hiệu (cũ)",
                "admin_unit_code": "03649",
            },
            {
                "code": _code("41", "03"),
                "name": "Ủy ban nhân dân phường Quyết Thắng",
                "short_name": "Phường Quyết Thắng",
                "admin_unit_code": "03652",
            },
        ],
    },
    {
        "code": _code("42"),
        "name": "Ủy ban nhân dân huyện Mường La",
        "short_name": "Huyện Mường La",
        "admin_unit_code": "120",
        "communes": [
            {
                "code": _code("42", "01"),
                "name": "Ủy ban nhân dân thị trấn Ít Ong",
                "short_name": "Thị trấn Ít Ong",
                "admin_unit_code": "03808",
            },
            {
                "code": _code("42", "02"),
                "name": "Ủy ban nhân dân xã Chiềng Lao",
                "short_name": "Xã Chiềng Lao (cũ)",
                "admin_unit_code": "03814",
            },
            {
                "code": _code("42", "03"),
                "name": "Ủy ban nhân dân xã Ngọc Chiến",
                "short_name": "Xã Ngọc Chiến (cũ)",
                "admin_unit_code": "03820",
            },
        ],
    },
]
