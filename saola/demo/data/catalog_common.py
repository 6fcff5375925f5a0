"""Shared pieces of the demo catalogue: fields, agencies, legal bases and row helpers.

Procedure data follows the national procedure database (CSDL quốc gia về TTHC) as published
on the National Public Service Portal in 2026: codes, names, processing times, fees and
legal bases were checked against public copies of its records where the notes say so.
Fees decided by the Provincial People's Council (HĐND tỉnh) are not published here for
Sơn La; those rows carry an ILLUSTRATIVE amount and say so in their description.
"""

from __future__ import annotations

from typing import Any

from saola.demo.data.organizations import CENTRAL, COMMUNES, PROVINCE_UNITS

# Field (lĩnh vực) codes: the national sector codes where they were seen in published
# procedure records (G15 Bộ Tư pháp, G17 Bộ Xây dựng, G01 Bộ Công an); otherwise a local
# code, to be replaced by the national one when the sector list is imported.
FIELDS: dict[str, str] = {
    "G15-TP07": "Hộ tịch",
    "chung-thuc": "Chứng thực",
    "G01-CA05": "Đăng ký, quản lý cư trú",
    "ho-kinh-doanh": "Thành lập và hoạt động của hộ kinh doanh",
    "doanh-nghiep": "Thành lập và hoạt động doanh nghiệp",
    "G17-XD11": "Hoạt động xây dựng",
    "dat-dai": "Đất đai",
    "lao-dong": "Lao động",
}

FLOW_BASIC = "mot-cua-co-ban"
FLOW_APPROVAL = "mot-cua-phe-duyet"
FLOW_SUPPLEMENT = "mot-cua-bo-sung"

_UNIT = {u["short_name"]: u["code"] for u in PROVINCE_UNITS}
_CENTRAL = {c["short_name"]: c["code"] for c in CENTRAL}
ALL_COMMUNES: list[str] = [c["code"] for c in COMMUNES]
SO_TU_PHAP = _UNIT["Sở Tư pháp"]
SO_TAI_CHINH = _UNIT["Sở Tài chính"]
SO_NOI_VU = _UNIT["Sở Nội vụ"]
SO_XAY_DUNG = _UNIT["Sở Xây dựng"]
SO_NN_MT = _UNIT["Sở NN&MT"]
BO_XAY_DUNG = _CENTRAL["BXD"]

COUNTER, ONLINE, POST = 1, 2, 3  # KENH codes of the national procedure database

ILLUSTRATIVE = (
    "Mức thu do Hội đồng nhân dân tỉnh quyết định (Thông tư 85/2019/TT-BTC); "
    "số tiền là số minh họa của hệ thống mẫu, cần đối chiếu nghị quyết của HĐND tỉnh Sơn La."
)


def paper(
    name: str,
    *,
    originals: int = 1,
    copies: int = 0,
    required: bool = True,
    code: str = "",
    form_name: str = "",
    form_file: str = "",
) -> dict[str, Any]:
    """A required paper; `form_file` names a file in saola/demo/forms/."""
    row: dict[str, Any] = {
        "name": name,
        "originals": originals,
        "copies": copies,
        "required": required,
        "code": code,
        "form_name": form_name,
    }
    if form_file:
        row["form_file"] = form_file
    return row


def fee(name: str, amount: int, description: str = "", collection: int = 1) -> dict[str, Any]:
    """A fee in đồng; 0 means no fee is charged (miễn phí, miễn lệ phí)."""
    return {"name": name, "amount": amount, "description": description, "collection": collection}


def basis(number: str, title: str) -> dict[str, str]:
    return {"number": number, "title": title}


# Legal bases used by several procedures.
LUAT_HO_TICH = basis("60/2014/QH13", "Luật Hộ tịch")
ND_123_2015 = basis("123/2015/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch")
TT_04_2020 = basis(
    "04/2020/TT-BTP", "Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định 123/2015/NĐ-CP"
)
ND_87_2020 = basis("87/2020/NĐ-CP", "Nghị định quy định về Cơ sở dữ liệu hộ tịch điện tử, đăng ký hộ tịch trực tuyến")
ND_07_2025 = basis(
    "07/2025/NĐ-CP",
    "Nghị định sửa đổi, bổ sung một số điều của các Nghị định trong lĩnh vực hộ tịch, quốc tịch, chứng thực",
)
ND_120_2025 = basis(
    "120/2025/NĐ-CP",
    "Nghị định quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp trong lĩnh vực quản lý nhà nước của Bộ Tư pháp",
)
TT_85_2019 = basis(
    "85/2019/TT-BTC", "Thông tư hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân cấp tỉnh"
)
ND_23_2015 = basis(
    "23/2015/NĐ-CP",
    "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
)
TT_01_2020_BTP = basis(
    "01/2020/TT-BTP", "Thông tư quy định chi tiết, hướng dẫn thi hành một số điều của Nghị định 23/2015/NĐ-CP"
)
TT_226_2016 = basis("226/2016/TT-BTC", "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực")
LUAT_CU_TRU = basis("68/2020/QH14", "Luật Cư trú")
ND_154_2024 = basis("154/2024/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú")
TT_53_2025_BCA = basis(
    "53/2025/TT-BCA",
    "Thông tư sửa đổi, bổ sung một số điều của các Thông tư quy định chi tiết thi hành Luật Cư trú và biểu mẫu đăng ký, quản lý cư trú",
)
TT_54_2025_BCA = basis("54/2025/TT-BCA", "Thông tư quy định về quy trình đăng ký cư trú")
TT_75_2022 = basis("75/2022/TT-BTC", "Thông tư quy định mức thu, chế độ thu, nộp và quản lý lệ phí đăng ký cư trú")
ND_168_2025 = basis("168/2025/NĐ-CP", "Nghị định về đăng ký doanh nghiệp")
TT_68_2025 = basis(
    "68/2025/TT-BTC", "Thông tư ban hành biểu mẫu sử dụng trong đăng ký doanh nghiệp, đăng ký hộ kinh doanh"
)
LUAT_XAY_DUNG = basis("50/2014/QH13", "Luật Xây dựng")
LUAT_XAY_DUNG_SUA_DOI = basis("62/2020/QH14", "Luật sửa đổi, bổ sung một số điều của Luật Xây dựng")
ND_175_2024 = basis(
    "175/2024/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng",
)
ND_140_2025 = basis(
    "140/2025/NĐ-CP",
    "Nghị định quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp trong lĩnh vực quản lý nhà nước của Bộ Xây dựng",
)
ND_144_2025 = basis(
    "144/2025/NĐ-CP", "Nghị định quy định về phân quyền, phân cấp trong lĩnh vực quản lý nhà nước của Bộ Xây dựng"
)

# Identity paper shown (not handed in) at the counter; the same wording recurs in every
# civil-status procedure of the national database (component 000.00.00.G15-KQ004946).
GIAY_TO_TUY_THAN = paper(
    "Hộ chiếu, thẻ căn cước, căn cước điện tử hoặc giấy tờ khác có ảnh và thông tin cá nhân còn giá trị sử dụng "
    "(xuất trình để chứng minh nhân thân khi làm thủ tục trực tiếp)",
    code="000.00.00.G15-KQ004946",
)
VAN_BAN_UY_QUYEN = paper(
    "Văn bản ủy quyền theo quy định của pháp luật (trường hợp ủy quyền); không phải chứng thực nếu người được ủy quyền "
    "là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột của người ủy quyền",
    required=False,
    code="000.00.00.G15-KQ003159",
)
