"""The portal pages through Django's test client: status codes, search, filters, paging, errors."""

from __future__ import annotations

import re

import pytest
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from saola.catalog.models import Procedure
from saola.catalog.services import field_upsert, procedure_save
from saola.web import views
from tests.web.conftest import BIRTH_CODE, Portal

pytestmark = pytest.mark.django_db

LIST_URL = reverse("web:procedure_list")


def _names(response) -> list[str]:
    return [p.name for p in response.context["page"].object_list]


def _name_set(response) -> set[str]:
    # Order by name follows the database collation, which differs between SQLite and PostgreSQL.
    return set(_names(response))


def test_home_shows_search_and_browse_sections(client: Client, portal: Portal) -> None:
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-q"' in html
    assert "Tra cứu 5 thủ tục hành chính" in html  # the retired procedure is not counted
    assert "?field=HOTICH" in html
    assert "?level=commune" in html
    assert "?level=district" not in html  # no district procedures: the tier is not offered
    assert "?online=full" in html
    assert "Đăng ký khai sinh" in html
    assert 'href="#main"' in html


def test_home_query_count_is_bounded(client: Client, portal: Portal, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(12):
        client.get(reverse("web:home"))


def test_home_without_procedures(client: Client) -> None:
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert "Chưa có thủ tục nào." in response.content.decode()


@pytest.mark.parametrize(
    "q",
    ["khai sinh", "dang ky khai sinh", "Đăng ký khai sinh", "  KHAI   SINH ", "đăng ký khai sinh", "1.001193"],
)
def test_procedure_list_search_finds_birth_registration(client: Client, portal: Portal, q: str) -> None:
    response = client.get(LIST_URL, {"q": q})
    assert response.status_code == 200
    assert _names(response) == ["Đăng ký khai sinh"]
    html = response.content.decode()
    assert "Tìm thấy 1 thủ tục" in html
    assert reverse("web:procedure_detail", args=[BIRTH_CODE]) in html


def test_procedure_list_search_needs_every_term(client: Client, portal: Portal) -> None:
    response = client.get(LIST_URL, {"q": "dang ky khai"})
    assert _name_set(response) == {"Đăng ký khai sinh", "Đăng ký khai tử"}
    assert '<details class="filter-box">' in response.content.decode()  # no filter: folded away
    assert "Tìm thấy 2 thủ tục" in response.content.decode()


def test_procedure_list_hides_inactive_procedures(client: Client, portal: Portal) -> None:
    response = client.get(LIST_URL, {"q": "luu dong"})
    assert response.status_code == 200
    assert _names(response) == []
    assert "Không có thủ tục nào phù hợp." in response.content.decode()


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("' OR 1=1 --", 0),
        ("'; DROP TABLE catalog_procedure; --", 0),
        ('" OR ""="', 0),
        ("_", 0),
        ("<script>alert(1)</script>", 0),
        ("𝔨𝔥𝔞𝔦 🙂", 0),
        ("khai sinh\x00", 1),
        # Nothing searchable left after folding: the same as an empty search, the whole catalogue.
        ("%", 5),
        ("\\", 5),
        ("\x00", 5),
    ],
)
def test_procedure_list_hostile_queries_are_plain_text(client: Client, portal: Portal, q: str, expected: int) -> None:
    response = client.get(LIST_URL, {"q": q})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Procedure.objects.count() == 6


def test_procedure_list_very_long_query(client: Client, portal: Portal) -> None:
    response = client.get(LIST_URL, {"q": "khai sinh " + "a" * 5000})
    assert response.status_code == 200
    assert len(response.context["q"]) == 200
    assert _names(response) == []
    response = client.get(LIST_URL, {"q": "khai sinh" + " " * 5000})
    assert _names(response) == ["Đăng ký khai sinh"]


