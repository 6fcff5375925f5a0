"""What signatures look like on the page (Decree 30/2020/NĐ-CP, Phụ lục I, II.7.d and II.8).

- A person's signature: their handwritten signature image, blue, PNG with transparency.
- An organisation's signature on the main document: the red seal image at its actual size,
  overlapping about the left third of the person's signature.
- An organisation's signature on an attachment or an electronic copy: no image, text at the
  top right of page 1 (number and notation, or copy form and organisation name, and the signing
  time in ISO 8601 with the Vietnam offset), Times New Roman 10 pt black — Liberation Serif,
  metric-compatible, from settings.SAOLA_SIGNATURE_FONT.

Also draws the demo signature and seal images.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import StaticStampStyle, TextStampStyle

from saola.signing.exceptions import SignatureFontMissing
from saola.signing.fonts import TrueTypeEngineFactory

MM = 72 / 25.4  # PDF points per millimetre
SIGNER_FIELD = "ChuKyNguoiKy"
SEAL_FIELD = "ConDauCoQuan"
STAMP_FIELD = "ChuKyCoQuan"
# Default signer box when the document has no ChuKyNguoiKy field: bottom right of the last page.
DEFAULT_SIGNER_SIZE = (170.0, 70.0)
DEFAULT_MARGIN = 56.0
# The attachment/copy text stamp: top right of page 1.
STAMP_SIZE = (230.0, 42.0)
STAMP_MARGIN = 28.0

BLUE = (0, 51, 160)
RED = (218, 24, 32)

Box = tuple[float, float, float, float]


def font_path() -> str:
    """The configured signature font; SignatureFontMissing when the file is not there."""
    path = Path(settings.SAOLA_SIGNATURE_FONT)
    if not path.is_file():
        raise SignatureFontMissing(extra={"font": path.name})
    return str(path)


def seal_box(signer: Box, *, diameter_pt: float, page: Box) -> Box:
    """Where the seal goes: its right edge on the first third of the signer box, centred vertically.

    The seal then covers about the left third of the signature (Decree 30/2020, Phụ lục I, II.8;
    Điều 33 for paper: the stamp covers about a third of the signature, on the left). The box is
    kept on the page.
    """
    x1, y1, x2, y2 = signer
    right = x1 + (x2 - x1) / 3
    centre_y = (y1 + y2) / 2
    left = right - diameter_pt
    bottom = centre_y - diameter_pt / 2
    px1, py1, px2, py2 = page
    left = min(max(left, px1), px2 - diameter_pt)
    bottom = min(max(bottom, py1), py2 - diameter_pt)
    return (round(left, 2), round(bottom, 2), round(left + diameter_pt, 2), round(bottom + diameter_pt, 2))


def default_signer_box(page: Box) -> Box:
    _, y1, x2, _ = page
    width, height = DEFAULT_SIGNER_SIZE
    return (x2 - DEFAULT_MARGIN - width, y1 + DEFAULT_MARGIN, x2 - DEFAULT_MARGIN, y1 + DEFAULT_MARGIN + height)


def stamp_box(page: Box) -> Box:
    """The organisation's text signature on attachments and copies: top right of page 1."""
    _, _, x2, y2 = page
    width, height = STAMP_SIZE
    return (x2 - STAMP_MARGIN - width, y2 - STAMP_MARGIN - height, x2 - STAMP_MARGIN, y2 - STAMP_MARGIN)


def image_style(png: bytes, *, centre: bool = True) -> StaticStampStyle:
    """A stamp showing only `png` (transparency kept as a soft mask), fitted into its field box.

    `centre=False` anchors it at the bottom left instead: for an image exactly the size of the
    box (the seal), centring only trips pyHanko's overflow check on rounding errors.
    """
    align = layout.AxisAlignment.ALIGN_MID if centre else layout.AxisAlignment.ALIGN_MIN
    image = Image.open(io.BytesIO(png))
    image.load()
    return StaticStampStyle(
        background=PdfImage(image.convert("RGBA")),
        border_width=0,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=align,
            y_align=align,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )


def text_style(text: str) -> TextStampStyle:
    """Black 10 pt Liberation Serif text, right-aligned at the top of the box, no border."""
    # The stamp text is a %-template; the text itself is literal.
    return TextStampStyle(
        stamp_text=text.replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=TrueTypeEngineFactory(font_path(), font_size=10),
            font_size=10,
            leading=12,
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MIN,
                margins=layout.Margins.uniform(0),
            ),
        ),
        border_width=0,
        background=None,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.NO_SCALING,
        ),
    )


# --- demo images ------------------------------------------------------------------------------


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _font(size: int, *, italic: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    base = Path(settings.SAOLA_SIGNATURE_FONT)
    candidate = (
        base.with_name("LiberationSerif-BoldItalic.ttf") if italic else base.with_name("LiberationSerif-Bold.ttf")
    )
    for path in (candidate, base):
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def demo_signature_png(full_name: str) -> bytes:
    """A blue handwritten-looking signature: the given name in italics over a looping stroke."""
    width, height = 600, 240
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    rng = random.Random(full_name)  # noqa: S311 - drawing only, reproducible per person
    amplitude = rng.uniform(25, 40)
    loops = rng.uniform(2.5, 3.5)
    points = [
        (
            40 + t * 5.2,
            150 - amplitude * math.sin(t / 100 * loops * 2 * math.pi) * (1 - t / 130) - t * 0.35,
        )
        for t in range(100)
    ]
    draw.line(points, fill=(*BLUE, 255), width=6, joint="curve")
    draw.line([(60, 200), (width - 70, 178)], fill=(*BLUE, 255), width=4)
    given = full_name.rsplit(maxsplit=1)[-1] if full_name.split() else full_name
    draw.text((width / 2, 105), given, font=_font(92, italic=True), fill=(*BLUE, 255), anchor="mm")
    return _png(image)


def demo_seal_png(organization_name: str, *, diameter_px: int = 600) -> bytes:
    """A red round seal: two rings, the organisation's name around the edge, a star in the centre."""
    size = diameter_px
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = (*RED, 235)
    centre = size / 2
    draw.ellipse((6, 6, size - 6, size - 6), outline=colour, width=12)
    draw.ellipse((size * 0.2, size * 0.2, size * 0.8, size * 0.8), outline=colour, width=6)
    _star(draw, centre, centre, size * 0.17, colour)
    text = organization_name.upper()
    font = _font(max(18, int(size * 0.075)))
    radius = size * 0.4
    # Spread the letters over the upper ~300 degrees, clockwise from the lower left.
    span = math.radians(min(300, 12 * len(text)))
    start = -math.pi / 2 - span / 2
    for index, char in enumerate(text):
        angle = start + span * (index + 0.5) / len(text)
        glyph = Image.new("RGBA", (int(size * 0.12), int(size * 0.12)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), char, font=font, fill=colour, anchor="mm")
        rotated = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(angle) - rotated.width / 2
        y = centre + radius * math.sin(angle) - rotated.height / 2
        image.alpha_composite(rotated, (int(x), int(y)))
    return _png(image)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, colour: tuple[int, ...]) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=colour)


@dataclass(frozen=True)
class Placement:
    """A signature field to create (or reuse) and the box it has on its page."""

    field: str
    page: int
    box: Box
