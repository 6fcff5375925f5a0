"""Building and parsing edXML packages and status messages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from lxml import etree

from saola.exchange.edxml import package_from_xml, package_to_xml, status_from_xml, status_to_xml
from saola.exchange.exceptions import InvalidPackage
from saola.exchange.package import (
    NAMESPACE,
    Attachment,
    Business,
    DocumentCode,
    EdxmlStatus,
    OtherInfo,
    StatusCode,
    TraceHeader,
    document_id_for,
    split_document_id,
)
from saola.exchange.validation import validate
from tests.exchange.support import SENDER, sample_package, sample_status


def unprefixed(xml: bytes) -> bytes:
    """The same package with the namespace as the default namespace, no prefix anywhere."""
    return xml.replace(b"xmlns:edXML=", b"xmlns=").replace(b"<edXML:", b"<").replace(b"</edXML:", b"</")


def test_package_round_trip_keeps_every_field_with_diacritics_and_binary_attachments():
    package = sample_package()

    xml = package_to_xml(package)
    parsed = package_from_xml(xml)

    assert parsed == package
    assert parsed.attachments[0].data == b"%PDF-1.7\n\x00\x01\x02 binary \xff\xfe"
    assert parsed.signer is not None and parsed.signer.full_name == "Cầm Văn Thành"
    assert "Ủy ban nhân dân tỉnh Sơn La" in xml.decode("utf-8")


def test_every_element_carries_the_edxml_prefix_and_formats_follow_the_standard():
    xml = package_to_xml(sample_package())
    root = etree.fromstring(xml)

    assert root.tag == f"{{{NAMESPACE}}}edXML"
    for element in root.iter():
        assert element.prefix == "edXML", element.tag
    assert b"<edXML:PromulgationDate>2026/11/20</edXML:PromulgationDate>" in xml
    assert b"<edXML:Timestamp>2026/11/20 09:30:05</edXML:Timestamp>" in xml
    assert b"<edXML:BussinessDocType>3</edXML:BussinessDocType>" in xml
    assert b'xlink:href="cid:' in xml
    # Attachments travel outside the envelope.
    envelope = root.find(f"{{{NAMESPACE}}}edXMLEnvelope")
    assert envelope is not None and envelope.find(f".//{{{NAMESPACE}}}Attachment") is None
    assert root.find(f"{{{NAMESPACE}}}AttachmentEncoded/{{{NAMESPACE}}}Attachment") is not None


def test_timestamps_are_written_in_vietnam_time_and_naive_ones_refused():
    utc = dt.datetime(2026, 11, 20, 2, 30, 5, tzinfo=dt.UTC)
    xml = package_to_xml(sample_package(trace_headers=(TraceHeader(organ_id=SENDER.organ_id, timestamp=utc),)))

    assert b"2026/11/20 09:30:05" in xml
    assert package_from_xml(xml).trace_headers[0].timestamp == utc
    with pytest.raises(InvalidPackage, match="múi giờ"):
        package_to_xml(sample_package(trace_headers=(TraceHeader(organ_id="x", timestamp=dt.datetime(2026, 1, 1)),)))


def test_unprefixed_and_other_prefix_forms_are_accepted():
    package = sample_package()
    xml = package_to_xml(package)
    other = xml.replace(b"edXML:", b"ns1:").replace(b"xmlns:edXML=", b"xmlns:ns1=")

    assert package_from_xml(unprefixed(xml)) == package
    assert b"<ns1:MessageHeader>" in other
    assert package_from_xml(other) == package
    assert validate(unprefixed(xml)) == []
    # Re-built, the prefix is back on every element.
    assert b"<edXML:MessageHeader>" in package_to_xml(package_from_xml(unprefixed(xml)))


def test_elements_without_namespace_inside_the_envelope_are_read_leniently_but_fail_validation():
    xml = package_to_xml(sample_package(attachments=()))
    root = etree.fromstring(xml)
    header = root.find(f".//{{{NAMESPACE}}}MessageHeader")
    assert header is not None
    for element in header.iter():
        element.tag = etree.QName(element).localname
    data = etree.tostring(root)

    assert package_from_xml(data).subject == sample_package().subject
    problems = validate(data)
    assert problems and "MessageHeader" in problems[0].message


UNKNOWN_HEADER = '<edXML:NewField xmlns:edXML="{ns}">giá trị <edXML:Part loai="a">mới</edXML:Part></edXML:NewField>'
UNKNOWN_FOREIGN = '<x:Ext xmlns:x="urn:example:ext" x:kind="1">phần mở rộng</x:Ext>'


def test_unknown_optional_elements_are_kept_and_re_emitted():
    xml = package_to_xml(sample_package()).decode()
    xml = xml.replace(
        "</edXML:DocumentId></edXML:MessageHeader>",
        "</edXML:DocumentId>" + UNKNOWN_HEADER.format(ns=NAMESPACE) + "</edXML:MessageHeader>",
    )
    xml = xml.replace("<edXML:Priority>", UNKNOWN_FOREIGN + "<edXML:Priority>")
    xml = xml.replace("<edXML:Paper>", "<edXML:MaDonVi>H53</edXML:MaDonVi><edXML:Paper>")

    parsed = package_from_xml(xml.encode())

    assert len(parsed.extra) == 1 and "NewField" in parsed.extra[0] and "mới" in parsed.extra[0]
    assert parsed.other_info is not None and parsed.other_info.extra == (UNKNOWN_FOREIGN,)
    assert parsed.business is not None and "MaDonVi" in parsed.business.extra[0]
    rebuilt = package_to_xml(parsed)
    assert (
        b'<edXML:NewField>gi\xc3\xa1 tr\xe1\xbb\x8b <edXML:Part loai="a">m\xe1\xbb\x9bi</edXML:Part></edXML:NewField>'
        in rebuilt
    )
    assert b'x:kind="1">ph' in rebuilt
    assert package_from_xml(rebuilt) == parsed
    # The schema leaves open slots for them (the foreign one sits before Priority: order is free).
    assert validate(xml.encode()) == []
    assert validate(rebuilt) == []


def test_the_unprefixed_unknown_element_takes_the_prefix_when_re_emitted():
    xml = unprefixed(package_to_xml(sample_package())).replace(
        b"</MessageHeader>", b"<Extra1><Sub>1</Sub></Extra1></MessageHeader>"
    )

    rebuilt = package_to_xml(package_from_xml(xml))

    assert b"<edXML:Extra1><edXML:Sub>1</edXML:Sub></edXML:Extra1>" in rebuilt


def test_business_doc_type_outside_0_to_3_is_refused():
    xml = package_to_xml(sample_package()).replace(b"<edXML:BussinessDocType>3<", b"<edXML:BussinessDocType>4<")
    with pytest.raises(InvalidPackage, match="Loại nghiệp vụ 4"):
        package_from_xml(xml)
    with pytest.raises(InvalidPackage):
        Business(doc_type=7)  # type: ignore[arg-type]


def test_attachment_missing_from_the_manifest_or_badly_encoded_is_refused():
    xml = package_to_xml(
        sample_package(attachments=(Attachment(name="a.pdf", content_type="application/pdf", data=b"x"),))
    )
    stray = re.sub(rb"<edXML:Reference .*?</edXML:Reference>", b"", xml)
    with pytest.raises(InvalidPackage, match="không có trong danh mục"):
        package_from_xml(stray)
    broken = re.sub(rb"<edXML:ContentTransferEncoded>[^<]*<", b"<edXML:ContentTransferEncoded>%%%<", xml)
    with pytest.raises(InvalidPackage, match="base64"):
        package_from_xml(broken)
    missing = re.sub(rb"<edXML:AttachmentEncoded>.*</edXML:AttachmentEncoded>", b"", xml)
    with pytest.raises(InvalidPackage, match="không có nội dung"):
        package_from_xml(missing)


def test_wrong_root_and_missing_required_elements_are_refused_with_a_line():
    with pytest.raises(InvalidPackage, match="Phần tử gốc"):
        package_from_xml(f'<edXML:Status xmlns:edXML="{NAMESPACE}"/>'.encode())
    xml = re.sub(rb"<edXML:Subject>.*?</edXML:Subject>", b"", package_to_xml(sample_package()))
    with pytest.raises(InvalidPackage, match="Thiếu phần tử Subject") as caught:
        package_from_xml(xml)
    assert caught.value.line == 2  # the root, after the XML declaration


def test_document_id_is_built_and_split():
    code = DocumentCode(number="7816", notation="VPCP-TTĐT")
    document_id = document_id_for(organ_id="000.00.00.G22", promulgation_date=dt.date(2018, 9, 20), code=code)

    assert document_id == "000.00.00.G22,2018/09/20,7816/VPCP-TTĐT"
    assert split_document_id(document_id) == ("000.00.00.G22", dt.date(2018, 9, 20), "7816/VPCP-TTĐT")
    with pytest.raises(InvalidPackage):
        split_document_id("000.00.00.G22,20/09/2018,7816")


def test_other_info_integers_and_flags_are_checked():
    package = sample_package(other_info=OtherInfo(priority=3, direction=True))
    assert package_from_xml(package_to_xml(package)).other_info == package.other_info
    xml = package_to_xml(package).replace(b"<edXML:Priority>3<", b"<edXML:Priority>cao<")
    with pytest.raises(InvalidPackage, match="số nguyên"):
        package_from_xml(xml)


@pytest.mark.parametrize("code", list(StatusCode))
def test_status_message_round_trip_for_every_status_code(code):
    status = sample_status(code)

    xml = status_to_xml(status)

    assert status_from_xml(xml) == status
    assert f"<edXML:StatusCode>{code.value}</edXML:StatusCode>".encode() in xml
    assert validate(xml) == []


def test_status_codes_are_exactly_those_of_the_standard():
    assert [code.value for code in StatusCode] == ["01", "02", "03", "04", "05", "06", "13", "15", "16"]


@pytest.mark.parametrize("bad", ["14", "07", "1", "00", ""])
def test_a_status_code_outside_the_list_is_refused(bad):
    xml = status_to_xml(sample_status()).replace(b">01</edXML:StatusCode>", f">{bad}</edXML:StatusCode>".encode())

    with pytest.raises(InvalidPackage, match="Mã trạng thái") as caught:
        status_from_xml(xml)
    assert caught.value.line == 2  # the root, after the XML declaration
    with pytest.raises(InvalidPackage, match="Mã trạng thái"):
        sample_status(bad)
    problems = validate(xml)
    assert len(problems) == 1 and "StatusCode" in problems[0].message


def test_status_message_keeps_unknown_elements_and_reads_unprefixed_form():
    status = dataclasses.replace(sample_status(StatusCode.RECALL_AGREED), staff=None)
    xml = status_to_xml(status).replace(b"</edXML:Status>", b"<edXML:Ghi>ch\xc3\xba</edXML:Ghi></edXML:Status>")

    parsed = status_from_xml(unprefixed(xml))

    assert isinstance(parsed, EdxmlStatus)
    assert parsed.status_code is StatusCode.RECALL_AGREED
    assert parsed.extra == (f'<edXML:Ghi xmlns:edXML="{NAMESPACE}">chú</edXML:Ghi>',)
    assert b"<edXML:Ghi>ch\xc3\xba</edXML:Ghi>" in status_to_xml(parsed)
