"""What every browser test shares: Debian's Chromium, its headless flags, viewports, artifacts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# This machine's network is closed: without the background-networking flags Chromium keeps
# trying to reach outside hosts.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium"),
]


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def officer_page(
    browser: Any,
    base_url: str,
    username: str,
    password: str,
    *,
    landing: str = "/office/",
    viewport: dict[str, int] = DESKTOP,
    timeout_ms: int = 20_000,
) -> Any:
    """A fresh browser context for one officer, signed in through the sign-in page, at `landing`."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    page.goto(f"{base_url}/dang-nhap/?next={landing}")
    page.get_by_label("Thư điện tử, số điện thoại hoặc tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**{landing}")
    return page
