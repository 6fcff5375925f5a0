"""Demo procedures of residence, business registration, construction, land and labour.

Checked against published 2026 records of the national procedure database: 1.004222,
1.004194 (residence: times, fees, forms), 2.001610 (private enterprise: time, fees, legal
bases), 1.013225 and 1.013216 (construction), 2.001955 (labour rules). 1.013978 (land)
follows the 2025 announcement of the Ministry of Agriculture and Environment (QĐ
2304/QĐ-BNNMT) as published by a province. Household-business codes 1.001612 and 2.000720
are confirmed by several public catalogues; their 3-working-day time is the statutory one.
"""

from __future__ import annotations

from typing import Any

from saola.demo.data.catalog_common import (
    ALL_COMMUNES,
    BO_XAY_DUNG,
    COUNTER,
    FLOW_APPROVAL,
    FLOW_SUPPLEMENT,
    ILLUSTRATIVE,
    LUAT_CU_TRU,
    LUAT_XAY_DUNG,
    LUAT_XAY_DUNG_SUA_DOI,
    ND_140_2025,
    ND_144_2025,
    ND_154_2024,
    ND_168_2025,
    ND_175_2024,
    ONLINE,
    POST,
    SO_NN_MT,
    SO_NOI_VU,
    SO_TAI_CHINH,
    SO_XAY_DUNG,
    TT_53_2025_BCA,
    TT_54_2025_BCA,
    TT_68_2025,
    TT_75_2022,
    TT_85_2019,
    basis,
    fee,
    paper,
)

_CT01 = paper(
    "Tờ khai thay đổi thông tin cư trú (Mẫu CT01); người chưa thành niên phải có ý kiến đồng ý của cha, mẹ hoặc "
    "người giám hộ ghi trong tờ khai",
    code="000.00.00.G01-KQ003618",
    form_name="Mẫu CT01 ban hành kèm theo Thông tư 53/2025/TT-BCA",
    form_file="to-khai-thay-doi-thong-tin-cu-tru-ct01.html",
)
_CHO_O_HOP_PHAP = paper(
    "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp (chỉ khi không khai thác được thông tin trong Cơ sở dữ liệu quốc gia "
    "về dân cư, Cơ sở dữ liệu về đất đai hoặc cơ sở dữ liệu chuyên ngành)",
    required=False,
)
_RESIDENCE_STEPS = (
    "1. Công dân nộp hồ sơ đến Công an cấp xã (qua Trung tâm Phục vụ hành chính công xã, Cổng Dịch vụ công "
    "quốc gia hoặc ứng dụng VNeID).\n"
    "2. Cán bộ đăng ký kiểm tra, đối chiếu thông tin với Cơ sở dữ liệu quốc gia về dân cư, Cơ sở dữ liệu về cư trú; "
    "cấp Phiếu tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu CT04) hoặc Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu CT06).\n"
    "3. Công dân nộp lệ phí đăng ký cư trú.\n"
    "4. Công an cấp xã cập nhật Cơ sở dữ liệu về cư trú và thông báo kết quả."
)
_RESIDENCE_LEGAL = [
    LUAT_CU_TRU,
    ND_154_2024,
    basis("55/2021/TT-BCA", "Thông tư quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú"),
    TT_53_2025_BCA,
    TT_54_2025_BCA,
    TT_75_2022,
]
_HKD_LEGAL = [ND_168_2025, TT_68_2025, TT_85_2019]

