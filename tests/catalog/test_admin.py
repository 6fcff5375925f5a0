import io
import json

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from saola.catalog.models import Fee, Field, Flow, LegalBasis, Paper, Procedure
from saola.core.models import AuditEntry, User
from tests.catalog.factories import make_catalog, organizations
from tests.support.bpmn import BROKEN_XML, ENTITY_BOMB, NO_LANE_FLOW, VALID_FLOW

pytestmark = pytest.mark.django_db

CATALOG_MODELS = [Field, Flow, Procedure, Paper, Fee, LegalBasis]


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="quan.tri", password="Mat-khau-2026", full_name="Quản trị viên")


@pytest.fixture
def site(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def catalog(db):
    return make_catalog()


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def latest(action):
    return AuditEntry.objects.filter(action=action).latest("id")


def procedure_form(procedure: Procedure | None = None, **changes):
    """The POST body of the procedure change form, inlines included, as the page would send it."""
    data = {
        "name": "Đăng ký khai tử",
        "field": Field.objects.get(code="HT").pk,
        "levels": ["commune"],
        "agencies": [],
        "processing_days": "1",
        "cut_off_hour": "",
        "online_category": "full",
        "channels": ["1", "2"],
        "applicants": "",
        "requirements": "",
        "steps": "",
        "result": "Trích lục khai tử",
        "flow": "",
        "form_schema": "{}",
        "is_active": "on",
    }
    inlines = {"papers": [], "fees": [], "legal_bases": []}
    if procedure is not None:
        data.update(
            name=procedure.name,
            levels=procedure.levels,
            agencies=[a.pk for a in procedure.agencies.all()],
            processing_days=str(procedure.processing_days),
            cut_off_hour=procedure.cut_off_hour if procedure.cut_off_hour is not None else "",
            online_category=procedure.online_category,
            channels=[str(c) for c in procedure.channels],
            applicants=procedure.applicants,
            requirements=procedure.requirements,
            steps=procedure.steps,
            result=procedure.result,
            flow=procedure.flow_id or "",
            form_schema=json.dumps(procedure.form_schema),
            is_active="on" if procedure.is_active else "",
        )
        inlines["papers"] = [
            {
                "id": p.pk,
                "order": p.order,
                "code": p.code,
                "name": p.name,
                "originals": p.originals,
                "copies": p.copies,
                "required": "on" if p.required else "",
                "form_name": p.form_name,
                "form_url": p.form_url,
            }
            for p in procedure.papers.all()
        ]
        inlines["fees"] = [
            {
                "id": f.pk,
                "name": f.name,
                "amount": str(f.amount),
                "collection": f.collection,
                "description": f.description,
            }
            for f in procedure.fees.all()
        ]
        inlines["legal_bases"] = [
            {"id": b.pk, "number": b.number, "title": b.title} for b in procedure.legal_bases.all()
        ]
    for key, value in changes.items():
        if key in inlines:
            inlines[key] = value
        else:
            data[key] = value
    for prefix, rows in inlines.items():
        initial = sum(1 for row in rows if row.get("id"))
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial)
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return {k: v for k, v in data.items() if v != ""}


def test_every_catalog_model_is_registered():
    for model in CATALOG_MODELS:
        assert model in admin.site._registry


@pytest.mark.parametrize("model", CATALOG_MODELS, ids=lambda m: m.__name__)
def test_admin_pages_answer_for_superuser(site, catalog, model):
    assert site.get(url(model, "changelist")).status_code == 200
    assert site.get(url(model, "changelist"), {"q": "khai sinh"}).status_code == 200
    assert site.get(url(model, "add")).status_code == 200
    assert site.get(url(model, "change", model.objects.first().pk)).status_code == 200


def test_procedure_changelist_filters_and_searches_without_diacritics(site, catalog):
    page = site.get(url(Procedure, "changelist"), {"q": "dang ky khai sinh"}).content.decode()
    assert "1.001193" in page
    assert "1.009994" not in page
    page = site.get(url(Procedure, "changelist"), {"online_category__exact": "partial"}).content.decode()
    assert "1.009994" in page
    assert "1.001193" not in page
    field = Field.objects.get(code="XD")
    assert site.get(url(Procedure, "changelist"), {"field__id__exact": field.pk}).status_code == 200


