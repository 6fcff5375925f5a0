"""Hardened XML parsing for everything that arrives from another system.

No DTD is loaded, no entity is resolved, nothing is fetched over the network, and a document
that declares a DOCTYPE at all (the carrier of XXE and entity-expansion attacks) is refused.
The size limit (setting SAOLA_EXCHANGE_MAX_BYTES) is checked before the parser sees a byte.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from saola.exchange.exceptions import MalformedXml, UnsafeXml, XmlTooLarge

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A DOCTYPE in the encodings an XML declaration may announce without a byte-order ambiguity.
_DOCTYPE_MARKERS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def max_bytes() -> int:
    return int(getattr(settings, "SAOLA_EXCHANGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_attachment_bytes() -> int:
    """The largest attachment whose base64 fits in a package of SAOLA_EXCHANGE_MAX_BYTES."""
    return max_bytes() // 4 * 3


def check_size(size: int) -> None:
    """XmlTooLarge when `size` bytes are over the limit."""
    limit = max_bytes()
    if size > limit:
        raise XmlTooLarge(
            _("Gói tin có %(size)s byte, vượt quá giới hạn %(limit)s byte.") % {"size": size, "limit": limit}
        )


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        # libxml2's "huge" mode lifts its 10,000,000-character limit on one text node (a base64
        # attachment). Its other guard, against entity expansion, is moot: any DOCTYPE is
        # refused before parsing, and the whole input is held to SAOLA_EXCHANGE_MAX_BYTES.
        huge_tree=True,
        remove_blank_text=False,
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_xml(data: bytes) -> etree._Element:
    """The root element of `data`, parsed safely; XmlTooLarge, UnsafeXml or MalformedXml otherwise."""
    check_size(len(data))
    for marker in _DOCTYPE_MARKERS:
        offset = data.find(marker)
        if offset >= 0:
            raise UnsafeXml(line=_line_of(data, offset))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedXml(
            _("XML không đúng cú pháp: %(reason)s") % {"reason": exc.msg}, line=exc.lineno or None
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXml(line=1)
    for node in root.iter(etree.Entity):
        raise UnsafeXml(line=node.sourceline)
    return root


def fragment(xml: str) -> etree._Element:
    """One element from a kept raw XML string (as stored in an `extra` field), parsed safely."""
    return parse_xml(xml.encode())
