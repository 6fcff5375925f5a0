"""Hostile XML: entity expansion, external entities and DTDs, oversized input."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from saola.exchange import safexml
from saola.exchange.edxml import package_from_xml, package_to_xml, status_from_xml
from saola.exchange.exceptions import InvalidPackage, MalformedXml, UnsafeXml, XmlTooLarge
from saola.exchange.package import NAMESPACE, Attachment
from saola.exchange.validation import validate
from tests.exchange.support import sample_package

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10)
    )
    + f'<!ENTITY lol10 "{"&lol9;" * 10}">\n]>\n<edXML:Status xmlns:edXML="{NAMESPACE}">&lol10;</edXML:Status>'
)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP port on loopback that records whether anything connected."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def assert_nobody_connected(server: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        server.accept()


def xxe(path: Path) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE edXML [<!ENTITY secret SYSTEM "{path.as_uri()}">]>\n'
        f'<edXML:edXML xmlns:edXML="{NAMESPACE}"><edXML:edXMLEnvelope>&secret;</edXML:edXMLEnvelope></edXML:edXML>'
    ).encode()


def test_external_entity_is_refused_and_the_file_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")

    with pytest.raises(UnsafeXml) as caught:
        package_from_xml(xxe(secret))

    assert caught.value.line == 2
    assert "MAT-KHAU" not in str(caught.value.message)
    problems = validate(xxe(secret))
    assert len(problems) == 1 and problems[0].line == 2 and "DTD" in problems[0].message


def test_the_parser_itself_never_expands_entities_even_without_the_doctype_check(tmp_path):
    """Defence in depth: the lxml parser settings alone keep the file's content out."""
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")

    root = etree.fromstring(xxe(secret), safexml._parser())

    assert b"MAT-KHAU" not in etree.tostring(root)
    # libxml2 either leaves the references unexpanded or stops at its amplification limit.
    try:
        laughs = etree.fromstring(BILLION_LAUGHS.encode(), safexml._parser())
    except etree.XMLSyntaxError as exc:
        error = str(exc)
    else:
        error = ""
        assert len(etree.tostring(laughs)) < 2000
    assert not error or "amplification" in error


def test_billion_laughs_is_refused_quickly_without_expansion():
    started = time.perf_counter()

    with pytest.raises(UnsafeXml):
        status_from_xml(BILLION_LAUGHS.encode())

    assert time.perf_counter() - started < 0.5


def test_external_dtd_is_neither_fetched_nor_accepted(listener):
    port = listener.getsockname()[1]
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE edXML SYSTEM "http://127.0.0.1:{port}/edxml.dtd">\n'
        f'<edXML:edXML xmlns:edXML="{NAMESPACE}"/>'
    ).encode()

    with pytest.raises(UnsafeXml):
        package_from_xml(data)
    assert validate(data)[0].message.startswith("Gói tin có khai báo DTD")
    # Nor does the bare parser try to fetch it.
    etree.fromstring(data, safexml._parser())
    assert_nobody_connected(listener)


def test_doctype_hidden_in_utf16_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")
    data = xxe(secret).decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')

    with pytest.raises(UnsafeXml):
        package_from_xml(data.encode("utf-16"))


def test_oversized_input_is_refused_before_parsing(settings):
    settings.SAOLA_EXCHANGE_MAX_BYTES = 1000
    # Not even well-formed: the size check comes first.
    with pytest.raises(XmlTooLarge, match="vượt quá giới hạn 1000 byte"):
        package_from_xml(b"<" * 1001)
    settings.SAOLA_EXCHANGE_MAX_BYTES = 10_000_000
    package_from_xml(package_to_xml(sample_package()))


def test_malformed_xml_reports_the_line():
    data = f'<?xml version="1.0"?>\n<edXML:edXML xmlns:edXML="{NAMESPACE}">\n<edXML:edXMLEnvelope>\n</edXML:edXML>'.encode()

    with pytest.raises(MalformedXml) as caught:
        package_from_xml(data)

    assert caught.value.line == 4
    assert "XML không đúng cú pháp" in str(caught.value.message)


def test_undeclared_entity_reference_is_malformed():
    with pytest.raises(MalformedXml):
        status_from_xml(f'<edXML:Status xmlns:edXML="{NAMESPACE}">&xxe;</edXML:Status>'.encode())


def test_attachment_larger_than_libxml2s_text_node_limit_travels(settings):
    # 9 MB: its base64 (12 MB) is over libxml2's default 10,000,000-character text node.
    large = Attachment(name="ban-do.pdf", content_type="application/pdf", data=b"%PDF" + b"\0" * 9_000_000)
    xml = package_to_xml(sample_package(attachments=(large,)))
    assert package_from_xml(xml).attachments[0].data == large.data


def test_attachment_over_the_package_limit_is_refused_when_building_and_when_parsing(settings):
    settings.SAOLA_EXCHANGE_MAX_BYTES = 200_000
    too_big = Attachment(
        name="lon.pdf", content_type="application/pdf", data=b"\0" * (safexml.max_attachment_bytes() + 1)
    )
    with pytest.raises(InvalidPackage, match="quá giới hạn"):
        package_to_xml(sample_package(attachments=(too_big,)))
    fits = Attachment(name="vua.pdf", content_type="application/pdf", data=b"\0" * 100_000)
    xml = package_to_xml(sample_package(attachments=(fits,)))
    assert package_from_xml(xml).attachments[0].data == fits.data
    settings.SAOLA_EXCHANGE_MAX_BYTES = len(xml) - 1
    with pytest.raises(XmlTooLarge):
        package_from_xml(xml)


def test_deeply_nested_input_is_refused_quickly():
    depth = 100_000
    data = f'<edXML:Status xmlns:edXML="{NAMESPACE}">'.encode() + b"<a>" * depth + b"</a>" * depth + b"</edXML:Status>"
    started = time.perf_counter()

    with pytest.raises(MalformedXml):
        status_from_xml(data)

    assert time.perf_counter() - started < 0.5
