"""Document-exchange indicators: the selector, the page with its CSV export, and the API.

The province of the documents tests issues documents in March 2025 (signed or not; distributed
internally, sent by exchange, or on paper only) and today (one sent by exchange to the Department
of Justice and to Điện Biên, which register it), and registers paper documents today.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from saola.core.calendar import LOCAL_TZ
from saola.core.models import Organization, User
from saola.core.services import citizen_register
from saola.documents.models import Attachment, Document
from saola.documents.services import incoming, outgoing
from saola.exchange.node.outbound import outbound_mark_sent
from saola.exchange.node.reports import SIGNED_RATE_TARGET, UnitIndicators, exchange_indicators, exchange_report_scope
from tests.documents.factories import (
    PASSWORD,
    SECRET,
    Province,
    draft_data,
    incoming_data,
    issue,
    officer,
    pdf_file,
    register_incoming,
)
from tests.exchange.node.support import REMOTE_CODE, deliver, province_with_directory, send

pytestmark = pytest.mark.django_db

MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
URL = "/office/van-ban/chi-so-lien-thong/"
API = "/api/v1/reports/document-exchange"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


@dataclass
class World:
    p: Province
    justice_clerk: User
    exchanged_today: Document


def _approved(p: Province, organization: Organization, author: User, leader: User) -> Document:
    document = outgoing.draft_create(author=author, organization=organization, data=draft_data())
    outgoing.draft_submit(author=author, document=document)
    return outgoing.draft_approve(leader=leader, document=document, secret=SECRET)


def _ubnd(p: Province, at: dt.datetime, *, unsigned: bool = False) -> Document:
    document = _approved(p, p.ubnd, p.office_officer, p.leader)
    if unsigned:
        # A scanned main file replaces the signed draft: issuing signs only a signed main file.
        incoming.document_attach(actor=p.office_officer, document=document, files=[pdf_file()], kind="main")
    return issue(p, document=document, at=at)


def _justice(p: Province, clerk: User, at: dt.datetime) -> Document:
    document = _approved(p, p.justice, p.justice_officer, p.justice_leader)
    return outgoing.document_issue(clerk=clerk, document=document, secret=SECRET, at=at)


def build_world() -> World:
    p = province_with_directory()
    justice_clerk = officer(p.justice, "vanthu.stp", "clerk", full_name="Điêu Thị Lan")
    # March 2025, People's Committee: internal; exchange sent on the last evening; unsigned, its
    # package still queued and an external recipient waiting (paper only); one just after midnight.
    internal = _ubnd(p, local(2025, 3, 5, 9))
    outgoing.document_distribute(clerk=p.clerk, document=internal, units=[p.justice])
    last_day = _ubnd(p, local(2025, 3, 31, 23, 30))
    outbound_mark_sent(message_id=send(p, last_day, [REMOTE_CODE]).pk)
    unsigned = _ubnd(p, local(2025, 3, 20, 10), unsigned=True)
    send(p, unsigned, [REMOTE_CODE])
    outgoing.document_distribute(
        clerk=p.clerk, document=unsigned, external=[outgoing.ExternalRecipient(name="Bộ Tài chính")]
    )
    _ubnd(p, local(2025, 4, 1, 0, 10))
    # March 2025, Department of Justice: one to a person of the department, one not sent.
    to_person = _justice(p, justice_clerk, local(2025, 3, 15, 8))
    outgoing.document_distribute(clerk=justice_clerk, document=to_person, people=[p.justice_officer])
    _justice(p, justice_clerk, local(2025, 3, 16, 8))
    # Today: one sent by exchange to the department and to Điện Biên, both register it; one paper
    # document registered by each of the People's Committee and the department.
    today = _ubnd(p, timezone.now())
    message = send(p, today, [p.justice.code, p.other_province.code])
    outbound_mark_sent(message_id=message.pk)
    deliver(message, p.justice.code)
    deliver(message, p.other_province.code)
    register_incoming(p)
    incoming.document_register_incoming(
        clerk=justice_clerk, organization=p.justice, data=incoming_data(notation="20/QĐ-BNV")
    )
    return World(p=p, justice_clerk=justice_clerk, exchanged_today=today)


@pytest.fixture
def world() -> World:
    return build_world()


def by_code(rows: list[UnitIndicators]) -> dict[str, UnitIndicators]:
    return {r.organization_code: r for r in rows if not r.is_total}


def counts(row: UnitIndicators) -> tuple[int, ...]:
    return (
        row.issued,
        row.sent_electronically,
        row.sent_on_paper,
        row.signed,
        row.registered,
        row.received_electronically,
        row.received_on_paper,
    )


def client_for(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_exchange_indicators_count_march_per_unit_with_rates(world: World) -> None:
    p = world.p
    rows = exchange_indicators(organizations=None, date_from=MARCH[0], date_to=MARCH[1])
    assert [r.organization_code for r in rows] == [p.ubnd.code, p.justice.code, ""]
    units = by_code(rows)
    ubnd, justice, total = units[p.ubnd.code], units[p.justice.code], rows[-1]
    assert ubnd.organization_name == p.ubnd.name
    assert counts(ubnd) == (3, 2, 1, 2, 0, 0, 0)
    assert ubnd.signed_rate == Decimal(2) / Decimal(3)
    assert ubnd.electronic_rate == Decimal(2) / Decimal(3)
    assert ubnd.below_target
    assert counts(justice) == (2, 1, 1, 2, 0, 0, 0)
    assert justice.signed_rate == Decimal(1)
    assert justice.electronic_rate == Decimal("0.5")
    assert not justice.below_target
    assert total.is_total
    assert counts(total) == (5, 3, 2, 4, 0, 0, 0)
    assert total.signed_rate == Decimal("0.8")
    assert total.electronic_rate == Decimal("0.6")
    assert total.below_target


def test_exchange_indicators_count_today_incoming_by_exchange_and_on_paper(world: World) -> None:
    p = world.p
    today = timezone.localdate()
    units = by_code(exchange_indicators(organizations=None, date_from=today, date_to=today))
    assert set(units) == {p.ubnd.code, p.justice.code, p.other_province.code}
    assert counts(units[p.ubnd.code]) == (1, 1, 0, 1, 1, 0, 1)
    assert units[p.ubnd.code].electronic_rate == Decimal("0.5")
    assert counts(units[p.justice.code]) == (0, 0, 0, 0, 2, 1, 1)
    assert units[p.justice.code].signed_rate is None
    assert not units[p.justice.code].below_target
    assert counts(units[p.other_province.code]) == (0, 0, 0, 0, 1, 1, 0)
    assert units[p.other_province.code].electronic_rate == Decimal(1)
    total = exchange_indicators(organizations=None, date_from=today, date_to=today)[-1]
    assert counts(total) == (1, 1, 0, 1, 4, 2, 2)
    assert total.electronic_rate == Decimal("0.6")


def test_exchange_indicators_period_boundaries_are_vietnam_dates(world: World) -> None:
    p = world.p
    last_day = by_code(exchange_indicators(organizations=None, date_from=MARCH[1], date_to=MARCH[1]))
    assert counts(last_day[p.ubnd.code])[:2] == (1, 1)
    next_day = by_code(
        exchange_indicators(organizations=None, date_from=dt.date(2025, 4, 1), date_to=dt.date(2025, 4, 1))
    )
    assert counts(next_day[p.ubnd.code]) == (1, 0, 1, 1, 0, 0, 0)
    before = by_code(
        exchange_indicators(organizations=None, date_from=MARCH[0], date_to=MARCH[1] - dt.timedelta(days=1))
    )
    assert before[p.ubnd.code].issued == 2
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    empty = exchange_indicators(organizations=None, date_from=yesterday - dt.timedelta(days=30), date_to=yesterday)
    assert [r.is_total for r in empty] == [True]
    assert empty[0].electronic_rate is None
    assert empty[0].signed_rate is None


def test_exchange_indicators_main_file_is_the_newest_one(world: World) -> None:
    # The unsigned March document still holds the signed draft of its approval: it does not count.
    p = world.p
    unsigned = Document.objects.get(organization=p.ubnd, issued_on=dt.date(2025, 3, 20))
    mains = list(unsigned.attachments.filter(kind=Attachment.Kind.MAIN).order_by("id").values_list("signed", flat=True))
    assert mains == [True, False]


def test_exchange_report_scope_follows_roles(world: World) -> None:
    p = world.p

    def codes(user: User) -> list[str]:
        scope = exchange_report_scope(user=user)
        return [
            r.organization_code for r in exchange_indicators(organizations=scope, date_from=MARCH[0], date_to=MARCH[1])
        ]

    assert codes(world.justice_clerk) == [p.justice.code, ""]
    # The Office's clerk keeps the People's Committee's registers, not the department's.
    assert codes(p.clerk) == [p.ubnd.code, ""]
    assert codes(p.leader) == [p.ubnd.code, p.justice.code, ""]
    assert codes(p.outsider) == [""]
    today = timezone.localdate()
    outsider = exchange_indicators(organizations=exchange_report_scope(user=p.outsider), date_from=today, date_to=today)
    assert [r.organization_code for r in outsider] == [p.other_province.code, ""]
    clerk_rows = exchange_indicators(
        organizations=exchange_report_scope(user=world.justice_clerk), date_from=MARCH[0], date_to=MARCH[1]
    )
    assert counts(clerk_rows[-1]) == (2, 1, 1, 2, 0, 0, 0)


def test_exchange_indicators_take_two_queries_whatever_the_data(
    world: World, django_assert_max_num_queries: object
) -> None:
    p = world.p
    scope = Organization.objects.filter(path__startswith=p.ubnd.path)
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        small = exchange_indicators(organizations=scope, date_from=MARCH[0], date_to=dt.date(2025, 4, 30))
    for day in (2, 3, 4):
        _ubnd(p, local(2025, 4, day, 9))
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        larger = exchange_indicators(organizations=scope, date_from=MARCH[0], date_to=dt.date(2025, 4, 30))
    assert larger[-1].issued == small[-1].issued + 3


def test_indicators_page_shows_units_rates_and_target(world: World) -> None:
    p = world.p
    client = client_for(p.leader)
    listing = client.get("/office/van-ban/")
    assert f'href="{URL}"' in listing.content.decode()
    response = client.get(URL, {"period": "month", "year": "2025", "month": "3"})
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Chỉ số liên thông văn bản",
        "Văn bản đi",
        "Văn bản đến",
        "Gửi điện tử",
        "Nhận điện tử",
        "Tỷ lệ trao đổi điện tử",
        "Tỷ lệ ký số (chỉ tiêu 90%)",
        "Tổng cộng",
    ):
        assert heading in html
    assert p.ubnd.name in html and p.justice.name in html
    assert "Từ 01/03/2025 đến 31/03/2025" in html or "từ 01/03/2025 đến 31/03/2025" in html
    assert "66,7%" in html  # the People's Committee: 2 of 3 signed
    assert "100,0%" in html  # the department
    assert html.count("Dưới chỉ tiêu") == 2  # the People's Committee and the total
    assert 'role="region"' in html and 'tabindex="0"' in html
    assert "format=csv" in html


def test_indicators_page_periods_default_quarter_and_errors(world: World) -> None:
    p = world.p
    client = client_for(p.leader)
    today = timezone.localdate()
    default = client.get(URL)
    assert default.status_code == 200
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    assert quarter_start.strftime("%d/%m/%Y") in default.content.decode()
    assert p.justice.name in default.content.decode()
    quarter = client.get(URL, {"period": "quarter", "year": "2025", "quarter": "1"})
    year = client.get(URL, {"period": "year", "year": "2025"})
    assert "66,7%" in quarter.content.decode()
    assert "75,0%" in year.content.decode()  # the People's Committee: 3 of 4 signed in 2025
    assert "83,3%" in year.content.decode()  # the total: 5 of 6
    ranged = client.get(URL, {"period": "range", "date_from": "2025-04-01", "date_to": "2025-03-01"})
    assert ranged.status_code == 400
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in ranged.content.decode()
    assert client.get(URL, {"period": "range", "date_from": "2025-03-01"}).status_code == 400
    assert Client().get(URL).status_code == 302


def test_indicators_csv_has_bom_and_the_table(world: World) -> None:
    p = world.p
    response = client_for(p.leader).get(URL, {"period": "month", "year": "2025", "month": "3", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="chi-so-lien-thong-20250301-20250331.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã định danh", "Cơ quan, đơn vị", "Văn bản đi đã ban hành"]
    assert rows[1] == [p.ubnd.code, p.ubnd.name, "3", "2", "1", "2", "0", "0", "0", "66.7", "66.7", "Có"]
    assert rows[2] == [p.justice.code, p.justice.name, "2", "1", "1", "2", "0", "0", "0", "50.0", "100.0", ""]
    assert rows[3] == ["", "Tổng cộng", "5", "3", "2", "4", "0", "0", "0", "60.0", "80.0", "Có"]
    assert len(rows) == 4


def test_indicators_api_answers_items_total_and_target(world: World, django_assert_max_num_queries: object) -> None:
    p = world.p
    client = client_for(world.justice_clerk)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(API, {"date_from": "2025-03-01", "date_to": "2025-03-31"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["target_signed_rate"] == float(SIGNED_RATE_TARGET) == 0.9
    assert body["date_from"] == "2025-03-01" and body["date_to"] == "2025-03-31"
    assert [i["organization_code"] for i in body["items"]] == [p.justice.code]
    item = body["items"][0]
    assert item["issued"] == 2 and item["sent_electronically"] == 1 and item["sent_on_paper"] == 1
    assert item["signed"] == 2 and item["signed_rate"] == 1.0 and item["electronic_rate"] == 0.5
    assert item["below_target"] is False
    assert body["total"]["organization_name"] == "Tổng cộng"
    assert body["total"]["issued"] == 2
    leader = client_for(p.leader).get(API, {"date_from": "2025-03-01", "date_to": "2025-03-31"}).json()
    assert leader["total"]["signed_rate"] == pytest.approx(0.8)
    assert leader["items"][0]["signed_rate"] == pytest.approx(2 / 3)
    today = client_for(p.leader).get(API).json()  # the current quarter
    assert today["total"]["registered"] == 3


def test_indicators_api_refuses_citizens_strangers_and_bad_periods(world: World) -> None:
    assert Client().get(API).status_code == 401
    citizen = citizen_register(
        full_name="Lò Thị Mai", password=PASSWORD, email="mai@example.vn", personal_id="011234567890"
    )
    client = Client()
    client.force_login(citizen)
    assert client.get(API).status_code == 403
    clerk = client_for(world.justice_clerk)
    reversed_period = clerk.get(API, {"date_from": "2025-04-01", "date_to": "2025-03-01"})
    assert reversed_period.status_code == 400
    assert reversed_period.json()["error"]["code"] == "VALIDATION_FAILED"
    assert clerk.get(API, {"date_from": "2025-13-01"}).status_code == 422
