"""Reading signed PDFs back in tests: signature statuses, widget rectangles, text of appearance streams."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus

from saola.signing.trust import validation_context


@dataclass(frozen=True)
class Widget:
    page: int
    rect: tuple[float, float, float, float]


def reader(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(pdf))


def statuses(pdf: bytes) -> dict[str, PdfSignatureStatus]:
    """Each embedded signature validated by pyHanko against the platform's trust roots, by field."""
    r = reader(pdf)
    return {sig.field_name: validate_pdf_signature(sig, validation_context()) for sig in r.embedded_signatures}


def widget(pdf: bytes, name: str) -> Widget:
    r = reader(pdf)
    pages = [r.find_page_for_modification(i)[0].idnum for i in range(int(r.root["/Pages"]["/Count"]))]
    for ref in r.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == name:
            annot = field if "/Rect" in field else field["/Kids"][0].get_object()
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            return Widget(
                page=pages.index(annot.raw_get("/P").idnum), rect=(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            )
    raise KeyError(name)


def page_size(pdf: bytes, index: int = 0) -> tuple[float, float]:
    page = reader(pdf).find_page_for_modification(index)[0].get_object()
    box = [float(v) for v in page["/MediaBox"]]
    return box[2] - box[0], box[3] - box[1]


def _to_unicode_map(font: object) -> dict[int, str]:
    data = font["/ToUnicode"].data.decode("ascii")  # type: ignore[index]
    return {
        int(g, 16): bytes.fromhex(u).decode("utf-16-be") for g, u in re.findall(r"<([0-9a-f]{4})> <([0-9a-f]+)>", data)
    }


def appearance_text(pdf: bytes, name: str) -> list[str]:
    """The lines of text drawn by the normal appearance of field `name`, decoded via ToUnicode."""
    r = reader(pdf)
    for ref in r.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == name:
            annot = field if "/Rect" in field else field["/Kids"][0].get_object()
            return _stream_text(annot["/AP"]["/N"])
    raise KeyError(name)


def _stream_text(xobject: object) -> list[str]:
    resources = xobject.get("/Resources", {})  # type: ignore[attr-defined]
    lines: list[str] = []
    fonts = {str(k): _to_unicode_map(v.get_object()) for k, v in resources.get("/Font", {}).items()}
    content = xobject.data.decode("latin-1")  # type: ignore[attr-defined]
    current: dict[int, str] = {}
    for font_name, hexes in re.findall(r"(/\w+) [\d.]+ Tf|<([0-9a-f]+)> Tj", content):
        if font_name:
            current = fonts.get(font_name, {})
        else:
            lines.append("".join(current.get(int(hexes[i : i + 4], 16), "?") for i in range(0, len(hexes), 4)))
    for value in resources.get("/XObject", {}).values():
        lines += _stream_text(value.get_object())
    return lines
