import copy
import io
import json
import time
import zipfile
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from defusedxml import DefusedXmlException

from saola.catalog.interchange import (
    catalog_export,
    catalog_export_file,
    catalog_import,
    catalog_import_file,
    format_for_name,
)
from saola.catalog.models import Fee, Field, Flow, LegalBasis, Paper, Procedure
from saola.cli import main
from saola.core.exceptions import ImportRejected, ValidationFailed
from saola.core.models import AuditEntry
from tests.catalog.factories import COMMUNE, make_catalog, organizations, simple_flow
from tests.support.bpmn import NO_LANE_FLOW, VALID_FLOW

pytestmark = pytest.mark.django_db


def wipe() -> None:
    """Forget the catalogue itself; organisations and named flows are reference data and stay."""
    Procedure.objects.all().delete()
    Field.objects.all().delete()
    Flow.objects.filter(code__startswith="tthc-").delete()


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Procedure, Field, Flow, Paper, Fee, LegalBasis, AuditEntry))


def reject(data: bytes, fmt: str) -> list[dict]:
    before = counts()
    with pytest.raises(ImportRejected) as info:
        catalog_import(data=data, fmt=fmt, actor=None)
    assert counts() == before, "a refused file wrote something"
    assert info.value.errors, "a refusal must say why"
    return info.value.errors


def places(errors: list[dict]) -> set[tuple]:
    return {(e.get("sheet"), e["line"], e["field"]) for e in errors}


def record(**changes) -> dict:
    """A valid national record for a new procedure, with `changes` applied."""
    base = {
        "MATTHC": "2.002165",
        "TENTTHC": "Chứng thực bản sao từ bản chính",
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "CT", "TENLINHVUC": "Chứng thực"}],
        "CAPTHUCHIEN": ["commune"],
        "MUCDO": "partial",
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": 1,
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": 1,
                        "DONVITINH": "Ngày làm việc",
                        "MOTA": "",
                        "PHILEPHI": [{"SOTIEN": 2000, "DONVI": "Đồng", "MOTA": "2.000 đồng/trang"}],
                    }
                ],
            }
        ],
        "COQUANTHUCHIEN": [{"MADONVI": COMMUNE, "TENDONVI": "UBND phường Tô Hiệu"}],
    }
    base.update(changes)
    return base


def as_json(records: list) -> bytes:
    return json.dumps(records, ensure_ascii=False).encode()


# Round trips ------------------------------------------------------------------------------------


def test_json_round_trip_gives_the_same_file(province):
    make_catalog()
    exported = catalog_export(fmt="json")
    wipe()
    assert catalog_import(data=exported, fmt="json", actor=None) == 3
    assert catalog_export(fmt="json") == exported


def test_xlsx_round_trip_gives_the_same_catalogue(province):
    make_catalog()
    as_json_before = catalog_export(fmt="json")
    workbook = catalog_export(fmt="xlsx")
    wipe()
    assert catalog_import(data=workbook, fmt="xlsx", actor=None) == 3
    assert catalog_export(fmt="json").decode() == as_json_before.decode()


