"""`saola exchange validate FILE`: exit 0 valid, 1 invalid (problems on stderr), 2 unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from saola.cli import main
from saola.demo.loader import DEMO_PASSWORD
from saola.exchange.edxml import package_to_xml, status_to_xml
from saola.exchange.package import NAMESPACE
from saola.exchange.signature import sign_package
from tests.exchange.support import sample_package, sample_status

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, data: bytes, name: str = "goi-tin.xml") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_valid_unsigned_package_exits_0(tmp_path, capsys):
    path = write(tmp_path, package_to_xml(sample_package()))

    code = main(["exchange", "validate", path])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out == f"{path}: hợp lệ — chưa ký số\n"
    assert captured.err == ""


def test_signed_package_exits_0_and_names_the_signer(sender_org, tmp_path, capsys):
    signed = sign_package(package_to_xml(sample_package()), organization=sender_org, secret=DEMO_PASSWORD)

    code = main(["exchange", "validate", write(tmp_path, signed)])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "hợp lệ — có chữ ký số hợp lệ của Văn phòng Ủy ban nhân dân tỉnh Sơn La (000.01.53.H53)" in captured.out


def test_tampered_signed_package_exits_1(sender_org, tmp_path, capsys):
    signed = sign_package(package_to_xml(sample_package()), organization=sender_org, secret=DEMO_PASSWORD)

    code = main(["exchange", "validate", write(tmp_path, signed.replace("Sơn La".encode(), "Lai Châu".encode(), 1))])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert "đã bị sửa đổi sau khi ký" in captured.err


def test_invalid_package_prints_each_problem_with_its_line_and_exits_1(tmp_path, capsys):
    text = etree.tostring(etree.fromstring(package_to_xml(sample_package())), pretty_print=True).decode()
    text = text.replace(">2026/12/15<", ">15/12/2026<").replace(">000.00.00.G22<", ">G22<", 1)
    path = write(tmp_path, text.encode())
    lines = text.splitlines()
    date_line = next(i for i, line in enumerate(lines, 1) if "15/12/2026" in line)
    organ_line = next(i for i, line in enumerate(lines, 1) if ">G22<" in line)

    code = main(["exchange", "validate", path])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{path}: dòng {organ_line}: Giá trị “G22” của OrganId không hợp lệ.",
        f"{path}: dòng {date_line}: Giá trị “15/12/2026” của DueDate không hợp lệ.",
    ]


def test_hostile_file_exits_1(tmp_path, capsys):
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        f'<edXML:Status xmlns:edXML="{NAMESPACE}">&e;</edXML:Status>'
    ).encode()

    code = main(["exchange", "validate", write(tmp_path, data)])

    captured = capsys.readouterr()
    assert code == 1
    assert "dòng 2: Gói tin có khai báo DTD" in captured.err
    assert "root:" not in captured.err


def test_oversized_file_exits_1_without_reading(tmp_path, capsys, settings):
    settings.SAOLA_EXCHANGE_MAX_BYTES = 100

    code = main(["exchange", "validate", write(tmp_path, b" " * 101)])

    assert code == 1
    assert "vượt quá giới hạn 100 byte" in capsys.readouterr().err


def test_unreadable_file_exits_2(tmp_path, capsys):
    code = main(["exchange", "validate", str(tmp_path / "khong-co.xml")])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("Không đọc được tệp")


def test_status_message_is_detected_by_its_root_or_forced_with_status_flag(tmp_path, capsys):
    status = write(tmp_path, status_to_xml(sample_status("05")), "trang-thai.xml")
    package = write(tmp_path, package_to_xml(sample_package()))

    assert main(["exchange", "validate", status]) == 0
    assert main(["exchange", "validate", "--status", status]) == 0
    assert capsys.readouterr().out.count("trang-thai.xml: hợp lệ\n") == 2
    assert main(["exchange", "validate", "--status", package]) == 1
    assert "không phải Status" in capsys.readouterr().err


def test_bad_status_code_exits_1(tmp_path, capsys):
    data = status_to_xml(sample_status()).replace(b">01</edXML:StatusCode>", b">14</edXML:StatusCode>")

    code = main(["exchange", "validate", "--status", write(tmp_path, data)])

    assert code == 1
    assert "Giá trị “14” của StatusCode không hợp lệ." in capsys.readouterr().err
