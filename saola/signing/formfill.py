"""Filling AcroForm text fields with our own appearance streams, as a PDF "form filling" change.

Only the field's /V and its widgets' /AP (pointing at new appearance streams) change, plus
/NeedAppearances in the AcroForm dictionary, so that viewers show our appearance instead of
regenerating one from /DA with a font subset that may lack the glyphs. Signature validators
(pyHanko's difference analysis, Acrobat) classify exactly these changes as form filling, which
approval signatures allow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStamp, TextStampStyle

from saola.signing.exceptions import SigningError
from saola.signing.fonts import TrueTypeEngineFactory

DEFAULT_SIZE = 12
PADDING = 2
_SIZE_RE = re.compile(rb"([0-9]+(?:\.[0-9]+)?)\s+Tf")


def _walk(fields: generic.ArrayObject, prefix: str = "") -> Iterator[tuple[str, generic.IndirectObject]]:
    for ref in fields:
        field = ref.get_object()
        partial = field.get("/T")
        name = f"{prefix}.{partial}" if prefix and partial else str(partial or prefix)
        kids = field.get("/Kids")
        if kids and any("/T" in kid.get_object() for kid in kids):
            yield from _walk(kids, name)
        else:
            yield name, ref


def _field_type(field: generic.DictionaryObject) -> str | None:
    node: generic.DictionaryObject | None = field
    while node is not None:
        if "/FT" in node:
            return str(node["/FT"])
        node = node["/Parent"].get_object() if "/Parent" in node else None
    return None


_NO_MARGINS = layout.SimpleBoxLayoutRule(
    x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MIN, margins=layout.Margins.uniform(0)
)


def _font_size(field: generic.DictionaryObject, height: float) -> int:
    """The size asked by the field's /DA (whole points; pyHanko's layout works in integers), made to
    fit the widget with room for descenders."""
    match = _SIZE_RE.search(str(field.get("/DA", "")).encode())
    size = float(match.group(1)) if match and float(match.group(1)) > 0 else DEFAULT_SIZE
    return max(4, round(min(size, height * 0.75)))


def _appearance(
    writer: IncrementalPdfFileWriter, *, text: str, width: float, height: float, size: int, font_file: str
) -> generic.DictionaryObject:
    style = TextStampStyle(
        stamp_text=text.replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=TrueTypeEngineFactory(font_file, font_size=size),
            font_size=size,
            leading=size,
            box_layout_rule=_NO_MARGINS,
        ),
        border_width=0,
        background=None,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=PADDING, right=PADDING, top=0, bottom=0),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )
    stamp = TextStamp(writer, style, text_params={}, box=layout.BoxConstraints(width=width, height=height))
    return stamp.as_appearances().as_pdf_object()


def fill_fields(writer: IncrementalPdfFileWriter, *, values: Mapping[str, str], font_file: str) -> None:
    """Set the values and appearances of the text fields named in `values` (full names).

    SigningError when a name is not a text field of the document; nothing is changed then.
    """
    try:
        acroform = writer.root["/AcroForm"]
        found = dict(_walk(acroform["/Fields"]))
    except KeyError:
        found = {}
    missing = [name for name in values if name not in found or _field_type(found[name].get_object()) != "/Tx"]
    if missing:
        raise SigningError(
            _("Tài liệu không có ô nhập: %(names)s.") % {"names": ", ".join(missing)}, extra={"fields": missing}
        )
    for name, text in values.items():
        ref = found[name]
        field = ref.get_object()
        field["/V"] = generic.TextStringObject(text)
        widgets = list(field.get("/Kids", [])) or [ref]
        for widget_ref in widgets:
            widget = widget_ref.get_object()
            x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
            width, height = abs(x2 - x1), abs(y2 - y1)
            size = _font_size(field, height)
            widget["/AP"] = _appearance(writer, text=text, width=width, height=height, size=size, font_file=font_file)
            writer.update_container(widget)
        writer.update_container(field)
    if acroform.get("/NeedAppearances"):
        acroform["/NeedAppearances"] = generic.BooleanObject(False)
        writer.update_container(acroform)
