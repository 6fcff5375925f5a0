"""A province's catalogue at realistic volume, built through the services as an operator's import would.

About 200 organisations (the provincial People's Committee, its departments and their units,
communes and their one-stop desks) and about 2,000 procedures over 40 fields, each with a few
papers, fees and legal bases. Names combine the wording patterns of the national procedure
database (Cơ sở dữ liệu quốc gia về thủ tục hành chính) with each field's subjects; a handful are
real procedure names verbatim. Generation is seeded, so every run builds the same catalogue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

PROVINCE_CODE = "000.00.00.H53"
PROVINCE_NAME = "Ủy ban nhân dân tỉnh Sơn La"

# Real procedure names, kept verbatim so the common searches find what people expect.
REAL_PROCEDURES: list[tuple[str, str]] = [
    ("HT", "Đăng ký khai sinh"),
    ("HT", "Đăng ký kết hôn"),
    ("HT", "Đăng ký khai tử"),
    ("HT", "Đăng ký khai sinh có yếu tố nước ngoài"),
    ("HT", "Đăng ký nhận cha, mẹ, con"),
    ("HT", "Cấp bản sao trích lục hộ tịch"),
    ("CT", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp"),
    ("CT", "Chứng thực chữ ký trong các giấy tờ, văn bản"),
    ("HKD", "Đăng ký thành lập hộ kinh doanh"),
    ("HKD", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh"),
    ("DN", "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên"),
    ("DD", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"),
    ("DD", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu"),
    ("XD", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"),
    ("XD", "Cấp giấy phép sửa chữa, cải tạo đối với công trình"),
    ("LLTP", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"),
    ("ATTP", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
    ("GT", "Đổi Giấy phép lái xe do ngành Giao thông vận tải cấp"),
    ("BTXH", "Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở"),
    ("LD", "Giải quyết hưởng trợ cấp thất nghiệp"),
]

# (code, field name, subjects): each subject is combined with the actions below.
FIELDS: list[tuple[str, str, list[str]]] = [
    ("HT", "Hộ tịch", ["khai sinh", "kết hôn", "khai tử", "giám hộ", "nhận cha, mẹ, con", "lại khai sinh"]),
    ("CT", "Chứng thực", ["bản sao từ bản chính", "chữ ký người dịch", "hợp đồng, giao dịch", "di chúc"]),
    ("DD", "Đất đai", ["quyền sử dụng đất", "chuyển mục đích sử dụng đất", "tách thửa, hợp thửa đất", "giao đất"]),
    ("XD", "Xây dựng", ["giấy phép xây dựng", "chứng chỉ hành nghề hoạt động xây dựng", "thiết kế cơ sở"]),
    ("HKD", "Thành lập và hoạt động của hộ kinh doanh", ["hộ kinh doanh", "địa điểm kinh doanh"]),
    ("DN", "Thành lập và hoạt động doanh nghiệp", ["doanh nghiệp", "chi nhánh, văn phòng đại diện"]),
    ("HTX", "Thành lập và hoạt động của hợp tác xã", ["hợp tác xã", "liên hiệp hợp tác xã"]),
    ("DT", "Đầu tư tại Việt Nam", ["dự án đầu tư", "chủ trương đầu tư", "giấy chứng nhận đăng ký đầu tư"]),
    ("GT", "Đường bộ", ["giấy phép lái xe", "giấy phép kinh doanh vận tải bằng xe ô tô", "phù hiệu xe"]),
    ("DTND", "Đường thủy nội địa", ["bến thủy nội địa", "phương tiện thủy nội địa"]),
    ("KCB", "Khám bệnh, chữa bệnh", ["giấy phép hoạt động khám bệnh, chữa bệnh", "chứng chỉ hành nghề y"]),
    ("DUOC", "Dược phẩm", ["chứng chỉ hành nghề dược", "giấy chứng nhận đủ điều kiện kinh doanh dược"]),
    ("ATTP", "An toàn thực phẩm", ["giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "bản tự công bố sản phẩm"]),
    (
        "GDDT",
        "Giáo dục và Đào tạo",
        ["trường mầm non", "trường tiểu học", "văn bằng, chứng chỉ", "trung tâm ngoại ngữ"],
    ),
    ("GDNN", "Giáo dục nghề nghiệp", ["trường trung cấp", "trung tâm giáo dục nghề nghiệp"]),
    ("LD", "Lao động", ["giấy phép lao động cho người nước ngoài", "nội quy lao động", "thỏa ước lao động tập thể"]),
    ("VL", "Việc làm", ["trợ cấp thất nghiệp", "giấy phép hoạt động dịch vụ việc làm"]),
    ("BTXH", "Bảo trợ xã hội", ["trợ cấp xã hội hằng tháng", "cơ sở trợ giúp xã hội", "hỗ trợ chi phí mai táng"]),
    ("NCC", "Người có công", ["trợ cấp người có công với cách mạng", "giấy chứng nhận thương binh"]),
    ("MT", "Môi trường", ["giấy phép môi trường", "báo cáo đánh giá tác động môi trường"]),
    ("TNN", "Tài nguyên nước", ["giấy phép khai thác nước dưới đất", "giấy phép xả nước thải vào nguồn nước"]),
    ("KS", "Khoáng sản", ["giấy phép thăm dò khoáng sản", "giấy phép khai thác khoáng sản"]),
    ("VH", "Văn hóa", ["lễ hội", "giấy phép tổ chức biểu diễn nghệ thuật", "di tích lịch sử - văn hóa"]),
    ("TDTT", "Thể dục, thể thao", ["giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao", "giải thể thao"]),
    ("DL", "Du lịch", ["giấy phép kinh doanh dịch vụ lữ hành nội địa", "thẻ hướng dẫn viên du lịch"]),
    ("BC", "Báo chí", ["giấy phép xuất bản bản tin", "giấy phép hoạt động báo chí"]),
    ("XB", "Xuất bản, In và Phát hành", ["giấy phép hoạt động in", "giấy phép xuất bản tài liệu không kinh doanh"]),
    ("TM", "Thương mại", ["giấy phép kinh doanh bán lẻ sản phẩm rượu", "giấy phép bán lẻ sản phẩm thuốc lá"]),
    ("DIEN", "Điện", ["giấy phép hoạt động điện lực", "thẩm định thiết kế công trình điện"]),
    ("HC", "Hóa chất", ["giấy chứng nhận đủ điều kiện sản xuất hóa chất", "kế hoạch phòng ngừa sự cố hóa chất"]),
    ("TT", "Trồng trọt", ["giấy chứng nhận đủ điều kiện buôn bán phân bón", "mã số vùng trồng"]),
    ("CN", "Chăn nuôi", ["giấy chứng nhận đủ điều kiện chăn nuôi", "giấy chứng nhận đủ điều kiện sản xuất thức ăn"]),
    ("TY", "Thú y", ["giấy chứng nhận kiểm dịch động vật", "chứng chỉ hành nghề thú y"]),
    ("LN", "Lâm nghiệp", ["phương án quản lý rừng bền vững", "chuyển loại rừng", "khai thác lâm sản"]),
    ("TS", "Thủy sản", ["giấy phép khai thác thủy sản", "giấy chứng nhận cơ sở nuôi trồng thủy sản"]),
    ("LLTP", "Lý lịch tư pháp", ["phiếu lý lịch tư pháp"]),
    ("CNN", "Nuôi con nuôi", ["nuôi con nuôi trong nước", "nuôi con nuôi có yếu tố nước ngoài"]),
    ("TG", "Tôn giáo", ["sinh hoạt tôn giáo tập trung", "tổ chức lễ hội tín ngưỡng", "cơ sở tín ngưỡng"]),
    ("TDKT", "Thi đua, khen thưởng", ["bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "danh hiệu Chiến sĩ thi đua"]),
    ("HCC", "Hành chính tư pháp", ["hòa giải viên", "trợ giúp pháp lý", "công chứng viên"]),
]

# Wording patterns of the national database: "<action> <subject> <qualifier>".
ACTIONS = [
    "Đăng ký",
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Công nhận",
    "Thẩm định",
    "Phê duyệt",
    "Thông báo",
    "Xác nhận",
    "Cho phép",
    "Giải quyết",
]
QUALIFIERS = [
    "",
    "",
    "",
    "có yếu tố nước ngoài",
    "đối với tổ chức",
    "đối với cá nhân",
    "trong trường hợp bị mất, hư hỏng",
    "do thay đổi thông tin",
    "cho người Việt Nam định cư ở nước ngoài",
    "lưu động",
    "thuộc thẩm quyền cấp tỉnh",
    "thuộc thẩm quyền cấp xã",
]

PAPERS = [
    ("Tờ khai theo mẫu", "Tờ khai"),
    ("Đơn đề nghị", "Mẫu đơn"),
    ("Bản sao Giấy chứng nhận đăng ký doanh nghiệp", ""),
    ("Giấy tờ chứng minh nơi cư trú", ""),
    ("Văn bản ủy quyền (nếu nộp thay)", ""),
    ("Bản vẽ thiết kế", ""),
    ("Báo cáo kết quả thực hiện", "Mẫu báo cáo"),
    ("Giấy chứng nhận quyền sử dụng đất", ""),
    ("Ảnh chân dung 4x6 cm", ""),
    ("Giấy khám sức khỏe", ""),
]
LEGAL_BASES = [
    ("60/2014/QH13", "Luật Hộ tịch"),
    ("31/2024/QH15", "Luật Đất đai"),
    ("50/2014/QH13", "Luật Xây dựng"),
    ("59/2020/QH14", "Luật Doanh nghiệp"),
    ("61/2020/QH14", "Luật Đầu tư"),
    ("23/2015/NĐ-CP", "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính"),
    ("61/2018/NĐ-CP", "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông"),
    ("42/2022/NĐ-CP", "Nghị định quy định về việc cung cấp thông tin và dịch vụ công trực tuyến"),
    ("85/2019/TT-BTC", "Thông tư hướng dẫn về phí và lệ phí thuộc thẩm quyền Hội đồng nhân dân tỉnh"),
]
# Real entries carry kilobytes of steps and conditions; lists must not pay for reading them.
STEPS = [
    "Người có yêu cầu chuẩn bị hồ sơ đầy đủ theo quy định của pháp luật.",
    "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích hoặc trực tuyến trên Cổng Dịch vụ công quốc gia, Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
    "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ chưa đầy đủ thì hướng dẫn người nộp bổ sung, hoàn thiện một lần bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.",
    "Trường hợp hồ sơ đầy đủ, hợp lệ thì lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả, chuyển hồ sơ đến cơ quan có thẩm quyền giải quyết.",
    "Cơ quan có thẩm quyền thẩm định hồ sơ, kiểm tra thực tế (nếu cần) và trình người có thẩm quyền ký kết quả; trường hợp từ chối thì trả lời bằng văn bản và nêu rõ lý do.",
    "Người có yêu cầu nhận kết quả tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích hoặc bản điện tử trên Cổng Dịch vụ công; nộp phí, lệ phí (nếu có) trước khi nhận kết quả.",
]
REQUIREMENTS = [
    "Không.",
    "Người đề nghị phải có năng lực hành vi dân sự đầy đủ và không thuộc trường hợp bị cấm theo quy định của pháp luật.",
    "Cơ sở phải có địa điểm, diện tích, trang thiết bị phù hợp và đáp ứng điều kiện an toàn phòng cháy, chữa cháy, bảo vệ môi trường theo quy định.",
    "Hồ sơ phải được nộp trong thời hạn 30 ngày kể từ ngày phát sinh sự kiện; quá thời hạn thì thực hiện theo thủ tục đăng ký lại.",
]
DEPARTMENTS = [
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Ban Quản lý các khu công nghiệp tỉnh",
    "Thanh tra tỉnh",
]
DEPARTMENT_UNITS = ["Văn phòng", "Phòng Hành chính - Tổng hợp", "Chi cục", "Trung tâm Dịch vụ", "Phòng Nghiệp vụ"]
COMMUNE_PREFIXES = ["Chiềng", "Mường", "Nậm", "Phiêng", "Tà", "Huổi", "Púng", "Co", "Tân", "Long"]
COMMUNE_SUFFIXES = ["Lề", "An", "Bú", "Mai", "Sại", "Khoa", "Ban", "Cọ", "Ơn", "Pằn", "Hặc", "La", "Sơn", "Hồng"]


@dataclass(frozen=True)
class Volume:
    procedures: int = 2000
    organisations: int = 200


def _procedure_names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """`n` distinct (field code, name) pairs: the real names first, then combined patterns."""
    names = list(REAL_PROCEDURES)
    seen = {name for _, name in names}
    combos = [
        (code, f"{action} {subject} {qualifier}".strip())
        for code, _, subjects in FIELDS
        for subject in subjects
        for action in ACTIONS
        for qualifier in QUALIFIERS
    ]
    rng.shuffle(combos)
    for code, name in combos:
        if len(names) >= n:
            break
        if name not in seen:
            seen.add(name)
            names.append((code, name))
    return names[:n]


def _organisations(volume: Volume) -> Any:
    """Create the organisation tree; returns (departments, communes, all)."""
    from saola.core.services import organization_create

    everyone = []
    province = organization_create(actor=None, code=PROVINCE_CODE, name=PROVINCE_NAME, level="province")
    everyone.append(province)
    departments = []
    for i, name in enumerate(DEPARTMENTS, start=1):
        dept = organization_create(
            actor=None, code=f"000.00.{i:02d}.H53", name=name, level="unit", parent=province, short_name=f"S{i:02d}"
        )
        departments.append(dept)
        everyone.append(dept)
        for j, unit in enumerate(DEPARTMENT_UNITS, start=1):
            everyone.append(
                organization_create(
                    actor=None, code=f"000.{j:02d}.{i:02d}.H53", name=f"{unit} - {name}", level="unit", parent=dept
                )
            )
    communes = []
    names = [f"{p} {s}" for p in COMMUNE_PREFIXES for s in COMMUNE_SUFFIXES]
    for i, name in enumerate(names, start=1):
        if len(everyone) >= volume.organisations:
            break
        commune = organization_create(
            actor=None,
            code=f"{i:03d}.00.00.H53",
            name=f"Ủy ban nhân dân xã {name}",
            level="commune",
            parent=province,
            admin_unit_code=f"{14000 + i:05d}",
        )
        communes.append(commune)
        everyone.append(commune)
        if len(everyone) < volume.organisations:
            everyone.append(
                organization_create(
                    actor=None,
                    code=f"{i:03d}.01.00.H53",
                    name=f"Bộ phận Một cửa xã {name}",
                    level="unit",
                    parent=commune,
                )
            )
    return departments, communes, everyone


def _details(rng: random.Random, name: str) -> dict[str, Any]:
    papers = [
        {"name": paper, "form_name": form, "originals": 1, "copies": rng.choice([0, 0, 1, 2])}
        for paper, form in rng.sample(PAPERS, rng.randint(2, 5))
    ]
    fees = [
        {"name": "Lệ phí", "amount": Decimal(rng.choice([0, 8000, 20000, 50000, 100000, 500000]))}
        for _ in range(rng.randint(0, 2))
    ]
    bases = [{"number": number, "title": title} for number, title in rng.sample(LEGAL_BASES, rng.randint(1, 3))]
    return {
        "papers": papers,
        "fees": fees,
        "legal_bases": bases,
        "processing_days": rng.choice([1, 3, 5, 7, 10, 15, 20, 30]),
        "online_category": rng.choice(["full", "full", "partial", "partial", "none"]),
        "channels": [1, 2, 3][: rng.randint(1, 3)],
        "applicants": "Công dân Việt Nam, người nước ngoài, tổ chức",
        "steps": "\n".join(f"Bước {n}: {step}" for n, step in enumerate(STEPS * rng.randint(1, 3), start=1)),
        "requirements": " ".join(rng.sample(REQUIREMENTS, rng.randint(1, 3))),
        "result": name.replace("Đăng ký", "Giấy chứng nhận đăng ký", 1),
    }


def build(volume: Volume = Volume(), seed: int = 20260101) -> dict[str, int]:
    """Fill an empty, migrated database. Django must be set up. Returns the counts written."""
    from django.db import connection, transaction

    from saola.catalog.services import field_upsert, procedure_save

    rng = random.Random(seed)
    with transaction.atomic():
        departments, communes, _ = _organisations(volume)
        fields = {code: field_upsert(actor=None, code=code, name=name) for code, name, _ in FIELDS}
        for i, (field_code, name) in enumerate(_procedure_names(rng, volume.procedures)):
            province_level = rng.random() < 0.45
            agencies = [rng.choice(departments)] if province_level else rng.sample(communes, rng.randint(1, 3))
            procedure_save(
                actor=None,
                code=f"{1 + i % 2}.{10000 + i:06d}",
                name=name,
                field=fields[field_code],
                levels=["province"] if province_level else ["commune"],
                agencies=agencies,
                **_details(rng, name),
            )
    with connection.cursor() as cursor:
        # The steady state of a live database, where autovacuum has run since the import.
        cursor.execute("VACUUM ANALYZE")
    return counts()


def counts() -> dict[str, int]:
    """The data volume in the database."""
    from saola.catalog.models import Fee, Field, Paper, Procedure
    from saola.core.models import Organization

    return {
        "organisations": Organization.objects.count(),
        "fields": Field.objects.count(),
        "procedures": Procedure.objects.count(),
        "papers": Paper.objects.count(),
        "fees": Fee.objects.count(),
    }