def test_export_follows_the_national_layout(province):
    make_catalog()
    records = {r["MATTHC"]: r for r in json.loads(catalog_export(fmt="json"))}
    birth = records["1.001193"]
    assert birth["LINHVUCTHUCHIEN"] == [{"MALINHVUC": "HT", "TENLINHVUC": "Hộ tịch"}]
    assert [c["KENH"] for c in birth["CACHTHUCTHUCHIEN"]] == [1, 2]
    time_entry = birth["CACHTHUCTHUCHIEN"][1]["THOIGIAN"][0]
    assert time_entry["THOIGIANGIAIQUYET"] == 1 and time_entry["DONVITINH"] == "Ngày làm việc"
    assert [(f["SOTIEN"], f["DONVI"], f["HINHTHUCTHU"]) for f in time_entry["PHILEPHI"]] == [
        (0, "Đồng", 1),
        (8000, "Đồng", 4),
    ]
    assert birth["THANHPHANHOSO"][0]["URL"].startswith("https://")
    assert birth["CANCUPHAPLY"][0] == {"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật Hộ tịch"}
    assert birth["COQUANTHUCHIEN"][0]["MADONVI"] == COMMUNE
    assert birth["KETQUATHUCHIEN"] == [{"MAKETQUA": "", "TENKETQUA": "Giấy khai sinh"}]
    assert (birth["MUCDO"], birth["CAPTHUCHIEN"], birth["GIONHANMUONNHAT"]) == ("full", ["commune"], 15)
    assert birth["QUYTRINH"] == "don-gian"
    extract = records["2.000635"]
    # no channel recorded: exported with counter intake; half a day stays a fraction
    assert [c["KENH"] for c in extract["CACHTHUCTHUCHIEN"]] == [1]
    assert extract["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["THOIGIANGIAIQUYET"] == 0.5
    assert extract["DANGAPDUNG"] is False


def test_xlsx_keeps_formula_like_text_as_text(province):
    make_catalog()
    workbook = openpyxl.load_workbook(io.BytesIO(catalog_export(fmt="xlsx")))
    sheet = workbook["ThuTuc"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "1.009994")
    cell = row[header.index("YEUCAU")]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
    assert workbook.sheetnames == ["ThuTuc", "ThanhPhanHoSo", "PhiLePhi", "CanCuPhapLy", "CoQuanThucHien", "HuongDan"]


def test_import_reads_national_data_with_legacy_values(province):
    organizations()
    national = record(
        MUCDO=4,
        CAPTHUCHIEN=["Cấp xã", "tỉnh"],
        CACHTHUCTHUCHIEN=[
            {
                "KENH": "1",
                "THOIGIAN": [
                    {"THOIGIANGIAIQUYET": "1,5", "DONVITINH": "Ngày", "MOTA": "Trường hợp thường", "PHILEPHI": []},
                    {
                        "THOIGIANGIAIQUYET": 20,
                        "DONVITINH": "Giờ làm việc",
                        "MOTA": "Trường hợp phải xác minh",
                        "PHILEPHI": [{"SOTIEN": "50.000", "DONVI": "VNĐ", "MOTA": "Lệ phí"}],
                    },
                ],
            },
            {
                "KENH": 2,
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": 1,
                        "DONVITINH": "Ngày làm việc",
                        "PHILEPHI": [{"SOTIEN": "50.000", "DONVI": "VNĐ", "MOTA": "Lệ phí"}],
                    }
                ],
            },
        ],
        TRINHTUTHUCHIEN=[{"TRUONGHOP": "Nộp trực tiếp", "TRINHTU": [{"TENTRINHTU": "Nộp hồ sơ"}]}],
        KETQUATHUCHIEN=[{"MAKETQUA": "KQ.1", "TENKETQUA": "Bản sao"}, {"MAKETQUA": "KQ.2", "TENKETQUA": "Phiếu"}],
        GIONHANMUONNHAT="15:00",
    )
    assert catalog_import(data=as_json([national]), fmt="json", actor=None) == 1
    procedure = Procedure.objects.get(code="2.002165")
    assert procedure.field.name == "Chứng thực"  # unknown field created from MALINHVUC/TENLINHVUC
    assert procedure.online_category == "full"
    assert procedure.levels == ["commune", "province"]
    assert procedure.channels == [1, 2]
    # the longest case: 20 working hours = 2.5 working days
    assert procedure.processing_days == Decimal("2.5")
    assert procedure.cut_off_hour == 15
    # the same fee under both channels is one fee
    assert list(procedure.fees.values_list("name", "amount", "description")) == [("Lệ phí", 50000, "Lệ phí")]
    assert procedure.steps == "Nộp trực tiếp\nNộp hồ sơ"
    assert procedure.result == "Bản sao; Phiếu"
    assert list(procedure.agencies.values_list("code", flat=True)) == [COMMUNE]


def test_import_replaces_a_procedure_and_audits_each_write(platform_admin):
    make_catalog()
    exported = json.loads(catalog_export(fmt="json"))
    birth = next(r for r in exported if r["MATTHC"] == "1.001193")
    birth["TENTTHC"] = "Đăng ký khai sinh (sửa đổi)"
    birth["THANHPHANHOSO"] = birth["THANHPHANHOSO"][:1]
    imported = catalog_import(data=as_json([birth]), fmt="json", actor=platform_admin)
    assert imported == 1
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.name == "Đăng ký khai sinh (sửa đổi)"
    assert procedure.papers.count() == 1
    assert Procedure.objects.count() == 3  # procedures not in the file are left alone
    entry = AuditEntry.objects.get(action="procedure.update", object_id=str(procedure.pk))
    assert entry.actor == platform_admin and entry.before["name"] == "Đăng ký khai sinh"
    summary = AuditEntry.objects.get(action="catalog.import")
    assert summary.after == {"format": "json", "count": 1, "codes": ["1.001193"]}


