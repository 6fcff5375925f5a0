"""A package in the shape other senders write it: unprefixed, reordered, with unknown fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from saola.exchange.edxml import package_from_xml, package_to_xml
from saola.exchange.package import BusinessDocType, split_document_id
from saola.exchange.signature import verify_package_signature
from saola.exchange.validation import validate

SAMPLE = Path(__file__).parent / "data" / "goi-tin-mau.xml"


def test_hand_written_sample_validates_and_parses():
    data = SAMPLE.read_bytes()

    assert validate(data) == []
    package = package_from_xml(data)
    assert package.from_organ.organ_id == "000.00.00.G22"
    assert package.to_organs[0].organ_name == "Ủy ban nhân dân tỉnh Nghệ An"
    assert str(package.code) == "7816/VPCP-TTĐT"
    assert package.promulgation_date == dt.date(2018, 9, 20)
    assert package.signer is not None and package.signer.competence == "KT. Thủ tướng"
    assert package.other_info is not None and package.other_info.direction is True
    assert split_document_id(package.document_id) == ("000.00.00.G22", dt.date(2018, 9, 20), "7816/VPCP-TTĐT")
    assert package.trace_headers[0].timestamp.isoformat() == "2018-09-20T16:05:00+07:00"
    assert package.business is not None and package.business.doc_type is BusinessDocType.NEW
    assert "ReceiverList" in package.business.document_info
    assert package.attachments[0].data.startswith(b"%PDF-1.4")
    assert len(package.extra) == 1 and "MaHoSoLienThong" in package.extra[0]


def test_hand_written_sample_is_unsigned_and_rebuilds_prefixed_and_valid():
    data = SAMPLE.read_bytes()
    check = verify_package_signature(data)
    assert not check.signed and not check.valid

    rebuilt = package_to_xml(package_from_xml(data))

    assert b"<edXML:MaHoSoLienThong>LT-2018-0001</edXML:MaHoSoLienThong>" in rebuilt
    assert b"<edXML:ReceiverList><edXML:Receiver>" in rebuilt
    assert validate(rebuilt) == []
    assert package_from_xml(rebuilt) == package_from_xml(data)
