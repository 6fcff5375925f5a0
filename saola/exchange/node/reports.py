"""Document-exchange indicators for leaders: per organisation and period, how many documents went
out and came in electronically, and how many issued documents carry a digital signature.

An outgoing document counts as sent electronically when at least one recipient was reached
without paper: an internal unit or person it was distributed to (`Distribution` delivered), or an
exchange package about it that the hub accepted (outbox row sent; a recall does not count). An
incoming document counts as received electronically when an exchange package registered it
(`InboundMessage` applied, new or replacing). Internal distribution does not create incoming
documents (the units see the issuing organisation's document itself), so it only counts on the
sending side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields import BooleanField
from django.utils.translation import gettext as _

from saola.core.calendar import LOCAL_TZ
from saola.core.exceptions import PermissionDeniedError, ValidationFailed
from saola.core.models import Organization, RoleAssignment
from saola.core.permissions import is_platform_admin
from saola.core.selectors import user_roles
from saola.documents.models import Attachment, Distribution, Document, OrganizationSetting
from saola.documents.permissions import is_officer
from saola.documents.states import Direction, Status
from saola.exchange.node_models import BusinessType, InboundMessage, MessageKind, OutboundMessage

# The share of issued documents that should carry a digital signature. This is the target the
# provinces state in their own reports on electronic document exchange (90 %), not a national
# legal rule: change it here if a province adopts another one.
SIGNED_RATE_TARGET = Decimal("0.90")
SIGNED_RATE_TARGET_SOURCE = "Provincial reports on electronic document exchange (the province's stated target)"


@dataclass(frozen=True)
class UnitIndicators:
    """One organisation's indicators for a period; the total row has `organization_id` None."""

    organization_id: int | None
    organization_code: str
    organization_name: str
    issued: int
    sent_electronically: int
    signed: int
    registered: int
    received_electronically: int

    @property
    def is_total(self) -> bool:
        return self.organization_id is None

    @property
    def sent_on_paper(self) -> int:
        """Issued documents no recipient received electronically (paper only, or not sent yet)."""
        return self.issued - self.sent_electronically

    @property
    def received_on_paper(self) -> int:
        return self.registered - self.received_electronically

    @property
    def electronic_rate(self) -> Decimal | None:
        """(sent + received electronically) / (issued + registered); None when there were none."""
        return _ratio(self.sent_electronically + self.received_electronically, self.issued + self.registered)

    @property
    def signed_rate(self) -> Decimal | None:
        return _ratio(self.signed, self.issued)

    @property
    def electronic_percent(self) -> Decimal | None:
        rate = self.electronic_rate
        return None if rate is None else rate * 100

    @property
    def signed_percent(self) -> Decimal | None:
        rate = self.signed_rate
        return None if rate is None else rate * 100

    @property
    def below_target(self) -> bool:
        rate = self.signed_rate
        return rate is not None and rate < SIGNED_RATE_TARGET


def _ratio(part: int, whole: int) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None


def _local_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)


def _counts() -> dict[str, Count]:
    outgoing = Q(direction=Direction.OUTGOING)
    incoming = Q(direction=Direction.INCOMING)
    internal = Distribution.objects.filter(
        Q(unit__isnull=False) | Q(person__isnull=False),
        document=OuterRef("pk"),
        status=Distribution.Status.DELIVERED,
    )
    exchanged = OutboundMessage.objects.filter(
        document=OuterRef("pk"), kind=MessageKind.PACKAGE, state=OutboundMessage.State.SENT
    ).exclude(business_type=BusinessType.RECALL)
    # The main file is the newest one of kind "main", as issuing signs it (documents.services.outgoing).
    main_signed = Subquery(
        Attachment.objects.filter(document=OuterRef("pk"), kind=Attachment.Kind.MAIN)
        .order_by("-id")
        .values("signed")[:1],
        output_field=BooleanField(),
    )
    received = InboundMessage.objects.filter(
        document=OuterRef("pk"),
        kind=MessageKind.PACKAGE,
        state=InboundMessage.State.APPLIED,
        business_type__in=[BusinessType.NEW, BusinessType.REPLACE],
    )
    return {
        "issued": Count("pk", filter=outgoing),
        "sent_electronically": Count("pk", filter=outgoing & (Q(Exists(internal)) | Q(Exists(exchanged)))),
        "signed": Count("pk", filter=outgoing & Q(main_signed)),
        "registered": Count("pk", filter=incoming),
        "received_electronically": Count("pk", filter=incoming & Q(Exists(received))),
    }


