"""`saola hub agencies import FILE` (CSV or JSON, all or nothing) and `saola hub agencies list`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saola.cli import main
from saola.core.models import AuditEntry
from saola.exchange.models import Agency

pytestmark = pytest.mark.django_db

GOOD_CSV = """code,name,level,parent_hub,mode,endpoint
000.00.00.H53,Ủy ban nhân dân tỉnh Sơn La,province,,push,https://vpub.sonla.gov.vn/edxml
000.00.12.H53,Sở Tư pháp tỉnh Sơn La,unit,,pull,
000.01.31.H53,Ủy ban nhân dân xã Chiềng Cơi,commune,000.00.00.G22,,
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_good_csv_is_imported_and_listed(tmp_path, capsys):
    code = main(["hub", "agencies", "import", write(tmp_path, "coquan.csv", GOOD_CSV)])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Đã nhập 3 cơ quan" in captured.out
    province = Agency.objects.get(code="000.00.00.H53")
    assert (province.mode, province.endpoint) == ("push", "https://vpub.sonla.gov.vn/edxml")
    commune = Agency.objects.get(code="000.01.31.H53")
    assert (commune.mode, commune.parent_hub, commune.level) == ("pull", "000.00.00.G22", "commune")
    assert AuditEntry.objects.filter(action="agency.register").count() == 3

    assert main(["hub", "agencies", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "000.00.00.H53\tỦy ban nhân dân tỉnh Sơn La",
        "000.00.12.H53\tSở Tư pháp tỉnh Sơn La",
        "000.01.31.H53\tỦy ban nhân dân xã Chiềng Cơi",
    ]
    assert main(["hub", "agencies", "list", "--q", "chieng coi"]) == 0
    assert capsys.readouterr().out == "000.01.31.H53\tỦy ban nhân dân xã Chiềng Cơi\n"


def test_good_json_is_imported(tmp_path, capsys):
    rows = [
        {
            "code": "000.00.00.H53",
            "name": "UBND tỉnh Sơn La",
            "level": "province",
            "mode": "push",
            "endpoint": "http://10.0.0.5:8080/edxml",
        },
        {"code": "000.00.12.H53", "name": "Sở Tư pháp", "level": "unit", "parent_hub": None},
    ]
    code = main(["hub", "agencies", "import", write(tmp_path, "coquan.json", json.dumps(rows, ensure_ascii=False))])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert Agency.objects.count() == 2
    assert Agency.objects.get(code="000.00.12.H53").mode == "pull"


def test_bad_csv_lists_every_bad_row_and_writes_nothing(tmp_path, capsys):
    text = """code,name,level,parent_hub,mode,endpoint
000.00.00.H53,Ủy ban nhân dân tỉnh Sơn La,province,,,
000.00.12.H5,Sở Tư pháp,unit,,,
000.00.13.H53,Sở Y tế,ministry,,,
000.00.14.H53,Sở Nội vụ,unit,,push,
000.00.15.H53,Sở Tài chính,unit,,push,ftp://stc.sonla.gov.vn/in
000.00.00.H53,Trùng mã,province,,,
000.00.16.H53,,unit,,fax,
"""
    code = main(["hub", "agencies", "import", write(tmp_path, "coquan.csv", text)])

    captured = capsys.readouterr()
    assert code == 2
    assert not Agency.objects.exists()
    assert not AuditEntry.objects.filter(action="agency.register").exists()
    err = captured.err.splitlines()
    assert err[0] == "Tệp nhập có lỗi; không có dữ liệu nào được ghi."
    assert any(line.startswith("  dòng 3 cột code: Mã định danh “000.00.12.H5”") for line in err)
    assert any(line.startswith("  dòng 4 cột level:") for line in err)
    assert "  dòng 5 cột endpoint: Cơ quan nhận theo cách trục đẩy phải có địa chỉ nhận." in err
    assert any(line.startswith("  dòng 6 cột endpoint:") for line in err)
    assert "  dòng 7 cột code: Trùng mã định danh với dòng 2." in err
    assert "  dòng 8 cột name: Không được để trống." in err
    assert any(line.startswith("  dòng 8 cột mode:") for line in err)
    assert not any("dòng 2 " in line for line in err)
    assert captured.out == ""


def test_code_already_registered_is_reported(tmp_path, capsys):
    assert main(["hub", "agencies", "import", write(tmp_path, "a.csv", GOOD_CSV)]) == 0
    capsys.readouterr()

    code = main(["hub", "agencies", "import", write(tmp_path, "b.csv", GOOD_CSV)])

    err = capsys.readouterr().err
    assert code == 2
    assert "dòng 2 cột code:" in err
    assert "dòng 4 cột code:" in err
    assert Agency.objects.count() == 3


def test_bad_json_rows_are_reported_with_their_lines(tmp_path, capsys):
    text = """[
  {"code": "000.00.00.H53", "name": "UBND tỉnh Sơn La", "level": "province"},
  {"code": "000.00.12.H53", "name": "Sở Tư pháp", "level": "bộ"},
  {"code": "000.00.00.H53",
   "name": "Trùng", "level": "province"},
  {"code": "000.00.13.H53", "name": "Sở Y tế", "level": "unit", "mode": "push", "endpoint": "not a url"},
  "000.00.14.H53"
]
"""
    code = main(["hub", "agencies", "import", write(tmp_path, "coquan.json", text)])

    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert not Agency.objects.exists()
    assert any(line.startswith("  dòng 3 cột level:") for line in err)
    assert "  dòng 4 cột code: Trùng mã định danh với dòng 2." in err
    assert any(line.startswith("  dòng 6 cột endpoint:") for line in err)
    assert "  dòng 7 cột file: Mỗi phần tử phải là một đối tượng JSON." in err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("coquan.json", '{"code": "000.00.00.H53"}', "Tệp JSON phải là một mảng các cơ quan."),
        ("coquan.json", '[{"code": "000.00.00.H53",}]', "Tệp JSON không hợp lệ ở dòng 1"),
        ("coquan.csv", "code,name\n000.00.00.H53,UBND\n", "Thiếu cột bắt buộc: level."),
        ("coquan.txt", "code,name,level\n", "Chỉ nhận tệp .csv hoặc .json."),
        ("coquan.csv", "code,name,level\n", "Tệp không có cơ quan nào."),
    ],
)
def test_unusable_files_are_refused(tmp_path, capsys, name, text, message):
    code = main(["hub", "agencies", "import", write(tmp_path, name, text)])

    assert code == 2
    assert message in capsys.readouterr().err
    assert not Agency.objects.exists()
