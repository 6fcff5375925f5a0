"""A TrueType font engine for pyHanko's text stamps, embedding a subset of the font (fontTools only).

pyHanko's own OpenType engine needs HarfBuzz for shaping. Vietnamese text in NFC maps one code
point to one precomposed glyph in Liberation Serif / Times New Roman, and a simple left-to-right
run needs no shaping, so the cmap and the horizontal metrics are enough: glyph ids are written
as CIDs of an Identity-H Type0 font (CIDToGIDMap /Identity), the subset keeps the glyph ids,
and a ToUnicode CMap keeps the text extractable and searchable.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from fontTools import subset, ttLib
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory, ShapeResult
from pyhanko.pdf_utils.writer import BasePdfFileWriter

pdf_name = generic.NameObject


class TrueTypeEngine(FontEngine):
    def __init__(self, writer: BasePdfFileWriter, font_file: str, font_size: int, obj_stream: object = None) -> None:
        self.tt = ttLib.TTFont(font_file)
        self.ps_name = str(self.tt["name"].getDebugName(6) or "Font").replace(" ", "")
        super().__init__(writer, self.ps_name, embedded_subset=True, obj_stream=obj_stream, font_size=font_size)
        self.units_per_em = self.tt["head"].unitsPerEm
        self.cmap = self.tt.getBestCmap()
        self.metrics = self.tt["hmtx"].metrics
        self.used: dict[int, str] = {}
        self.widths: dict[int, int] = {}
        self._ref = writer.allocate_placeholder()
        self._written = False

    def shape(self, txt: str) -> ShapeResult:
        gids: list[int] = []
        advance = 0
        for char in unicodedata.normalize("NFC", txt):
            name = self.cmap.get(ord(char), ".notdef")
            gid = self.tt.getGlyphID(name)
            width = self.metrics[name][0]
            gids.append(gid)
            advance += width
            if gid:
                self.used.setdefault(gid, char)
            self.widths[gid] = round(width * 1000 / self.units_per_em)
        if not gids:
            return ShapeResult(b"", 0, 0)
        em = advance / self.units_per_em
        hexes = "".join(f"{gid:04x}" for gid in gids)
        ops = f"<{hexes}> Tj {em * self.font_size:g} 0 Td".encode("ascii")
        return ShapeResult(graphics_ops=ops, x_advance=em, y_advance=0)

    def as_resource(self) -> generic.IndirectObject:
        return self._ref

    def prepare_write(self) -> None:
        if self._written:
            return
        self._written = True
        options = subset.Options(layout_closure=False, retain_gids=True, notdef_outline=True)
        options.drop_tables += ["GPOS", "GDEF", "GSUB", "FFTM"]  # FFTM: FontForge timestamps, not subsettable
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(gids=[0, *sorted(self.used)])
        subsetter.subset(self.tt)
        program = io.BytesIO()
        self.tt.save(program)
        font_file = generic.StreamObject(stream_data=program.getvalue())
        font_file.compress()
        writer = self.writer
        name = f"{self.subset_prefix}+{self.ps_name}"
        descriptor = _descriptor(self.tt, name)
        descriptor[pdf_name("/FontFile2")] = writer.add_object(font_file)
        cid_font = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
                pdf_name("/BaseFont"): pdf_name("/" + name),
                pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        pdf_name("/Registry"): generic.TextStringObject("Adobe"),
                        pdf_name("/Ordering"): generic.TextStringObject("Identity"),
                        pdf_name("/Supplement"): generic.NumberObject(0),
                    }
                ),
                pdf_name("/FontDescriptor"): writer.add_object(descriptor),
                pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
                pdf_name("/W"): generic.ArrayObject(
                    item
                    for gid in sorted(self.widths)
                    for item in (
                        generic.NumberObject(gid),
                        generic.ArrayObject([generic.NumberObject(self.widths[gid])]),
                    )
                ),
            }
        )
        type0 = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type0"),
                pdf_name("/BaseFont"): pdf_name(f"/{name}-Identity-H"),
                pdf_name("/Encoding"): pdf_name("/Identity-H"),
                pdf_name("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
                pdf_name("/ToUnicode"): writer.add_object(_to_unicode(self.used)),
            }
        )
        writer.add_object(type0, idnum=self._ref.idnum)


def _descriptor(tt: ttLib.TTFont, name: str) -> generic.DictionaryObject:
    head, hhea, os2 = tt["head"], tt["hhea"], tt["OS/2"]
    scale = 1000 / head.unitsPerEm
    return generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/FontDescriptor"),
            pdf_name("/FontName"): pdf_name("/" + name),
            pdf_name("/Flags"): generic.NumberObject(0b110),  # serif, symbolic (custom encoding)
            pdf_name("/FontBBox"): generic.ArrayObject(
                generic.NumberObject(round(v * scale)) for v in (head.xMin, head.yMin, head.xMax, head.yMax)
            ),
            pdf_name("/ItalicAngle"): generic.NumberObject(0),
            pdf_name("/Ascent"): generic.NumberObject(round(hhea.ascent * scale)),
            pdf_name("/Descent"): generic.NumberObject(round(hhea.descent * scale)),
            pdf_name("/CapHeight"): generic.NumberObject(round(getattr(os2, "sCapHeight", 700) * scale)),
            pdf_name("/StemV"): generic.NumberObject(80),
        }
    )


def _to_unicode(used: dict[int, str]) -> generic.StreamObject:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>" for gid, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    stream = generic.StreamObject(stream_data="\n".join(lines).encode("ascii"))
    stream.compress()
    return stream


@dataclass(frozen=True)
class TrueTypeEngineFactory(FontEngineFactory):
    font_file: str
    font_size: int = 10

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: object = None) -> FontEngine:
        return TrueTypeEngine(writer, self.font_file, self.font_size, obj_stream=obj_stream)
