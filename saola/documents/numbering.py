"""Document numbers and notations (Decree 30/2020/NĐ-CP, Điều 15 and Phụ lục I).

Numbers follow each register's order within the year: they start at 01 on 1 January (the year is
that of the moment of registration in Vietnam time) and are never reused. A number is taken by
locking the register row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers with
its database lock, the project's transactions being IMMEDIATE) and incrementing its counter in
the caller's transaction: if anything after it fails, the counter rolls back with it, so the
series has no gap.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import ValidationFailed
from saola.core.models import Organization
from saola.documents.models import Document, DocumentType, OrganizationSetting, Register
from saola.documents.states import Direction

REGISTER_NAMES = {
    Direction.INCOMING: gettext_lazy("Sổ đăng ký văn bản đến"),
    Direction.OUTGOING: gettext_lazy("Sổ đăng ký văn bản đi"),
}


def local_year(moment: dt.datetime) -> int:
    return moment.astimezone(LOCAL_TZ).year


def series_for(document: Document) -> tuple[str, DocumentType | None]:
    """The register series a document is numbered in (Decree 30/2020, Điều 15.1).

    Each type of legal normative document has its own series, confidential documents another;
    other administrative documents share the general series.
    """
    if document.legal_normative:
        return Register.Series.TYPE, document.document_type
    if document.confidentiality != Document.Confidentiality.NORMAL:
        return Register.Series.CONFIDENTIAL, None
    return Register.Series.GENERAL, None


def _series_key(series: str, document_type: DocumentType | None) -> str:
    return f"type:{document_type.code}" if series == Register.Series.TYPE and document_type else str(series)


def register_for(
    *,
    organization: Organization,
    direction: str,
    year: int,
    series: str = Register.Series.GENERAL,
    document_type: DocumentType | None = None,
) -> Register:
    """The register of that organisation, direction, year and series, created if missing (race-free)."""
    key = _series_key(series, document_type)
    base = REGISTER_NAMES[Direction(direction)]
    suffix = {Register.Series.CONFIDENTIAL: _(" (mật)"), Register.Series.TYPE: f" ({document_type})"}.get(
        Register.Series(series), ""
    )
    Register.objects.bulk_create(
        [
            Register(
                organization=organization,
                direction=direction,
                year=year,
                series=series,
                document_type=document_type if series == Register.Series.TYPE else None,
                series_key=key,
                name=_("%(base)s năm %(year)s%(suffix)s") % {"base": base, "year": year, "suffix": suffix},
            )
        ],
        ignore_conflicts=True,
    )
    return Register.objects.get(organization=organization, direction=direction, year=year, series_key=key)


def take_number(*, register: Register) -> int:
    """Take the register's next number under a row lock; must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the transaction that uses the number")
    locked = Register.objects.select_for_update().get(pk=register.pk)
    number = locked.next_number
    locked.next_number = number + 1
    locked.save(update_fields=["next_number"])
    register.next_number = locked.next_number
    return number


def number_text(number: int) -> str:
    """Numbers below 10 take a leading zero (Phụ lục I): 5 → "05", 123 → "123"."""
    return f"{number:02d}"


def agency_abbreviation(organization: Organization) -> str:
    setting = OrganizationSetting.objects.filter(organization=organization).first()
    if setting is None or not setting.abbreviation:
        raise ValidationFailed(
            _("Chưa khai báo chữ viết tắt tên cơ quan “%(name)s” để ghi ký hiệu văn bản.")
            % {"name": organization.name},
            fields={"organization": [_("Cần khai báo chữ viết tắt của cơ quan trong thiết lập văn bản.")]},
        )
    return setting.abbreviation


def unit_abbreviation(unit: Organization | None) -> str:
    if unit is None:
        return ""
    setting = OrganizationSetting.objects.filter(organization=unit).first()
    return setting.abbreviation if setting else ""


def notation(*, number: int, document_type: DocumentType, agency: str, unit: str = "") -> str:
    """ "123/QĐ-UBND"; công văn (no type abbreviation): "45/UBND-VP" (agency - drafting unit)."""
    if document_type.abbreviation:
        return f"{number_text(number)}/{document_type.abbreviation}-{agency}"
    return f"{number_text(number)}/{agency}-{unit}" if unit else f"{number_text(number)}/{agency}"


def keeper_abbreviation(document: Document) -> str:
    """The drafting unit in "Lưu: VT, <unit>." and in a công văn's notation; none when the
    organisation drafted it itself (a commune: "01/UBND", not "01/UBND-UBND")."""
    if document.drafting_unit_id == document.organization_id:
        return ""
    return unit_abbreviation(document.drafting_unit)
