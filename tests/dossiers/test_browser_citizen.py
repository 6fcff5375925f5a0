"""The citizen's one-stop journey in Debian's Chromium: register, submit online, follow the
dossier, look it up by code, download the result and rate it; axe checks and a 360 px phone.

Screenshots go to test-artifacts/ (citizen-*.png) for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from django.db import connections

from saola.catalog.models import Procedure
from saola.dossiers.models import Dossier, DossierFile, Rating
from saola.dossiers.services import intake, processing
from saola.dossiers.services.intake import PaperUpload
from tests.dossiers.factories import GOOD_FORM, PASSWORD, PDF, OneStop, birth_uploads, build_one_stop, pdf
from tests.support.browser import ARTIFACTS, BROWSER_MARKS, DESKTOP, PHONE, chromium

BIRTH = "1.001193"
BIRTH_FORM = {
    "title": "Tờ khai đăng ký khai sinh",
    "type": "object",
    "required": ["ho_ten_tre", "ngay_sinh", "gioi_tinh"],
    "properties": {
        "ho_ten_tre": {
            "type": "string",
            "title": "Họ, chữ đệm, tên của trẻ",
            "minLength": 2,
            "maxLength": 100,
            "propertyOrder": 1,
        },
        "ngay_sinh": {
            "type": "string",
            "format": "date",
            "title": "Ngày, tháng, năm sinh",
            "description": "Theo Giấy chứng sinh.",
            "propertyOrder": 2,
        },
        "gioi_tinh": {
            "type": "string",
            "title": "Giới tính",
            "enum": ["nam", "nu"],
            "enumNames": ["Nam", "Nữ"],
            "propertyOrder": 3,
        },
        "nhan_qua_buu_chinh": {
            "type": "boolean",
            "title": "Nhận kết quả qua dịch vụ bưu chính công ích",
            "propertyOrder": 4,
        },
    },
}

T = TypeVar("T")

pytestmark = BROWSER_MARKS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect


@pytest.fixture
def one_stop(transactional_db: None) -> OneStop:
    s = build_one_stop()
    Procedure.objects.filter(pk=s.birth.pk).update(form_schema=BIRTH_FORM)
    s.birth.refresh_from_db()
    return s


@pytest.fixture
def browser(one_stop: OneStop) -> Iterator[object]:
    """A headless Chromium, started after the data exists."""
    with chromium() as browser:
        yield browser


def _orm(work: Callable[[], T]) -> T:
    """Run database work (the officers' part, checks) on a thread of its own.

    Playwright's sync API keeps an event loop on the test's thread, where Django refuses ORM
    calls; a plain thread with its own connection, closed at the end, is safe on SQLite and
    PostgreSQL alike.
    """

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _new_page(browser, viewport: dict[str, int], storage_state=None):
    context = browser.new_context(viewport=viewport, locale="vi-VN", storage_state=storage_state)
    context.set_default_timeout(10_000)
    return context.new_page()


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"citizen-{name}.png"), full_page=True)


def _axe_problems(page, name: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    problems = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in {"serious", "critical"}:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            problems.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}: {targets}")
    return problems


def _fits(page, name: str, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name} scrolls sideways: {scroll_width}px"


def _process_and_return(s: OneStop, code: str) -> None:
    """The back office's part, through the services: accept, two steps, the result, returned."""
    d = intake.dossier_accept(officer=s.receiver, dossier=Dossier.objects.get(code=code))
    d = processing.dossier_complete_step(officer=s.processor, dossier=d, comment="Đủ điều kiện")
    d = processing.dossier_complete_step(officer=s.leader, dossier=d, comment="Đồng ý")
    result = PaperUpload(file=pdf("giay-khai-sinh.pdf", PDF + b"ket-qua"), name="Giấy khai sinh (bản điện tử)")
    processing.dossier_upload_result(officer=s.processor, dossier=d, uploads=[result])
    processing.dossier_return_result(officer=s.receiver, dossier=d)


def _register(page, base: str) -> None:
    page.goto(base + "/dang-ky/")
    page.get_by_label("Họ và tên (hoặc tên doanh nghiệp)").fill("Quàng Thị Hoa")
    page.get_by_label("Số định danh cá nhân (12 chữ số)").fill("014196001234")
    page.get_by_label("Thư điện tử").fill("hoa@example.vn")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url("**/tai-khoan/")


def test_citizen_registers_submits_follows_downloads_and_rates(browser, live_server, one_stop) -> None:
    s = one_stop
    base = live_server.url
    page = _new_page(browser, DESKTOP)
    problems: list[str] = []

    _register(page, base)
    page.goto(base + f"/thu-tuc/{BIRTH}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.wait_for_url(f"**/nop-ho-so/{BIRTH}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    problems += _axe_problems(page, "submit")
    _screenshot(page, "submit-1280")

    # Sending the empty form shows every mistake, each linked from a summary at the top.
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    summary = page.get_by_role("alert").filter(has_text="Hồ sơ chưa được nộp")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.get_by_label("Họ, chữ đệm, tên của trẻ")).to_have_accessible_description("Hãy nhập mục này.")
    expect(page.get_by_label("Giấy chứng sinh")).to_have_accessible_description("Hãy đính kèm giấy tờ này.")
    problems += _axe_problems(page, "submit-errors")
    _screenshot(page, "submit-errors-1280")
    expect(summary.get_by_role("link", name=re.compile("Họ, chữ đệm, tên của trẻ"))).to_have_attribute(
        "href", "#ef-ho_ten_tre"
    )

    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Quàng Văn Minh")
    page.get_by_label("Ngày, tháng, năm sinh").fill("2026-11-20")
    page.get_by_label("Nữ").check()
    page.get_by_label("Nhận kết quả qua dịch vụ bưu chính công ích").check()
    page.get_by_label("UBND phường Tô Hiệu").check()
    for n, name in enumerate(_orm(lambda: [p.name for p in s.birth.papers.filter(required=True)])):
        page.get_by_label(name).set_input_files(
            files=[{"name": f"giay-to-{n}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
    page.get_by_label(re.compile("Tôi xin cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()

    page.wait_for_url(re.compile(r"/ho-so-cua-toi/[^/]+/$"))
    code = page.locator(".code-box .dossier-code").inner_text().strip()
    expect(page.get_by_role("status")).to_have_text(f"Đã nộp hồ sơ thành công. Mã hồ sơ của bạn là {code}.")
    expect(page.locator("dl.facts").first).to_contain_text("Mới đăng ký")
    dossier = _orm(lambda: Dossier.objects.select_related("applicant").get(code=code))
    assert dossier.applicant.email == "hoa@example.vn"
    assert dossier.form_data == {
        "ho_ten_tre": "Quàng Văn Minh",
        "ngay_sinh": "2026-11-20",
        "gioi_tinh": "nu",
        "nhan_qua_buu_chinh": True,
    }
    assert _orm(lambda: dossier.files.filter(kind=DossierFile.Kind.SUBMITTED).count()) == 2

    _orm(lambda: _process_and_return(s, code))

    # Anyone can follow the dossier by its code, without personal data.
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tra cứu hồ sơ").click()
    page.wait_for_url("**/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(f"**/tra-cuu/{code}/")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Đã trả kết quả")
    expect(facts).to_contain_text("Đăng ký khai sinh")
    expect(facts).to_contain_text("UBND phường Tô Hiệu")
    expect(page.locator("ol.timeline > li")).to_have_count(8)
    expect(page.locator("main")).not_to_contain_text("Quàng")
    problems += _axe_problems(page, "lookup")
    _screenshot(page, "lookup-1280")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ của tôi").click()
    page.wait_for_url("**/ho-so-cua-toi/")
    card = page.locator("ol.results > li")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Đã trả kết quả")
    problems += _axe_problems(page, "my-dossiers")
    _screenshot(page, "my-dossiers-1280")
    card.get_by_role("link", name=code).click()

    page.wait_for_url(f"**/ho-so-cua-toi/{code}/")
    problems += _axe_problems(page, "dossier")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Giấy khai sinh (bản điện tử)").click()
    download = download_info.value
    assert Path(download.path()).read_bytes() == PDF + b"ket-qua"
    assert download.suggested_filename == f"{code}-Giấy khai sinh (bản điện tử).pdf"

    rating = page.get_by_role("group", name="Mức độ hài lòng")
    rating.get_by_label("5 sao — Rất hài lòng").check()
    page.get_by_label("Góp ý").fill("Cán bộ hướng dẫn tận tình.")
    _screenshot(page, "dossier-1280")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_have_text("Cảm ơn bạn đã đánh giá.")
    expect(page.locator("main")).to_contain_text("Bạn đã đánh giá 5/5 sao")
    assert _orm(lambda: Rating.objects.get(dossier__code=code).score) == 5

    # The same pages on a 360 px phone: nothing scrolls sideways, nothing serious for axe.
    phone = _new_page(browser, PHONE, storage_state=page.context.storage_state())
    pages = {
        "submit": f"/nop-ho-so/{BIRTH}/",
        "my-dossiers": "/ho-so-cua-toi/",
        "dossier": f"/ho-so-cua-toi/{code}/",
        "lookup": f"/tra-cuu/{code}/",
        "lookup-not-found": "/tra-cuu/000.01.53.H53-000000-0000/",
    }
    for name, path in pages.items():
        phone.goto(base + path)
        _fits(phone, name, PHONE["width"])
        problems += _axe_problems(phone, f"{name}-360")
        _screenshot(phone, f"{name}-360")
    phone.goto(base + f"/nop-ho-so/{BIRTH}/")
    phone.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(phone.get_by_role("alert").filter(has_text="Hồ sơ chưa được nộp")).to_be_visible()
    _fits(phone, "submit-errors", PHONE["width"])
    _screenshot(phone, "submit-errors-360")
    assert problems == []


def _waiting_for_supplement(s: OneStop) -> Dossier:
    """Mai's dossier, received, with a supplement request from the processing officer."""
    dossier = intake.dossier_submit_online(
        applicant=s.citizen,
        procedure=s.birth,
        organization=s.ward,
        form_data={**GOOD_FORM, "gioi_tinh": "nam"},
        uploads=birth_uploads(s.birth),
    )
    dossier = intake.dossier_accept(officer=s.receiver, dossier=dossier)
    return intake.dossier_request_supplement(
        officer=s.processor,
        dossier=dossier,
        reason="Giấy chứng sinh chụp bị mờ, đề nghị chụp lại rõ nét.",
        items=["Giấy chứng sinh"],
    )


def test_citizen_answers_a_supplement_request_and_asks_to_withdraw(browser, live_server, one_stop) -> None:
    s = one_stop
    base = live_server.url
    dossier = _orm(lambda: _waiting_for_supplement(s))
    problems: list[str] = []
    page = _new_page(browser, PHONE)
    page.goto(base + "/dang-nhap/?next=/ho-so-cua-toi/")
    page.get_by_label("Thư điện tử, số điện thoại hoặc tên đăng nhập").fill("mai@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/ho-so-cua-toi/")
    page.get_by_role("link", name=dossier.code).click()

    box = page.get_by_role("region", name="Cơ quan giải quyết yêu cầu bổ sung hồ sơ")
    expect(box).to_contain_text("Giấy chứng sinh chụp bị mờ")
    _fits(page, "supplement", PHONE["width"])
    problems += _axe_problems(page, "supplement-360")
    _screenshot(page, "supplement-360")
    box.get_by_label("Giấy tờ bổ sung").set_input_files(
        files=[
            {"name": "trang-1.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "trang-2.pdf", "mimeType": "application/pdf", "buffer": PDF + b"2"},
        ]
    )
    box.get_by_label("Các tệp này là").select_option(label="Giấy chứng sinh")
    box.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi giấy tờ bổ sung.")
    expect(page.locator("main")).to_contain_text("Đã bổ sung, chờ tiếp nhận")

    _orm(lambda: intake.dossier_accept_supplement(officer=s.receiver, dossier=dossier))
    page.reload()
    page.get_by_role("link", name="Rút hồ sơ").click()
    page.wait_for_url(f"**/ho-so-cua-toi/{dossier.code}/rut-ho-so/")
    _fits(page, "withdraw", PHONE["width"])
    problems += _axe_problems(page, "withdraw-360")
    page.get_by_role("button", name="Gửi yêu cầu rút hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("Hãy đánh dấu ô xác nhận để rút hồ sơ.")
    _screenshot(page, "withdraw-360")
    page.get_by_label("Lý do rút hồ sơ").fill("Gia đình chuyển nơi cư trú.")
    page.get_by_label("Tôi xác nhận muốn rút hồ sơ này.").check()
    page.get_by_role("button", name="Gửi yêu cầu rút hồ sơ").click()
    page.wait_for_url(f"**/ho-so-cua-toi/{dossier.code}/")
    expect(page.get_by_role("status")).to_contain_text("Đã gửi yêu cầu rút hồ sơ.")
    expect(page.locator("main")).to_contain_text("Công dân yêu cầu rút hồ sơ")
    assert _orm(lambda: Dossier.objects.get(pk=dossier.pk).status) == "withdrawal_requested"
    assert problems == []
