"""Demo procedures of the justice sector: civil status (hộ tịch) and certification (chứng thực).

Codes and names are those of the national procedure database. Checked against published
2026 records: 1.001193, 1.000894 and 2.000635 (times, fees, legal bases, paper codes).
Other codes and names are confirmed by several independent public catalogues; their times
come from the Law on Civil Status (60/2014/QH13), Decree 123/2015/NĐ-CP and Decree
23/2015/NĐ-CP. The 15:00 cut-off (receipts after 15:00 are answered on the next working
day) is set only where the published procedure states it.
"""

from __future__ import annotations

from typing import Any

from saola.demo.data.catalog_common import (
    ALL_COMMUNES,
    COUNTER,
    FLOW_BASIC,
    FLOW_SUPPLEMENT,
    GIAY_TO_TUY_THAN,
    ILLUSTRATIVE,
    LUAT_HO_TICH,
    ND_07_2025,
    ND_23_2015,
    ND_87_2020,
    ND_120_2025,
    ND_123_2015,
    ONLINE,
    POST,
    SO_TU_PHAP,
    TT_01_2020_BTP,
    TT_04_2020,
    TT_85_2019,
    TT_226_2016,
    VAN_BAN_UY_QUYEN,
    basis,
    fee,
    paper,
)

_HT = "G15-TP07"
_APPLY_AT_COUNTER = (
    "1. Người yêu cầu nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công, gửi qua bưu chính "
    "hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia.\n"
    "2. Cán bộ tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hồ sơ chưa đủ thì hướng dẫn bổ sung, hoàn thiện.\n"
)
_STANDARD_LEGAL = [LUAT_HO_TICH, ND_123_2015, TT_04_2020, ND_87_2020, ND_07_2025, ND_120_2025]

