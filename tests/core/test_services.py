import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from saola.core import selectors, services
from saola.core.exceptions import ConflictError, NotFoundError, ValidationFailed
from saola.core.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db


def org(code, name, level, parent=None, **kw):
    return services.organization_create(actor=None, code=code, name=name, level=level, parent=parent, **kw)


@pytest.fixture
def four_levels():
    central = org("000.00.00.G22", "Văn phòng Chính phủ", "central")
    province = org("000.00.00.H53", "UBND tỉnh Sơn La", "province")
    district = org("000.00.01.H53", "UBND huyện Mai Sơn", "district", province, valid_to=dt.date(2025, 6, 30))
    commune = org("000.01.01.H53", "UBND xã Hát Lót", "commune", district)
    unit = org("001.01.01.H53", "Bộ phận Một cửa xã Hát Lót", "unit", commune)
    return central, province, district, commune, unit


def test_four_level_tree_paths_and_subtrees(four_levels):
    _, province, district, commune, unit = four_levels
    assert unit.path == f"{province.path}{district.pk}/{commune.pk}/{unit.pk}/"
    assert unit.depth == 3
    subtree = set(selectors.organization_subtree(root=district).values_list("code", flat=True))
    assert subtree == {"000.00.01.H53", "000.01.01.H53", "001.01.01.H53"}


def test_moving_a_commune_rewrites_its_subtree(four_levels):
    _, province, _district, commune, unit = four_levels
    services.organization_update(actor=None, organization=commune, parent=province)
    unit.refresh_from_db()
    assert unit.path == f"{province.path}{commune.pk}/{unit.pk}/"
    assert unit.depth == 2
    entry = AuditEntry.objects.filter(action="organization.update").get()
    assert entry.before["parent"] != entry.after["parent"]


def test_cycles_are_refused(four_levels):
    _, _, district, _, unit = four_levels
    with pytest.raises(ConflictError):
        services.organization_update(actor=None, organization=district, parent=unit)
    with pytest.raises(ConflictError):
        services.organization_update(actor=None, organization=district, parent=district)


@pytest.mark.parametrize(
    ("code", "level", "parent_code"),
    [
        ("00.00.00.H53", "province", None),  # bad identifier format
        ("000.00.00.h53", "province", None),  # lower-case letter
        ("000.00.09.H53", "district", None),  # a district needs a province
        ("000.00.09.H53", "commune", "000.00.00.G22"),  # a commune can't sit under a ministry
        ("000.00.09.H53", "county", None),  # unknown level
    ],
)
def test_bad_organizations_are_refused_and_nothing_written(four_levels, code, level, parent_code):
    parent = Organization.objects.get(code=parent_code) if parent_code else None
    before = Organization.objects.count()
    with pytest.raises(ValidationFailed):
        org(code, "Sai", level, parent)
    assert Organization.objects.count() == before


def test_duplicate_code_is_refused(four_levels):
    with pytest.raises(ValidationFailed) as exc:
        org("000.00.00.H53", "Trùng mã", "province")
    assert "code" in exc.value.fields


def test_two_tier_structure_without_districts():
    province = org("000.00.00.H53", "UBND tỉnh Sơn La", "province")
    ward = org("000.20.53.H53", "Phường Tô Hiệu", "commune", province)
    assert ward.parent == province


def test_role_over_a_unit_reaches_its_subtree_only(four_levels):
    from tests.core.factories import officer

    _, province, district, commune, unit = four_levels
    leader = officer(district, "unit_leader", username="ld.maison")
    assert selectors.user_has_role_over(user=leader, organization=unit)
    assert selectors.user_has_role_over(user=leader, organization=commune, roles={"unit_leader"})
    assert not selectors.user_has_role_over(user=leader, organization=commune, roles={"clerk"})
    assert not selectors.user_has_role_over(user=leader, organization=province)


def test_audit_entries_are_append_only(four_levels):
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.action = "tampered"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert AuditEntry.objects.filter(action="tampered").count() == 0


def test_every_organization_write_is_audited(four_levels):
    assert AuditEntry.objects.filter(action="organization.create").count() == 5


def test_legal_rules_keep_the_version_in_force_on_a_date():
    services.legal_rule_set(
        actor=None,
        key="one_stop.decree",
        value="61/2018/NĐ-CP",
        effective_from=dt.date(2018, 6, 21),
        source="Nghị định 61/2018/NĐ-CP",
    )
    services.legal_rule_set(
        actor=None,
        key="one_stop.decree",
        value="118/2025/NĐ-CP",
        effective_from=dt.date(2025, 7, 1),
        source="Nghị định 118/2025/NĐ-CP",
    )
    assert selectors.legal_rule_value(key="one_stop.decree", at=dt.date(2024, 1, 1)) == "61/2018/NĐ-CP"
    assert selectors.legal_rule_value(key="one_stop.decree", at=dt.date(2025, 7, 1)) == "118/2025/NĐ-CP"
    with pytest.raises(NotFoundError):
        selectors.legal_rule_value(key="one_stop.decree", at=dt.date(2010, 1, 1))


def test_vietnamese_dates_are_read_day_first():
    from django import forms
    from django.utils import translation

    with translation.override("vi"):
        assert forms.DateField().clean("02/01/2026") == dt.date(2026, 1, 2)
