"""The portal in Debian's Chromium: a citizen's journey, the keyboard alone, a phone, and axe checks.

Screenshots of each page at 360 px and 1280 px go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import reverse

from tests.support.browser import ARTIFACTS, BROWSER_MARKS, DESKTOP, PHONE, chromium
from tests.web.conftest import BIRTH_CODE, Portal

pytestmark = BROWSER_MARKS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect


PAGES = {
    "home": reverse("web:home"),
    "list": reverse("web:procedure_list") + "?q=dang+ky",
    "procedure": reverse("web:procedure_detail", args=[BIRTH_CODE]),
}


@pytest.fixture
def browser(transactional_db: None, portal: Portal) -> Iterator[object]:
    """A headless Chromium, started after the data exists and closed before the database is flushed.

    Playwright's sync API keeps an event loop in this thread, and Django refuses ORM calls
    from a thread with a running loop, so no test touches the ORM while the browser runs.
    """
    with chromium() as browser:
        yield browser


def _new_page(browser, viewport: dict[str, int]):
    # A Vietnamese citizen's browser: without a language cookie the portal follows Accept-Language.
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    context.set_default_timeout(10_000)
    return context.new_page()


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_citizen_finds_birth_registration_and_reads_it_in_english(browser, live_server) -> None:
    page = _new_page(browser, DESKTOP)
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_label("Tìm thủ tục hành chính").fill("khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=khai+sinh")
    expect(page.get_by_role("status")).to_contain_text("Tìm thấy 1 thủ tục cho “khai sinh”.")
    results = page.locator("ol.results > li")
    expect(results).to_have_count(1)
    results.get_by_role("link", name="Đăng ký khai sinh").click()

    page.wait_for_url(f"**/thu-tuc/{BIRTH_CODE}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    papers = page.get_by_role("region", name="Thành phần hồ sơ")
    expect(papers).to_contain_text("Giấy chứng sinh")
    expect(papers.get_by_role("link", name="Tờ khai đăng ký khai sinh (Mẫu TP/HT-2020-KS.1)")).to_have_attribute(
        "href", re.compile(r"^/media/catalog/forms/to-khai-khai-sinh\w*\.docx$")
    )
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("1 ngày làm việc")
    expect(facts).to_contain_text("Miễn phí")
    expect(facts).to_contain_text("Ủy ban nhân dân phường Tô Hiệu")
    expect(facts).to_contain_text("Giấy khai sinh (bản chính)")
    expect(page.locator("#fees + ul")).to_contain_text("Lệ phí đăng ký khai sinh")
    expect(page.locator("#legal + ul")).to_contain_text("60/2014/QH13")
    submit = page.get_by_role("link", name="Nộp hồ sơ trực tuyến")
    expect(submit).to_be_visible()
    expect(submit).to_have_attribute("href", f"/nop-ho-so/{BIRTH_CODE}/")
    expect(submit).to_have_accessible_description(
        "Cần đăng nhập để nộp hồ sơ. Cũng có thể nộp trực tiếp tại Bộ phận Một cửa."
    )

    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**/thu-tuc/{BIRTH_CODE}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2, name="Required documents")).to_be_visible()
    expect(page.get_by_role("link", name="Submit online")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("1 working day")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Administrative procedures")
    expect(page.get_by_role("button", name="Tiếng Việt")).to_be_visible()
    _screenshot(page, "procedure-en-1280")

    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_keyboard_only_search(browser, live_server) -> None:
    page = _new_page(browser, DESKTOP)
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    search = page.get_by_label("Tìm thủ tục hành chính")
    expect(search).to_be_focused()
    page.keyboard.type("dang ky khai sinh")
    page.keyboard.press("Enter")

    page.wait_for_url("**/thu-tuc/?q=dang+ky+khai+sinh")
    expect(page.get_by_role("status")).to_contain_text("Tìm thấy 1 thủ tục")


def test_keyboard_order_follows_the_page(browser, live_server) -> None:
    page = _new_page(browser, DESKTOP)
    page.goto(live_server.url + "/")
    expected = [
        page.get_by_role("link", name="Bỏ qua, đến nội dung chính"),
        page.get_by_role("link", name="Cổng dịch vụ công tỉnh Sơn La"),
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Thủ tục hành chính"),
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tra cứu hồ sơ"),
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đăng nhập"),
        page.get_by_role("button", name="English"),
        page.get_by_role("searchbox", name="Tìm thủ tục hành chính"),
        page.get_by_role("button", name="Tìm kiếm"),
        page.get_by_role("link", name="Chứng thực 1 thủ tục"),
    ]
    for locator in expected:
        page.keyboard.press("Tab")
        expect(locator).to_be_focused()
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_pages_fit_the_screen(browser, live_server, viewport: dict[str, int]) -> None:
    page = _new_page(browser, viewport)
    for name, path in {**PAGES, "not-found": "/thu-tuc/9.999999/"}.items():
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= viewport["width"], f"{name} scrolls sideways: {scroll_width}px"
        _screenshot(page, f"{name}-{viewport['width']}")


def test_papers_table_scrolls_inside_its_wrapper_on_a_phone(browser, live_server) -> None:
    page = _new_page(browser, PHONE)
    page.goto(live_server.url + PAGES["procedure"])
    wrapper = page.get_by_role("region", name="Thành phần hồ sơ")
    sizes = wrapper.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1]  # the table is wider than the screen...
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # ...the page is not
    wrapper.focus()  # keyboard users can scroll it with the arrow keys
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=wrapper.element_handle())


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_pages_have_no_serious_accessibility_violations(browser, live_server, viewport: dict[str, int]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = _new_page(browser, viewport)
    problems = []
    for name, path in {**PAGES, "not-found": "/khong-co/"}.items():
        page.goto(live_server.url + path)
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                targets = [", ".join(node["target"]) for node in violation["nodes"]]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}: {targets}")
    assert problems == []
