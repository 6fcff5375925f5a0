"""`saola sign verify FILE.pdf`: JSON on stdout; exit 0 valid, 1 not valid, 2 unreadable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saola.cli import main
from tests.signing.verify_support import VerifyPKI, encrypted_pdf, one_page_pdf, sign, trust_root

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def own_pki() -> VerifyPKI:
    return VerifyPKI.create(crl_points=False)


@pytest.fixture(scope="module")
def signed(own_pki: VerifyPKI) -> bytes:
    return sign(one_page_pdf(), own_pki.person(), chain=[own_pki.root])


def write(tmp_path: Path, data: bytes, file_name: str = "van-ban.pdf") -> str:
    path = tmp_path / file_name
    path.write_bytes(data)
    return str(path)


def test_sign_verify_prints_the_report_and_exits_0_when_valid(own_pki, signed, tmp_path, capsys):
    trust_root(own_pki.root)

    code = main(["sign", "verify", write(tmp_path, signed)])

    captured = capsys.readouterr()
    assert code == 0, captured.out
    assert "Nguyễn Văn An" in captured.out  # UTF-8, not \u escapes
    report = json.loads(captured.out)
    assert report["valid"] is True
    assert report["signatures"][0]["signer"] == "Nguyễn Văn An"
    assert captured.err == ""


def test_sign_verify_exits_1_for_an_untrusted_signature(signed, tmp_path, capsys):
    assert main(["sign", "verify", write(tmp_path, signed)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["signatures"][0]["problems"] == ["Chứng thư số không do tổ chức tin cậy cấp"]


def test_sign_verify_exits_1_for_a_changed_document(own_pki, signed, tmp_path, capsys):
    trust_root(own_pki.root)
    at = signed.index(b"(Quyet")

    assert main(["sign", "verify", write(tmp_path, signed[: at + 1] + b"Z" + signed[at + 2 :])]) == 1
    assert json.loads(capsys.readouterr().out)["signatures"][0]["intact"] is False


def test_sign_verify_exits_1_without_signature(tmp_path, capsys):
    assert main(["sign", "verify", write(tmp_path, one_page_pdf())]) == 1
    assert json.loads(capsys.readouterr().out)["problems"] == ["Tệp PDF không có chữ ký số nào"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"plain text, not a PDF", "Tệp không phải là tệp PDF"),
        (None, "Tệp PDF được mã hoá, không kiểm tra được"),
    ],
)
def test_sign_verify_exits_2_for_unreadable_input(tmp_path, capsys, data, message):
    path = write(tmp_path, data if data is not None else encrypted_pdf())

    assert main(["sign", "verify", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_sign_verify_exits_2_for_a_missing_file(tmp_path, capsys):
    assert main(["sign", "verify", str(tmp_path / "khong-co.pdf")]) == 2
    assert "Không đọc được tệp" in capsys.readouterr().err


def test_sign_verify_refuses_a_500_mb_file_by_its_size(tmp_path, capsys):
    huge = tmp_path / "lon.pdf"
    with huge.open("wb") as fh:  # sparse: nothing near 500 MB is written or read
        fh.write(b"%PDF-1.7\n")
        fh.truncate(500 * 1024 * 1024)

    assert main(["sign", "verify", str(huge)]) == 2
    assert "Tệp quá lớn (500 MB)" in capsys.readouterr().err
