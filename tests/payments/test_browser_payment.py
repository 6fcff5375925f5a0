"""The applicant pays a dossier's fees online in Debian's Chromium, through the stand-in gateway:
the dossier page, the gateway's pay page, the return page, the receipt; axe checks on the
platform's pages and a 360 px phone.

Screenshots go to test-artifacts/ (payment-*.png) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.db import connections

from saola.dossiers.models import Dossier
from saola.dossiers.states import Status
from saola.payments import services
from saola.payments.models import PaymentOrder
from tests.dossiers.factories import PASSWORD
from tests.payments.conftest import one_stop_with_fees, received
from tests.support.browser import ARTIFACTS, BROWSER_MARKS, DESKTOP, PHONE, chromium

T = TypeVar("T")

pytestmark = BROWSER_MARKS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect


@pytest.fixture
def waiting(transactional_db: None, live_server, paygate, settings) -> Dossier:
    """A dossier waiting for its 8.000 đồng fee, the platform's public URL being the live server."""
    settings.SAOLA_PUBLIC_URL = live_server.url
    s = one_stop_with_fees()
    dossier = received(s)
    services.payment_request(officer=s.processor, dossier=dossier, collection=1, note="Nộp trong 3 ngày")
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def browser(waiting: Dossier) -> Iterator[object]:
    with chromium() as browser:
        yield browser


def _orm(work: Callable[[], T]) -> T:
    """Database work on a thread of its own (Playwright's loop owns the test's thread)."""

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _axe_problems(page, name: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    problems = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in {"serious", "critical"}:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            problems.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}: {targets}")
    return problems


def _page(browser, viewport: dict[str, int]):
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    context.set_default_timeout(10_000)
    return context.new_page()


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"payment-{name}.png"), full_page=True)


def test_citizen_pays_fees_online_through_the_gateway(browser, live_server, paygate, waiting) -> None:
    base = live_server.url
    page = _page(browser, DESKTOP)
    page.goto(f"{base}/dang-nhap/?next=/ho-so-cua-toi/{waiting.code}/")
    page.get_by_label("Thư điện tử, số điện thoại hoặc tên đăng nhập").fill("mai@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Yêu cầu thực hiện nghĩa vụ tài chính")).to_be_visible()
    expect(page.get_by_text("Tạm dừng tính thời gian trong khi chờ nộp phí, lệ phí.")).to_be_visible()
    problems = _axe_problems(page, "dossier")
    _screenshot(page, "dossier")

    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    page.wait_for_url(f"{paygate.url}/pay?*")
    expect(page.locator("#amount")).to_have_text("8000 VND")
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    page.wait_for_url(f"{base}/thanh-toan/*/ket-qua/*")
    expect(page.get_by_text("Đã thanh toán 8.000 đồng")).to_be_visible()
    expect(page.locator("#payment-status")).to_have_text("Đã thanh toán")
    problems += _axe_problems(page, "return")
    _screenshot(page, "return")
    # The receipt opens inline; fetched with the page's session, it is a PDF.
    receipt = page.get_by_role("link", name="Tải biên nhận thanh toán (PDF)").get_attribute("href")
    answer = page.context.request.get(f"{base}{receipt}")
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")

    def check() -> tuple[str, str]:
        dossier = Dossier.objects.get(pk=waiting.pk)
        return dossier.status, PaymentOrder.objects.get(dossier=dossier).status

    assert _orm(check) == (Status.PROCESSING, PaymentOrder.Status.PAID)

    page.get_by_role("link", name="Về trang hồ sơ").click()
    expect(page.get_by_role("heading", name="Phí, lệ phí")).to_be_visible()
    phone = _page(browser, PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{base}/ho-so-cua-toi/{waiting.code}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems += _axe_problems(phone, "dossier-phone")
    assert problems == []
