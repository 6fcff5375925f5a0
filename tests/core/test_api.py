import json

import pytest

from saola.core import services
from saola.core.models import AuditEntry, CalendarOverride, User
from tests.core.factories import officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(province):
    office = services.organization_create(
        actor=None,
        code="000.01.53.H53",
        name="Văn phòng UBND tỉnh Sơn La",
        level="unit",
        parent=province,
        short_name="VP UBND",
    )
    commune = services.organization_create(
        actor=None,
        code="000.20.53.H53",
        name="Phường Tô Hiệu",
        level="commune",
        parent=province,
        admin_unit_code="03979",
    )
    commune_office = services.organization_create(
        actor=None, code="001.20.53.H53", name="Bộ phận Một cửa phường Tô Hiệu", level="unit", parent=commune
    )
    return {"province": province, "office": office, "commune": commune, "commune_office": commune_office}


def token_for(client, user, password="Mat-khau-2026"):
    response = client.post(
        "/api/v1/auth/token",
        json.dumps({"login": user.username, "password": password}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_organizations_list_filters_and_shape(client, tree):
    body = client.get("/api/v1/organizations").json()
    assert body["count"] == 4
    first = body["items"][0]
    assert set(first) >= {"code", "name", "level", "parent"}
    assert first["code"] == "000.00.00.H53" and first["parent"] is None
    communes = client.get("/api/v1/organizations", {"level": "commune"}).json()["items"]
    assert [o["code"] for o in communes] == ["000.20.53.H53"]
    children = client.get("/api/v1/organizations", {"parent": "000.20.53.H53"}).json()["items"]
    assert [o["code"] for o in children] == ["001.20.53.H53"]
    found = client.get("/api/v1/organizations", {"q": "to hieu"}).json()["items"]
    assert {o["code"] for o in found} == {"000.20.53.H53", "001.20.53.H53"}


def test_organization_detail_and_404(client, tree):
    body = client.get("/api/v1/organizations/000.20.53.H53").json()
    assert body["level"] == "commune" and body["parent"] == "000.00.00.H53" and body["admin_unit_code"] == "03979"
    missing = client.get("/api/v1/organizations/999.99.99.H99")
    assert missing.status_code == 404
    assert set(missing.json()["error"]) == {"code", "message", "details"}


def test_bad_level_is_422(client, tree):
    assert client.get("/api/v1/organizations", {"level": "planet"}).status_code == 422


def test_token_login_by_username_email_or_phone_and_me(client, tree):
    user = services.officer_create(
        actor=None,
        username="lan.nt",
        full_name="Nguyễn Thị Lan",
        organization=tree["commune"],
        password="Mat-khau-2026",
        email="lan@sonla.gov.vn",
        phone="0912 345 678",
        roles=["receiving_officer"],
    )
    for login in ("lan.nt", "LAN@sonla.gov.vn", "+84912345678"):
        response = post(client, "/api/v1/auth/token", {"login": login, "password": "Mat-khau-2026"})
        assert response.status_code == 200, login
    headers = token_for(client, user)
    me = client.get("/api/v1/me", **headers).json()
    assert me["full_name"] == "Nguyễn Thị Lan"
    assert me["roles"] == [{"role": "receiving_officer", "organization": "000.20.53.H53"}]


def test_wrong_password_and_bad_token_are_refused(client, tree):
    officer(tree["province"], "clerk", username="vt")
    assert post(client, "/api/v1/auth/token", {"login": "vt", "password": "sai"}).status_code == 403
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer sao_forged").status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_citizen_registers_with_email_and_logs_in(client):
    response = post(
        client,
        "/api/v1/citizens",
        {
            "full_name": "Lò Văn Minh",
            "email": "minh@example.vn",
            "password": "Hoa-ban-trang-2026",
            "personal_id": "014095000123",
        },
    )
    assert response.status_code == 201, response.content
    user = User.objects.get(email="minh@example.vn")
    assert user.kind == "citizen" and user.check_password("Hoa-ban-trang-2026")
    assert (
        post(client, "/api/v1/auth/token", {"login": "minh@example.vn", "password": "Hoa-ban-trang-2026"}).status_code
        == 200
    )
    assert AuditEntry.objects.filter(action="citizen.register", object_id=str(user.pk)).exists()


def test_business_registers_with_phone_and_valid_tax_code(client):
    response = post(
        client,
        "/api/v1/citizens",
        {
            "full_name": "Công ty TNHH Chè Mộc Châu",
            "kind": "business",
            "phone": "0987654321",
            "password": "Che-Moc-Chau-2026",
            "tax_code": "5500123457",
        },
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"personal_id": "12345"}, "personal_id"),
        ({"personal_id": "999123456789"}, "personal_id"),
        ({"password": "12345678901"}, "password"),
        ({"password": "ngan"}, "password"),
        ({"email": None, "phone": None}, "email"),
        ({"phone": "12345", "email": None}, "phone"),
        ({"kind": "business", "tax_code": "5500123450"}, "tax_code"),
    ],
)
def test_citizen_registration_rejects_bad_input(client, payload, field):
    data = {
        "full_name": "Quàng Thị Hoa",
        "email": "hoa@example.vn",
        "password": "Hoa-ban-trang-2026",
        "personal_id": "014195000321",
    }
    data.update(payload)
    response = post(client, "/api/v1/citizens", data)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["details"]["fields"]
    assert not User.objects.exists()


