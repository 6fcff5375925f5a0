import datetime as dt

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from saola.core import services
from saola.core.interchange import COLUMNS
from saola.core.models import (
    ApiToken,
    AuditEntry,
    CalendarOverride,
    LegalRule,
    Organization,
    RoleAssignment,
    User,
)
from saola.core.tokens import api_token_issue
from tests.core.factories import officer

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
PASSWORD = "Mat-khau-2026"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="quan.tri", password=PASSWORD, full_name="Quản trị viên")


@pytest.fixture
def site(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def tree(province):
    commune = services.organization_create(
        actor=None, code="000.20.53.H53", name="Phường Tô Hiệu", level="commune", parent=province
    )
    section = services.organization_create(
        actor=None, code="001.20.53.H53", name="Bộ phận Một cửa phường Tô Hiệu", level="unit", parent=commune
    )
    return {"province": province, "commune": commune, "section": section}


@pytest.fixture
def everything(tree, superuser):
    clerk = officer(tree["commune"], "clerk", username="van.thu")
    services.calendar_override_set(actor=None, date=dt.date(2026, 1, 2), kind="day_off", note="Nghỉ bù")
    services.legal_rule_set(
        actor=None, key="one_stop.cut_off_hour", value=15, effective_from=dt.date(2025, 7, 1), source="NĐ 118/2025"
    )
    api_token_issue(user=clerk, name="tich-hop")
    return {**tree, "clerk": clerk}


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def org_form(**values):
    data = dict.fromkeys(COLUMNS, "")
    data.update(values)
    return data


def latest(action):
    return AuditEntry.objects.filter(action=action).latest("id")


CORE_MODELS = [Organization, User, RoleAssignment, CalendarOverride, LegalRule, AuditEntry, ApiToken]


def test_every_core_model_is_registered():
    for model in CORE_MODELS:
        assert model in admin.site._registry


@pytest.mark.parametrize("model", CORE_MODELS, ids=lambda m: m.__name__)
def test_admin_pages_answer_for_superuser(site, everything, model):
    assert site.get(url(model, "changelist")).status_code == 200
    assert site.get(url(model, "changelist"), {"q": "to hieu"}).status_code == 200
    obj = model.objects.first()
    assert obj is not None
    assert site.get(url(model, "change", obj.pk)).status_code == 200
    expected_add = 403 if model in (AuditEntry, ApiToken) else 200
    assert site.get(url(model, "add")).status_code == expected_add


def test_organization_changelist_indents_tree_and_searches_without_diacritics(site, tree):
    page = site.get(url(Organization, "changelist")).content.decode()
    assert 'padding-left:3.0em">Bộ phận Một cửa phường Tô Hiệu' in page
    page = site.get(url(Organization, "changelist"), {"q": "mot cua to hieu"}).content.decode()
    assert "001.20.53.H53" in page
    assert "000.20.53.H53</a>" not in page and ">000.20.53.H53<" not in page


def test_organization_autocomplete_for_parent(site, tree):
    response = site.get(
        "/admin/autocomplete/",
        {"term": "to hieu", "app_label": "core", "model_name": "organization", "field_name": "parent"},
    )
    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} >= {"Phường Tô Hiệu (000.20.53.H53)"}