def exchange_indicators(
    *, organizations: QuerySet[Organization] | None, date_from: dt.date, date_to: dt.date
) -> list[UnitIndicators]:
    """Indicators per organisation for the documents dated from `date_from` to `date_to` (inclusive,
    Vietnam dates), ordered by the organisation tree, then the total row (always present, last).

    Outgoing: documents issued in the period (an issued document's `dated_at` is its issuing moment,
    so the organisation/direction/date index serves both directions). Incoming: documents registered
    in the period, whatever happened to them since. `organizations` limits the organisations counted
    (None: all); only those with a document in the period get a row. Two queries, whatever the
    number of documents and organisations: one grouped aggregate, one for the names.
    """
    if date_from > date_to:
        raise ValidationFailed(fields={"date_to": [_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")]})
    start, end = _local_start(date_from), _local_start(date_to + dt.timedelta(days=1))
    qs = Document.objects.filter(dated_at__gte=start, dated_at__lt=end).filter(
        Q(direction=Direction.OUTGOING, status=Status.ISSUED) | Q(direction=Direction.INCOMING)
    )
    if organizations is not None:
        qs = qs.filter(organization_id__in=organizations.values("pk"))
    grouped = list(qs.order_by().values("organization_id").annotate(**_counts()))
    names = {
        o.pk: o
        for o in Organization.objects.filter(pk__in=[g["organization_id"] for g in grouped]).only(
            "code", "name", "path"
        )
    }
    fields = ("issued", "sent_electronically", "signed", "registered", "received_electronically")
    rows = [
        UnitIndicators(
            organization_id=g["organization_id"],
            organization_code=names[g["organization_id"]].code,
            organization_name=names[g["organization_id"]].name,
            **{f: int(g[f]) for f in fields},
        )
        for g in grouped
    ]
    rows.sort(key=lambda r: (names[r.organization_id].path, r.organization_id) if r.organization_id else ("", 0))
    total = UnitIndicators(
        organization_id=None,
        organization_code="",
        organization_name=_("Tổng cộng"),
        **{f: sum(getattr(r, f) for r in rows) for f in fields},
    )
    return [*rows, total]


def exchange_report_scope(*, user: Any) -> QuerySet[Organization] | None:
    """The organisations whose indicators `user` may see; None for platform admins (all of them).

    The subtrees of the organisations the user holds a role over, as for documents, and the
    organisations whose registers the user's clerk units keep (a People's Committee's clerk sits in
    its Office). Raises PermissionDeniedError for anyone but officers.
    """
    if not is_officer(user):
        raise PermissionDeniedError(_("Chỉ cán bộ, công chức xem được chỉ số liên thông văn bản."))
    if is_platform_admin(user):
        return None
    roles = user_roles(user=user)
    scope = Q(pk__in=[])
    kept = Q(pk__in=[])
    for role in roles:
        scope |= Q(path__startswith=role.organization.path)
        if role.role == RoleAssignment.Role.CLERK:
            kept |= Q(records_office__path__startswith=role.organization.path)
    if any(r.role == RoleAssignment.Role.CLERK for r in roles):
        scope |= Q(pk__in=OrganizationSetting.objects.filter(kept).values("organization_id"))
    return Organization.objects.filter(scope)


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def period_month(*, year: int, month: int) -> Period:
    last = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
    return Period(dt.date(year, month, 1), last)


def period_quarter(*, year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    return Period(
        period_month(year=year, month=first_month).date_from, period_month(year=year, month=first_month + 2).date_to
    )


def period_year(*, year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
