import datetime as dt
import io
import os
import time
import zipfile

import openpyxl
import pytest

from saola.core import services
from saola.core.exceptions import ImportRejected
from saola.core.interchange import (
    COLUMNS,
    organizations_export,
    organizations_export_file,
    organizations_import,
    organizations_import_file,
    organizations_import_result,
)
from saola.core.models import AuditEntry, Organization
from saola.core.uploads import ensure_safe_xlsx, iter_csv_rows, load_workbook_safely
from tests.core.factories import officer

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)

# Before 1 July 2025: central → province → district → commune, with units at several levels.
# Children come before their parents on purpose.
FOUR_LEVEL = [
    "000.20.01.H40,Ủy ban nhân dân phường Hưng Bình,,commune,000.20.00.H40,16681,,2010-01-01,2025-06-30",
    "001.20.01.H40,Bộ phận Một cửa phường Hưng Bình,BPMC,unit,000.20.01.H40,,,,",
    "000.20.00.H40,Ủy ban nhân dân thành phố Vinh,,district,000.00.00.H40,412,,01/01/2008,30/06/2025",
    '000.01.00.H40,Sở Tư pháp tỉnh Nghệ An,STP,unit,000.00.00.H40,,"16 Trường Thi, Vinh",,',
    "000.00.00.H40,Ủy ban nhân dân tỉnh Nghệ An,UBND tỉnh,province,000.00.00.G22,40,,,",
    '000.00.00.G22,Văn phòng Chính phủ,VPCP,central,,,"1 Hoàng Hoa Thám, Hà Nội",,',
    "000.01.00.G22,Cục Kiểm soát thủ tục hành chính,,unit,000.00.00.G22,,,,",
]

# Since 1 July 2025: province → commune (two tiers), with units.
TWO_LEVEL = [
    "000.00.00.H53,Ủy ban nhân dân tỉnh Sơn La,,province,,14,,01/07/2025,",
    "000.00.11.H53,Ủy ban nhân dân phường Tô Hiệu,,commune,000.00.00.H53,03646,,01/07/2025,",
    "000.02.00.H53,Trung tâm Phục vụ hành chính công tỉnh,TTPVHCC,unit,000.00.00.H53,,,,",
    "001.00.11.H53,Bộ phận Một cửa phường Tô Hiệu,,unit,000.00.11.H53,,,,",
]


def csv_bytes(*rows: str, header: str = HEADER, bom: bool = True) -> bytes:
    text = "\r\n".join([header, *rows]) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def reject(data: bytes, fmt: str = "csv", actor=None) -> list[dict]:
    before = (Organization.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportRejected) as info:
        organizations_import(data=data, fmt=fmt, actor=actor)
    assert (Organization.objects.count(), AuditEntry.objects.count()) == before, "a rejected file wrote rows"
    return info.value.errors


def lines(errors: list[dict], field: str | None = None) -> list[int | None]:
    return [e["line"] for e in errors if field is None or e["field"] == field]


def org(code: str) -> Organization:
    return Organization.objects.get(code=code)


def test_organizations_import_builds_four_level_tree_whatever_the_row_order():
    assert organizations_import(data=csv_bytes(*FOUR_LEVEL), fmt="csv", actor=None) == 7
    commune = org("000.20.01.H40")
    assert commune.parent == org("000.20.00.H40")
    assert commune.depth == 3
    assert commune.path == f"{org('000.20.00.H40').path}{commune.pk}/"
    assert org("001.20.01.H40").depth == 4
    assert commune.valid_to == dt.date(2025, 6, 30)
    assert org("000.20.00.H40").valid_from == dt.date(2008, 1, 1)  # dd/mm/yyyy accepted
    assert org("000.01.00.H40").address == "16 Trường Thi, Vinh"
    for o in Organization.objects.all():
        assert o.path.startswith(o.parent.path if o.parent else "/")
    assert AuditEntry.objects.filter(action="organization.create").count() == 7