def test_organization_add_goes_through_service_sets_path_and_audits(site, tree, superuser):
    data = org_form(
        code="002.20.53.H53",
        name="Tổ tiếp nhận hồ sơ",
        level="unit",
        parent=tree["commune"].pk,
        valid_from="2025-07-01",
    )
    response = site.post(url(Organization, "add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    created = Organization.objects.get(code="002.20.53.H53")
    assert created.path == f"{tree['commune'].path}{created.pk}/"
    assert created.depth == 2
    assert created.valid_from == dt.date(2025, 7, 1)
    entry = latest("organization.create")
    assert entry.object_id == str(created.pk)
    assert entry.actor == superuser


def test_organization_change_moves_subtree_and_audits(site, tree):
    section = tree["section"]
    data = org_form(code=section.code, name=section.name, level="unit", parent=tree["province"].pk)
    response = site.post(url(Organization, "change", section.pk), data)
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.path == f"{tree['province'].path}{section.pk}/"
    assert section.depth == 1
    entry = latest("organization.update")
    assert entry.before["parent"] == tree["commune"].pk
    assert entry.after["parent"] == tree["province"].pk


def test_organization_change_refuses_cycle_and_bad_nesting(site, tree):
    commune = tree["commune"]
    count = AuditEntry.objects.count()
    data = org_form(code=commune.code, name=commune.name, level="commune", parent=tree["section"].pk)
    response = site.post(url(Organization, "change", commune.pk), data)
    assert response.status_code == 200
    assert "trực thuộc chính nó" in response.content.decode()
    data = org_form(code=commune.code, name=commune.name, level="commune", parent="")
    response = site.post(url(Organization, "change", commune.pk), data)
    assert response.status_code == 200
    assert "không thể trực thuộc" in response.content.decode()
    data = org_form(code="20.53.H53", name="Sai mã", level="unit", parent=commune.pk)
    assert site.post(url(Organization, "add"), data).status_code == 200
    assert AuditEntry.objects.count() == count
    commune.refresh_from_db()
    assert commune.parent == tree["province"]


def test_organization_delete_is_audited(site, tree):
    section = tree["section"]
    response = site.post(url(Organization, "delete", section.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=section.pk).exists()
    entry = latest("organization.delete")
    assert entry.object_id == str(section.pk)
    assert entry.before["code"] == "001.20.53.H53"


def test_organization_bulk_delete_audits_each(site, tree):
    other = services.organization_create(
        actor=None, code="000.01.53.H53", name="Văn phòng UBND tỉnh", level="unit", parent=tree["province"]
    )
    ids = [other.pk, tree["section"].pk]
    response = site.post(
        url(Organization, "changelist"), {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert not Organization.objects.filter(pk__in=ids).exists()
    assert AuditEntry.objects.filter(action="organization.delete").count() == 2


def test_organization_import_and_export_pages(site, tree):
    changelist = site.get(url(Organization, "changelist")).content.decode()
    assert reverse("admin:core_organization_import") in changelist
    assert site.get(reverse("admin:core_organization_import")).status_code == 200
    good = f"{HEADER}\n002.20.53.H53,Tổ tiếp nhận,,unit,000.20.53.H53,,,,\n".encode("utf-8-sig")
    response = site.post(
        reverse("admin:core_organization_import"), {"file": SimpleUploadedFile("co-quan.csv", good)}, follow=True
    )
    assert response.status_code == 200
    assert "Đã nhập 1 cơ quan, đơn vị." in response.content.decode()
    assert Organization.objects.get(code="002.20.53.H53").parent == tree["commune"]

    bad = f"{HEADER}\n003.20.53.H53,Tổ,,unit,000.20.53.H99,,,,\nBAD,Sai,,unit,,,,,\n".encode()
    response = site.post(reverse("admin:core_organization_import"), {"file": SimpleUploadedFile("co-quan.csv", bad)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "000.20.53.H99" in page
    assert "<td>2</td>" in page and "<td>3</td>" in page
    assert not Organization.objects.filter(code="003.20.53.H53").exists()

    response = site.post(
        reverse("admin:core_organization_import"), {"file": SimpleUploadedFile("co-quan.xlsx", b"not a zip")}
    )
    assert response.status_code == 400
    assert "không phải bảng tính" in response.content.decode()

    response = site.get(reverse("admin:core_organization_export"), {"format": "csv"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf" + HEADER.encode())
    response = site.get(reverse("admin:core_organization_export"), {"format": "xlsx"})
    assert response.content[:2] == b"PK"


def test_organization_import_page_refused_to_staff_without_admin_role(tree):
    clerk = officer(tree["commune"], "clerk", username="van.thu")
    client = Client()
    client.force_login(clerk)
    assert client.get(reverse("admin:core_organization_import")).status_code == 403
    assert client.get(reverse("admin:core_organization_export")).status_code == 403


def test_user_add_is_audited_without_password(site, tree):
    data = {
        "username": "chuyen.vien",
        "kind": "officer",
        "full_name": "Lê Thị Hoa",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    response = site.post(url(User, "add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    user = User.objects.get(username="chuyen.vien")
    entry = latest("user.create")
    assert entry.object_id == str(user.pk)
    assert "password" not in entry.after


def _user_change_data(user, **extra):
    data = {
        "username": user.username,
        "kind": user.kind,
        "full_name": user.full_name,
        "email": "",
        "phone": "",
        "personal_id": "",
        "tax_code": "",
        "organization": user.organization_id or "",
        "position": user.position,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "08:00:00",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v != ""}


def test_user_change_with_role_inline_goes_through_role_services(site, tree):
    clerk = officer(tree["commune"], "clerk", username="van.thu")
    existing = clerk.roles.get()
    data = _user_change_data(
        clerk,
        full_name="Nguyễn Văn An (Văn thư)",
        **{
            "roles-TOTAL_FORMS": "2",
            "roles-INITIAL_FORMS": "1",
            "roles-0-id": existing.pk,
            "roles-0-user": clerk.pk,
            "roles-0-role": "clerk",
            "roles-0-organization": tree["commune"].pk,
            "roles-0-DELETE": "on",
            "roles-1-user": clerk.pk,
            "roles-1-role": "receiving_officer",
            "roles-1-organization": tree["section"].pk,
        },
    )
    response = site.post(url(User, "change", clerk.pk), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert list(clerk.roles.values_list("role", flat=True)) == ["receiving_officer"]
    assert latest("role.revoke").object_id == str(existing.pk)
    assert latest("role.assign").after["role"] == "receiving_officer"
    entry = latest("user.update")
    assert entry.before["full_name"] == "Nguyễn Văn An"
    assert entry.after["full_name"] == "Nguyễn Văn An (Văn thư)"


def test_user_password_change_is_audited(site, tree):
    clerk = officer(tree["commune"], "clerk", username="van.thu")
    response = site.post(
        reverse("admin:auth_user_password_change", args=(clerk.pk,)),
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert latest("user.password_set").object_id == str(clerk.pk)


def test_role_assignment_admin_uses_services(site, tree):
    clerk = officer(tree["commune"], username="van.thu")
    response = site.post(
        url(RoleAssignment, "add"), {"user": clerk.pk, "role": "unit_admin", "organization": tree["commune"].pk}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=clerk)
    assert latest("role.assign").object_id == str(assignment.pk)
    response = site.post(url(RoleAssignment, "delete", assignment.pk), {"post": "yes"})
    assert response.status_code == 302
    assert latest("role.revoke").object_id == str(assignment.pk)


def test_calendar_override_admin_uses_service_and_audits_delete(site):
    response = site.post(
        url(CalendarOverride, "add"), {"date": "2026-01-02", "kind": "day_off", "note": "Nghỉ bù Tết Dương lịch"}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    override = CalendarOverride.objects.get(date=dt.date(2026, 1, 2))
    assert latest("calendar.override").object_id == str(override.pk)
    response = site.post(url(CalendarOverride, "change", override.pk), {"kind": "working_day", "note": "Đi làm bù"})
    assert response.status_code == 302
    assert latest("calendar.override").before["kind"] == "day_off"
    assert site.post(url(CalendarOverride, "delete", override.pk), {"post": "yes"}).status_code == 302
    assert latest("calendar.delete").before["note"] == "Đi làm bù"


def test_legal_rule_admin_uses_service(site):
    data = {
        "key": "one_stop.cut_off_hour",
        "value": "15",
        "effective_from": "2025-07-01",
        "source": "NĐ 118/2025/NĐ-CP",
        "confidence": "high",
        "note": "",
    }
    assert site.post(url(LegalRule, "add"), data).status_code == 302
    rule = LegalRule.objects.get()
    assert rule.value == 15
    assert latest("legal_rule.set").object_id == str(rule.pk)


def test_audit_entries_are_read_only_in_admin(site, tree):
    entry = AuditEntry.objects.first()
    page = site.get(url(AuditEntry, "change", entry.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert site.post(url(AuditEntry, "change", entry.pk), {"action": "forged"}).status_code == 403
    assert site.get(url(AuditEntry, "delete", entry.pk)).status_code == 403
    assert site.post(url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    assert site.get(url(AuditEntry, "add")).status_code == 403
    changelist = site.get(url(AuditEntry, "changelist"))
    assert "delete_selected" not in changelist.content.decode()
    response = site.post(
        url(AuditEntry, "changelist"), {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.action == "organization.create"


def test_audit_admin_searches_and_filters(site, tree):
    response = site.get(url(AuditEntry, "changelist"), {"q": "001.20.53.H53"})
    assert response.status_code == 200
    assert "Bộ phận Một cửa" in response.content.decode()
    response = site.get(
        url(AuditEntry, "changelist"), {"action": "organization.create", "object_type": "core.organization"}
    )
    assert response.status_code == 200
    year = AuditEntry.objects.first().at.year
    response = site.get(url(AuditEntry, "changelist"), {"at__year": year})
    assert response.status_code == 200


def test_api_token_revoke_action_is_audited(site, everything):
    token = ApiToken.objects.get()
    response = site.post(url(ApiToken, "changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked
    assert latest("api_token.revoke").object_id == str(token.pk)
