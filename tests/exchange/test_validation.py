"""`validate()`: the platform's XSD and the checks it cannot express, with line numbers."""

from __future__ import annotations

import pytest
from lxml import etree

from saola.exchange.edxml import package_to_xml, status_to_xml
from saola.exchange.validation import Problem, validate
from tests.exchange.support import sample_package, sample_status


def pretty(xml: bytes) -> str:
    return etree.tostring(etree.fromstring(xml), pretty_print=True, xml_declaration=True, encoding="UTF-8").decode()


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.fixture(scope="module")
def package_text() -> str:
    return pretty(package_to_xml(sample_package()))


def test_valid_package_and_status_have_no_problem(package_text):
    assert validate(package_text.encode()) == []
    assert validate(status_to_xml(sample_status())) == []


def test_bad_date_is_reported_on_its_line(package_text):
    text = package_text.replace(
        "<edXML:PromulgationDate>2026/11/20</edXML:PromulgationDate>",
        "<edXML:PromulgationDate>20/11/2026</edXML:PromulgationDate>",
    )

    problems = validate(text.encode())

    assert problems == [Problem(line_of(text, "20/11/2026"), "Giá trị “20/11/2026” của PromulgationDate không hợp lệ.")]


def test_missing_required_element_is_reported_on_its_parent(package_text):
    lines = package_text.splitlines()
    text = "\n".join(line for line in lines if "<edXML:Subject>" not in line)

    problems = validate(text.encode())

    assert len(problems) == 1
    assert problems[0].line == line_of(text, "<edXML:MessageHeader>")
    assert problems[0].message == "Thiếu phần tử Subject trong MessageHeader."


def test_known_element_in_the_wrong_place_and_bad_organ_id_are_each_reported(package_text):
    text = package_text.replace(
        "<edXML:OrganId>000.00.00.G12</edXML:OrganId>", "<edXML:OrganId>H53-SAI</edXML:OrganId>"
    ).replace("<edXML:Paper>1</edXML:Paper>", "<edXML:Paper>1</edXML:Paper><edXML:BussinessDocType/>")

    problems = validate(text.encode())

    assert Problem(line_of(text, "H53-SAI"), "Giá trị “H53-SAI” của OrganId không hợp lệ.") in problems
    assert (
        Problem(
            line_of(text, "<edXML:BussinessDocType/>"),
            "Phần tử BussinessDocType không được phép ở vị trí này trong Bussiness.",
        )
        in problems
    )


def test_impossible_calendar_date_passes_the_pattern_but_not_the_parser(package_text):
    text = package_text.replace("<edXML:DueDate>2026/12/15<", "<edXML:DueDate>2026/02/30<")

    problems = validate(text.encode())

    assert problems == [
        Problem(line_of(text, "2026/02/30"), "Ngày “2026/02/30” trong DueDate không đúng dạng yyyy/MM/dd.")
    ]


def test_unknown_root_and_forced_kind_mismatch():
    assert "không phải edXML, Status" in validate(b"<goi-tin/>")[0].message
    problems = validate(status_to_xml(sample_status()), kind="package")
    assert len(problems) == 1 and "không phải edXML" in problems[0].message


def test_problem_reads_with_its_line():
    assert str(Problem(7, "Sai.")) == "dòng 7: Sai."
    assert str(Problem(None, "Sai.")) == "Sai."


def test_attachment_that_is_not_base64_is_reported_on_its_line(package_text):
    marker = "<edXML:ContentTransferEncoded>"
    start = package_text.index(marker) + len(marker)
    text = package_text[:start] + "không phải base64!" + package_text[start:]

    problems = validate(text.encode())

    assert len(problems) == 1
    assert problems[0].line == line_of(text, "không phải base64!")