PROCEDURES: list[dict[str, Any]] = [
    {
        "code": "1.001193",
        "name": "Thủ tục đăng ký khai sinh",
        "field": _HT,
        # The e-form of the birth-registration declaration (Tờ khai đăng ký khai sinh), in short.
        "form_schema": {
            "type": "object",
            "required": ["ho_ten_tre", "ngay_sinh", "gioi_tinh", "noi_sinh", "ho_ten_me"],
            "properties": {
                "ho_ten_tre": {
                    "type": "string",
                    "title": "Họ, chữ đệm, tên của trẻ",
                    "minLength": 2,
                    "maxLength": 100,
                    "propertyOrder": 1,
                },
                "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày, tháng, năm sinh", "propertyOrder": 2},
                "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"], "propertyOrder": 3},
                "noi_sinh": {
                    "type": "string",
                    "title": "Nơi sinh",
                    "maxLength": 200,
                    "propertyOrder": 4,
                    "description": "Tên cơ sở y tế, hoặc địa chỉ nơi sinh.",
                },
                "ho_ten_me": {
                    "type": "string",
                    "title": "Họ, chữ đệm, tên người mẹ",
                    "maxLength": 100,
                    "propertyOrder": 5,
                },
                "ho_ten_cha": {
                    "type": "string",
                    "title": "Họ, chữ đệm, tên người cha",
                    "maxLength": 100,
                    "propertyOrder": 6,
                },
                "quan_he": {
                    "type": "string",
                    "title": "Quan hệ của người đi đăng ký với trẻ",
                    "maxLength": 50,
                    "propertyOrder": 7,
                },
            },
        },
        "levels": ["commune"],
        "processing_days": 1,
        "cut_off_hour": 15,
        "online_category": "full",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Công dân Việt Nam; người Việt Nam định cư ở nước ngoài.",
        "requirements": (
            "Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh cho con; "
            "nếu cha, mẹ không thể đăng ký thì ông, bà, người thân thích khác hoặc cá nhân, tổ chức đang nuôi dưỡng "
            "trẻ em có trách nhiệm đăng ký."
        ),
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Hồ sơ nhận sau 15 giờ được hẹn trả kết quả trong ngày làm việc tiếp theo.\n"
            "4. Công chức tư pháp - hộ tịch thẩm tra, ghi Sổ đăng ký khai sinh, cập nhật Cơ sở dữ liệu hộ tịch điện tử "
            "và lấy số định danh cá nhân từ Cơ sở dữ liệu quốc gia về dân cư.\n"
            "5. Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy khai sinh; Trung tâm Phục vụ hành chính công trả kết quả."
        ),
        "result": "Giấy khai sinh (bản chính; bản sao, bản điện tử nếu có yêu cầu)",
        "flow": FLOW_BASIC,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Tờ khai đăng ký khai sinh theo mẫu (khi nộp trực tiếp hoặc qua bưu chính)",
                code="000.00.00.G15-KQ003204",
                form_name="Tờ khai đăng ký khai sinh (Thông tư 04/2020/TT-BTP, sửa đổi bởi Thông tư 04/2024/TT-BTP)",
                form_file="to-khai-dang-ky-khai-sinh.html",
            ),
            paper(
                "Giấy chứng sinh; nếu không có thì văn bản của người làm chứng xác nhận về việc sinh, "
                "nếu không có người làm chứng thì giấy cam đoan về việc sinh",
                code="000.00.00.G15-KQ004389",
            ),
            paper(
                "Biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập (trường hợp trẻ em bị bỏ rơi)",
                required=False,
                code="000.00.00.G15-KQ003208",
            ),
            VAN_BAN_UY_QUYEN,
            GIAY_TO_TUY_THAN,
        ],
        "fees": [fee("Lệ phí đăng ký khai sinh", 0, "Miễn lệ phí đăng ký khai sinh đúng hạn (Điều 11 Luật Hộ tịch).")],
        "legal_bases": _STANDARD_LEGAL,
    },
    {
        "code": "1.000894",
        "name": "Thủ tục đăng ký kết hôn",
        "field": _HT,
        "levels": ["commune"],
        "processing_days": 1,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Công dân Việt Nam cư trú ở trong nước (hai bên nam, nữ).",
        "requirements": (
            "Hai bên nam, nữ đáp ứng điều kiện kết hôn theo Luật Hôn nhân và gia đình: nam từ đủ 20 tuổi, nữ từ đủ "
            "18 tuổi; việc kết hôn do hai bên tự nguyện quyết định; không bị mất năng lực hành vi dân sự; không thuộc "
            "trường hợp cấm kết hôn. Hai bên phải có mặt khi đăng ký kết hôn. Trường hợp cần xác minh, thời hạn giải "
            "quyết không quá 05 ngày làm việc."
        ),
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Công chức tư pháp - hộ tịch thẩm tra hồ sơ và điều kiện kết hôn, ghi Sổ đăng ký kết hôn.\n"
            "4. Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy chứng nhận kết hôn.\n"
            "5. Hai bên nam, nữ có mặt, kiểm tra thông tin, ký vào Sổ đăng ký kết hôn và Giấy chứng nhận kết hôn; "
            "mỗi bên nhận 01 bản chính."
        ),
        "result": "Giấy chứng nhận kết hôn",
        "flow": FLOW_BASIC,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper("Tờ khai đăng ký kết hôn theo mẫu", form_name="Tờ khai đăng ký kết hôn (Thông tư 04/2020/TT-BTP)"),
            paper(
                "Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký kết hôn tại nơi không phải nơi thường trú và "
                "không khai thác được thông tin về tình trạng hôn nhân)",
                required=False,
            ),
            GIAY_TO_TUY_THAN,
        ],
        "fees": [
            fee(
                "Lệ phí đăng ký kết hôn",
                0,
                "Miễn lệ phí đăng ký kết hôn của công dân Việt Nam cư trú ở trong nước (Điều 11 Luật Hộ tịch). "
                "Phí cấp bản sao Trích lục kết hôn (nếu có yêu cầu) theo Thông tư 281/2016/TT-BTC.",
            )
        ],
        "legal_bases": [*_STANDARD_LEGAL, basis("52/2014/QH13", "Luật Hôn nhân và gia đình")],
    },
    {
        "code": "1.000656",
        "name": "Thủ tục đăng ký khai tử",
        "field": _HT,
        "levels": ["commune"],
        "processing_days": 1,
        "online_category": "full",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Vợ, chồng, con, cha, mẹ hoặc người thân thích khác của người chết; cơ quan, tổ chức, cá nhân liên quan.",
        "requirements": (
            "Trong thời hạn 15 ngày kể từ ngày có người chết, vợ, chồng hoặc con, cha, mẹ hoặc người thân thích khác "
            "của người chết có trách nhiệm đi đăng ký khai tử."
        ),
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Công chức tư pháp - hộ tịch ghi Sổ đăng ký khai tử, cập nhật Cơ sở dữ liệu hộ tịch điện tử.\n"
            "4. Lãnh đạo Ủy ban nhân dân cấp xã ký Trích lục khai tử; Trung tâm Phục vụ hành chính công trả kết quả."
        ),
        "result": "Trích lục khai tử",
        "flow": FLOW_BASIC,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper("Tờ khai đăng ký khai tử theo mẫu", form_name="Tờ khai đăng ký khai tử (Thông tư 04/2020/TT-BTP)"),
            paper("Giấy báo tử hoặc giấy tờ khác thay thế Giấy báo tử do cơ quan có thẩm quyền cấp"),
            VAN_BAN_UY_QUYEN,
            GIAY_TO_TUY_THAN,
        ],
        "fees": [fee("Lệ phí đăng ký khai tử", 0, "Miễn lệ phí đăng ký khai tử đúng hạn (Điều 11 Luật Hộ tịch).")],
        "legal_bases": _STANDARD_LEGAL,
    },
    {
        "code": "1.004873",
        "name": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        "field": _HT,
        "levels": ["commune"],
        "processing_days": 3,
        "online_category": "full",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Công dân Việt Nam cư trú ở trong nước.",
        "requirements": "Giấy xác nhận tình trạng hôn nhân có giá trị 06 tháng kể từ ngày cấp và chỉ dùng cho mục đích đã ghi.",
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Công chức tư pháp - hộ tịch kiểm tra, xác minh tình trạng hôn nhân trong Cơ sở dữ liệu hộ tịch điện tử.\n"
            "4. Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy xác nhận tình trạng hôn nhân; trả kết quả."
        ),
        "result": "Giấy xác nhận tình trạng hôn nhân",
        "flow": FLOW_BASIC,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu",
                form_name="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (Thông tư 04/2020/TT-BTP)",
            ),
            paper(
                "Giấy tờ chứng minh việc ly hôn hoặc người kia đã chết (trường hợp đã có vợ, chồng nhưng đã ly hôn "
                "hoặc người vợ, chồng đã chết)",
                required=False,
                copies=1,
                originals=0,
            ),
            GIAY_TO_TUY_THAN,
        ],
        "fees": [fee("Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", 5000, ILLUSTRATIVE)],
        "legal_bases": [*_STANDARD_LEGAL, TT_85_2019],
    },
    {
        "code": "1.004884",
        "name": "Thủ tục đăng ký lại khai sinh",
        "field": _HT,
        "levels": ["commune"],
        "processing_days": 5,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Công dân Việt Nam đã đăng ký khai sinh tại cơ quan đăng ký hộ tịch của Việt Nam.",
        "requirements": (
            "Việc khai sinh đã được đăng ký tại cơ quan đăng ký hộ tịch của Việt Nam nhưng Sổ hộ tịch và bản chính "
            "giấy tờ hộ tịch đều bị mất. Trường hợp cần xác minh, thời hạn có thể kéo dài theo quy định."
        ),
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Công chức tư pháp - hộ tịch kiểm tra, xác minh hồ sơ; nếu việc đăng ký lại là đúng thì báo cáo lãnh đạo.\n"
            "4. Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy khai sinh (đăng ký lại); trả kết quả."
        ),
        "result": "Giấy khai sinh (đăng ký lại)",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Tờ khai đăng ký lại khai sinh theo mẫu",
                form_name="Tờ khai đăng ký lại khai sinh (Thông tư 04/2020/TT-BTP)",
            ),
            paper(
                "Bản sao giấy tờ khai sinh hoặc giấy tờ, tài liệu có nội dung liên quan đến khai sinh (nếu có)",
                originals=0,
                copies=1,
                required=False,
            ),
            GIAY_TO_TUY_THAN,
        ],
        "fees": [fee("Lệ phí đăng ký lại khai sinh", 5000, ILLUSTRATIVE)],
        "legal_bases": [*_STANDARD_LEGAL, TT_85_2019],
    },
    {
        "code": "1.004746",
        "name": "Thủ tục đăng ký lại kết hôn",
        "field": _HT,
        "levels": ["commune"],
        "processing_days": 5,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Công dân Việt Nam đã đăng ký kết hôn tại cơ quan đăng ký hộ tịch của Việt Nam.",
        "requirements": (
            "Việc kết hôn đã được đăng ký tại cơ quan đăng ký hộ tịch của Việt Nam nhưng Sổ hộ tịch và bản chính "
            "giấy tờ hộ tịch đều bị mất; hai bên phải có mặt khi đăng ký lại."
        ),
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Công chức tư pháp - hộ tịch kiểm tra, xác minh hồ sơ và báo cáo lãnh đạo.\n"
            "4. Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy chứng nhận kết hôn; hai bên ký vào Sổ và nhận kết quả."
        ),
        "result": "Giấy chứng nhận kết hôn (đăng ký lại)",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Tờ khai đăng ký lại kết hôn theo mẫu",
                form_name="Tờ khai đăng ký lại kết hôn (Thông tư 04/2020/TT-BTP)",
            ),
            paper(
                "Bản sao Giấy chứng nhận kết hôn hoặc giấy tờ, tài liệu có nội dung liên quan (nếu có)",
                originals=0,
                copies=1,
                required=False,
            ),
            GIAY_TO_TUY_THAN,
        ],
        "fees": [fee("Lệ phí đăng ký lại kết hôn", 5000, ILLUSTRATIVE)],
        "legal_bases": [*_STANDARD_LEGAL, TT_85_2019],
    },
    {
        "code": "1.005461",
        "name": "Thủ tục đăng ký lại khai tử",
        "field": _HT,
        "levels": ["commune"],
        "processing_days": 5,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Người thân thích của người đã chết; cơ quan, tổ chức, cá nhân có yêu cầu.",
        "requirements": (
            "Việc khai tử đã được đăng ký tại cơ quan đăng ký hộ tịch của Việt Nam nhưng Sổ hộ tịch và bản chính "
            "giấy tờ hộ tịch đều bị mất."
        ),
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Công chức tư pháp - hộ tịch kiểm tra, xác minh hồ sơ và báo cáo lãnh đạo.\n"
            "4. Lãnh đạo Ủy ban nhân dân cấp xã ký Trích lục khai tử (đăng ký lại); trả kết quả."
        ),
        "result": "Trích lục khai tử (đăng ký lại)",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Tờ khai đăng ký lại khai tử theo mẫu",
                form_name="Tờ khai đăng ký lại khai tử (Thông tư 04/2020/TT-BTP)",
            ),
            paper(
                "Bản sao giấy tờ liên quan đến việc khai tử đã đăng ký trước đây (nếu có)",
                originals=0,
                copies=1,
                required=False,
            ),
            GIAY_TO_TUY_THAN,
        ],
        "fees": [fee("Lệ phí đăng ký lại khai tử", 5000, ILLUSTRATIVE)],
        "legal_bases": [*_STANDARD_LEGAL, TT_85_2019],
    },
    {
        "code": "1.000689",
        "name": "Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        "field": _HT,
        "levels": ["commune"],
        "processing_days": 3,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Cha, mẹ của trẻ em là công dân Việt Nam cư trú ở trong nước.",
        "requirements": "Việc nhận cha, mẹ, con là đúng và không có tranh chấp; người nhận và người được nhận còn sống.",
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Công chức tư pháp - hộ tịch thẩm tra chứng cứ chứng minh quan hệ cha, mẹ, con; niêm yết hoặc xác minh "
            "nếu cần.\n"
            "4. Lãnh đạo Ủy ban nhân dân cấp xã ký Giấy khai sinh và Trích lục đăng ký nhận cha, mẹ, con; trả kết quả."
        ),
        "result": "Giấy khai sinh; Trích lục đăng ký nhận cha, mẹ, con",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Tờ khai đăng ký khai sinh theo mẫu", form_name="Tờ khai đăng ký khai sinh (Thông tư 04/2020/TT-BTP)"
            ),
            paper(
                "Tờ khai đăng ký nhận cha, mẹ, con theo mẫu",
                form_name="Tờ khai đăng ký nhận cha, mẹ, con (Thông tư 04/2020/TT-BTP)",
            ),
            paper("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"),
            paper(
                "Chứng cứ chứng minh quan hệ cha, con hoặc mẹ, con (văn bản của cơ quan y tế, cơ quan giám định hoặc "
                "giấy tờ, đồ vật khác chứng minh)",
            ),
            GIAY_TO_TUY_THAN,
        ],
        "fees": [
            fee(
                "Lệ phí đăng ký nhận cha, mẹ, con",
                15000,
                "Khai sinh đúng hạn được miễn lệ phí; lệ phí nhận cha, mẹ, con: " + ILLUSTRATIVE,
            )
        ],
        "legal_bases": [*_STANDARD_LEGAL, TT_85_2019],
    },
    {
        "code": "2.000635",
        "name": "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
        "field": _HT,
        "levels": ["commune", "province"],
        "processing_days": 1,
        "cut_off_hour": 15,
        "online_category": "full",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Công dân Việt Nam; tổ chức (không bao gồm doanh nghiệp, hợp tác xã).",
        "requirements": "Việc hộ tịch đã được đăng ký và có trong Sổ hộ tịch hoặc Cơ sở dữ liệu hộ tịch điện tử.",
        "steps": _APPLY_AT_COUNTER
        + (
            "3. Hồ sơ nhận sau 15 giờ được hẹn trả kết quả trong ngày làm việc tiếp theo.\n"
            "4. Công chức làm công tác hộ tịch tra cứu, in bản sao Trích lục hộ tịch, trình Thủ trưởng cơ quan ký.\n"
            "5. Trả kết quả tại Trung tâm Phục vụ hành chính công hoặc bản điện tử."
        ),
        "result": "Bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
        "flow": FLOW_BASIC,
        "agencies": [SO_TU_PHAP, *ALL_COMMUNES],
        "papers": [
            paper(
                "Tờ khai cấp bản sao Trích lục hộ tịch theo mẫu (hoặc mẫu điện tử tương tác khi nộp trực tuyến)",
                form_name="Tờ khai cấp bản sao Trích lục hộ tịch (Thông tư 04/2020/TT-BTP)",
            ),
            {**VAN_BAN_UY_QUYEN, "code": "000.00.00.G15-KQ003040"},
            GIAY_TO_TUY_THAN,
        ],
        "fees": [fee("Phí cấp bản sao Trích lục hộ tịch", 8000, "8.000 đồng/bản sao (Thông tư 281/2016/TT-BTC).")],
        "legal_bases": [
            *_STANDARD_LEGAL,
            basis(
                "281/2016/TT-BTC",
                "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí khai thác, sử dụng thông tin trong cơ sở dữ liệu hộ tịch",
            ),
        ],
    },
    {
        "code": "2.000815",
        "name": (
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam; cơ quan, "
            "tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của Việt Nam liên kết với cơ quan, "
            "tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận"
        ),
        "field": "chung-thuc",
        "levels": ["commune"],
        "processing_days": 1,
        "cut_off_hour": 15,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE],
        "applicants": "Cá nhân, tổ chức.",
        "requirements": (
            "Không chứng thực bản sao từ bản chính trong các trường hợp tại Điều 22 Nghị định 23/2015/NĐ-CP: bản chính "
            "bị tẩy xóa, sửa chữa, thêm, bớt nội dung không hợp lệ; bị hư hỏng, cũ nát không xác định được nội dung; "
            "đóng dấu mật hoặc ghi rõ không được sao chụp; có nội dung trái pháp luật, đạo đức xã hội."
        ),
        "steps": (
            "1. Người yêu cầu xuất trình bản chính và bản sao cần chứng thực tại Trung tâm Phục vụ hành chính công.\n"
            "2. Người thực hiện chứng thực đối chiếu bản sao với bản chính; nếu đúng thì ghi lời chứng, ký, đóng dấu.\n"
            "3. Việc chứng thực được giải quyết trong ngày; yêu cầu tiếp nhận sau 15 giờ được trả trong ngày làm việc "
            "tiếp theo."
        ),
        "result": "Bản sao được chứng thực từ bản chính",
        "flow": FLOW_BASIC,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao (xuất trình)"),
            paper(
                "Bản sao cần chứng thực (trường hợp chỉ xuất trình bản chính thì cơ quan thực hiện chụp từ bản chính)",
                originals=0,
                copies=1,
            ),
        ],
        "fees": [
            fee(
                "Phí chứng thực bản sao từ bản chính",
                2000,
                "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản (Thông tư 226/2016/TT-BTC).",
            )
        ],
        "legal_bases": [ND_23_2015, TT_01_2020_BTP, TT_226_2016, ND_07_2025, ND_120_2025],
    },
    {
        "code": "2.000884",
        "name": (
            "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường hợp "
            "người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)"
        ),
        "field": "chung-thuc",
        "levels": ["commune"],
        "processing_days": 1,
        "cut_off_hour": 15,
        "online_category": "none",
        "channels": [COUNTER],
        "applicants": "Cá nhân.",
        "requirements": "Người yêu cầu chứng thực phải ký trước mặt người thực hiện chứng thực.",
        "steps": (
            "1. Người yêu cầu xuất trình giấy tờ tùy thân và giấy tờ, văn bản cần ký tại Trung tâm Phục vụ hành chính công.\n"
            "2. Người yêu cầu ký trước mặt người thực hiện chứng thực; người thực hiện chứng thực ghi lời chứng, ký, "
            "đóng dấu.\n"
            "3. Việc chứng thực được giải quyết trong ngày; yêu cầu tiếp nhận sau 15 giờ được trả trong ngày làm việc "
            "tiếp theo."
        ),
        "result": "Giấy tờ, văn bản được chứng thực chữ ký",
        "flow": FLOW_BASIC,
        "agencies": ALL_COMMUNES,
        "papers": [
            GIAY_TO_TUY_THAN,
            paper("Giấy tờ, văn bản mà người yêu cầu chứng thực sẽ ký"),
        ],
        "fees": [fee("Phí chứng thực chữ ký", 10000, "10.000 đồng/trường hợp (Thông tư 226/2016/TT-BTC).")],
        "legal_bases": [ND_23_2015, TT_01_2020_BTP, TT_226_2016, ND_07_2025, ND_120_2025],
    },
]