def test_procedure_list_filters_by_field(client: Client, portal: Portal) -> None:
    response = client.get(LIST_URL, {"field": "HOTICH"})
    assert _name_set(response) == {"Đăng ký kết hôn", "Đăng ký khai sinh", "Đăng ký khai tử"}
    html = response.content.decode()
    assert '<option value="HOTICH" selected>' in html
    assert '<details class="filter-box" open>' in html  # active filters stay in view
    assert "Bỏ lọc" in html


def test_procedure_list_filters_by_level(client: Client, portal: Portal) -> None:
    response = client.get(LIST_URL, {"level": "province"})
    assert _name_set(response) == {
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
    }


def test_procedure_list_filters_by_online_category(client: Client, portal: Portal) -> None:
    response = client.get(LIST_URL, {"online": "full"})
    assert _name_set(response) == {
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "Đăng ký khai sinh",
        "Đăng ký khai tử",
    }


def test_procedure_list_combines_search_and_filters(client: Client, portal: Portal) -> None:
    response = client.get(LIST_URL, {"q": "dang ky", "field": "HOTICH", "level": "commune", "online": "full"})
    assert _name_set(response) == {"Đăng ký khai sinh", "Đăng ký khai tử"}


@pytest.mark.parametrize(
    "params",
    [
        {"field": "KHONGCO"},
        {"field": "HOTICH\x00"},
        {"level": "unit"},
        {"level": "' OR 1=1"},
        {"online": "x" * 300},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "1\x00"},
    ],
)
def test_procedure_list_ignores_unknown_filter_values(client: Client, portal: Portal, params: dict[str, str]) -> None:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5


@pytest.fixture
def many_procedures(portal: Portal) -> None:
    land = field_upsert(actor=None, code="DATDAI", name="Đất đai")
    for n in range(1, 24):
        procedure_save(
            actor=None,
            code=f"1.{900000 + n}",
            name=f"Thủ tục đất đai số {n:02d}",
            field=land,
            levels=["commune"],
            processing_days=5,
            online_category=Procedure.OnlineCategory.PARTIAL,
        )


def test_procedure_list_pages(client: Client, many_procedures: None) -> None:
    first = client.get(LIST_URL, {"q": "dat dai"})
    assert first.context["page"].paginator.count == 23
    assert len(_names(first)) == views.PAGE_SIZE
    html = first.content.decode()
    assert "Trang 1/2" in html
    assert 'href="?q=dat+dai&amp;page=2"' in html
    assert 'rel="prev"' not in html

    second = client.get(LIST_URL, {"q": "dat dai", "page": 2})
    assert _names(second) == ["Thủ tục đất đai số 21", "Thủ tục đất đai số 22", "Thủ tục đất đai số 23"]
    html = second.content.decode()
    assert 'start="21"' in html
    assert 'href="?q=dat+dai&amp;page=1"' in html
    assert 'rel="next"' not in html

    beyond = client.get(LIST_URL, {"q": "dat dai", "page": 99})
    assert beyond.status_code == 200
    assert beyond.context["page"].number == 2


def test_procedure_list_paging_keeps_filters(client: Client, many_procedures: None) -> None:
    html = client.get(LIST_URL, {"field": "DATDAI", "level": "commune"}).content.decode()
    assert 'href="?field=DATDAI&amp;level=commune&amp;page=2"' in html


