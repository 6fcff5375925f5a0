"""End to end in Debian's Chromium: a commune sends a công văn to a province department through
the province hub, the department processes it in its own platform, and every status comes back.

Three real processes sets, each with its own database: the hub (`saola hub serve`), the commune's
platform and the department's (gunicorn + `saola exchange worker` each). Screenshots go to
test-artifacts/exchange-*.png.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.exchange.loopback.processes import Processes, count, db, run_world, wait
from tests.exchange.loopback.world import PASSPHRASE, PASSWORD
from tests.support.browser import ARTIFACTS, BROWSER_MARKS, DESKTOP, PHONE, chromium, officer_page

pytestmark = [*BROWSER_MARKS, pytest.mark.loopback]

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect


@pytest.fixture
def browser() -> Iterator[object]:
    with chromium() as browser:
        yield browser


def _signed_in(browser, base: str, username: str, viewport: dict[str, int] = DESKTOP):
    return officer_page(browser, base, username, PASSWORD, landing="/office/van-ban/", viewport=viewport)


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"exchange-{name}.png"), full_page=True)


def test_commune_sends_department_processes_statuses_come_back(processes: Processes, browser) -> None:
    run_world("issue", str(processes.directory), directory=processes.directory)
    document = json.loads((processes.directory / "issued.json").read_text())["pk"]
    processes.start_hub()
    commune = processes.start_platform("a")
    department = processes.start_platform("b")
    processes.start_node("a")
    processes.start_node("b")
    # The commune's worker copies the hub's directory when it starts.
    wait(lambda: count(db(processes, "a"), "SELECT COUNT(*) FROM exchange_agency") == 2, timeout=60, what="directory")

    clerk = _signed_in(browser, commune, "vanthu.xa")
    detail = f"{commune}/office/van-ban/{document}/"
    clerk.goto(detail)
    clerk.get_by_role("link", name="Gửi liên thông").first.click()
    clerk.get_by_label("Tên hoặc mã định danh").fill("noi vu")
    clerk.get_by_role("button", name="Tìm", exact=True).click()
    clerk.get_by_label("Sở Nội vụ tỉnh Sơn La").check()
    clerk.get_by_label("Mật khẩu khóa ký số").fill(PASSPHRASE)
    _screenshot(clerk, "send-1280")
    clerk.get_by_role("button", name="Ký số và gửi").click()
    expect(clerk.get_by_text("Sở Nội vụ tỉnh Sơn La").first).to_be_visible()
    clerk.goto(detail)  # and stays there while the department works

    # The department's platform registers it on its own and answers 01 and 03.
    wait(
        lambda: count(db(processes, "b"), "SELECT COUNT(*) FROM documents_document WHERE direction = 'incoming'") == 1,
        timeout=60,
        what="the package registered at the department",
    )
    dept_clerk = _signed_in(browser, department, "vanthu.snv")
    dept_clerk.get_by_role("link", name="01").first.click()
    expect(dept_clerk.get_by_role("heading", name="Nhận qua trục liên thông")).to_be_visible()
    expect(dept_clerk.get_by_text("Ủy ban nhân dân xã Chiềng Mung").first).to_be_visible()
    incoming = dept_clerk.url
    _screenshot(dept_clerk, "received-1280")

    director = _signed_in(browser, department, "giamdoc.snv")
    director.goto(incoming)
    director.get_by_text("Phân công xử lý (lãnh đạo)").click()
    director.get_by_label("Người xử lý chính").select_option(label="Tòng Thị Hạnh")
    director.get_by_label("Ý kiến chỉ đạo").fill("Giao chuyên viên tham mưu văn bản hướng dẫn.")
    director.get_by_role("button", name="Phân công", exact=True).click()
    expect(director.locator("#document-status")).to_have_text("Đã phân công")

    officer = _signed_in(browser, department, "chuyenvien.snv", viewport=PHONE)
    officer.goto(incoming)
    officer.get_by_label("Ý kiến xử lý").fill("Đang dự thảo văn bản hướng dẫn.")
    officer.get_by_role("button", name="Gửi ý kiến").click()
    expect(officer.locator("#document-status")).to_have_text("Đang xử lý")
    officer.get_by_label("Kết quả xử lý").fill("Đã ban hành Công văn hướng dẫn số 15/SNV-CCVC.")
    officer.get_by_role("button", name="Hoàn thành xử lý").click()
    expect(officer.locator("#document-status")).to_have_text("Đã xử lý xong")
    _screenshot(officer, "processed-phone")

    # Back at the commune: the page left open updates itself to the latest status, "completed".
    expect(clerk.locator("#exchange-live")).to_contain_text("Đã hoàn thành xử lý", timeout=90_000)
    expect(clerk.locator("#exchange-live-status")).to_have_text("Tình trạng nơi nhận vừa được cập nhật.")
    statuses = [
        row[0]
        for row in _rows(
            db(processes, "a"),
            "SELECT status_code FROM exchange_inboundmessage WHERE kind = 'status' ORDER BY id",
        )
    ]
    assert statuses == ["01", "03", "04", "05", "06"]
    _screenshot(clerk, "statuses-1280")
    phone = _signed_in(browser, commune, "vanthu.xa", viewport=PHONE)
    phone.goto(detail)
    expect(phone.get_by_text("Đã hoàn thành xử lý").first).to_be_visible()
    _screenshot(phone, "statuses-phone")

    # The department's indicators count the document received electronically; the commune's its
    # document issued, signed and sent electronically.
    dept_clerk.goto(f"{department}/office/van-ban/chi-so-lien-thong/")
    row = dept_clerk.get_by_role("row").filter(has_text="Sở Nội vụ tỉnh Sơn La")
    expect(row).to_contain_text("100,0%")
    clerk.goto(f"{commune}/office/van-ban/chi-so-lien-thong/")
    row = clerk.get_by_role("row").filter(has_text="Ủy ban nhân dân xã Chiềng Mung")
    expect(row).to_contain_text("100,0%")
    _screenshot(clerk, "indicators-1280")


def _rows(database, sql: str) -> list[tuple]:
    import sqlite3

    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        return list(connection.execute(sql))
    finally:
        connection.close()
