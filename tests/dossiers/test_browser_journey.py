"""One birth registration from start to end in Debian's Chromium, every step done on the pages
by the person who does it: the citizen registers and submits online, the receiving officer asks
for a missing paper, the citizen sends it, the officers process, approve and return the result,
and the citizen looks the dossier up, downloads the result and rates the service.

Only the organisations, officers, procedure and flow are made through services beforehand. Each
person has a browser context (cookies) of their own. Screenshots go to test-artifacts/journey-*.png.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from saola.catalog.models import Procedure
from saola.demo.pki import ensure_authorities, issue_person_credential
from saola.dossiers.models import Dossier, DossierFile, Rating
from tests.dossiers.factories import PASSWORD, OneStop, build_one_stop
from tests.dossiers.test_browser_citizen import (
    BIRTH,
    BIRTH_FORM,
    _new_page,
    _orm,
)
from tests.support.browser import ARTIFACTS, BROWSER_MARKS, DESKTOP, chromium, officer_page

SUPPLEMENT_REASON = "Giấy chứng sinh chụp bị mờ, đề nghị chụp lại rõ nét."
RESULT_NAME = "Giấy khai sinh (bản điện tử)"
SIGNING_PIN = "Ma-PIN-2026"
DAY_TIME = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}")

pytestmark = BROWSER_MARKS

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect


@pytest.fixture
def one_stop(transactional_db: None, settings, tmp_path) -> OneStop:
    settings.SAOLA_PKI_DIR = tmp_path / "pki"
    s = build_one_stop()
    Procedure.objects.filter(pk=s.birth.pk).update(form_schema=BIRTH_FORM)
    _root, sub = ensure_authorities()
    issue_person_credential(user=s.leader, issuer=sub, passphrase=SIGNING_PIN)
    return s


@pytest.fixture
def browser(one_stop: OneStop) -> Iterator[object]:
    """A headless Chromium, started after the data exists and closed before the database is flushed."""
    with chromium() as browser:
        yield browser


def make_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = zlib.compress(f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_file(name: str, text: str) -> dict[str, object]:
    return {"name": name, "mimeType": "application/pdf", "buffer": make_pdf(text)}


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"journey-{name}.png"), full_page=True)


def _officer_signs_in(browser, base: str, username: str):
    """A fresh browser for one officer: the sign-in page, then their inbox."""
    return officer_page(browser, base, username, PASSWORD, timeout_ms=10_000)


def _open_from_inbox(page, code: str) -> None:
    page.get_by_role("navigation", name="Điều hướng một cửa").get_by_role("link", name="Việc cần xử lý").click()
    page.wait_for_url("**/office/")
    page.get_by_role("table").get_by_role("link", name=code).click()
    page.wait_for_url(f"**/office/ho-so/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")


def _flash(page):
    return page.locator(".flash-list")


def _status(page):
    return page.locator(".status-badge")


def test_birth_registration_from_submission_to_rating(browser, live_server, one_stop) -> None:
    base = live_server.url
    papers = _orm(lambda: [p.name for p in one_stop.birth.papers.filter(required=True)])

    # 1. The citizen starts from the procedure's page, registers on the way and submits online.
    citizen = _new_page(browser, DESKTOP)
    citizen.goto(base + f"/thu-tuc/{BIRTH}/")
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    citizen.wait_for_url(re.compile(rf"/dang-nhap/\?next=/nop-ho-so/{re.escape(BIRTH)}/$"))
    citizen.get_by_role("link", name="Đăng ký tài khoản").click()
    citizen.wait_for_url(re.compile(rf"/dang-ky/\?next=/nop-ho-so/{re.escape(BIRTH)}/$"))
    citizen.get_by_label("Họ và tên (hoặc tên doanh nghiệp)").fill("Quàng Thị Hoa")
    citizen.get_by_label("Số định danh cá nhân (12 chữ số)").fill("014196001234")
    citizen.get_by_label("Thư điện tử").fill("hoa@example.vn")
    citizen.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    citizen.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    citizen.get_by_role("button", name="Đăng ký").click()

    citizen.wait_for_url(f"**/nop-ho-so/{BIRTH}/")
    expect(citizen.get_by_role("status")).to_contain_text("Đăng ký thành công")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    citizen.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Quàng Văn Minh")
    citizen.get_by_label("Ngày, tháng, năm sinh").fill("2026-11-20")
    citizen.get_by_label("Nam", exact=True).check()
    citizen.get_by_label("UBND phường Tô Hiệu").check()
    for n, name in enumerate(papers):
        citizen.get_by_label(name).set_input_files(files=[_pdf_file(f"giay-to-{n}.pdf", f"Paper {n}")])
    citizen.get_by_label(re.compile("Tôi xin cam đoan")).check()
    citizen.get_by_role("button", name="Nộp hồ sơ", exact=True).click()

    citizen.wait_for_url(re.compile(r"/ho-so-cua-toi/[^/]+/$"))
    code = citizen.locator(".code-box .dossier-code").inner_text().strip()
    expect(citizen.get_by_role("status")).to_have_text(f"Đã nộp hồ sơ thành công. Mã hồ sơ của bạn là {code}.")
    expect(citizen.locator("dl.facts").first).to_contain_text("Mới đăng ký")
    _screenshot(citizen, "1-submitted")

    # 2. The receiving officer finds it in the inbox and asks for a clearer birth certificate.
    receiver = _officer_signs_in(browser, base, "tiepnhan")
    _open_from_inbox(receiver, code)
    expect(_status(receiver)).to_have_text("Mới đăng ký")
    receiver.locator("summary").filter(has_text="Yêu cầu bổ sung hồ sơ").click()
    receiver.get_by_label("Nội dung yêu cầu bổ sung").fill(SUPPLEMENT_REASON)
    receiver.get_by_role("checkbox", name="Giấy chứng sinh").check()
    receiver.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    expect(_flash(receiver)).to_contain_text("Đã gửi yêu cầu bổ sung hồ sơ")
    expect(_status(receiver)).to_have_text("Yêu cầu bổ sung hồ sơ")
    _screenshot(receiver, "2-supplement-requested")

    # 3. The citizen reads the request on their dossier's page and sends the paper again.
    citizen.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ của tôi").click()
    citizen.wait_for_url("**/ho-so-cua-toi/")
    citizen.locator("ol.results > li").get_by_role("link", name=code).click()
    citizen.wait_for_url(f"**/ho-so-cua-toi/{code}/")
    expect(citizen.locator("dl.facts").first).to_contain_text("Yêu cầu bổ sung hồ sơ")
    box = citizen.get_by_role("region", name="Cơ quan giải quyết yêu cầu bổ sung hồ sơ")
    expect(box).to_contain_text(SUPPLEMENT_REASON)
    expect(box).to_contain_text("Giấy chứng sinh")
    box.get_by_label("Giấy tờ bổ sung").set_input_files(files=[_pdf_file("giay-chung-sinh.pdf", "Birth certificate")])
    box.get_by_label("Các tệp này là").select_option(label="Giấy chứng sinh")
    box.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    expect(citizen.get_by_role("status")).to_contain_text("Đã gửi giấy tờ bổ sung.")
    expect(citizen.locator("dl.facts").first).to_contain_text("Đã bổ sung, chờ tiếp nhận")
    _screenshot(citizen, "3-supplement-sent")

    # 4. The receiving officer accepts the supplement (and so the dossier), whatever else is offered.
    _open_from_inbox(receiver, code)
    expect(_status(receiver)).to_have_text("Đã bổ sung, chờ tiếp nhận")
    receiver.get_by_role("button", name="Tiếp nhận hồ sơ bổ sung").click()
    expect(_flash(receiver)).to_contain_text("Đã tiếp nhận hồ sơ bổ sung. Hẹn trả kết quả:")
    # Never received before the request, the dossier is received with its supplement: nothing
    # else to accept, the appointment is set and the appraisal step opens.
    expect(_status(receiver)).to_have_text("Đang xử lý")
    expect(receiver.get_by_role("button", name="Tiếp nhận hồ sơ", exact=True)).to_have_count(0)
    expect(receiver.locator("#due-at")).to_have_text(DAY_TIME)
    expect(receiver.get_by_role("row", name=re.compile("^Thẩm định hồ sơ"))).to_contain_text("Đang chờ")
    _screenshot(receiver, "4-accepted")

    # The processing officer uploads the draft result and completes the appraisal: the dossier
    # waits for the leader's signature.
    processor = _officer_signs_in(browser, base, "xuly")
    _open_from_inbox(processor, code)
    processor.get_by_label("Tệp kết quả (PDF, JPG, PNG)").set_input_files(
        files=[_pdf_file("giay-khai-sinh.pdf", f"Birth certificate {code}")]
    )
    processor.get_by_label("Tên kết quả (không bắt buộc)").fill(RESULT_NAME)
    processor.get_by_role("button", name="Tải lên kết quả").click()
    expect(_flash(processor)).to_contain_text(f"Đã tải lên kết quả: {RESULT_NAME}.")
    processor.get_by_label("Ý kiến xử lý").fill("Đủ điều kiện đăng ký khai sinh")
    processor.get_by_role("button", name="Hoàn thành bước, chuyển tiếp").click()
    expect(_flash(processor)).to_contain_text("Bước tiếp theo: Ký duyệt kết quả.")
    expect(_status(processor)).to_have_text("Chờ ký duyệt")

    # The leader signs the result with their certificate's PIN (a wrong one changes nothing);
    # the basic flow has no decision at this step, so the page offers "complete the step".
    leader = _officer_signs_in(browser, base, "lanhdao")
    _open_from_inbox(leader, code)
    expect(leader.get_by_role("heading", name="Bước đang chờ bạn: Ký duyệt kết quả")).to_be_visible()
    expect(leader.locator("#step-secret-help")).to_contain_text("1 tệp kết quả PDF được ký số")
    leader.get_by_label("Ý kiến xử lý").fill("Đồng ý ký giấy khai sinh")
    leader.get_by_label("Mật khẩu (mã PIN) chữ ký số").fill("sai-ma-pin")
    leader.get_by_role("button", name="Hoàn thành bước, chuyển tiếp").click()
    expect(_flash(leader)).to_contain_text("mã PIN của thiết bị ký số không đúng")
    expect(_status(leader)).to_have_text("Chờ ký duyệt")
    leader.get_by_label("Mật khẩu (mã PIN) chữ ký số").fill(SIGNING_PIN)
    leader.get_by_role("button", name="Hoàn thành bước, chuyển tiếp").click()
    expect(_flash(leader)).to_contain_text("Đã hoàn thành bước. Bước tiếp theo: Trả kết quả.")
    expect(_status(leader)).to_have_text("Đã có kết quả")
    _screenshot(leader, "4-signed")

    # The receiving officer hands the result over.
    _open_from_inbox(receiver, code)
    receiver.get_by_role("button", name="Trả kết quả cho người nộp").click()
    expect(_flash(receiver)).to_contain_text("Đã trả kết quả cho người nộp.")
    expect(_status(receiver)).to_have_text("Đã trả kết quả")
    _screenshot(receiver, "4-returned")

    # 5. The citizen looks the dossier up by its code, then downloads the result and rates it.
    citizen.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tra cứu hồ sơ").click()
    citizen.wait_for_url("**/tra-cuu/")
    citizen.get_by_label("Mã hồ sơ").fill(code)
    citizen.get_by_role("button", name="Tra cứu").click()
    citizen.wait_for_url(f"**/tra-cuu/{code}/")
    expect(citizen.locator("dl.facts")).to_contain_text("Đã trả kết quả")
    timeline = citizen.locator("ol.timeline")
    for label in ("Nộp hồ sơ", "Yêu cầu bổ sung", "Tiếp nhận hồ sơ bổ sung", "Có kết quả", "Trả kết quả"):
        expect(timeline).to_contain_text(label)
    expect(citizen.locator("main")).not_to_contain_text("Quàng")
    _screenshot(citizen, "5-lookup")

    citizen.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ của tôi").click()
    citizen.wait_for_url("**/ho-so-cua-toi/")
    expect(citizen.locator("ol.results > li")).to_contain_text("Đã trả kết quả")
    citizen.locator("ol.results > li").get_by_role("link", name=code).click()
    citizen.wait_for_url(f"**/ho-so-cua-toi/{code}/")
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name=RESULT_NAME).click()
    download = download_info.value
    content = Path(download.path()).read_bytes()
    draft = make_pdf(f"Birth certificate {code}")
    # The leader's signature is an incremental update: the draft is the signed file's first revision.
    assert content.startswith(draft) and len(content) > len(draft)
    assert download.suggested_filename == f"{code}-{RESULT_NAME}.pdf"

    # Anyone can check the signature on the public verification page.
    citizen.goto(f"{base}/xac-thuc/")
    citizen.get_by_label("Tệp PDF đã ký số").set_input_files(download.path())
    citizen.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(citizen.get_by_role("heading", name="Văn bản có chữ ký số hợp lệ")).to_be_visible()
    expect(citizen.locator(".signature-card")).to_contain_text("Cán bộ lanhdao")
    _screenshot(citizen, "5-verified")
    citizen.goto(f"{base}/ho-so-cua-toi/{code}/")

    rating = citizen.get_by_role("group", name="Mức độ hài lòng")
    rating.get_by_label("5 sao — Rất hài lòng").check()
    citizen.get_by_label("Góp ý").fill("Cán bộ hướng dẫn bổ sung rõ ràng, trả kết quả nhanh.")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_role("status")).to_have_text("Cảm ơn bạn đã đánh giá.")
    expect(citizen.locator("main")).to_contain_text("Bạn đã đánh giá 5/5 sao")
    expect(citizen.locator("main")).to_contain_text("Cán bộ hướng dẫn bổ sung rõ ràng")
    _screenshot(citizen, "5-rated")

    # The database agrees with what the pages said.
    def facts() -> dict[str, object]:
        dossier = Dossier.objects.select_related("applicant").get(code=code)
        return {
            "status": dossier.status,
            "applicant": dossier.applicant.email,
            "form": dossier.form_data,
            "events": list(dossier.events.order_by("at", "id").values_list("action", flat=True)),
            "files": sorted(dossier.files.values_list("kind", flat=True)),
            "rating": Rating.objects.get(dossier=dossier).score,
            "received": dossier.received_at is not None,
            "returned": dossier.returned_at is not None,
        }

    found = _orm(facts)
    assert found["status"] == "returned"
    assert found["applicant"] == "hoa@example.vn"
    assert found["form"] == {
        "ho_ten_tre": "Quàng Văn Minh",
        "ngay_sinh": "2026-11-20",
        "gioi_tinh": "nam",
        "nhan_qua_buu_chinh": False,
    }
    assert found["received"]
    assert found["returned"]
    assert found["rating"] == 5
    assert found["files"] == sorted(
        [DossierFile.Kind.SUBMITTED] * len(papers) + [DossierFile.Kind.SUPPLEMENT, DossierFile.Kind.RESULT]
    )
    assert found["events"] == [
        "submit",
        "request_supplement",
        "submit_supplement",
        "accept_supplement",
        "upload_result",
        "complete_step",
        "send_to_signature",
        "sign_result",
        "complete_step",
        "finish",
        "return_result",
        "rate",
    ]