def test_organizations_import_builds_todays_two_level_tree():
    result = organizations_import_result(data=csv_bytes(*TWO_LEVEL, bom=False), fmt="csv", actor=None)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert org("000.00.11.H53").parent == org("000.00.00.H53")
    assert org("000.00.11.H53").admin_unit_code == "03646"
    assert org("001.00.11.H53").depth == 2


def test_organizations_import_accepts_excel_semicolon_csv():
    rows = [row.replace(",", ";") for row in TWO_LEVEL]
    assert organizations_import(data=csv_bytes(*rows, header=HEADER.replace(",", ";")), fmt="csv", actor=None) == 4


def test_organizations_import_upserts_by_code_and_audits_only_changes():
    organizations_import(data=csv_bytes(*TWO_LEVEL), fmt="csv", actor=None)
    admin = officer(org("000.00.00.H53"), "platform_admin", username="qt.he.thong")
    renamed = [TWO_LEVEL[0], TWO_LEVEL[1].replace("phường Tô Hiệu", "phường Chiềng Lề"), *TWO_LEVEL[2:]]
    result = organizations_import_result(data=csv_bytes(*renamed), fmt="csv", actor=admin)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert org("000.00.11.H53").name == "Ủy ban nhân dân phường Chiềng Lề"
    entry = AuditEntry.objects.get(action="organization.update")
    assert entry.actor == admin
    assert entry.before["name"] == "Ủy ban nhân dân phường Tô Hiệu"
    assert entry.after["name"] == "Ủy ban nhân dân phường Chiềng Lề"


def test_organizations_import_moves_a_unit_and_rewrites_paths():
    organizations_import(data=csv_bytes(*TWO_LEVEL), fmt="csv", actor=None)
    # The one-stop section moves from the commune to the provincial centre.
    moved = "001.00.11.H53,Bộ phận Một cửa phường Tô Hiệu,,unit,000.02.00.H53,,,,"
    organizations_import(data=csv_bytes(moved), fmt="csv", actor=None)
    unit = org("001.00.11.H53")
    assert unit.parent == org("000.02.00.H53")
    assert unit.path == f"{org('000.02.00.H53').path}{unit.pk}/"


def test_organizations_import_can_swap_parent_and_child():
    organizations_import(data=csv_bytes(*TWO_LEVEL), fmt="csv", actor=None)
    swapped = [
        "000.02.00.H53,Trung tâm Phục vụ hành chính công tỉnh,TTPVHCC,unit,000.00.00.H53,,,,",
        "001.00.11.H53,Bộ phận Một cửa phường Tô Hiệu,,unit,000.02.00.H53,,,,",
    ]
    organizations_import(data=csv_bytes(*swapped), fmt="csv", actor=None)
    swapped_back = [
        "000.02.00.H53,Trung tâm Phục vụ hành chính công tỉnh,TTPVHCC,unit,001.00.11.H53,,,,",
        "001.00.11.H53,Bộ phận Một cửa phường Tô Hiệu,,unit,000.00.00.H53,,,,",
    ]
    organizations_import(data=csv_bytes(*swapped_back), fmt="csv", actor=None)
    centre, section = org("000.02.00.H53"), org("001.00.11.H53")
    assert centre.parent == section
    assert centre.path == f"{section.path}{centre.pk}/"


def test_organizations_import_move_keeps_descendant_depths():
    organizations_import(data=csv_bytes(*FOUR_LEVEL), fmt="csv", actor=None)
    # Two-tier reform: the commune leaves the district and sits directly under the province.
    moved = "000.20.01.H40,Ủy ban nhân dân phường Hưng Bình,,commune,000.00.00.H40,16681,,2010-01-01,"
    organizations_import(data=csv_bytes(moved), fmt="csv", actor=None)
    assert org("000.20.01.H40").depth == 2
    assert org("001.20.01.H40").depth == 3


def test_organizations_export_round_trips_csv():
    organizations_import(data=csv_bytes(*FOUR_LEVEL, *TWO_LEVEL), fmt="csv", actor=None)
    first = organizations_export(fmt="csv")
    assert first.startswith(b"\xef\xbb\xbf" + HEADER.encode())
    _delete_all()
    assert organizations_import(data=first, fmt="csv", actor=None) == 11
    assert organizations_export(fmt="csv") == first
    text = first.decode("utf-8-sig").splitlines()
    assert text[1].startswith("000.00.00.G22,")  # parents before children, siblings by code
    assert text.index(next(t for t in text if t.startswith("000.20.01.H40"))) > text.index(
        next(t for t in text if t.startswith("000.20.00.H40"))
    )


