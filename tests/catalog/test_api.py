import json

import pytest

from saola.catalog.models import Procedure
from saola.core.models import AuditEntry
from tests.support.bpmn import ENTITY_BOMB, NO_LANE_FLOW, VALID_FLOW
from tests.support.catalog import make_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(province):
    return make_catalog()


def codes(response):
    return [item["code"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "q", ["khai sinh", "dang ky khai sinh", "Đăng ký khai sinh", "ĐĂNG KÝ   KHAI SINH", "1.001193"]
)
def test_search_finds_birth_registration_however_typed(client, catalog, q):
    response = client.get("/api/v1/procedures", {"q": q})
    assert response.status_code == 200
    assert "1.001193" in codes(response)


def test_search_requires_every_term(client, catalog):
    assert codes(client.get("/api/v1/procedures", {"q": "khai sinh xây dựng"})) == []


def test_list_pages_with_limit_and_offset(client, catalog):
    first = client.get("/api/v1/procedures", {"limit": 2, "offset": 0}).json()
    second = client.get("/api/v1/procedures", {"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] == 4
    assert len(first["items"]) == len(second["items"]) == 2
    assert not {i["code"] for i in first["items"]} & {i["code"] for i in second["items"]}


def test_filter_by_field_and_level(client, catalog):
    assert codes(client.get("/api/v1/procedures", {"field": "XD"})) == ["1.009994"]
    assert set(codes(client.get("/api/v1/procedures", {"level": "province"}))) == {"1.009994", "2.000635"}


def test_sql_like_search_is_just_text(client, catalog):
    response = client.get("/api/v1/procedures", {"q": "' OR 1=1 --; DROP TABLE catalog_procedure"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert Procedure.objects.count() == 4


def test_too_long_search_is_422_with_error_shape(client, catalog):
    response = client.get("/api/v1/procedures", {"q": "a" * 5000})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_FAILED"
    assert "q" in error["details"]["fields"]


def test_bad_level_and_limit_are_422(client, catalog):
    assert client.get("/api/v1/procedures", {"level": "galaxy"}).status_code == 422
    assert client.get("/api/v1/procedures", {"limit": 100000}).status_code == 422


def test_procedure_detail_has_everything_the_page_shows(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/procedures/1.001193")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Đăng ký khai sinh"
    assert body["field"] == {"code": "HT", "name": "Hộ tịch"}
    assert body["papers"][0]["name"] == "Tờ khai đăng ký khai sinh"
    assert body["fees"][0]["amount"] in (0, "0")
    assert body["legal_bases"][0]["number"] == "60/2014/QH13"
    assert body["online_category"] == "full"
    assert body["legacy_level"] == 4
    assert body["flow"] == "don-gian"


def test_unknown_procedure_is_404_json(client, catalog):
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    assert response.json()["error"]["message"]


def test_list_query_count_does_not_grow_with_rows(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/api/v1/procedures", {"limit": 50})


def test_openapi_and_docs(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/procedures" in paths
    assert "/api/v1/organizations/{code}" in paths
    assert client.get("/api/v1/docs").status_code == 200


def _token(client, user):
    response = client.post(
        "/api/v1/auth/token",
        json.dumps({"login": user.username, "password": "Mat-khau-2026"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def _procedure_payload(**over):
    payload = {
        "name": "Chứng thực bản sao từ bản chính",
        "field_code": "CT",
        "field_name": "Chứng thực",
        "levels": ["commune"],
        "processing_days": 1,
        "online_category": "partial",
        "cut_off_hour": 15,
        "agencies": ["000.00.00.H53"],
        "papers": [{"name": "Bản chính giấy tờ", "originals": 1}],
        "fees": [{"name": "Phí chứng thực", "amount": 2000, "description": "2.000 đồng/trang"}],
        "legal_bases": [{"number": "23/2015/NĐ-CP", "title": "Nghị định về cấp bản sao, chứng thực"}],
    }
    payload.update(over)
    return json.dumps(payload)


def test_admin_saves_procedure_and_it_is_audited(client, platform_admin):
    headers = _token(client, platform_admin)
    response = client.put(
        "/api/v1/procedures/2.000815", _procedure_payload(), content_type="application/json", **headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["cut_off_hour"] == 15
    entry = AuditEntry.objects.get(action="procedure.create", object_repr__contains="2.000815")
    assert entry.actor == platform_admin
    assert entry.after["fees"][0]["amount"] == "2000"
    # replacing keeps one row per paper and records the before state
    client.put(
        "/api/v1/procedures/2.000815",
        _procedure_payload(name="Chứng thực bản sao"),
        content_type="application/json",
        **headers,
    )
    procedure = Procedure.objects.get(code="2.000815")
    assert procedure.name == "Chứng thực bản sao"
    assert procedure.papers.count() == 1
    assert AuditEntry.objects.get(action="procedure.update").before["name"] == "Chứng thực bản sao từ bản chính"


def test_writes_need_a_platform_admin(client, clerk):
    assert (
        client.put("/api/v1/procedures/2.000815", _procedure_payload(), content_type="application/json").status_code
        == 401
    )
    headers = _token(client, clerk)
    response = client.put(
        "/api/v1/procedures/2.000815", _procedure_payload(), content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "PERMISSION_DENIED"
    assert not Procedure.objects.exists()


def test_bad_procedure_code_and_unknown_agency_are_refused(client, platform_admin):
    headers = _token(client, platform_admin)
    bad_code = client.put("/api/v1/procedures/ABC", _procedure_payload(), content_type="application/json", **headers)
    assert bad_code.status_code == 400
    assert "code" in bad_code.json()["error"]["details"]["fields"]
    unknown = client.put(
        "/api/v1/procedures/2.000815",
        _procedure_payload(agencies=["999.99.99.H99"]),
        content_type="application/json",
        **headers,
    )
    assert unknown.status_code == 400
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(("xml", "fragment"), [(NO_LANE_FLOW, "lane"), ("<x", "XML"), (ENTITY_BOMB, "DOCTYPE")])
def test_invalid_bpmn_is_refused_at_save(client, platform_admin, xml, fragment):
    headers = _token(client, platform_admin)
    response = client.put(
        "/api/v1/flows/thu-nghiem",
        json.dumps({"name": "Thử", "bpmn_xml": xml}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_FLOW"
    assert fragment in response.json()["error"]["message"]


def test_valid_bpmn_is_saved_with_its_steps(client, platform_admin):
    headers = _token(client, platform_admin)
    response = client.put(
        "/api/v1/flows/don-gian",
        json.dumps({"name": "Đơn giản", "bpmn_xml": VALID_FLOW}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert [t["role"] for t in response.json()["user_tasks"]] == [
        "receiving_officer",
        "processing_officer",
        "unit_leader",
    ]
    assert client.get("/api/v1/flows").json()["count"] == 1


def test_cached_search_sees_catalogue_changes_at_once(client, catalog, django_assert_num_queries):
    first = client.get("/api/v1/procedures", {"q": "khai sinh"}).json()
    with django_assert_num_queries(0):
        assert client.get("/api/v1/procedures", {"q": "khai sinh"}).json() == first
    procedure = Procedure.objects.get(code="1.001193")
    procedure.name = "Đăng ký khai sinh cho trẻ em"
    procedure.save()
    names = [i["name"] for i in client.get("/api/v1/procedures", {"q": "khai sinh"}).json()["items"]]
    assert "Đăng ký khai sinh cho trẻ em" in names
    procedure.delete()
    assert "1.001193" not in codes(client.get("/api/v1/procedures", {"q": "khai sinh"}))
