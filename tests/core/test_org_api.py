import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from saola.core import services
from saola.core.models import AuditEntry, Organization, User
from tests.core.factories import officer

pytestmark = pytest.mark.django_db

HEADER = "code,name,short_name,level,parent,admin_unit_code,address,valid_from,valid_to"


@pytest.fixture
def tree(province):
    office = services.organization_create(
        actor=None, code="000.01.53.H53", name="Văn phòng UBND tỉnh Sơn La", level="unit", parent=province
    )
    commune = services.organization_create(
        actor=None, code="000.20.53.H53", name="Phường Tô Hiệu", level="commune", parent=province
    )
    section = services.organization_create(
        actor=None, code="001.20.53.H53", name="Bộ phận Một cửa phường Tô Hiệu", level="unit", parent=commune
    )
    return {"province": province, "office": office, "commune": commune, "section": section}


@pytest.fixture
def unit_admin(tree):
    return officer(tree["commune"], "unit_admin", username="qt.to.hieu")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def upload(client, content: bytes, name="co-quan.csv", **extra):
    return client.post(
        "/api/v1/organizations-import", {"file": SimpleUploadedFile(name, content), **extra}, format="multipart"
    )


def test_create_organization_requires_login(client, tree):
    response = send(client, "post", "/api/v1/organizations", {"code": "000.30.53.H53", "name": "X", "level": "unit"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "NOT_AUTHENTICATED"


def test_create_organization_refused_to_officer_without_admin_role(tree):
    clerk = officer(tree["commune"], "clerk", username="van.thu")
    data = {"code": "002.20.53.H53", "name": "Tổ tiếp nhận", "level": "unit", "parent": "000.20.53.H53"}
    response = send(logged_in(clerk), "post", "/api/v1/organizations", data)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "PERMISSION_DENIED"


def test_platform_admin_creates_root_and_child_with_audit(platform_admin):
    client = logged_in(platform_admin)
    root = {"code": "000.00.00.H40", "name": "UBND tỉnh Nghệ An", "level": "province", "admin_unit_code": "40"}
    response = send(client, "post", "/api/v1/organizations", root)
    assert response.status_code == 201, response.content
    child = {"code": "000.20.00.H40", "name": "Phường Vinh Hưng", "level": "commune", "parent": "000.00.00.H40"}
    response = send(client, "post", "/api/v1/organizations", child)
    assert response.status_code == 201
    assert response.json()["parent"] == "000.00.00.H40"
    created = Organization.objects.get(code="000.20.00.H40")
    assert created.path == f"{created.parent.path}{created.pk}/"
    entry = AuditEntry.objects.get(action="organization.create", object_id=str(created.pk))
    assert entry.actor == platform_admin


def test_create_organization_reports_unknown_parent_and_bad_nesting(platform_admin):
    client = logged_in(platform_admin)
    data = {"code": "000.20.00.H40", "name": "Phường", "level": "commune", "parent": "000.00.00.H99"}
    response = send(client, "post", "/api/v1/organizations", data)
    assert response.status_code == 400
    assert "parent" in response.json()["error"]["details"]["fields"]
    response = send(client, "post", "/api/v1/organizations", {**data, "parent": None})
    assert response.status_code == 400
    assert "parent" in response.json()["error"]["details"]["fields"]
    response = send(
        client, "post", "/api/v1/organizations", {**data, "parent": None, "level": "province", "code": "H40"}
    )
    assert response.status_code == 400
    assert "code" in response.json()["error"]["details"]["fields"]


def test_unit_admin_creates_only_inside_own_subtree(unit_admin):
    client = logged_in(unit_admin)
    inside = {"code": "002.20.53.H53", "name": "Tổ tiếp nhận", "level": "unit", "parent": "000.20.53.H53"}
    assert send(client, "post", "/api/v1/organizations", inside).status_code == 201
    deeper = {**inside, "code": "003.20.53.H53", "parent": "001.20.53.H53"}
    assert send(client, "post", "/api/v1/organizations", deeper).status_code == 201
    sibling = {**inside, "code": "000.02.53.H53", "parent": "000.00.00.H53"}
    assert send(client, "post", "/api/v1/organizations", sibling).status_code == 403
    root = {"code": "000.00.00.H40", "name": "UBND tỉnh Nghệ An", "level": "province"}
    assert send(client, "post", "/api/v1/organizations", root).status_code == 403
    assert not Organization.objects.filter(code__in=["000.02.53.H53", "000.00.00.H40"]).exists()


def test_unit_admin_updates_only_inside_own_subtree(unit_admin, tree):
    client = logged_in(unit_admin)
    response = send(client, "patch", "/api/v1/organizations/001.20.53.H53", {"short_name": "BPMC"})
    assert response.status_code == 200, response.content
    assert response.json()["short_name"] == "BPMC"
    assert (
        send(client, "patch", "/api/v1/organizations/000.20.53.H53", {"name": "Phường Tô Hiệu (mới)"}).status_code
        == 200
    )
    response = send(client, "patch", "/api/v1/organizations/000.01.53.H53", {"name": "Văn phòng"})
    assert response.status_code == 403
    # Moving their own unit out of their subtree, or to the top, is refused too.
    assert send(client, "patch", "/api/v1/organizations/001.20.53.H53", {"parent": "000.01.53.H53"}).status_code == 403
    assert send(client, "patch", "/api/v1/organizations/000.20.53.H53", {"parent": None}).status_code == 403
    assert Organization.objects.get(code="000.01.53.H53").name == "Văn phòng UBND tỉnh Sơn La"
    assert Organization.objects.get(code="001.20.53.H53").parent == tree["commune"]


def test_update_organization_moves_subtree_and_audits(platform_admin, tree):
    client = logged_in(platform_admin)
    response = send(client, "patch", "/api/v1/organizations/001.20.53.H53", {"parent": "000.01.53.H53"})
    assert response.status_code == 200, response.content
    section = Organization.objects.get(code="001.20.53.H53")
    assert section.path == f"{tree['office'].path}{section.pk}/"
    assert section.depth == 2
    entry = AuditEntry.objects.filter(action="organization.update").latest("id")
    assert entry.before["parent"] == tree["commune"].pk
    assert entry.after["parent"] == tree["office"].pk


def test_update_organization_refuses_cycles_and_bad_nesting(platform_admin, tree):
    client = logged_in(platform_admin)
    response = send(client, "patch", "/api/v1/organizations/000.20.53.H53", {"parent": "001.20.53.H53"})
    assert response.status_code == 409
    response = send(client, "patch", "/api/v1/organizations/000.20.53.H53", {"parent": None})
    assert response.status_code == 400
    assert send(client, "patch", "/api/v1/organizations/000.99.53.H53", {"name": "X"}).status_code == 404
    response = send(client, "patch", "/api/v1/organizations/000.20.53.H53", {"name": None})
    assert response.status_code == 422


def test_reads_are_public(client, tree):
    assert client.get("/api/v1/organizations?parent=000.00.00.H53").json()["count"] == 2
    assert client.get("/api/v1/organizations/000.20.53.H53").json()["name"] == "Phường Tô Hiệu"


def test_export_organizations_csv_and_xlsx(platform_admin, tree):
    client = logged_in(platform_admin)
    response = client.get("/api/v1/organizations-export?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="co-quan-don-vi.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf" + HEADER.encode())
    assert "Phường Tô Hiệu" in response.content.decode("utf-8-sig")
    response = client.get("/api/v1/organizations-export?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["CoQuan"]
    assert sheet.max_row == 5
    assert client.get("/api/v1/organizations-export?format=json").status_code == 422


def test_export_organizations_refused_without_admin_role(tree):
    citizen = User.objects.create_user(username="cong.dan", password="x", kind="citizen")
    assert logged_in(citizen).get("/api/v1/organizations-export").status_code == 403
    assert Client().get("/api/v1/organizations-export").status_code == 401


def test_import_organizations_upserts(platform_admin, tree):
    content = "\r\n".join(
        [
            HEADER,
            "000.20.53.H53,Phường Tô Hiệu,,commune,000.00.00.H53,03646,,01/07/2025,",
            "002.20.53.H53,Tổ tiếp nhận hồ sơ,,unit,000.20.53.H53,,,,",
        ]
    ).encode("utf-8-sig")
    response = upload(logged_in(platform_admin), content)
    assert response.status_code == 200, response.content
    assert response.json() == {"imported": 2, "created": 1, "updated": 1, "unchanged": 0}
    assert Organization.objects.get(code="000.20.53.H53").admin_unit_code == "03646"


def test_import_organizations_rejects_bad_rows_with_lines(platform_admin, tree):
    content = "\n".join(
        [HEADER, "002.20.53.H53,Tổ,,unit,000.20.53.H99,,,,", "BAD,Sai,,unit,000.20.53.H53,,,,"]
    ).encode()
    count = Organization.objects.count()
    response = upload(logged_in(platform_admin), content)
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "IMPORT_REJECTED"
    assert [(e["line"], e["field"]) for e in body["details"]["errors"]] == [(2, "parent"), (3, "code")]
    assert Organization.objects.count() == count


def test_import_organizations_scopes_unit_admin(unit_admin, tree):
    content = "\n".join(
        [HEADER, "002.20.53.H53,Tổ,,unit,000.20.53.H53,,,,", "000.02.53.H53,Sở mới,,unit,000.00.00.H53,,,,"]
    ).encode()
    response = upload(logged_in(unit_admin), content)
    assert response.status_code == 400
    assert [e["line"] for e in response.json()["error"]["details"]["errors"]] == [3]
    assert not Organization.objects.filter(code="002.20.53.H53").exists()


def test_import_organizations_refuses_hostile_uploads(platform_admin, tree, settings):
    client = logged_in(platform_admin)
    response = upload(client, b"PK\x03\x04 not really a zip", name="co-quan.xlsx")
    assert response.status_code == 400
    assert response.json()["error"]["details"]["errors"][0]["line"] is None
    assert upload(client, b"x", name="co-quan.exe").status_code == 400
    settings.SAOLA_IMPORT_MAX_BYTES = 10
    response = upload(client, HEADER.encode())
    assert response.status_code == 400
    assert "quá lớn" in response.json()["error"]["message"]


def test_import_organizations_takes_format_field_over_file_name(platform_admin, tree):
    content = f"{HEADER}\n002.20.53.H53,Tổ,,unit,000.20.53.H53,,,,\n".encode()
    response = upload(logged_in(platform_admin), content, name="tai-len", format="csv")
    assert response.status_code == 200, response.content


def test_import_organizations_refused_without_admin_role(tree):
    clerk = officer(tree["commune"], "clerk", username="van.thu")
    assert upload(logged_in(clerk), HEADER.encode()).status_code == 403


def test_reads_and_writes_share_the_organization_paths(platform_admin, tree):
    client = logged_in(platform_admin)
    assert client.get("/api/v1/organizations/000.20.53.H53").status_code == 200
    assert client.get("/api/v1/organizations").status_code == 200
    assert send(client, "patch", "/api/v1/organizations/000.20.53.H53", {"short_name": "P. Tô Hiệu"}).status_code == 200
    data = {"code": "002.20.53.H53", "name": "Tổ tiếp nhận", "level": "unit", "parent": "000.20.53.H53"}
    assert send(client, "post", "/api/v1/organizations", data).status_code == 201
