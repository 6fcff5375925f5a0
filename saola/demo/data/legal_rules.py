"""Rules fixed by law, as versioned data (saved through core.services.legal_rule_set).

Each version applies from ``effective_from`` until the next version of the same key.
``confidence`` follows the domain notes: high (legal text or several implementations
agree), medium (one credible source), low or GUESS (unconfirmed). Where only the signing
date of a text is known, that date is used and the note says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

FORMS_2018 = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "05": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "06": "Sổ theo dõi hồ sơ",
}

FORMS_2025 = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "07": "Sổ theo dõi hồ sơ",
}

LEGAL_RULES: list[dict[str, Any]] = [
    {
        "key": "one_stop.decree",
        "effective_from": dt.date(2018, 6, 21),
        "value": {
            "number": "61/2018/NĐ-CP",
            "title": "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        },
        "source": "Nghị định 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ",
        "confidence": "medium",
        "note": "Ngày hiệu lực 21/6/2018 theo hiểu biết chung, chưa đối chiếu điều khoản hiệu lực. Được sửa đổi bởi Nghị định 107/2021/NĐ-CP.",
    },
    {
        "key": "one_stop.decree",
        "effective_from": dt.date(2025, 7, 1),
        "value": {
            "number": "118/2025/NĐ-CP",
            "title": "Thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia",
            "replaces": ["61/2018/NĐ-CP", "107/2021/NĐ-CP"],
        },
        "source": "Nghị định 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ",
        "confidence": "medium",
        "note": "Hiệu lực 01/7/2025 theo tin tức và một bảng văn bản công khai; chưa đọc điều khoản hiệu lực. Việc thay thế Nghị định 61/2018 và 107/2021 mới có một nguồn thứ cấp.",
    },
    {
        "key": "one_stop.forms",
        "effective_from": dt.date(2018, 11, 23),
        "value": {"circular": "01/2018/TT-VPCP", "forms": FORMS_2018},
        "source": "Thông tư 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ",
        "confidence": "medium",
        "note": "Dùng ngày ký 23/11/2018 vì chưa xác minh được ngày hiệu lực. Mẫu số 02 chắc chắn; số thứ tự các mẫu còn lại chưa đối chiếu văn bản gốc.",
    },
    {
        "key": "one_stop.forms",
        "effective_from": dt.date(2025, 9, 15),
        "value": {"circular": "03/2025/TT-VPCP", "forms": FORMS_2025, "replaces": "01/2018/TT-VPCP"},
        "source": "Thông tư 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ, Phụ lục I",
        "confidence": "medium",
        "note": "Ngày hiệu lực chưa xác minh: dùng ngày ký 15/9/2025. Danh mục mẫu theo một nguồn công khai; Mẫu 04 đổi tên, Mẫu 05 là mẫu mới.",
    },
    {
        "key": "online_service.categories",
        "effective_from": dt.date(2022, 8, 1),
        "value": {
            "categories": {
                "full": "Dịch vụ công trực tuyến toàn trình",
                "partial": "Dịch vụ công trực tuyến một phần",
                "none": "Không cung cấp trực tuyến",
            },
            "legacy_levels": {"4": "full", "3": "partial", "2": "none"},
        },
        "source": "Nghị định 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ",
        "confidence": "medium",
        "note": "Hai mức toàn trình / một phần được nhiều hệ thống dùng thống nhất; việc gán cho Nghị định 42/2022 và ngày hiệu lực 01/8/2022 chưa đối chiếu văn bản. Ánh xạ mức độ cũ (Nghị định 43/2011): 4 → toàn trình, 3 → một phần, 2 → không trực tuyến.",
    },
    {
        "key": "dossier_code.pattern",
        "effective_from": dt.date(2018, 11, 23),
        "value": {"pattern": "{agency}-{yymmdd}-{seq:04d}", "date_width": 6, "seq_width": 4, "seq_reset": "daily"},
        "source": "Thông tư 01/2018/TT-VPCP (cách hiểu chưa xác minh)",
        "confidence": "GUESS",
        "note": "Chưa tìm thấy điều khoản quy định cấu trúc mã hồ sơ. Một hệ thống bộ ngành dùng dạng <mã đơn vị>-<yyyyMMdd>-<7 chữ số> do cổng cấp; Thông tư 03/2025/TT-VPCP có quy định mã hồ sơ nhưng chưa đọc được nội dung.",
    },
    {
        "key": "calendar.office_hours",
        "effective_from": dt.date(2025, 7, 1),
        "value": {"sessions": [["07:30", "11:30"], ["13:30", "17:30"]], "weekdays": [0, 1, 2, 3, 4]},
        "source": "Giờ hành chính mặc định của hệ thống (core.calendar)",
        "confidence": "low",
        "note": "Giờ làm việc thực tế do Ủy ban nhân dân tỉnh quy định và có thể khác theo mùa; thứ Bảy không là ngày làm việc để tính thời hạn trừ khi có quyết định riêng.",
    },
]