def test_procedure_list_query_count_is_bounded(
    client: Client, many_procedures: None, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(6):
        client.get(LIST_URL, {"q": "dat dai"})


def test_procedure_detail_shows_everything_a_citizen_needs(client: Client, portal: Portal) -> None:
    response = client.get(reverse("web:procedure_detail", args=[BIRTH_CODE]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        '<h1 lang="vi">Đăng ký khai sinh</h1>',
        "Tờ khai đăng ký khai sinh (Mẫu TP/HT-2020-KS.1)",
        "(DOCX)",
        "Giấy chứng sinh",
        "Văn bản ủy quyền có chứng thực",
        "nếu có",
        "Lệ phí đăng ký khai sinh",
        "Miễn phí",
        "1 ngày làm việc",
        "Hồ sơ nhận sau 15 giờ",
        "Ủy ban nhân dân phường Tô Hiệu",
        "60/2014/QH13",
        "123/2015/NĐ-CP",
        "Giấy khai sinh (bản chính)",
        "Dịch vụ công trực tuyến toàn trình",
        "Cấp xã",
        "Qua dịch vụ bưu chính công ích",
        "Bước 2: Công chức tư pháp - hộ tịch",
        'id="submit-dossier" href="/nop-ho-so/1.001193/"',
    ]:
        assert text in html, text
    assert re.search(r'<a href="/media/catalog/forms/to-khai-khai-sinh[^"]*\.docx" download>', html)


def test_procedure_detail_formats_fees_and_fractional_days(client: Client, portal: Portal) -> None:
    html = client.get(reverse("web:procedure_detail", args=["2.000815"])).content.decode()
    assert "0,5 ngày làm việc" in html
    assert "2.000 đồng" in html
    assert "Không yêu cầu giấy tờ." in html
    assert 'id="submit-dossier"' not in html  # not offered online
    assert '<ul class="plain-list"><li>Sở Tư pháp tỉnh Sơn La</li><li>Ủy ban nhân dân phường Tô Hiệu</li></ul>' in html
    html = client.get(reverse("web:procedure_detail", args=["2.000488"])).content.decode()
    assert "200.000 đồng" in html
    assert "10 ngày làm việc" in html
    assert "Sở Tư pháp tỉnh Sơn La" in html


def test_procedure_detail_links_external_form(client: Client, portal: Portal) -> None:
    html = client.get(reverse("web:procedure_detail", args=["1.000894"])).content.decode()
    assert '<a href="https://dichvucong.gov.vn/mau/to-khai-ket-hon.docx">Tải mẫu</a>' in html


def test_procedure_detail_query_count_is_fixed(client: Client, portal: Portal, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(8):
        client.get(reverse("web:procedure_detail", args=[BIRTH_CODE]))


@pytest.mark.parametrize(
    "path",
    ["/thu-tuc/9.999999/", "/thu-tuc/khong-co/", "/thu-tuc/1.001193'--/", "/thu-tuc/%00/", "/thu-tuc/1.001193%00/"],
)
def test_procedure_detail_unknown_code_is_404_page(client: Client, portal: Portal, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert 'id="search-q"' in html
    assert 'class="skip-link"' in html


def test_unknown_url_is_404_page(client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert '<html lang="vi">' in html


def test_404_page_in_english(client: Client) -> None:
    client.cookies["django_language"] = "en"
    html = client.get("/khong-co-trang-nay/").content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html


def test_500_page_renders_without_request_context_or_database(django_assert_num_queries) -> None:
    request = RequestFactory().get("/thu-tuc/")
    with translation.override("vi"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in html
    assert 'class="skip-link"' in html
    assert f'href="{reverse("web:home")}"' in html
    assert 'class="lang-switch"' not in html  # the form needs a CSRF token, which this page cannot have


def test_500_page_in_english() -> None:
    with translation.override("en"):
        html = get_template("500.html").render()
    assert '<html lang="en">' in html
    assert "The system is having a problem" in html


def test_pages_switch_to_english(client: Client, portal: Portal) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": LIST_URL + "?q=khai+sinh"})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL + "?q=khai+sinh"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in html
    assert "Administrative procedures" in html
    assert "Found 1 procedure" in html
    assert 'value="vi" lang="vi">Tiếng Việt</button>' in html
    html = client.get(reverse("web:procedure_detail", args=[BIRTH_CODE])).content.decode()
    assert "1 working day" in html
    assert "Submit online" in html
    assert "Fully online public service" in html
    assert "By public postal service" in html
    html = client.get(reverse("web:procedure_detail", args=["2.000488"])).content.decode()
    assert "200,000 VND" in html
    assert "10 working days" in html
    html = client.get(reverse("web:procedure_detail", args=["2.000815"])).content.decode()
    assert "0.5 working days" in html