def test_organizations_export_round_trips_xlsx():
    organizations_import(data=csv_bytes(*FOUR_LEVEL), fmt="csv", actor=None)
    first = organizations_export(fmt="xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(first))
    assert workbook.sheetnames == ["CoQuan"]
    first_cells = [list(r) for r in workbook["CoQuan"].iter_rows(values_only=True)]
    assert first_cells[0] == list(COLUMNS)
    _delete_all()
    assert organizations_import(data=first, fmt="xlsx", actor=None) == 7
    again = openpyxl.load_workbook(io.BytesIO(organizations_export(fmt="xlsx")))
    assert [list(r) for r in again["CoQuan"].iter_rows(values_only=True)] == first_cells


def test_organizations_export_neutralises_formulas_and_round_trips_them():
    services.organization_create(actor=None, code="000.00.00.H53", name="=HYPERLINK(1)", level="province")
    csv_data = organizations_export(fmt="csv")
    assert b",'=HYPERLINK(1)," in csv_data
    sheet = openpyxl.load_workbook(io.BytesIO(organizations_export(fmt="xlsx")))["CoQuan"]
    assert sheet["B2"].data_type == "s"
    _delete_all()
    organizations_import(data=csv_data, fmt="csv", actor=None)
    assert org("000.00.00.H53").name == "=HYPERLINK(1)"


def test_organizations_export_file_and_import_file(tmp_path):
    organizations_import(data=csv_bytes(*TWO_LEVEL), fmt="csv", actor=None)
    path = tmp_path / "co-quan.xlsx"
    assert organizations_export_file(path=path) == 4
    _delete_all()
    assert organizations_import_file(path=path, actor=None) == 4


def test_organizations_import_xlsx_reads_dates_numbers_and_a_renamed_sheet():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(list(COLUMNS))
    sheet.append(
        ["000.00.00.H53", "Ủy ban nhân dân tỉnh Sơn La", None, "province", None, 14, None, dt.datetime(2025, 7, 1)]
    )
    sheet.append(["000.00.11.H53", "UBND phường Tô Hiệu", None, "commune", "000.00.00.H53", "03646"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert organizations_import(data=buffer.getvalue(), fmt="xlsx", actor=None) == 2
    assert org("000.00.00.H53").admin_unit_code == "14"
    assert org("000.00.00.H53").valid_from == dt.date(2025, 7, 1)


def _delete_all() -> None:
    for o in Organization.objects.order_by("-depth"):
        o.delete()


# --- bad files: every problem reported with its line, nothing written -----------------------


def test_organizations_import_rejects_missing_unknown_and_repeated_columns():
    errors = reject(csv_bytes(TWO_LEVEL[0], header="code,name,level,level,cap_tren"))
    messages = " ".join(e["message"] for e in errors)
    assert "Thiếu cột bắt buộc “parent”" in messages
    assert "“cap_tren” không được hỗ trợ" in messages
    assert "“level” xuất hiện nhiều lần" in messages
    assert set(lines(errors)) == {1}


def test_organizations_import_rejects_empty_and_header_only_files():
    assert "không có dữ liệu" in reject(b"\xef\xbb\xbf")[0]["message"]
    assert "không có dòng dữ liệu" in reject(csv_bytes())[0]["message"]


def test_organizations_import_reports_duplicate_codes_on_every_line():
    errors = reject(csv_bytes(TWO_LEVEL[0], TWO_LEVEL[1], TWO_LEVEL[1].replace("Tô Hiệu", "Chiềng Lề")))
    assert lines(errors, "code") == [3, 4]
    assert "các dòng 3, 4" in errors[0]["message"]


def test_organizations_import_rejects_unknown_parent():
    errors = reject(csv_bytes(TWO_LEVEL[0], "000.00.12.H53,UBND xã Mường Bú,,commune,000.00.00.H99,,,,"))
    assert lines(errors, "parent") == [3]
    assert "000.00.00.H99" in errors[0]["message"]


def test_organizations_import_accepts_parent_already_in_database():
    organizations_import(data=csv_bytes(TWO_LEVEL[0]), fmt="csv", actor=None)
    assert organizations_import(data=csv_bytes(TWO_LEVEL[1]), fmt="csv", actor=None) == 1


def test_organizations_import_reports_every_row_of_a_cycle():
    errors = reject(
        csv_bytes(
            "000.00.00.H53,UBND tỉnh Sơn La,,province,,14,,,",
            "000.01.00.H53,Sở A,,unit,000.03.00.H53,,,,",
            "000.02.00.H53,Sở B,,unit,000.01.00.H53,,,,",
            "000.03.00.H53,Sở C,,unit,000.02.00.H53,,,,",
            "000.04.00.H53,Sở D,,unit,000.04.00.H53,,,,",
        )
    )
    assert lines(errors, "parent") == [3, 4, 5, 6]
    assert all("vòng lặp" in e["message"] for e in errors)


def test_organizations_import_detects_a_cycle_through_stored_rows():
    organizations_import(data=csv_bytes(*TWO_LEVEL), fmt="csv", actor=None)
    # The commune becomes a child of its own one-stop section (stored under the commune).
    errors = reject(csv_bytes("000.00.11.H53,UBND phường Tô Hiệu,,unit,001.00.11.H53,,,,"))
    assert lines(errors, "parent") == [2]
    assert "001.00.11.H53" in errors[0]["message"]


def test_organizations_import_rejects_bad_identifiers():
    errors = reject(
        csv_bytes(
            "H53,UBND tỉnh,,province,,14,,,",
            "000.00.00.H53,UBND tỉnh Sơn La,,province,,1,,,",
            "000.00.11.H53,UBND phường Tô Hiệu,,commune,000.00.00.h5,3646,,,",
            ",Không mã,,unit,000.00.00.H53,,,,",
        )
    )
    by_line = {(e["line"], e["field"]) for e in errors}
    assert {(2, "code"), (3, "admin_unit_code"), (4, "parent"), (4, "admin_unit_code"), (5, "code")} <= by_line


def test_organizations_import_rejects_bad_levels_and_nesting():
    errors = reject(
        csv_bytes(
            "000.00.00.G22,Văn phòng Chính phủ,,central,,,,,",
            "000.00.01.G22,Xã lạ,,commune,000.00.00.G22,,,,",
            "000.20.00.H40,UBND thành phố Vinh,,district,,,,,",
            "000.00.00.H40,UBND tỉnh Nghệ An,,tinh,,,,,",
            "000.00.00.H53,UBND tỉnh Sơn La,,province,000.00.01.G22,,,,",
        )
    )
    assert lines(errors, "parent") == [3, 4, 6]
    assert lines(errors, "level") == [5]
    assert "không thể trực thuộc" in errors[0]["message"]


def test_organizations_import_refuses_relevelling_with_stored_children():
    organizations_import(data=csv_bytes(*FOUR_LEVEL), fmt="csv", actor=None)
    # The district cannot become a commune while a commune is stored under it.
    errors = reject(csv_bytes("000.20.00.H40,UBND thành phố Vinh,,commune,000.00.00.H40,,,,"))
    assert lines(errors, "level") == [2]
    assert "000.20.01.H40" in errors[0]["message"]


def test_organizations_import_rejects_bad_dates():
    errors = reject(
        csv_bytes(
            "000.00.00.H53,UBND tỉnh Sơn La,,province,,14,,31/02/2025,",
            "000.00.11.H53,UBND phường Tô Hiệu,,commune,000.00.00.H53,03646,,hôm qua,",
            "000.02.00.H53,Trung tâm,,unit,000.00.00.H53,,,2025-07-01,2025-06-30",
        )
    )
    assert {(e["line"], e["field"]) for e in errors} == {(2, "valid_from"), (3, "valid_from"), (4, "valid_to")}


def test_organizations_import_rejects_blank_name_and_long_fields():
    errors = reject(
        csv_bytes(
            "000.00.00.H53,,,province,,14,,,",
            f"000.00.11.H53,UBND phường Tô Hiệu,{'X' * 65},commune,000.00.00.H53,03646,,,",
        )
    )
    assert {(e["line"], e["field"]) for e in errors} == {(2, "name"), (3, "short_name")}


def test_organizations_import_rejects_rows_with_extra_cells():
    errors = reject(csv_bytes(TWO_LEVEL[0] + ",thừa"))
    assert lines(errors) == [2]


def test_organizations_import_lists_every_bad_row_at_once():
    rows = [TWO_LEVEL[0], "BAD,Sai mã,,unit,000.00.00.H53,,,,", TWO_LEVEL[1].replace("commune", "xa"), TWO_LEVEL[2]]
    errors = reject(csv_bytes(*rows))
    assert lines(errors) == [3, 4]


def test_organizations_import_scopes_a_unit_admin_to_their_subtree():
    organizations_import(data=csv_bytes(*TWO_LEVEL), fmt="csv", actor=None)
    admin = officer(org("000.00.11.H53"), "unit_admin", username="qt.phuong")
    inside = "002.00.11.H53,Tổ tiếp nhận,,unit,000.00.11.H53,,,,"
    assert organizations_import(data=csv_bytes(inside), fmt="csv", actor=admin) == 1
    outside = [
        "003.02.00.H53,Phòng mới của Trung tâm,,unit,000.02.00.H53,,,,",  # new, outside
        TWO_LEVEL[2].replace("Trung tâm", "Trung Tâm"),  # existing, outside
        "001.00.11.H53,Bộ phận Một cửa phường Tô Hiệu,,unit,000.02.00.H53,,,,",  # moved out
        "000.00.11.H53,UBND phường Tô Hiệu,,commune,000.00.00.H53,03646,,,",  # own unit: rename allowed
    ]
    errors = reject(csv_bytes(*outside), actor=admin)
    assert lines(errors) == [2, 3, 4]
    assert all("không có quyền" in e["message"] for e in errors)


# --- hostile files ------------------------------------------------------------------------


def test_organizations_import_file_refuses_huge_file_before_reading(tmp_path):
    path = tmp_path / "to.csv"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk used
    started = time.monotonic()
    with pytest.raises(ImportRejected) as info:
        organizations_import_file(path=path, actor=None)
    assert time.monotonic() - started < 2
    assert "quá lớn" in str(info.value)
    assert info.value.errors[0]["line"] is None


def test_organizations_import_refuses_oversized_bytes(settings):
    settings.SAOLA_IMPORT_MAX_BYTES = 100
    assert "quá lớn" in reject(csv_bytes(*TWO_LEVEL))[0]["message"]


def _bomb(member_bytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b"\0" * (1024 * 1024)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(member_bytes // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_organizations_import_refuses_zip_bomb_by_total_size(settings):
    settings.SAOLA_XLSX_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
    data = _bomb(16 * 1024 * 1024)
    assert len(data) < 100_000
    assert "giải nén vượt quá" in reject(data, fmt="xlsx")[0]["message"]


def test_organizations_import_refuses_zip_bomb_by_compression_ratio():
    data = _bomb(4 * 1024 * 1024)  # under the size limit, but a 1000:1 ratio
    assert "tỉ lệ nén" in reject(data, fmt="xlsx")[0]["message"]


def test_organizations_import_refuses_real_size_zip_bomb_quickly():
    data = _bomb(160 * 1024 * 1024)
    started = time.monotonic()
    reject(data, fmt="xlsx")
    assert time.monotonic() - started < 2


def test_organizations_import_refuses_non_zip_and_non_workbook_xlsx():
    assert "không phải bảng tính" in reject(csv_bytes(*TWO_LEVEL), fmt="xlsx")[0]["message"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert "không phải bảng tính" in reject(buffer.getvalue(), fmt="xlsx")[0]["message"]


def test_organizations_import_refuses_damaged_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml")
    assert "tệp hỏng" in reject(buffer.getvalue(), fmt="xlsx")[0]["message"]


def test_organizations_import_refuses_workbook_with_entity_expansion():
    workbook = openpyxl.Workbook()
    workbook.active.title = "CoQuan"
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                content = laughs.encode() + content.split(b"?>", 1)[-1]
            archive.writestr(item, content)
    reject(out.getvalue(), fmt="xlsx")


def test_organizations_import_refuses_csv_with_runaway_field():
    errors = reject(csv_bytes(TWO_LEVEL[0], '000.00.11.H53,"' + "x" * 200_000))
    assert lines(errors) == [3]
    assert "dài quá" in errors[0]["message"]


def test_organizations_import_refuses_csv_with_too_many_rows():
    rows = ["a"] * 100_001
    assert "quá nhiều dòng" in reject(csv_bytes(*rows))[0]["message"]


def test_organizations_import_refuses_csv_in_legacy_encoding():
    data = (HEADER + "\r\n" + TWO_LEVEL[0]).encode("utf-16")
    assert "UTF-8" in reject(data)[0]["message"]


def test_organizations_import_refuses_unknown_format():
    assert "không được hỗ trợ" in reject(csv_bytes(*TWO_LEVEL), fmt="json")[0]["message"]


def test_uploads_csv_lines_follow_physical_lines():
    data = b'a,b\r\n"x\r\ny",z\r\n\r\nlast,row\r\n'
    assert [line for line, _ in iter_csv_rows(data)] == [1, 2, 4, 5]


def test_uploads_accept_a_real_workbook():
    organizations_import(data=csv_bytes(*TWO_LEVEL), fmt="csv", actor=None)
    data = organizations_export(fmt="xlsx")
    ensure_safe_xlsx(data)
    workbook = load_workbook_safely(data)
    assert workbook.sheetnames == ["CoQuan"]
    workbook.close()


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    opened: list[str] = []
    real_open = open

    def spy(file, *args, **kwargs):
        opened.append(os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(ImportRejected):
        organizations_import_file(path=path, actor=None)
    assert os.fspath(path) not in opened


def test_organizations_import_caps_the_error_list():
    rows = [f"BAD{i},Sai,,unit,,,,," for i in range(1500)]
    errors = reject(csv_bytes(*rows))
    assert len(errors) == 1001
    assert errors[-1]["line"] is None
    assert "lỗi khác" in errors[-1]["message"]


def test_organizations_import_refuses_doctype_hidden_behind_a_long_comment():
    workbook = openpyxl.Workbook()
    workbook.active.title = "CoQuan"
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = content.split(b"?>", 1)[-1]
                content = b'<?xml version="1.0"?><!--' + b" " * 30_000 + b'--><!DOCTYPE x [<!ENTITY a "b">]>' + body
            archive.writestr(item.filename, content)
    assert "DOCTYPE" in reject(out.getvalue(), fmt="xlsx")[0]["message"]


def test_organizations_import_ignores_rows_past_excels_limit_quickly():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "CoQuan"
    sheet.append(list(COLUMNS))
    sheet.cell(row=5, column=1, value="000.00.00.H53")
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # A forged row number: openpyxl would otherwise produce two billion empty rows.
                content = content.replace(b'r="5"', b'r="2000000000"').replace(b'r="A5"', b'r="A2000000000"')
            archive.writestr(item.filename, content)
    started = time.monotonic()
    assert "không có dòng dữ liệu" in reject(out.getvalue(), fmt="xlsx")[0]["message"]
    assert time.monotonic() - started < 10


def test_organizations_import_normalises_decomposed_vietnamese_and_blank_header_cells():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Sơn La")
    organizations_import(data=csv_bytes(f"000.00.00.H53,{decomposed},,province,,14,,,"), fmt="csv", actor=None)
    assert org("000.00.00.H53").name == "Ủy ban nhân dân tỉnh Sơn La"
    errors = reject(csv_bytes(TWO_LEVEL[0], header="code,name,,level,parent"))
    assert "cột thứ 3 không có tên" in errors[0]["message"]