PROCEDURES: list[dict[str, Any]] = [
    {
        "code": "1.004222",
        "name": "Đăng ký thường trú",
        "field": "G01-CA05",
        "levels": ["commune"],
        "processing_days": 7,
        "online_category": "full",
        "channels": [COUNTER, ONLINE],
        "applicants": "Công dân Việt Nam; người Việt Nam định cư ở nước ngoài.",
        "requirements": (
            "Người thực hiện thủ tục đã được thu thập, cập nhật thông tin vào Cơ sở dữ liệu quốc gia về dân cư, "
            "Cơ sở dữ liệu về cư trú; có chỗ ở hợp pháp theo Điều 20 Luật Cư trú."
        ),
        "steps": _RESIDENCE_STEPS,
        "result": "Thông báo kết quả giải quyết thủ tục về cư trú; thông tin được cập nhật vào Cơ sở dữ liệu về cư trú",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [
            _CT01,
            _CHO_O_HOP_PHAP,
            paper(
                "Hợp đồng, văn bản về việc cho thuê, cho mượn, cho ở nhờ được công chứng hoặc chứng thực "
                "(trường hợp đăng ký thường trú vào chỗ ở do thuê, mượn, ở nhờ)",
                required=False,
                code="000.00.00.G01-KQ003607",
            ),
        ],
        "fees": [
            fee(
                "Lệ phí đăng ký thường trú",
                20000,
                "Nộp trực tiếp 20.000 đồng/lần; nộp trực tuyến 10.000 đồng/lần; miễn cho các trường hợp tại Điều 4 "
                "Thông tư 75/2022/TT-BTC (sửa đổi bởi Thông tư 71/2025/TT-BTC).",
            )
        ],
        "legal_bases": _RESIDENCE_LEGAL,
    },
    {
        "code": "1.004194",
        "name": "Đăng ký tạm trú",
        "field": "G01-CA05",
        "levels": ["commune"],
        "processing_days": 3,
        "online_category": "full",
        "channels": [COUNTER, ONLINE],
        "applicants": "Công dân Việt Nam; tổ chức, doanh nghiệp, hợp tác xã đăng ký tạm trú theo danh sách.",
        "requirements": (
            "Công dân đến sinh sống tại chỗ ở hợp pháp ngoài phạm vi đơn vị hành chính cấp xã nơi đã đăng ký thường trú "
            "để lao động, học tập hoặc vì mục đích khác từ 30 ngày trở lên (Điều 27 Luật Cư trú)."
        ),
        "steps": _RESIDENCE_STEPS,
        "result": "Thông báo kết quả giải quyết thủ tục về cư trú; thông tin được cập nhật vào Cơ sở dữ liệu về cư trú",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [{**_CT01, "code": "000.00.00.G01-KQ003630"}, {**_CHO_O_HOP_PHAP, "code": "000.00.00.G01-KQ003631"}],
        "fees": [
            fee(
                "Lệ phí đăng ký tạm trú",
                15000,
                "Cá nhân, hộ gia đình: nộp trực tiếp 15.000 đồng/lần, trực tuyến 7.000 đồng/lần; theo danh sách: "
                "10.000 đồng/người (trực tiếp), 5.000 đồng/người (trực tuyến) (Thông tư 75/2022/TT-BTC).",
            )
        ],
        "legal_bases": _RESIDENCE_LEGAL,
    },
    {
        "code": "1.002755",
        "name": "Gia hạn tạm trú",
        "field": "G01-CA05",
        "levels": ["commune"],
        "processing_days": 3,
        "online_category": "full",
        "channels": [COUNTER, ONLINE],
        "applicants": "Công dân Việt Nam đã đăng ký tạm trú.",
        "requirements": "Thực hiện trong thời hạn 15 ngày trước ngày kết thúc thời hạn tạm trú đã đăng ký (Điều 28 Luật Cư trú).",
        "steps": _RESIDENCE_STEPS,
        "result": "Thông báo kết quả giải quyết thủ tục về cư trú; thông tin được cập nhật vào Cơ sở dữ liệu về cư trú",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [_CT01],
        "fees": [
            fee(
                "Lệ phí gia hạn tạm trú",
                15000,
                "Nộp trực tiếp 15.000 đồng/lần, trực tuyến 7.000 đồng/lần theo mức đăng ký tạm trú của Thông tư "
                "75/2022/TT-BTC (mức áp dụng cho gia hạn chưa đối chiếu riêng).",
            )
        ],
        "legal_bases": _RESIDENCE_LEGAL,
    },
    {
        "code": "1.001612",
        "name": "Đăng ký thành lập hộ kinh doanh",
        "field": "ho-kinh-doanh",
        "levels": ["commune"],
        "processing_days": 3,
        "online_category": "full",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Cá nhân, thành viên hộ gia đình là công dân Việt Nam có năng lực hành vi dân sự đầy đủ.",
        "requirements": (
            "Ngành, nghề kinh doanh không bị cấm; tên hộ kinh doanh không trùng với tên hộ kinh doanh đã đăng ký trong "
            "phạm vi cấp xã; nộp đủ lệ phí đăng ký."
        ),
        "steps": (
            "1. Chủ hộ kinh doanh hoặc người được ủy quyền nộp hồ sơ tại Trung tâm Phục vụ hành chính công xã hoặc "
            "trực tuyến trên Hệ thống thông tin quốc gia về đăng ký hộ kinh doanh.\n"
            "2. Cơ quan đăng ký kinh doanh cấp xã trao giấy biên nhận, xem xét tính hợp lệ của hồ sơ.\n"
            "3. Trong thời hạn 03 ngày làm việc, cấp Giấy chứng nhận đăng ký hộ kinh doanh hoặc thông báo bằng văn bản "
            "nội dung cần sửa đổi, bổ sung."
        ),
        "result": "Giấy chứng nhận đăng ký hộ kinh doanh",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Giấy đề nghị đăng ký hộ kinh doanh",
                form_name="Giấy đề nghị đăng ký hộ kinh doanh (Thông tư 68/2025/TT-BTC)",
            ),
            paper(
                "Bản sao giấy tờ pháp lý của cá nhân đối với chủ hộ kinh doanh, thành viên hộ gia đình (trường hợp "
                "không kê khai số định danh cá nhân)",
                originals=0,
                copies=1,
                required=False,
            ),
            paper(
                "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (trường hợp các thành viên hộ gia "
                "đình đăng ký hộ kinh doanh)",
                required=False,
            ),
            paper("Văn bản ủy quyền cho người nộp hồ sơ (nếu có)", required=False),
        ],
        "fees": [fee("Lệ phí đăng ký hộ kinh doanh", 100000, ILLUSTRATIVE)],
        "legal_bases": _HKD_LEGAL,
    },
    {
        "code": "2.000720",
        "name": "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "field": "ho-kinh-doanh",
        "levels": ["commune"],
        "processing_days": 3,
        "online_category": "full",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Hộ kinh doanh đã được cấp Giấy chứng nhận đăng ký hộ kinh doanh.",
        "requirements": "Hộ kinh doanh đang hoạt động; nội dung thay đổi phù hợp quy định về đăng ký hộ kinh doanh.",
        "steps": (
            "1. Hộ kinh doanh nộp thông báo thay đổi tại Trung tâm Phục vụ hành chính công xã hoặc trực tuyến.\n"
            "2. Cơ quan đăng ký kinh doanh cấp xã trao giấy biên nhận và xem xét hồ sơ.\n"
            "3. Trong thời hạn 03 ngày làm việc, cấp Giấy chứng nhận đăng ký hộ kinh doanh theo nội dung thay đổi "
            "hoặc thông báo nội dung cần sửa đổi, bổ sung."
        ),
        "result": "Giấy chứng nhận đăng ký hộ kinh doanh (cấp theo nội dung thay đổi)",
        "flow": FLOW_SUPPLEMENT,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Thông báo thay đổi nội dung đăng ký hộ kinh doanh",
                form_name="Thông báo thay đổi nội dung đăng ký hộ kinh doanh (Thông tư 68/2025/TT-BTC)",
            ),
            paper(
                "Biên bản họp thành viên hộ gia đình về việc thay đổi (trường hợp hộ gia đình đăng ký)", required=False
            ),
            paper(
                "Hợp đồng mua bán, tặng cho hoặc giấy tờ thừa kế (trường hợp thay đổi chủ hộ kinh doanh)",
                originals=0,
                copies=1,
                required=False,
            ),
        ],
        "fees": [fee("Lệ phí đăng ký thay đổi nội dung hộ kinh doanh", 50000, ILLUSTRATIVE)],
        "legal_bases": _HKD_LEGAL,
    },
    {
        "code": "2.001610",
        "name": "Đăng ký thành lập doanh nghiệp tư nhân",
        "field": "doanh-nghiep",
        "levels": ["province"],
        "processing_days": 3,
        "online_category": "full",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Công dân Việt Nam; người Việt Nam định cư ở nước ngoài; người nước ngoài (cá nhân làm chủ doanh nghiệp).",
        "requirements": (
            "Mỗi cá nhân chỉ được quyền thành lập một doanh nghiệp tư nhân; chủ doanh nghiệp tư nhân không đồng thời "
            "là chủ hộ kinh doanh, thành viên hợp danh của công ty hợp danh (Điều 188 Luật Doanh nghiệp)."
        ),
        "steps": (
            "1. Người thành lập doanh nghiệp nộp hồ sơ tại Phòng Đăng ký kinh doanh thuộc Sở Tài chính hoặc qua Cổng "
            "thông tin quốc gia về đăng ký doanh nghiệp.\n"
            "2. Trong thời hạn 03 ngày làm việc, Cơ quan đăng ký kinh doanh xem xét tính hợp lệ của hồ sơ và cấp Giấy "
            "chứng nhận đăng ký doanh nghiệp; nếu chưa hợp lệ thì thông báo bằng văn bản nội dung cần sửa đổi, bổ sung.\n"
            "3. Doanh nghiệp công bố nội dung đăng ký doanh nghiệp trên Cổng thông tin quốc gia về đăng ký doanh nghiệp."
        ),
        "result": "Giấy chứng nhận đăng ký doanh nghiệp (doanh nghiệp tư nhân)",
        "flow": FLOW_SUPPLEMENT,
        "agencies": [SO_TAI_CHINH],
        "papers": [
            paper(
                "Giấy đề nghị đăng ký doanh nghiệp",
                code="000.00.00.G05-KQ3239",
                form_name="Giấy đề nghị đăng ký doanh nghiệp tư nhân (Thông tư 68/2025/TT-BTC)",
            ),
            paper(
                "Bản sao giấy tờ pháp lý của cá nhân đối với chủ doanh nghiệp tư nhân (không cần nếu đã kê khai số "
                "định danh cá nhân theo khoản 1 Điều 11 Nghị định 168/2025/NĐ-CP)",
                originals=0,
                copies=1,
                required=False,
            ),
            paper(
                "Văn bản ủy quyền cho cá nhân thực hiện thủ tục đăng ký doanh nghiệp (không bắt buộc công chứng, chứng thực)",
                required=False,
                code="000.00.00.G05-KQ4427",
            ),
        ],
        "fees": [
            fee(
                "Lệ phí đăng ký doanh nghiệp",
                50000,
                "50.000 đồng/lần khi nộp trực tiếp hoặc qua bưu chính; miễn lệ phí khi đăng ký qua mạng thông tin điện tử "
                "(Thông tư 47/2019/TT-BTC).",
            ),
            fee("Phí công bố nội dung đăng ký doanh nghiệp", 100000, "100.000 đồng/lần (Thông tư 47/2019/TT-BTC)."),
        ],
        "legal_bases": [
            basis("59/2020/QH14", "Luật Doanh nghiệp"),
            basis("76/2025/QH15", "Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp"),
            ND_168_2025,
            TT_68_2025,
            basis(
                "47/2019/TT-BTC",
                "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí, lệ phí cung cấp thông tin doanh nghiệp, lệ phí đăng ký doanh nghiệp",
            ),
        ],
    },
    {
        "code": "1.013225",
        "name": (
            "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV (Công trình không theo tuyến/Theo tuyến trong "
            "đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/Theo giai đoạn cho công trình không theo tuyến/"
            "Theo giai đoạn cho công trình theo tuyến trong đô thị/Dự án) và nhà ở riêng lẻ"
        ),
        "field": "G17-XD11",
        "levels": ["commune"],
        "processing_days": 10,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Hộ gia đình, cá nhân; tổ chức; doanh nghiệp (chủ đầu tư).",
        "requirements": (
            "Công trình phù hợp với quy hoạch, mục đích sử dụng đất; bảo đảm an toàn cho công trình và công trình lân "
            "cận, yêu cầu phòng cháy, chữa cháy; thiết kế xây dựng đáp ứng quy chuẩn (Điều 91, 93 Luật Xây dựng). "
            "Thời hạn: 10 ngày làm việc đối với công trình, 07 ngày làm việc đối với nhà ở riêng lẻ kể từ ngày nhận đủ "
            "hồ sơ hợp lệ."
        ),
        "steps": (
            "1. Chủ đầu tư nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp xã hoặc trực tuyến.\n"
            "2. Cơ quan cấp phép thẩm định hồ sơ, kiểm tra thực địa; thông báo một lần bằng văn bản nếu hồ sơ cần bổ sung.\n"
            "3. Lấy ý kiến cơ quan quản lý nhà nước liên quan khi cần.\n"
            "4. Lãnh đạo Ủy ban nhân dân cấp xã xem xét, ký giấy phép; văn thư vào sổ, đóng dấu bản vẽ và phát hành."
        ),
        "result": "Giấy phép xây dựng kèm hồ sơ thiết kế có đóng dấu của cơ quan cấp phép",
        "flow": FLOW_APPROVAL,
        "agencies": ALL_COMMUNES,
        "papers": [
            paper(
                "Đơn đề nghị cấp giấy phép xây dựng",
                code="000.00.00.G17-KQ002668",
                form_name="Mẫu số 1 Phụ lục II Nghị định 175/2024/NĐ-CP",
            ),
            paper(
                "Một trong những giấy tờ hợp pháp về đất đai theo Điều 53 Nghị định 175/2024/NĐ-CP "
                "(Giấy chứng nhận quyền sử dụng đất hoặc giấy tờ tương đương)",
                copies=1,
                code="G17-KQ003215",
            ),
            paper(
                "Hai bộ bản vẽ thiết kế xây dựng: mặt bằng công trình trên lô đất, mặt bằng các tầng, mặt đứng, mặt cắt, "
                "mặt bằng và mặt cắt móng, sơ đồ đấu nối hạ tầng kỹ thuật",
                originals=2,
            ),
            paper(
                "Bản kê khai năng lực, kinh nghiệm của tổ chức, cá nhân thiết kế (trường hợp không phải nhà ở riêng lẻ "
                "do hộ gia đình tự thiết kế)",
                required=False,
            ),
        ],
        "fees": [fee("Lệ phí cấp giấy phép xây dựng", 75000, ILLUSTRATIVE)],
        "legal_bases": [LUAT_XAY_DUNG, LUAT_XAY_DUNG_SUA_DOI, ND_175_2024, ND_140_2025, ND_144_2025, TT_85_2019],
    },
    {
        # The published record states 35 days (group A) / 25 days (group B) in days, not
        # working days; 25 is kept as the figure until the unit is verified.
        "code": "1.013216",
        "name": "Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng/ Báo cáo nghiên cứu khả thi đầu tư xây dựng điều chỉnh",
        "field": "G17-XD11",
        "levels": ["central", "province"],
        "processing_days": 25,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Chủ đầu tư: tổ chức; cá nhân.",
        "requirements": (
            "Thẩm định tại Bộ Xây dựng (dự án do Bộ quản lý công trình xây dựng chuyên ngành thẩm định) hoặc Sở Xây dựng "
            "theo phân cấp. Thời hạn không quá 35 ngày (dự án nhóm A), 25 ngày (dự án nhóm B) kể từ ngày nhận đủ hồ sơ "
            "hợp lệ. Phí thẩm định tính theo tổng mức đầu tư; từ 01/7/2025 đến hết 31/12/2026 áp dụng Thông tư "
            "64/2025/TT-BTC."
        ),
        "steps": (
            "1. Người đề nghị thẩm định nộp 01 bộ hồ sơ tại Bộ phận Một cửa của Bộ Xây dựng hoặc Trung tâm Phục vụ "
            "hành chính công tỉnh.\n"
            "2. Trong 07 ngày, cơ quan chuyên môn về xây dựng yêu cầu bổ sung hồ sơ hoặc từ chối tiếp nhận nếu hồ sơ "
            "không đúng nội dung tờ trình.\n"
            "3. Cơ quan chuyên môn thẩm định, có thể tạm dừng thẩm định một lần để yêu cầu khắc phục.\n"
            "4. Lãnh đạo phê duyệt Thông báo kết quả thẩm định; văn thư phát hành kèm hồ sơ bản vẽ được đóng dấu."
        ),
        "result": "Văn bản thông báo kết quả thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng",
        "flow": FLOW_APPROVAL,
        "agencies": [BO_XAY_DUNG, SO_XAY_DUNG],
        "papers": [
            paper(
                "Tờ trình thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng",
                code="000.00.00.G17-KQ002613",
                form_name="Mẫu số 01 Phụ lục I Nghị định 175/2024/NĐ-CP",
            ),
            paper(
                "Văn bản về chủ trương đầu tư xây dựng công trình (đối với dự án phải có quyết định hoặc chấp thuận chủ "
                "trương đầu tư)",
                copies=1,
                code="000.00.00.G17-KQ002615",
            ),
            paper(
                "Hồ sơ khảo sát xây dựng được phê duyệt; thuyết minh Báo cáo nghiên cứu khả thi; thiết kế cơ sở; danh mục "
                "tiêu chuẩn chủ yếu áp dụng",
                copies=1,
                code="000.00.00.G17-KQ002624",
            ),
            paper(
                "Danh sách nhà thầu kèm mã số chứng chỉ năng lực, mã số chứng chỉ hành nghề của các chức danh chủ nhiệm, "
                "chủ trì",
                copies=1,
                code="000.00.00.G17-KQ002625",
            ),
            paper(
                "Quyết định phê duyệt kết quả thẩm định báo cáo đánh giá tác động môi trường hoặc giấy phép môi trường "
                "(nếu có yêu cầu)",
                copies=1,
                required=False,
                code="000.00.00.G17-KQ002620",
            ),
        ],
        "fees": [],
        "legal_bases": [LUAT_XAY_DUNG, LUAT_XAY_DUNG_SUA_DOI, ND_175_2024, ND_144_2025],
    },
    {
        "code": "1.013978",
        "name": (
            "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn "
            "liền với đất lần đầu đối với cá nhân, cộng đồng dân cư, hộ gia đình, người gốc Việt Nam định cư ở nước ngoài"
        ),
        "field": "dat-dai",
        "levels": ["commune"],
        "processing_days": 20,
        "online_category": "partial",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Cá nhân; cộng đồng dân cư; hộ gia đình; người gốc Việt Nam định cư ở nước ngoài.",
        "requirements": (
            "Thời hạn 17 ngày làm việc đối với đăng ký lần đầu, 20 ngày làm việc đối với đăng ký và cấp Giấy chứng nhận "
            "lần đầu; tăng thêm 10 ngày làm việc ở xã miền núi, vùng có điều kiện kinh tế - xã hội khó khăn. Thời gian "
            "không tính thời gian thực hiện nghĩa vụ tài chính."
        ),
        "steps": (
            "1. Người sử dụng đất nộp hồ sơ tại Trung tâm Phục vụ hành chính công xã, qua bưu chính hoặc trực tuyến.\n"
            "2. Ủy ban nhân dân cấp xã kiểm tra hồ sơ, xác nhận hiện trạng, niêm yết công khai; yêu cầu bổ sung nếu "
            "hồ sơ chưa đủ.\n"
            "3. Chi nhánh Văn phòng đăng ký đất đai (Sở Nông nghiệp và Môi trường) trích đo, cập nhật hồ sơ địa chính, "
            "gửi thông tin xác định nghĩa vụ tài chính đến cơ quan thuế.\n"
            "4. Ký cấp Giấy chứng nhận và trả kết quả sau khi người sử dụng đất hoàn thành nghĩa vụ tài chính."
        ),
        "result": "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "flow": FLOW_SUPPLEMENT,
        "agencies": [*ALL_COMMUNES, SO_NN_MT],
        "papers": [
            paper("Đơn đăng ký đất đai, tài sản gắn liền với đất theo mẫu", form_name="Mẫu số 15"),
            paper(
                "Một trong các giấy tờ về quyền sử dụng đất quy định tại Điều 137 Luật Đất đai (nếu có); sơ đồ nhà ở, "
                "công trình xây dựng (nếu có)",
                originals=0,
                copies=1,
                required=False,
            ),
            paper("Mảnh trích đo bản đồ địa chính thửa đất (nếu có)", required=False),
            paper(
                "Chứng từ thực hiện nghĩa vụ tài chính; giấy tờ liên quan đến miễn, giảm nghĩa vụ tài chính (nếu có)",
                required=False,
            ),
        ],
        "fees": [
            fee(
                "Lệ phí cấp Giấy chứng nhận quyền sử dụng đất, tài sản gắn liền với đất",
                100000,
                ILLUSTRATIVE,
                collection=4,
            )
        ],
        "legal_bases": [
            basis("31/2024/QH15", "Luật Đất đai"),
            basis(
                "101/2024/NĐ-CP",
                "Nghị định quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất và Hệ thống thông tin đất đai",
            ),
            basis(
                "151/2025/NĐ-CP",
                "Nghị định quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp, phân quyền, phân cấp trong lĩnh vực đất đai",
            ),
            basis("2304/QĐ-BNNMT", "Quyết định công bố thủ tục hành chính lĩnh vực đất đai (23/6/2025)"),
            TT_85_2019,
        ],
    },
    {
        "code": "2.001955",
        "name": "Đăng ký nội quy lao động của doanh nghiệp",
        "field": "lao-dong",
        "levels": ["province"],
        "processing_days": 7,
        "online_category": "full",
        "channels": [COUNTER, ONLINE, POST],
        "applicants": "Người sử dụng lao động sử dụng từ 10 người lao động trở lên.",
        "requirements": (
            "Nộp hồ sơ trong thời hạn 10 ngày kể từ ngày ban hành nội quy lao động (Điều 119 Bộ luật Lao động). Nội quy "
            "lao động có hiệu lực sau 15 ngày kể từ ngày cơ quan nhận đủ hồ sơ nếu không có thông báo sửa đổi."
        ),
        "steps": (
            "1. Người sử dụng lao động nộp hồ sơ cho Sở Nội vụ (hoặc cơ quan chuyên môn cấp xã nếu được ủy quyền) nơi "
            "đăng ký kinh doanh.\n"
            "2. Trong 07 ngày làm việc, nếu nội quy có quy định trái pháp luật thì cơ quan thông báo, hướng dẫn sửa đổi, "
            "bổ sung và đăng ký lại."
        ),
        "result": "Nội quy lao động được đăng ký (hoặc thông báo yêu cầu sửa đổi, bổ sung)",
        "flow": FLOW_SUPPLEMENT,
        "agencies": [SO_NOI_VU],
        "papers": [
            paper("Văn bản đề nghị đăng ký nội quy lao động", code="G09-KQ003210"),
            paper("Nội quy lao động", code="000.00.00.G09-KQ002548"),
            paper(
                "Văn bản góp ý của tổ chức đại diện người lao động tại cơ sở (nơi có tổ chức đại diện người lao động)",
                required=False,
                code="000.00.00.G09-KQ002549",
            ),
            paper(
                "Các văn bản của người sử dụng lao động có quy định liên quan đến kỷ luật lao động và trách nhiệm vật chất "
                "(nếu có)",
                required=False,
                code="000.00.00.G09-KQ002550",
            ),
        ],
        "fees": [fee("Phí, lệ phí", 0, "Không thu phí, lệ phí.")],
        "legal_bases": [
            basis("45/2019/QH14", "Bộ luật Lao động"),
            basis(
                "145/2020/NĐ-CP",
                "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Bộ luật Lao động về điều kiện lao động và quan hệ lao động",
            ),
        ],
    },
]