def test_field_admin_uses_service(site):
    assert site.post(url(Field, "add"), {"code": "DD", "name": "Đất đai"}).status_code == 302
    field = Field.objects.get(code="DD")
    assert latest("field.create").object_id == str(field.pk)
    assert site.post(url(Field, "change", field.pk), {"name": "Đất đai và tài nguyên"}).status_code == 302
    assert latest("field.update").after["name"] == "Đất đai và tài nguyên"
    assert site.post(url(Field, "delete", field.pk), {"post": "yes"}).status_code == 302
    assert latest("field.delete").before["code"] == "DD"


@pytest.mark.parametrize(
    "xml", [BROKEN_XML, NO_LANE_FLOW, ENTITY_BOMB, ""], ids=["broken", "no-lane", "entities", "empty"]
)
def test_flow_admin_shows_bad_bpmn_as_form_error(site, xml):
    response = site.post(url(Flow, "add"), {"code": "hong", "name": "Quy trình hỏng", "bpmn_xml": xml})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Flow.objects.exists()
    assert not AuditEntry.objects.exists()


def test_flow_admin_saves_valid_bpmn_through_service(site):
    response = site.post(url(Flow, "add"), {"code": "don-gian", "name": "Quy trình đơn giản", "bpmn_xml": VALID_FLOW})
    assert response.status_code == 302
    flow = Flow.objects.get(code="don-gian")
    assert flow.process_id == "ho_so_don_gian"
    assert [t["role"] for t in flow.user_tasks] == ["receiving_officer", "processing_officer", "unit_leader"]
    assert latest("flow.create").object_id == str(flow.pk)
    changed = VALID_FLOW.replace("Thẩm định", "Thẩm định hồ sơ")
    response = site.post(url(Flow, "change", flow.pk), {"name": "Quy trình đơn giản", "bpmn_xml": changed})
    assert response.status_code == 302
    assert "Thẩm định hồ sơ" in Flow.objects.get(pk=flow.pk).bpmn_xml
    assert latest("flow.update").object_id == str(flow.pk)


def test_flow_admin_accepts_an_uploaded_bpmn_file(site):
    upload = SimpleUploadedFile("quy-trinh.bpmn", VALID_FLOW.encode())
    response = site.post(url(Flow, "add"), {"code": "tai-len", "name": "Tải lên", "bpmn_file": upload})
    assert response.status_code == 302
    assert Flow.objects.get(code="tai-len").process_id == "ho_so_don_gian"
    bad = SimpleUploadedFile("hong.bpmn", NO_LANE_FLOW.encode())
    response = site.post(url(Flow, "add"), {"code": "hong", "name": "Hỏng", "bpmn_file": bad})
    assert response.status_code == 200
    assert "bpmn_file" in response.context["adminform"].form.errors