def test_import_saves_an_embedded_bpmn_flow(province):
    organizations()
    assert catalog_import(data=as_json([record(QUYTRINH=VALID_FLOW)]), fmt="json", actor=None) == 1
    procedure = Procedure.objects.select_related("flow").get(code="2.002165")
    assert procedure.flow.code == "tthc-2-002165"
    assert [t["role"] for t in procedure.flow.user_tasks] == ["receiving_officer", "processing_officer", "unit_leader"]
    assert AuditEntry.objects.filter(action="flow.create", object_id=str(procedure.flow.pk)).exists()


# Every bad row, one refusal ------------------------------------------------------------------------


def test_json_import_lists_every_bad_record_and_writes_nothing(province):
    make_catalog()
    bad_number = record(MATTHC="1.000003")
    bad_number["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = "mười"
    bad_number["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["PHILEPHI"][0]["SOTIEN"] = -5
    typo = record(MATTHC="1.000008")
    typo["TENTHC"] = typo.pop("TENTTHC")
    bad_url = record(MATTHC="1.000013", THANHPHANHOSO=[{"GIAYTO": "Đơn", "URL": "javascript:alert(1)"}])
    bad_currency = record(MATTHC="1.000014")
    bad_currency["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["PHILEPHI"][0]["DONVI"] = "USD"
    records = [
        record(),  # 1: valid, with a field that does not exist yet
        record(MATTHC="1.00119"),  # 2: bad code format
        record(),  # 3: duplicate of 1
        record(MATTHC="1.000001", COQUANTHUCHIEN=[{"MADONVI": "999.99.99.H99"}]),  # 4: unknown agency
        bad_number,  # 5
        record(MATTHC="1.000004", MUCDO="mức 5"),  # 6: bad online category
        record(MATTHC="1.000005", CAPTHUCHIEN=["galaxy"]),  # 7: bad level
        record(MATTHC="1.000006", QUYTRINH=NO_LANE_FLOW),  # 8: invalid BPMN
        typo,  # 9: unknown key, so the name is missing
        record(MATTHC="1.000009", QUYTRINH="khong-co"),  # 10: unknown flow code
        record(MATTHC="1.000010", LINHVUCTHUCHIEN=[{"MALINHVUC": "CT", "TENLINHVUC": "Tên khác"}]),  # 11
        record(MATTHC="1.000011", CACHTHUCTHUCHIEN=[{"KENH": 7, "THOIGIAN": []}]),  # 12: bad channel, no time
        "không phải đối tượng",  # 13
        bad_url,  # 14
        record(MATTHC="1.000015", GIONHANMUONNHAT=25),  # 15
        bad_currency,  # 16
        record(MATTHC="1.000017", CAPTHUCHIEN=[]),  # 17: no level
    ]
    errors = reject(as_json(records), "json")
    fee = "CACHTHUCTHUCHIEN[1].THOIGIAN[1].PHILEPHI[1]"
    assert places(errors) == {
        (None, 2, "MATTHC"),
        (None, 3, "MATTHC"),
        (None, 4, "COQUANTHUCHIEN[1].MADONVI"),
        (None, 5, "CACHTHUCTHUCHIEN[1].THOIGIAN[1].THOIGIANGIAIQUYET"),
        (None, 5, f"{fee}.SOTIEN"),
        (None, 6, "MUCDO"),
        (None, 7, "CAPTHUCHIEN"),
        (None, 8, "QUYTRINH"),
        (None, 9, "TENTHC"),
        (None, 9, "TENTTHC"),
        (None, 10, "QUYTRINH"),
        (None, 11, "LINHVUCTHUCHIEN[1].TENLINHVUC"),
        (None, 12, "CACHTHUCTHUCHIEN[1].KENH"),
        (None, 12, "CACHTHUCTHUCHIEN"),
        (None, 13, ""),
        (None, 14, "THANHPHANHOSO[1].URL"),
        (None, 15, "GIONHANMUONNHAT"),
        (None, 16, f"{fee}.DONVI"),
        (None, 17, "CAPTHUCHIEN"),
    }
    by_place = {(e["line"], e["field"]): e["message"] for e in errors}
    assert "N.NNNNNN" in by_place[(2, "MATTHC")]
    assert "bản ghi 1" in by_place[(3, "MATTHC")]
    assert "999.99.99.H99" in by_place[(4, "COQUANTHUCHIEN[1].MADONVI")]
    assert "không phải là số" in by_place[(5, "CACHTHUCTHUCHIEN[1].THOIGIAN[1].THOIGIANGIAIQUYET")]
    assert "toàn trình" in by_place[(6, "MUCDO")]
    assert "làn" in by_place[(8, "QUYTRINH")]
    assert "khong-co" in by_place[(10, "QUYTRINH")]
    assert not Field.objects.filter(code="CT").exists()


def test_json_import_refuses_a_record_the_services_refuse(province):
    organizations()
    too_long = record(TENTTHC="Thủ tục " * 70)
    errors = reject(as_json([too_long]), "json")
    assert places(errors) == {(None, 1, "TENTTHC")}
    assert "500" in errors[0]["message"]


def _edit_workbook(data: bytes, edit) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column(sheet, name: str) -> int:
    return [c.value for c in sheet[1]].index(name) + 1


def test_xlsx_import_lists_every_bad_row_by_sheet_and_row(province):
    make_catalog()

    def edit(workbook):
        procedures = workbook["ThuTuc"]
        # rows: 2 = 1.001193, 3 = 1.009994, 4 = 2.000635
        procedures.cell(row=1, column=procedures.max_column + 1, value="GHICHU")
        procedures.cell(row=2, column=_column(procedures, "MUCDO"), value="mức 9")
        procedures.cell(row=3, column=_column(procedures, "KENH"), value="5")
        procedures.cell(row=3, column=_column(procedures, "THOIGIANGIAIQUYET"), value="1,25")
        procedures.cell(row=4, column=_column(procedures, "CAPTHUCHIEN"), value="vũ trụ")
        procedures.cell(row=4, column=_column(procedures, "QUYTRINH"), value=NO_LANE_FLOW)
        duplicate = [c.value for c in procedures[2]]
        procedures.append(duplicate)  # row 5
        procedures.append(["12345", "Thủ tục sai mã"])  # row 6
        fees = workbook["PhiLePhi"]
        fees.cell(row=2, column=_column(fees, "SOTIEN"), value="abc")
        fees.append(["9.999999", "Phí lạc", 1000])
        orphan_row = fees.max_row
        agencies = workbook["CoQuanThucHien"]
        agencies.cell(row=2, column=_column(agencies, "MADONVI"), value="999.99.99.H99")
        bases = workbook["CanCuPhapLy"]
        bases.delete_cols(_column(bases, "TENVANBAN"))
        papers = workbook["ThanhPhanHoSo"]
        papers.cell(row=2, column=_column(papers, "BATBUOC"), value="có lẽ")
        papers.cell(row=3, column=12, value="ghi chú lạc")
        workbook.create_sheet("Sheet1")
        edit.orphan_row = orphan_row

    data = _edit_workbook(catalog_export(fmt="xlsx"), edit)
    errors = reject(data, "xlsx")
    assert places(errors) == {
        ("Sheet1", None, ""),
        ("ThuTuc", 1, "GHICHU"),
        ("ThuTuc", 2, "MUCDO"),
        ("ThuTuc", 3, "KENH"),
        ("ThuTuc", 3, "THOIGIANGIAIQUYET"),
        ("ThuTuc", 4, "CAPTHUCHIEN"),
        ("ThuTuc", 4, "QUYTRINH"),
        ("ThuTuc", 5, "MUCDO"),  # a copy of row 2 after its edit
        ("ThuTuc", 6, "MATTHC"),
        ("ThuTuc", 6, "TENLINHVUC"),
        ("ThuTuc", 6, "MALINHVUC"),
        ("ThuTuc", 6, "CAPTHUCHIEN"),
        ("ThuTuc", 6, "MUCDO"),
        ("ThuTuc", 6, "KENH"),
        ("ThuTuc", 6, "THOIGIANGIAIQUYET"),
        ("ThanhPhanHoSo", 2, "BATBUOC"),
        ("ThanhPhanHoSo", 3, "L"),
        ("PhiLePhi", 2, "SOTIEN"),
        ("PhiLePhi", edit.orphan_row, "MATTHC"),
        ("CanCuPhapLy", 1, "TENVANBAN"),
        ("CoQuanThucHien", 2, "MADONVI"),
    }
    # row 5 repeats row 2's code, but row 2 is itself bad: only a valid record claims a code
    sheets = [e.get("sheet") for e in errors]
    assert sheets == sorted(
        sheets, key=["Sheet1", "ThuTuc", "ThanhPhanHoSo", "PhiLePhi", "CanCuPhapLy", "CoQuanThucHien"].index
    )


def test_xlsx_duplicate_code_names_the_first_row(province):
    make_catalog()

    def edit(workbook):
        procedures = workbook["ThuTuc"]
        procedures.append([c.value for c in procedures[3]])

    errors = reject(_edit_workbook(catalog_export(fmt="xlsx"), edit), "xlsx")
    assert places(errors) == {("ThuTuc", 5, "MATTHC")}
    assert "trang ThuTuc dòng 3" in errors[0]["message"]


def test_xlsx_reads_codes_that_excel_turned_into_numbers(province):
    make_catalog()

    def edit(workbook):
        workbook["ThuTuc"]["A2"].value = 1.001193
        workbook["PhiLePhi"]["A2"].value = 1.001193

    assert catalog_import(data=_edit_workbook(catalog_export(fmt="xlsx"), edit), fmt="xlsx", actor=None) == 3


# Hostile files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_file_over_the_size_limit_is_refused_before_reading(province, tmp_path, suffix):
    path = tmp_path / f"thu-tuc{suffix}"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written
    before = counts()
    started = time.monotonic()
    with (
        mock.patch("saola.core.uploads.read_stream_safely", side_effect=AssertionError("read")) as read,
        pytest.raises(ImportRejected) as info,
    ):
        catalog_import_file(path=path, actor=None)
    assert not read.called
    assert time.monotonic() - started < 5
    assert "quá lớn" in info.value.errors[0]["message"]
    assert counts() == before


def test_bytes_over_the_size_limit_are_refused(settings):
    settings.SAOLA_IMPORT_MAX_BYTES = 1024
    errors = reject(b"[" + b" " * 2000 + b"]", "json")
    assert "quá lớn" in errors[0]["message"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _bomb_members(size: int) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": b"\0" * size,
    }


def test_zip_bomb_is_refused_from_the_zip_directory(province):
    data = _zip(_bomb_members(110 * 1024 * 1024))  # inflates past the 100 MB default
    assert len(data) < 1024 * 1024
    with mock.patch("saola.core.uploads.openpyxl.load_workbook", side_effect=AssertionError("opened")) as opened:
        errors = reject(data, "xlsx")
    assert not opened.called
    assert "giải nén" in errors[0]["message"]


def test_zip_with_an_absurd_compression_ratio_is_refused(province):
    with mock.patch("saola.core.uploads.openpyxl.load_workbook", side_effect=AssertionError("opened")) as opened:
        errors = reject(_zip(_bomb_members(8 * 1024 * 1024)), "xlsx")
    assert not opened.called
    assert "tỉ lệ nén" in errors[0]["message"]


@pytest.mark.parametrize("data", [b"MATTHC,TENTTHC\n1.001193,Khai sinh\n", b"[]", b"PK\x03\x04 not really a zip", b""])
def test_a_file_that_is_not_a_workbook_is_refused_clearly(province, data):
    errors = reject(data, "xlsx")
    assert errors[0]["line"] is None
    assert "XLSX" in errors[0]["message"] or "rỗng" in errors[0]["message"]


def _with_entities(data: bytes) -> bytes:
    """The workbook with an entity-expansion DOCTYPE in its first worksheet."""
    doctype = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = doctype + content.replace(b"<t>", b"<t>&lol2;", 1)
            target.writestr(item, content)
    return buffer.getvalue()


def test_xml_entities_inside_a_workbook_are_refused(province):
    make_catalog()
    errors = reject(_with_entities(catalog_export(fmt="xlsx")), "xlsx")
    assert "XLSX" in errors[0]["message"]


def test_openpyxl_itself_refuses_xml_entities(province):
    # Beneath our own checks, openpyxl parses worksheets with defusedxml.
    make_catalog()
    with pytest.raises(ValueError, match="Unable to read workbook") as info:
        openpyxl.load_workbook(io.BytesIO(_with_entities(catalog_export(fmt="xlsx"))), read_only=True)
    assert isinstance(info.value.__cause__, DefusedXmlException)


def test_openpyxl_parses_workbooks_with_defusedxml():
    import defusedxml.ElementTree
    import openpyxl.reader.strings
    import openpyxl.xml
    import openpyxl.xml.functions

    assert openpyxl.xml.DEFUSEDXML is True
    # the streaming parser reads worksheets and shared strings: it must be defusedxml's
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse
    assert openpyxl.reader.strings.iterparse is defusedxml.ElementTree.iterparse


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b'{"MATTHC": "1.001193"}', "danh sách"),
        (b"[1, 2", "cú pháp"),
        (b"[NaN]", "không hợp lệ"),
        ('["Hộ tịch"]'.encode("utf-16"), "UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "quá sâu"),
        (json.dumps([{"BIEUMAUDIENTU": json.loads("[" * 40 + "]" * 40)}]).encode(), "quá sâu"),
    ],
)
def test_json_that_is_not_a_list_of_records_is_refused_clearly(province, data, fragment):
    errors = reject(data, "json")
    assert errors[0]["line"] is None
    assert fragment in errors[0]["message"]


def test_json_items_that_are_not_objects_are_reported_by_index(province):
    errors = reject(b'[1, "a", null]', "json")
    assert places(errors) == {(None, 1, ""), (None, 2, ""), (None, 3, "")}


def test_deep_form_schema_in_a_spreadsheet_cell_is_refused(province):
    make_catalog()

    def edit(workbook):
        sheet = workbook["ThuTuc"]
        sheet.cell(row=2, column=_column(sheet, "BIEUMAUDIENTU"), value='{"a":' * 40 + "1" + "}" * 40)

    errors = reject(_edit_workbook(catalog_export(fmt="xlsx"), edit), "xlsx")
    assert places(errors) == {("ThuTuc", 2, "BIEUMAUDIENTU")}


@pytest.mark.parametrize("name", ["thu-tuc.csv", "thu-tuc", "thu-tuc.xlsx.exe"])
def test_unknown_extensions_are_refused(name):
    with pytest.raises(ImportRejected) as info:
        format_for_name(name)
    assert ".json" in info.value.errors[0]["message"]


def test_export_to_an_unknown_extension_is_refused(tmp_path):
    with pytest.raises(ValidationFailed):
        catalog_export_file(path=tmp_path / "thu-tuc.csv")
    assert not list(tmp_path.iterdir())


# Command line ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_cli_exports_and_imports_the_catalogue(province, tmp_path, capsys, suffix):
    make_catalog()
    before = catalog_export(fmt="json")
    path = tmp_path / f"thu-tuc{suffix}"
    assert main(["catalog", "export", str(path)]) == 0
    assert "Đã xuất 3 thủ tục" in capsys.readouterr().out
    wipe()
    assert main(["catalog", "import", str(path)]) == 0
    assert "Đã nhập 3 thủ tục" in capsys.readouterr().out
    assert catalog_export(fmt="json") == before


def test_cli_import_of_a_bad_file_exits_2_and_lists_lines(province, tmp_path, capsys):
    organizations()
    path = tmp_path / "thu-tuc.json"
    path.write_bytes(as_json([record(), record(MATTHC="xyz"), record(MUCDO="?")]))
    before = counts()
    assert main(["catalog", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "dòng 2" in err and "dòng 3" in err
    assert counts() == before


def test_export_file_writes_and_counts(province, tmp_path):
    make_catalog()
    path = tmp_path / "thu-tuc.json"
    assert catalog_export_file(path=path) == 3
    assert [r["MATTHC"] for r in json.loads(path.read_bytes())] == ["1.001193", "1.009994", "2.000635"]
    assert [p.name for p in tmp_path.iterdir()] == ["thu-tuc.json"]


def test_import_of_the_same_file_twice_changes_nothing_but_audits(province):
    make_catalog()
    simple_flow()
    exported = catalog_export(fmt="json")
    catalog_import(data=exported, fmt="json", actor=None)
    assert catalog_export(fmt="json") == exported
    records = copy.deepcopy(json.loads(exported))
    assert catalog_import(data=as_json(records), fmt="json", actor=None) == 3
    assert AuditEntry.objects.filter(action="catalog.import").count() == 2


def test_export_query_count_does_not_grow_with_procedures(province, django_assert_max_num_queries):
    make_catalog()
    with django_assert_max_num_queries(6):
        catalog_export(fmt="json")