def test_duplicate_email_is_refused(client):
    data = {
        "full_name": "Lò Thị A",
        "email": "a@example.vn",
        "password": "Hoa-ban-trang-2026",
        "personal_id": "014195000321",
    }
    assert post(client, "/api/v1/citizens", data).status_code == 201
    data["personal_id"] = "014195000322"
    response = post(client, "/api/v1/citizens", data)
    assert response.status_code == 400
    assert "email" in response.json()["error"]["details"]["fields"]


def test_unit_admin_manages_officers_only_in_own_subtree(client, tree):
    admin = officer(tree["commune"], "unit_admin", username="qt.tohieu")
    headers = token_for(client, admin)
    ok = post(
        client,
        "/api/v1/officers",
        {
            "username": "xl.tohieu",
            "full_name": "Cầm Văn Hùng",
            "organization": "001.20.53.H53",
            "password": "Mat-khau-2026",
            "roles": ["processing_officer"],
            "position": "Công chức Tư pháp - Hộ tịch",
        },
        **headers,
    )
    assert ok.status_code == 201, ok.content
    outside = post(
        client,
        "/api/v1/officers",
        {
            "username": "xl.tinh",
            "full_name": "Lường Văn Tú",
            "organization": "000.01.53.H53",
            "password": "Mat-khau-2026",
            "roles": ["processing_officer"],
        },
        **headers,
    )
    assert outside.status_code == 403
    escalate = post(
        client,
        "/api/v1/officers",
        {
            "username": "qt2",
            "full_name": "Hà Văn Dũng",
            "organization": "001.20.53.H53",
            "password": "Mat-khau-2026",
            "roles": ["platform_admin"],
        },
        **headers,
    )
    assert escalate.status_code == 403
    listed = client.get("/api/v1/officers", **headers).json()
    assert {o["username"] for o in listed["items"]} == {"qt.tohieu", "xl.tohieu"}
    assert not User.objects.filter(username__in=["xl.tinh", "qt2"]).exists()


def test_officer_without_admin_role_sees_no_officers(client, tree):
    clerk = officer(tree["province"], "clerk", username="vt.tinh")
    officer(tree["commune"], "receiving_officer", username="tn.xa")
    assert client.get("/api/v1/officers", **token_for(client, clerk)).json()["count"] == 0


def test_calendar_days_and_deadline(client):
    days = client.get("/api/v1/calendar/days", {"start": "2026-02-13", "end": "2026-02-23"}).json()
    working = [d["date"] for d in days if d["working"]]
    assert working == ["2026-02-13", "2026-02-23"]
    due = post(client, "/api/v1/calendar/deadline", {"start": "2026-02-13T10:00:00+07:00", "days": 2}).json()
    assert due["due"].startswith("2026-02-24T10:00:00")
    assert due["working_days"] == 2
    assert client.get("/api/v1/calendar/days", {"start": "2026-01-01", "end": "2028-01-01"}).status_code == 400
    assert post(client, "/api/v1/calendar/deadline", {"start": "2026-02-13T10:00:00", "days": 2}).status_code == 400


def test_calendar_override_needs_platform_admin_and_is_audited(client, platform_admin, clerk):
    data = json.dumps({"date": "2026-12-05", "kind": "working_day", "note": "Làm bù", "source": "TB của Bộ Nội vụ"})
    denied = client.put(
        "/api/v1/calendar/overrides/2026-12-05", data, content_type="application/json", **token_for(client, clerk)
    )
    assert denied.status_code == 403
    ok = client.put(
        "/api/v1/calendar/overrides/2026-12-05",
        data,
        content_type="application/json",
        **token_for(client, platform_admin),
    )
    assert ok.status_code == 200
    assert CalendarOverride.objects.get().kind == "working_day"
    assert AuditEntry.objects.get(action="calendar.override").actor == platform_admin


def test_audit_log_is_listed_for_admins_only(client, platform_admin, clerk):
    assert client.get("/api/v1/audit", **token_for(client, clerk)).status_code == 403
    body = client.get("/api/v1/audit", {"action": "organization.create"}, **token_for(client, platform_admin)).json()
    assert body["count"] == 1
    assert body["items"][0]["after"]["code"] == "000.00.00.H53"