def test_procedure_add_with_inlines_goes_through_procedure_save(site, catalog):
    commune = organizations()["commune"]
    data = procedure_form(
        code="1.000656",
        agencies=[commune.pk],
        papers=[{"order": 1, "name": "Tờ khai khai tử", "originals": 1, "copies": 0, "required": "on"}],
        fees=[{"name": "Lệ phí", "amount": "0", "collection": 1}],
        legal_bases=[{"number": "60/2014/QH13", "title": "Luật Hộ tịch"}],
    )
    response = site.post(url(Procedure, "add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    procedure = Procedure.objects.get(code="1.000656")
    assert procedure.channels == [1, 2]
    assert [p.name for p in procedure.papers.all()] == ["Tờ khai khai tử"]
    assert list(procedure.agencies.all()) == [commune]
    entry = latest("procedure.create")
    assert entry.object_id == str(procedure.pk)
    assert entry.after["legal_bases"][0]["number"] == "60/2014/QH13"


def test_procedure_change_replaces_children_and_audits_once(site, catalog):
    birth = Procedure.objects.get(code="1.001193")
    data = procedure_form(birth, name="Đăng ký khai sinh (sửa)")
    data["fees-1-DELETE"] = "on"
    before = AuditEntry.objects.count()
    response = site.post(url(Procedure, "change", birth.pk), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    birth.refresh_from_db()
    assert birth.name == "Đăng ký khai sinh (sửa)"
    assert [f.name for f in birth.fees.all()] == ["Lệ phí đăng ký khai sinh"]
    assert birth.papers.count() == 2
    assert AuditEntry.objects.count() == before + 1
    entry = latest("procedure.update")
    assert len(entry.before["fees"]) == 2
    assert len(entry.after["fees"]) == 1


def test_procedure_form_requires_a_level(site, catalog):
    data = procedure_form(code="1.000657")
    data.pop("levels")
    response = site.post(url(Procedure, "add"), data)
    assert response.status_code == 200
    assert "levels" in response.context["adminform"].form.errors
    assert not Procedure.objects.filter(code="1.000657").exists()


def test_procedure_delete_is_audited_with_children(site, catalog):
    extract = Procedure.objects.get(code="2.000635")
    assert site.post(url(Procedure, "delete", extract.pk), {"post": "yes"}).status_code == 302
    entry = latest("procedure.delete")
    assert entry.object_id == str(extract.pk)
    assert entry.before["code"] == "2.000635"


def test_standalone_child_rows_are_audited(site, catalog):
    paper = Paper.objects.filter(procedure__code="1.009994").get()
    data = {"procedure": paper.procedure_id, "name": "Đơn đề nghị (mẫu mới)", "originals": 1, "copies": 0, "order": 0}
    assert site.post(url(Paper, "change", paper.pk), data).status_code == 302
    entry = latest("paper.update")
    assert entry.before["name"] == "Đơn đề nghị cấp giấy phép xây dựng"
    assert entry.after["name"] == "Đơn đề nghị (mẫu mới)"
    basis = LegalBasis.objects.filter(procedure__code="1.009994").get()
    assert site.post(url(LegalBasis, "delete", basis.pk), {"post": "yes"}).status_code == 302
    assert latest("legal_basis.delete").before["number"] == "50/2014/QH13"


def test_procedure_export_and_import_pages(site, catalog):
    changelist = site.get(url(Procedure, "changelist")).content.decode()
    assert reverse("admin:catalog_procedure_import") in changelist
    exported = site.get(reverse("admin:catalog_procedure_export"), {"format": "xlsx"})
    assert exported.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(exported.content)).sheetnames
    as_json = site.get(reverse("admin:catalog_procedure_export"), {"format": "json"})
    records = json.loads(as_json.content)
    assert {r["MATTHC"] for r in records} == {"1.001193", "1.009994", "2.000635"}

    assert site.get(reverse("admin:catalog_procedure_import")).status_code == 200
    records[0]["TENTTHC"] = "Đăng ký khai sinh (nhập lại)"
    upload = SimpleUploadedFile("thu-tuc.json", json.dumps(records).encode())
    response = site.post(reverse("admin:catalog_procedure_import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "Đã nhập 3 thủ tục hành chính." in response.content.decode()
    assert Procedure.objects.get(code=records[0]["MATTHC"]).name == "Đăng ký khai sinh (nhập lại)"

    records[1]["MATTHC"] = "sai-ma"
    upload = SimpleUploadedFile("thu-tuc.json", json.dumps(records).encode())
    response = site.post(reverse("admin:catalog_procedure_import"), {"file": upload})
    assert response.status_code == 400
    assert "import-errors" in response.content.decode()

    upload = SimpleUploadedFile("thu-tuc.xlsx", b"PK\x03\x04 not a workbook")
    response = site.post(reverse("admin:catalog_procedure_import"), {"file": upload})
    assert response.status_code == 400


def test_procedure_import_refused_without_permission(catalog):
    staff = User.objects.create_user(username="can.bo", password="Mat-khau-2026", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("admin:catalog_procedure_import")).status_code == 403
    assert client.get(reverse("admin:catalog_procedure_export")).status_code == 403
