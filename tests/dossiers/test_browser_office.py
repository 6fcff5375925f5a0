"""The back office in Debian's Chromium: a dossier received at the counter and carried to its
result by four officers, and a late dossier put right with an apology; axe checks and a phone.

Screenshots go to test-artifacts/office-*.png for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.utils import timezone

from saola.catalog.models import Procedure
from saola.dossiers.models import Dossier
from saola.dossiers.services import intake
from tests.dossiers.factories import GOOD_FORM, PASSWORD, PDF, birth_uploads, build_one_stop, officer
from tests.support.browser import ARTIFACTS, BROWSER_MARKS, DESKTOP, PHONE, chromium, officer_page

DAY_TIME = re.compile(r"(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2})")

pytestmark = BROWSER_MARKS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

PERMIT_SCHEMA = {
    "type": "object",
    "required": ["dia_chi_cong_trinh"],
    "properties": {
        "dia_chi_cong_trinh": {"type": "string", "title": "Địa chỉ công trình", "maxLength": 200},
        "so_tang": {"type": "integer", "title": "Số tầng", "minimum": 1, "maximum": 50},
    },
}


@pytest.fixture
def one_stop(transactional_db: None):
    s = build_one_stop()
    Procedure.objects.filter(pk=s.permit.pk).update(form_schema=PERMIT_SCHEMA)
    s.clerk = officer(s.ward, "vanthu", "clerk")
    return s


@pytest.fixture
def late_dossier(one_stop) -> Dossier:
    """A received dossier whose appointment the test moves two days into the past (not waited for)."""
    dossier = intake.dossier_submit_online(
        applicant=one_stop.citizen,
        procedure=one_stop.birth,
        organization=one_stop.ward,
        form_data=GOOD_FORM,
        uploads=birth_uploads(one_stop.birth),
    )
    dossier = intake.dossier_accept(officer=one_stop.receiver, dossier=dossier)
    past = timezone.now() - dt.timedelta(days=2)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=past, original_due_at=past)
    return dossier


@pytest.fixture
def browser(one_stop) -> Iterator[object]:
    """A headless Chromium, started after the data exists and closed before the database is flushed.

    Playwright's sync API keeps an event loop in this thread and Django refuses ORM calls from
    such a thread, so nothing below touches the ORM while the browser runs.
    """
    with chromium() as browser:
        yield browser


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"office-{name}.png"), full_page=True)


def _signed_in(browser, live_server, username: str, viewport: dict[str, int] = DESKTOP):
    return officer_page(browser, live_server.url, username, PASSWORD, viewport=viewport, timeout_ms=15_000)


def _serious_violations(page, name: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{name}: {v['id']} ({v['impact']}) {v['help']}: {[', '.join(n['target']) for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _open_from_inbox(page, code: str) -> None:
    page.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/office/ho-so/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")


def _flash(page):
    return page.locator(".flash-list")


def test_counter_intake_to_returned_result(browser, live_server) -> None:
    problems: list[str] = []

    # The receiving officer takes a dossier for a citizen who has no account yet.
    page = _signed_in(browser, live_server, "tiepnhan")
    page.get_by_role("navigation", name="Điều hướng một cửa").get_by_role("link", name="Tiếp nhận tại quầy").click()
    page.wait_for_url("**/office/tiep-nhan/")
    page.get_by_label("Tìm thủ tục (tên hoặc mã)").fill("xay dung")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.get_by_label("Thủ tục", exact=True).select_option(label="Cấp giấy phép xây dựng (1.013225)")
    page.get_by_role("button", name="Chọn thủ tục").click()
    expect(page.locator(".chosen")).to_contain_text("Cấp giấy phép xây dựng")

    page.get_by_label("Tìm tài khoản theo số định danh, số điện thoại hoặc thư điện tử").fill("014096001234")
    page.get_by_role("button", name="Tìm người nộp").click()
    expect(page.get_by_text("Không tìm thấy tài khoản nào")).to_be_visible()
    expect(page.get_by_label("Số định danh cá nhân (12 chữ số)")).to_have_value("014096001234")
    expect(page.get_by_role("radio", name=re.compile("Người nộp mới"))).to_be_checked()
    page.get_by_label("Họ và tên").fill("Quàng Văn Tú")
    page.get_by_label("Số điện thoại di động").fill("0912345678")
    page.get_by_label("Địa chỉ liên hệ").fill("Bản Hài, phường Tô Hiệu")
    page.get_by_label("Địa chỉ công trình").fill("Tổ 5, phường Tô Hiệu")
    page.get_by_label("Số tầng").fill("2")
    page.get_by_role("checkbox", name=re.compile("Đơn đề nghị cấp giấy phép xây dựng")).check()
    page.get_by_label(re.compile("Bản quét .* Đơn đề nghị")).set_input_files(
        files=[{"name": "don-de-nghi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    problems += _serious_violations(page, "counter")
    _screenshot(page, "counter-1280")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()

    page.wait_for_url(re.compile(r".*/office/ho-so/[^/]+/$"))
    expect(_flash(page)).to_contain_text("Đã tiếp nhận hồ sơ")
    expect(_flash(page)).to_contain_text("tên đăng nhập: 0912345678")
    code = page.get_by_role("heading", level=1).inner_text().removeprefix("Hồ sơ ").strip()
    expect(page.locator("#h-papers + .paper-list")).to_contain_text("Đã nhận bản giấy")
    expect(page.get_by_role("link", name=re.compile("Tải tệp"))).to_have_count(1)

    page.get_by_role("link", name="In giấy tiếp nhận").click()
    page.wait_for_url(f"**/office/ho-so/{code}/giay-tiep-nhan/")
    sheet = page.locator("article.print-sheet")
    expect(sheet).to_contain_text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    expect(sheet).to_contain_text("Quàng Văn Tú")
    expect(sheet).to_contain_text("Đơn đề nghị cấp giấy phép xây dựng")
    expect(sheet.get_by_role("img", name=re.compile("Mã QR"))).to_be_visible()
    expect(page.get_by_role("button", name="In trang này")).to_be_visible()
    _screenshot(page, "receipt-screen")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".office-bar")).to_be_hidden()
    expect(page.get_by_role("button", name="In trang này")).to_be_hidden()
    _screenshot(page, "receipt-print")
    page.context.close()

    # The processing officer completes the appraisal.
    page = _signed_in(browser, live_server, "xuly")
    _open_from_inbox(page, code)
    page.get_by_label("Ý kiến xử lý").fill("Đủ điều kiện cấp phép")
    page.get_by_role("button", name="Hoàn thành bước, chuyển tiếp").click()
    expect(_flash(page)).to_contain_text("Bước tiếp theo: Xem xét, phê duyệt.")
    page.context.close()

    # The leader approves.
    page = _signed_in(browser, live_server, "lanhdao")
    _open_from_inbox(page, code)
    expect(page.get_by_role("button", name="Trả lại")).to_be_visible()
    problems += _serious_violations(page, "detail-leader")
    _screenshot(page, "detail-leader-1280")
    page.get_by_role("button", name="Đồng ý").click()
    expect(_flash(page)).to_contain_text("Đã đồng ý.")
    page.context.close()

    # The clerk registers and stamps it.
    page = _signed_in(browser, live_server, "vanthu")
    _open_from_inbox(page, code)
    page.get_by_role("button", name="Hoàn thành bước, chuyển tiếp").click()
    expect(page.locator(".status-badge")).to_have_text("Đã có kết quả")
    page.context.close()

    # The processing officer uploads the signed result.
    page = _signed_in(browser, live_server, "xuly")
    page.goto(f"{live_server.url}/office/ho-so/{code}/")
    page.get_by_label("Tệp kết quả (PDF, JPG, PNG)").set_input_files(
        files=[{"name": "giay-phep.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Tên kết quả (không bắt buộc)").fill("Giấy phép xây dựng số 12/GPXD")
    page.get_by_role("button", name="Tải lên kết quả").click()
    expect(_flash(page)).to_contain_text("Đã tải lên kết quả: Giấy phép xây dựng số 12/GPXD.")
    page.context.close()

    # The receiving officer hands the result over.
    page = _signed_in(browser, live_server, "tiepnhan")
    _open_from_inbox(page, code)
    page.get_by_role("button", name="Trả kết quả cho người nộp").click()
    expect(_flash(page)).to_contain_text("Đã trả kết quả cho người nộp.")
    expect(page.locator(".status-badge")).to_have_text("Đã trả kết quả")
    history = page.locator("ol.office-timeline")
    for text in ("Trả kết quả", "Tải lên kết quả", "Hoàn thành bước", "Tiếp nhận"):
        expect(history).to_contain_text(text)
    _screenshot(page, "detail-returned-1280")

    page.get_by_role("link", name="In phiếu kiểm soát", exact=True).click()
    sheet = page.locator("article.print-sheet")
    expect(sheet).to_contain_text("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ")
    expect(sheet.locator("tbody tr")).to_have_count(5)
    _screenshot(page, "control-slip")
    assert problems == []


def test_late_dossier_gets_an_apology_and_a_new_date(late_dossier, browser, live_server) -> None:
    code = late_dossier.code
    problems: list[str] = []
    page = _signed_in(browser, live_server, "xuly")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=code))
    expect(row).to_contain_text("Quá hạn")
    expect(row).to_have_class("is-overdue")
    overdue_tab = page.get_by_role("navigation", name="Lọc theo thời hạn").get_by_role(
        "link", name=re.compile("Quá hạn")
    )
    expect(overdue_tab).to_contain_text("1")
    problems += _serious_violations(page, "inbox")
    _screenshot(page, "inbox-1280")

    _open_from_inbox(page, code)
    expect(page.locator(".status-line")).to_contain_text("Quá hạn")
    problems += _serious_violations(page, "detail")
    _screenshot(page, "detail-late-1280")
    page.get_by_label("Lý do chậm trả kết quả").fill("Chờ kết quả xác minh của công an xã")
    page.get_by_label("Số ngày làm việc gia hạn").fill("2")
    page.get_by_role("button", name="Lập văn bản xin lỗi, hẹn lại").click()

    expect(_flash(page)).to_contain_text("Hẹn trả kết quả mới:")
    message = _flash(page).inner_text()
    day, month, year, hour, minute = (int(g) for g in DAY_TIME.search(message).groups())
    new_due = dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())
    now = timezone.now()
    # Two working days: at least a day and a half of clock time, at most a long holiday later.
    assert now + dt.timedelta(days=1) < new_due < now + dt.timedelta(days=12)
    due_fact = page.locator("#due-at")
    expect(due_fact).to_contain_text(f"{day:02d}/{month:02d}/{year} {hour:02d}:{minute:02d}")
    expect(due_fact).to_contain_text("Hẹn ban đầu:")
    expect(page.locator(".status-line")).not_to_contain_text("Quá hạn")
    expect(page.locator("#h-apologies + .record-list")).to_contain_text("Chờ kết quả xác minh")
    _screenshot(page, "detail-apology-1280")

    page.get_by_role("navigation", name="Điều hướng một cửa").get_by_role("link", name="Việc cần xử lý").click()
    expect(overdue_tab).to_contain_text("0")
    expect(page.locator("tbody tr", has=page.get_by_role("link", name=code))).not_to_contain_text("Quá hạn")
    assert problems == []


def test_inbox_on_a_phone(late_dossier, browser, live_server) -> None:
    page = _signed_in(browser, live_server, "xuly", viewport=PHONE)
    row = page.locator("tbody tr", has=page.get_by_role("link", name=late_dossier.code))
    expect(row).to_contain_text("Quá hạn")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Stacked cards: each cell carries its column name.
    assert page.evaluate("getComputedStyle(document.querySelector('.office-table tbody tr')).display") == "block"
    _screenshot(page, "inbox-360")
    problems = _serious_violations(page, "inbox-360")
    _open_from_inbox(page, late_dossier.code)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _screenshot(page, "detail-360")
    page.goto(f"{live_server.url}/office/ho-so/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()
    page = _signed_in(browser, live_server, "tiepnhan", viewport=PHONE)
    page.goto(f"{live_server.url}/office/tiep-nhan/?procedure=1.001193")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems += _serious_violations(page, "counter-360")
    _screenshot(page, "counter-360")
    assert problems == []
