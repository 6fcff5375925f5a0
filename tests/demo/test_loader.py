"""The demo province: structure, people, catalogue, legal rules, flows and idempotence."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from saola.catalog.bpmn import parse_flow
from saola.catalog.models import Fee, Field, Flow, LegalBasis, Paper, Procedure, validate_procedure_code
from saola.catalog.services import LEVELS
from saola.core.models import (
    AuditEntry,
    CalendarOverride,
    LegalRule,
    Organization,
    RoleAssignment,
    User,
    validate_agency_code,
)
from saola.core.validators import validate_personal_id, validate_tax_code
from saola.demo import catalog
from saola.demo.catalog import FLOW_DIR
from saola.demo.data.flows import FLOWS
from saola.demo.data.organizations import PROVINCE_CODE
from saola.demo.loader import DEMO_PASSWORD, demo_logins, load_demo, load_four_level_variant

pytestmark = pytest.mark.django_db

MODELS = (
    Organization,
    User,
    RoleAssignment,
    LegalRule,
    CalendarOverride,
    Field,
    Flow,
    Procedure,
    Paper,
    Fee,
    LegalBasis,
)


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["AuditEntry"] = AuditEntry.objects.count()
    return counts


def test_load_demo_builds_the_two_tier_province() -> None:
    load_demo()
    province = Organization.objects.get(code=PROVINCE_CODE)
    assert province.level == Organization.Level.PROVINCE
    assert province.admin_unit_code == "14"
    assert province.parent is not None
    assert province.parent.level == Organization.Level.CENTRAL
    units = Organization.objects.filter(parent=province, level=Organization.Level.UNIT)
    departments = [u for u in units if u.name.startswith("Sở ")]
    assert len(departments) >= 4
    assert units.filter(name__startswith="Văn phòng Ủy ban nhân dân tỉnh").exists()
    assert units.filter(name__startswith="Trung tâm Phục vụ hành chính công tỉnh").exists()
    communes = Organization.objects.filter(parent=province, level=Organization.Level.COMMUNE)
    assert communes.count() >= 6
    for commune in communes:
        assert re.fullmatch(r"\d{5}", commune.admin_unit_code)
        assert commune.valid_from == dt.date(2025, 7, 1)
        assert commune.valid_to is None
        assert commune.path.startswith(province.path)
    assert not Organization.objects.filter(level=Organization.Level.DISTRICT).exists()


def test_load_demo_agency_codes_are_well_formed_and_unique() -> None:
    load_demo()
    codes = list(Organization.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for code in codes:
        validate_agency_code(code)


def test_load_demo_gives_every_role_to_officers_in_province_and_communes() -> None:
    load_demo()
    assignments = RoleAssignment.objects.select_related("organization", "user")
    assert {a.role for a in assignments} == set(RoleAssignment.Role.values)
    levels_by_role: dict[str, set[str]] = {}
    for a in assignments:
        levels_by_role.setdefault(a.role, set()).add(a.organization.level)
        assert a.user.kind == User.Kind.OFFICER
        assert a.user.organization_id == a.organization_id
        assert a.user.full_name
        assert a.user.position
    for role in ("receiving_officer", "processing_officer", "unit_leader"):
        assert "commune" in levels_by_role[role]
        assert "unit" in levels_by_role[role]
    assert User.objects.get(username="quantri").is_superuser


def test_load_demo_registers_a_citizen_and_a_business() -> None:
    load_demo()
    assert User.objects.exclude(kind=User.Kind.OFFICER).count() == 2
    citizen = User.objects.get(kind=User.Kind.CITIZEN)
    business = User.objects.get(kind=User.Kind.BUSINESS)
    assert citizen.email
    assert citizen.personal_id
    validate_personal_id(citizen.personal_id)
    assert business.phone
    assert business.tax_code
    validate_tax_code(business.tax_code)


def test_demo_logins_authenticate_with_the_demo_password() -> None:
    load_demo()
    logins = demo_logins()
    assert len(logins) == User.objects.count()
    for login, label in logins:
        assert label
        user = authenticate(username=login, password=DEMO_PASSWORD)
        assert user is not None, login
    assert authenticate(username=logins[0][0], password="sai-mat-khau-1") is None


def test_load_demo_twice_changes_nothing() -> None:
    first = load_demo()
    after_first = _counts()
    second = load_demo()
    assert "đã thêm" in first
    assert "không có gì thay đổi" in second
    assert _counts() == after_first
    assert after_first["AuditEntry"] > 0


def test_load_demo_writes_one_audit_entry_per_created_row() -> None:
    load_demo()
    actions = Counter(AuditEntry.objects.values_list("action", flat=True))
    assert actions["organization.create"] == Organization.objects.count()
    assert actions["procedure.create"] == Procedure.objects.count()
    assert actions["flow.create"] == Flow.objects.count()
    assert actions["legal_rule.set"] == LegalRule.objects.count()
    assert actions["role.assign"] == RoleAssignment.objects.count()


def test_load_demo_is_one_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> list[Procedure]:
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr("saola.demo.loader.load_procedures", broken)
    with pytest.raises(RuntimeError):
        load_demo()
    assert all(n == 0 for n in _counts().values())


def test_every_procedure_is_complete() -> None:
    load_demo()
    procedures = Procedure.objects.select_related("field", "flow").prefetch_related("papers", "agencies", "legal_bases")
    assert procedures.count() >= 20
    for p in procedures:
        validate_procedure_code(p.code)
        assert p.name
        assert p.papers.exists(), p.code
        assert any(paper.required for paper in p.papers.all()), p.code
        assert p.processing_days > 0, p.code
        assert p.flow is not None, p.code
        assert p.agencies.exists(), p.code
        assert p.legal_bases.exists(), p.code
        assert p.levels
        assert set(p.levels) <= LEVELS
        assert p.online_category in Procedure.OnlineCategory.values
        assert p.channels
        assert set(p.channels) <= {1, 2, 3}
        assert p.steps
        assert p.result


def test_procedures_span_levels_fields_and_agencies() -> None:
    load_demo()
    levels = {level for p in Procedure.objects.all() for level in p.levels}
    assert {"central", "province", "commune"} <= levels
    assert Field.objects.filter(procedures__isnull=False).distinct().count() >= 6
    assert Procedure.objects.filter(agencies__level=Organization.Level.COMMUNE).distinct().count() >= 10
    assert Procedure.objects.filter(agencies__level=Organization.Level.UNIT).distinct().count() >= 3
    assert Procedure.objects.filter(agencies__level=Organization.Level.CENTRAL).exists()
    for category in Procedure.OnlineCategory.values:
        assert Procedure.objects.filter(online_category=category).exists()


def test_well_known_procedures_carry_their_real_data() -> None:
    load_demo()
    birth = Procedure.objects.get(code="1.001193")
    assert birth.name == "Thủ tục đăng ký khai sinh"
    assert birth.cut_off_hour == 15
    assert birth.total_fee == 0
    assert birth.legal_bases.filter(number="60/2014/QH13").exists()
    extract = Procedure.objects.get(code="2.000635")
    assert extract.total_fee == 8000
    assert extract.cut_off_hour == 15
    signature = Procedure.objects.get(code="2.000884")
    assert signature.total_fee == 10000
    assert signature.cut_off_hour == 15
    assert Procedure.objects.get(code="1.004222").processing_days == 7
    assert Procedure.objects.get(code="2.001610").total_fee == 150000
    # The 15:00 rule is sector-specific: not set on a procedure whose published text lacks it.
    assert Procedure.objects.get(code="1.004222").cut_off_hour is None


def test_form_files_are_stored_once_and_shared() -> None:
    load_demo()
    with_files = Paper.objects.exclude(form_file="")
    assert with_files.count() >= 3
    names = set(with_files.values_list("form_file", flat=True))
    assert len(names) == 2
    for paper in with_files:
        assert paper.form_file.storage.exists(paper.form_file.name)
        assert b"<html" in paper.form_file.read()
        paper.form_file.close()
    assert Paper.objects.exclude(form_name="").count() > with_files.count()


def test_legal_rules_are_versioned_with_sources() -> None:
    load_demo()
    for rule in LegalRule.objects.all():
        assert rule.source
        assert rule.confidence in {"high", "medium", "low", "GUESS"}
    decrees = list(LegalRule.objects.filter(key="one_stop.decree").order_by("effective_from"))
    assert [r.value["number"] for r in decrees] == ["61/2018/NĐ-CP", "118/2025/NĐ-CP"]
    assert decrees[0].effective_to == dt.date(2025, 6, 30)
    assert decrees[1].effective_to is None
    forms = list(LegalRule.objects.filter(key="one_stop.forms").order_by("effective_from"))
    assert len(forms[0].value["forms"]) == 6
    assert len(forms[1].value["forms"]) == 7
    assert forms[0].effective_to == forms[1].effective_from - dt.timedelta(days=1)
    assert LegalRule.objects.get(key="dossier_code.pattern").confidence == "GUESS"
    assert LegalRule.objects.filter(key="online_service.categories").exists()
    assert LegalRule.objects.filter(key="calendar.office_hours").exists()


def test_four_level_variant_alone_has_districts_and_communes_under_them() -> None:
    summary = load_four_level_variant()
    assert "đã thêm" in summary
    province = Organization.objects.get(code=PROVINCE_CODE)
    assert province.parent is not None
    assert province.parent.level == Organization.Level.CENTRAL
    districts = Organization.objects.filter(level=Organization.Level.DISTRICT)
    assert districts.count() == 2
    for district in districts:
        assert district.parent_id == province.pk
        assert district.valid_to == dt.date(2025, 6, 30)
        communes = Organization.objects.filter(parent=district)
        assert communes.count() >= 2
        for commune in communes:
            assert commune.level == Organization.Level.COMMUNE
            assert commune.valid_to == dt.date(2025, 6, 30)
            assert commune.depth == district.depth + 1
            assert commune.path.startswith(district.path)
    assert "không có gì thay đổi" in load_four_level_variant()


def test_four_level_variant_fits_beside_the_current_structure() -> None:
    load_demo()
    before = Organization.objects.count()
    load_four_level_variant()
    assert Organization.objects.count() == before + 8
    current = Organization.objects.filter(level=Organization.Level.COMMUNE, valid_to__isnull=True)
    historical = Organization.objects.filter(level=Organization.Level.COMMUNE, valid_to__isnull=False)
    assert current.count() >= 6
    assert historical.count() == 6
    assert all(c.parent and c.parent.level == Organization.Level.DISTRICT for c in historical)
    assert "không có gì thay đổi" in load_demo()


def test_load_demo_does_not_touch_existing_rows() -> None:
    load_demo()
    Procedure.objects.filter(code="1.001193").update(name="Tên đã được sửa")
    load_demo()
    assert Procedure.objects.get(code="1.001193").name == "Tên đã được sửa"


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f["code"])
def test_every_flow_parses_with_roles_in_lanes(flow: dict[str, str]) -> None:
    parsed = parse_flow(catalog.flow_xml(flow["file"]))
    roles = {task["role"] for task in parsed.user_tasks}
    assert roles <= set(RoleAssignment.Role.values)
    assert {"receiving_officer", "processing_officer"} <= roles
    assert parsed.user_tasks[0]["id"] == "tiep_nhan"


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f["code"])
def test_every_flow_runs_to_completion(flow: dict[str, str]) -> None:
    """Run each flow with SpiffWorkflow; the first gateway answer sends the dossier back once."""
    parser = BpmnParser()
    parser.add_bpmn_xml(etree.parse(str(FLOW_DIR / flow["file"])))
    workflow = BpmnWorkflow(parser.get_spec(parser.get_process_ids()[0]))
    workflow.do_engine_steps()
    performed: list[str] = []
    for _ in range(50):
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            break
        task = ready[0]
        performed.append(task.task_spec.name)
        # Gateways read `approved` / `complete`: refuse the first time, accept after.
        first_time = performed.count(task.task_spec.name) == 1
        task.data.update({"approved": not first_time, "complete": not first_time})
        task.run()
        workflow.do_engine_steps()
    assert workflow.is_completed()
    assert performed[0] == "tiep_nhan"
    assert performed[-1] == "tra_ket_qua"


def test_flows_saved_by_the_loader_record_their_user_tasks() -> None:
    load_demo()
    for flow in Flow.objects.all():
        assert flow.user_tasks
        assert all(task["role"] in RoleAssignment.Role.values for task in flow.user_tasks)


def test_demo_data_with_an_unknown_agency_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = [{**catalog.PROCEDURES[0], "agencies": ["999.99.99.H99"]}]
    monkeypatch.setattr(catalog, "PROCEDURES", broken)
    with pytest.raises(catalog.DemoDataError):
        load_demo()
    assert not Procedure.objects.exists()
