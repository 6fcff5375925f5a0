"""`validate(data)`: every problem of an edXML package or status message, with its line.

Checks, in order: size and hardening (no DTD, no entities), well-formedness, the platform's
XSD (saola/exchange/schemas, XSD 1.1 for the open slots and order-free records), then what the
schema cannot express (real calendar dates, attachments matching the manifest). The kind of
message is told by the root element: `edXML` for a package, `Status` for a status message.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import xmlschema
from django.utils.translation import gettext as _
from lxml import etree

from saola.exchange.edxml import is_edxml, package_from_element, status_from_element
from saola.exchange.exceptions import EdxmlError
from saola.exchange.package import NAMESPACE
from saola.exchange.safexml import parse_xml

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
Kind = Literal["package", "status"]
ROOTS: dict[str, Kind] = {"edXML": "package", "Status": "status"}


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            _("dòng %(line)s: %(message)s") % {"line": self.line, "message": self.message}
            if self.line
            else self.message
        )


@functools.cache
def schema(kind: Kind) -> xmlschema.XMLSchema11:
    """The compiled XSD of `kind`; includes resolve only inside the schema directory, never over the network."""
    name = "edxml.xsd" if kind == "package" else "status.xsd"
    return xmlschema.XMLSchema11(str(SCHEMA_DIR / name), base_url=str(SCHEMA_DIR), allow="sandbox")


def _local(tag: object) -> str:
    """`Subject` for `{ns}Subject` and for `edXML:Subject`."""
    if not isinstance(tag, str):
        return str(tag)
    return etree.QName(tag).localname if tag.startswith("{") else tag.rpartition(":")[2]


def _problem(error: xmlschema.XMLSchemaValidationError) -> Problem:
    elem = error.elem
    name = _local(elem.tag) if elem is not None and hasattr(elem, "tag") else ""
    if isinstance(error, xmlschema.XMLSchemaChildrenValidationError):
        if error.invalid_tag is not None and elem is not None and error.index < len(elem):
            child = elem[error.index]
            return Problem(
                getattr(child, "sourceline", None),
                _("Phần tử %(tag)s không được phép ở vị trí này trong %(parent)s.")
                % {"tag": _local(error.invalid_tag), "parent": name},
            )
        expected = ", ".join(_local(tag) for tag in error.expected_tags) or "?"
        return Problem(
            error.sourceline,
            _("Thiếu phần tử %(expected)s trong %(parent)s.") % {"expected": expected, "parent": name},
        )
    value = error.obj if isinstance(error.obj, str) else (getattr(elem, "text", None) or "")
    if elem is not None and len(elem) == 0:
        return Problem(
            error.sourceline,
            _("Giá trị “%(value)s” của %(name)s không hợp lệ.") % {"value": value.strip()[:80], "name": name},
        )
    return Problem(error.sourceline, _("Phần tử %(name)s không hợp lệ theo lược đồ XSD.") % {"name": name})


def detect_kind(root: etree._Element) -> Kind | None:
    """'package' or 'status' by the root element (edXML namespace), None otherwise."""
    for name, kind in ROOTS.items():
        if is_edxml(root, name) and etree.QName(root).namespace == NAMESPACE:
            return kind
    return None


def validate(data: bytes, *, kind: Kind | None = None) -> list[Problem]:
    """Every problem found in `data` (empty when valid). `kind` forces package or status."""
    try:
        root = parse_xml(data)
    except EdxmlError as exc:
        return [Problem(exc.line, str(exc.message))]
    found = detect_kind(root)
    if found is None or (kind is not None and found != kind):
        expected = {"package": "edXML", "status": "Status"}[kind] if kind else "edXML, Status"
        return [
            Problem(
                root.sourceline,
                _("Phần tử gốc %(found)s không phải %(expected)s thuộc không gian tên %(ns)s.")
                % {"found": etree.QName(root).text, "expected": expected, "ns": NAMESPACE},
            )
        ]
    # xmlschema checks xs:base64Binary with a regular expression: seconds for a 10 MB attachment.
    # The schema sees a placeholder; the payloads are checked by package_from_element below
    # (binascii, strict), which reports the line of a bad one.
    payloads = [(element, element.text) for element in root.iter(f"{{{NAMESPACE}}}ContentTransferEncoded")]
    for element, _text in payloads:
        element.text = "AA=="
    try:
        problems = [_problem(error) for error in schema(found).iter_errors(root, use_location_hints=False)]
    finally:
        for element, text in payloads:
            element.text = text
    if problems:
        return sorted(problems, key=lambda problem: (problem.line is None, problem.line or 0))
    try:
        if found == "package":
            package_from_element(root)
        else:
            status_from_element(root)
    except EdxmlError as exc:
        return [Problem(exc.line, str(exc.message))]
    return []
