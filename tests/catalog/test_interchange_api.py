import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from saola.catalog.interchange import catalog_export
from saola.catalog.models import Field, Procedure
from saola.core import services
from saola.core.models import AuditEntry, User
from tests.catalog.factories import make_catalog
from tests.core.factories import officer

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/catalog/export"
IMPORT = "/api/v1/catalog/import"


@pytest.fixture
def catalog(province):
    return make_catalog()


@pytest.fixture
def citizen(db):
    return services.citizen_register(
        full_name="Trần Thị Bình", password="Mat-khau-2026", email="binh@example.vn", personal_id="014190000123"
    )


@pytest.fixture
def role_admin(province):
    """A platform admin by role only (not a superuser)."""
    user = officer(province, "platform_admin", username="role.admin")
    User.objects.filter(pk=user.pk).update(is_superuser=False)
    user.refresh_from_db()
    return user


def upload(client: Client, data: bytes, name: str = "thu-tuc.json"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def wipe() -> None:
    Procedure.objects.all().delete()
    Field.objects.all().delete()


def test_anonymous_gets_401_and_nothing_changes(client, catalog):
    response = client.get(EXPORT)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "NOT_AUTHENTICATED"
    before = AuditEntry.objects.count()
    wipe()
    response = upload(client, b"[]")
    assert response.status_code == 401
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("who", ["citizen", "clerk"])
def test_citizens_and_officers_without_the_role_get_403(client, catalog, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(EXPORT)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "PERMISSION_DENIED"
    data = catalog_export(fmt="json")
    wipe()
    assert upload(client, data).status_code == 403
    assert not Procedure.objects.exists()


@pytest.mark.parametrize("who", ["platform_admin", "role_admin"])
def test_admin_exports_json_and_xlsx(client, catalog, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(EXPORT, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="thu-tuc-')
    assert [r["MATTHC"] for r in json.loads(response.content)] == ["1.001193", "1.009994", "2.000635"]
    workbook = client.get(EXPORT, {"format": "xlsx"})
    assert workbook.status_code == 200
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert workbook["Content-Disposition"].endswith('.xlsx"')
    assert openpyxl.load_workbook(io.BytesIO(workbook.content), read_only=True).sheetnames[0] == "ThuTuc"


def test_unknown_export_format_is_422(client, catalog, platform_admin):
    client.force_login(platform_admin)
    assert client.get(EXPORT, {"format": "csv"}).status_code == 422


@pytest.mark.parametrize(("fmt", "name"), [("json", "thu-tuc.json"), ("xlsx", "Danh mục TTHC.XLSX")])
def test_admin_imports_a_file_and_is_the_audited_actor(client, catalog, role_admin, fmt, name):
    client.force_login(role_admin)
    data = catalog_export(fmt=fmt)
    wipe()
    response = upload(client, data, name)
    assert response.status_code == 200, response.content
    assert response.json() == {"imported": 3}
    entries = AuditEntry.objects.filter(action="procedure.create")
    assert entries.count() == 6  # three from the fixture, three from the upload
    assert entries.filter(actor=role_admin).count() == 3
    assert AuditEntry.objects.get(action="catalog.import").actor == role_admin


def test_bad_file_answers_400_with_every_error(client, catalog, platform_admin):
    client.force_login(platform_admin)
    records = json.loads(catalog_export(fmt="json"))
    records[0]["MUCDO"] = "mức 9"
    records[2]["COQUANTHUCHIEN"][0]["MADONVI"] = "999.99.99.H99"
    before = AuditEntry.objects.count()
    response = upload(client, json.dumps(records).encode())
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "IMPORT_REJECTED"
    assert error["message"] == "Tệp nhập có lỗi; không có dữ liệu nào được ghi."
    assert [(e["line"], e["field"]) for e in error["details"]["errors"]] == [
        (1, "MUCDO"),
        (3, "COQUANTHUCHIEN[1].MADONVI"),
    ]
    assert all(e["message"] for e in error["details"]["errors"])
    assert AuditEntry.objects.count() == before


def test_oversized_upload_is_refused(client, catalog, platform_admin, settings):
    client.force_login(platform_admin)
    settings.SAOLA_IMPORT_MAX_BYTES = 1000
    response = upload(client, b"[" + b" " * 5000 + b"]")
    assert response.status_code == 400
    assert "quá lớn" in response.json()["error"]["details"]["errors"][0]["message"]


@pytest.mark.parametrize(("data", "name"), [(b"[]", "thu-tuc.csv"), (b"not a zip", "thu-tuc.xlsx")])
def test_wrong_kind_of_file_is_refused(client, catalog, platform_admin, data, name):
    client.force_login(platform_admin)
    response = upload(client, data, name)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "IMPORT_REJECTED"


def test_upload_without_a_file_is_422(client, catalog, platform_admin):
    client.force_login(platform_admin)
    assert client.post(IMPORT, {}).status_code == 422


def test_session_upload_needs_the_csrf_token(catalog, platform_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(platform_admin)
    data = catalog_export(fmt="json")
    wipe()
    response = upload(client, data)
    assert response.status_code == 403
    assert not Procedure.objects.exists()


def test_endpoints_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths) >= {EXPORT, IMPORT}
    assert paths[IMPORT]["post"]["tags"] == ["catalog-admin"]
