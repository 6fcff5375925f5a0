"""The verification page in Debian's Chromium on a 360 px phone, used with the keyboard only:
choose the file, check it, read the verdict, download the PDF report; axe finds nothing serious.

Screenshots go to test-artifacts/ (verify-*.png) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.signing.verify_support import VerifyPKI, one_page_pdf, sign, trust_root
from tests.support.browser import ARTIFACTS, BROWSER_MARKS, PHONE, chromium

pytestmark = BROWSER_MARKS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect


@pytest.fixture
def signed_file(transactional_db: None, tmp_path: Path) -> Path:
    pki = VerifyPKI.create(crl_points=False)
    trust_root(pki.root)
    path = tmp_path / "quyet-dinh-da-ky.pdf"
    path.write_bytes(sign(one_page_pdf(), pki.person(), chain=[pki.root]))
    return path


@pytest.fixture
def browser(signed_file: Path) -> Iterator[object]:
    with chromium() as browser:
        yield browser


def _axe_problems(page, name: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    problems = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in {"serious", "critical"}:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            problems.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}: {targets}")
    return problems


def _fits(page, name: str) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{name} scrolls sideways: {scroll_width}px"


def _tab_to(page, selector: str, *, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_verify_page_on_a_phone_with_the_keyboard_only(browser, live_server, signed_file, tmp_path) -> None:
    context = browser.new_context(viewport=PHONE, locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/xac-thuc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra chữ ký số trên văn bản")
    _fits(page, "form")
    problems = _axe_problems(page, "form")

    _tab_to(page, "input[type=file]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(signed_file))
    _tab_to(page, "form.verify-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("#result-title")).to_have_text("Văn bản có chữ ký số hợp lệ")
    expect(page.locator(".signature-card .badge-valid")).to_have_text("Hợp lệ")
    expect(page.locator(".signature-card")).to_contain_text("Nguyễn Văn An")
    _fits(page, "result")
    problems += _axe_problems(page, "result")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "verify-result-360.png"), full_page=True)

    _tab_to(page, ".report-download button")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / "bao-cao.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("ket-qua-kiem-tra-chu-ky-")
    assert saved.read_bytes().startswith(b"%PDF-")
    assert problems == []
