"""HTML → PDF for the one-stop slips: WeasyPrint, Vietnamese dates, letterhead, QR code.

Layout follows the administrative-document presentation of Decree 30/2020/NĐ-CP: A4, Times
New Roman 13pt (Liberation Serif has the same metrics; DejaVu Serif is the fallback), the
national motto on the right, the issuing agency on the left.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.template.loader import render_to_string

from saola.core.calendar import LOCAL_TZ
from saola.core.models import Organization

_AGENCY_PREFIX = re.compile(r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+", re.IGNORECASE)
_LEVEL_PREFIX = re.compile(r"^(tỉnh|thành phố|phường|xã|đặc khu|thị trấn|huyện|quận|thị xã)\s+", re.IGNORECASE)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to HTML and the HTML to PDF bytes."""
    # Imported here: WeasyPrint loads Pango at import, and only the PDF endpoints need it.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf


def lookup_url(code: str) -> str:
    """The public status page of a dossier (printed and encoded in the receipt's QR code)."""
    return f"{settings.SAOLA_PUBLIC_URL.rstrip('/')}/tra-cuu/{quote(code, safe='')}/"


def qr_code(data: str) -> segno.QRCode:
    # Level M survives a crease or a stamp over part of the code on a printed slip.
    return segno.make(data, error="m", micro=False)


def qr_svg_data_uri(data: str) -> str:
    return str(qr_code(data).svg_data_uri(scale=4, border=2))


def _two(value: int, *, pad: bool) -> str:
    return f"{value:02d}" if pad else str(value)


def vn_date(value: dt.date | dt.datetime) -> str:
    """ "ngày 05 tháng 01 năm 2026": Decree 30/2020 pads days below 10 and months 1 and 2."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return f"ngày {_two(value.day, pad=value.day < 10)} tháng {_two(value.month, pad=value.month < 3)} năm {value.year}"


def vn_datetime(value: dt.datetime | None) -> str:
    """ "08 giờ 30 phút, ngày 05 tháng 01 năm 2026" in Vietnam time; "" for None."""
    if value is None:
        return ""
    local = value.astimezone(LOCAL_TZ)
    return f"{local:%H} giờ {local:%M} phút, {vn_date(local)}"


def short_datetime(value: dt.datetime | None) -> str:
    """ "08:30 05/01/2026" for table cells; "" for None."""
    return value.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y") if value else ""


def place_name(organization: Organization) -> str:
    """The place in the date line (Decree 30/2020): the province or commune the agency sits in.

    Taken from the nearest commune- or province-level unit's name without "Ủy ban nhân dân"
    and the level word ("phường Tô Hiệu" → "Tô Hiệu"); an approximation until organisations
    carry their place name as data.
    """
    org: Organization | None = organization
    while org is not None and org.level not in {Organization.Level.COMMUNE, Organization.Level.PROVINCE}:
        org = org.parent
    name = _AGENCY_PREFIX.sub("", (org or organization).name)
    return _LEVEL_PREFIX.sub("", name).strip()


def letterhead(organization: Organization, *, at: dt.datetime) -> dict[str, str]:
    """Names for the top-left block and the place-and-date line."""
    parent = organization.parent
    return {
        "parent_name": parent.name.upper() if parent else "",
        "agency_name": organization.name.upper(),
        "place_date": f"{place_name(organization)}, {vn_date(at)}",
    }
