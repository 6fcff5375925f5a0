"""Official documents in Debian's Chromium: an incoming document registered, assigned and
processed; an outgoing one drafted, signed by the leader and issued with its number and the
organisation's signature. Axe checks on each page; one pass on a phone.

Screenshots go to test-artifacts/documents-*.png for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.documents.factories import PASSWORD, SECRET, Province, build_province, text_pdf
from tests.support.browser import ARTIFACTS, BROWSER_MARKS, DESKTOP, PHONE, chromium, officer_page

pytestmark = BROWSER_MARKS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect


@pytest.fixture
def province(transactional_db: None) -> Province:
    return build_province()


@pytest.fixture
def browser(province: Province) -> Iterator[object]:
    """Started after the data exists: nothing below touches the ORM while the browser runs."""
    with chromium() as browser:
        yield browser


def _signed_in(browser, live_server, username: str, viewport: dict[str, int] = DESKTOP):
    return officer_page(browser, live_server.url, username, PASSWORD, landing="/office/van-ban/", viewport=viewport)


def _serious_violations(page, name: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{name}: {v['id']} ({v['impact']}) {v['help']}: {[', '.join(n['target']) for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"documents-{name}.png"), full_page=True)


def test_incoming_registered_assigned_processed(browser, live_server, province: Province) -> None:
    p = province
    problems: list[str] = []
    page = _signed_in(browser, live_server, p.clerk.username)
    page.get_by_role("link", name="Vào sổ văn bản đến").first.click()
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Số, ký hiệu của văn bản").fill("123/BTP-VP")
    page.get_by_label("Cơ quan, tổ chức gửi").fill("Bộ Tư pháp")
    page.get_by_label("Trích yếu nội dung").fill("V/v góp ý dự thảo Luật Hộ tịch sửa đổi")
    page.get_by_label(re.compile("Tệp văn bản")).set_input_files(
        files=[{"name": "cong-van.pdf", "mimeType": "application/pdf", "buffer": text_pdf()}]
    )
    problems += _serious_violations(page, "register")
    page.get_by_role("button", name="Vào sổ").click()
    expect(page.get_by_role("status").first).to_contain_text("số đến 1")
    expect(page.locator("#document-status")).to_have_text("Đã vào sổ")
    detail = page.url

    leader = _signed_in(browser, live_server, p.leader.username)
    leader.goto(detail)
    leader.get_by_text("Phân công xử lý (lãnh đạo)").click()
    leader.get_by_label("Đơn vị xử lý chính").select_option(value=str(p.justice.pk))
    leader.get_by_label("Ý kiến chỉ đạo").fill("Giao Sở Tư pháp chủ trì tham mưu.")
    leader.get_by_role("button", name="Phân công", exact=True).click()
    expect(leader.locator("#document-status")).to_have_text("Đã phân công")
    problems += _serious_violations(leader, "detail")

    officer = _signed_in(browser, live_server, p.justice_officer.username, viewport=PHONE)
    officer.goto(detail)
    officer.get_by_label("Ý kiến xử lý").fill("Đang tổng hợp ý kiến.")
    officer.get_by_role("button", name="Gửi ý kiến").click()
    expect(officer.locator("#document-status")).to_have_text("Đang xử lý")
    officer.get_by_label("Kết quả xử lý").fill("Đã có Công văn góp ý gửi Bộ Tư pháp.")
    officer.get_by_role("button", name="Hoàn thành xử lý").click()
    expect(officer.locator("#document-status")).to_have_text("Đã xử lý xong")
    _screenshot(officer, "incoming-phone")
    officer.goto(f"{live_server.url}/office/van-ban/?direction=incoming&q=gop+y+du+thao")
    expect(officer.get_by_role("link", name="01")).to_be_visible()
    assert not problems, problems


def test_outgoing_drafted_signed_issued_and_verified(browser, live_server, province: Province, tmp_path) -> None:
    p = province
    problems: list[str] = []
    page = _signed_in(browser, live_server, p.office_officer.username)
    page.get_by_role("link", name="Soạn dự thảo").click()
    page.get_by_label("Mẫu văn bản").select_option(label="Quyết định (cá biệt)")
    page.get_by_label("Loại văn bản").select_option(label="Quyết định (QĐ)")
    page.get_by_label("Trích yếu").fill("Về việc phê duyệt Kế hoạch chuyển đổi số năm 2026")
    page.get_by_label("Thẩm quyền ký").select_option(value="TM.")
    page.get_by_label("Tập thể, người đứng đầu").fill("Ủy ban nhân dân")
    page.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    problems += _serious_violations(page, "draft")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator("#document-status")).to_have_text("Dự thảo")
    page.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(page.locator("#document-status")).to_have_text("Chờ lãnh đạo duyệt")
    detail = page.url

    leader = _signed_in(browser, live_server, p.leader.username)
    leader.goto(detail)
    leader.get_by_label("Mật khẩu khóa ký số của lãnh đạo").fill(SECRET)
    leader.get_by_role("button", name="Ký duyệt").click()
    expect(leader.locator("#document-status")).to_have_text("Đã ký duyệt")
    expect(leader.get_by_text("đã ký số", exact=True)).to_be_visible()

    clerk = _signed_in(browser, live_server, p.clerk.username)
    clerk.goto(detail)
    clerk.get_by_label("Mật khẩu khóa ký số của cơ quan").fill(SECRET)
    clerk.get_by_role("button", name="Cấp số, ban hành").click()
    expect(clerk.locator("#document-status")).to_have_text("Đã ban hành")
    expect(clerk.locator("#document-notation")).to_have_text("01/QĐ-UBND")
    problems += _serious_violations(clerk, "issued")
    _screenshot(clerk, "issued-1280")

    # The issued file carries both signatures; anyone can check them on the public page.
    link = clerk.get_by_role("link", name=re.compile(r"^Quyết định - .*\.pdf$"))
    response = clerk.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    issued = tmp_path / "01-QD-UBND.pdf"
    issued.write_bytes(response.body())
    visitor = browser.new_page(viewport=DESKTOP)
    visitor.goto(f"{live_server.url}/xac-thuc/")
    visitor.get_by_label("Tệp PDF đã ký số").set_input_files(str(issued))
    visitor.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(visitor.get_by_role("heading", name="Văn bản có chữ ký số hợp lệ")).to_be_visible()
    cards = visitor.locator(".signature-card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text(p.leader.display_name)
    expect(cards.nth(1)).to_contain_text("Ủy ban nhân dân tỉnh Sơn La")
    _screenshot(visitor, "verified-1280")
    assert not problems, problems
