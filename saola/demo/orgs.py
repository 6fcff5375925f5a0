"""Creates the demo organisations through core.services, skipping those already present."""

from __future__ import annotations

from typing import Any

from saola.core.models import Organization
from saola.core.services import organization_create
from saola.demo.data.organizations import (
    CENTRAL,
    COMMUNES,
    DISTRICT_TIER_TO,
    HISTORICAL_DISTRICTS,
    PROVINCE,
    PROVINCE_CODE,
    PROVINCE_UNITS,
    TWO_TIER_FROM,
)

_FIELDS = ("code", "name", "short_name", "level", "admin_unit_code", "address", "valid_from", "valid_to")


def _ensure(row: dict[str, Any], *, parent: Organization | None, created: list[Organization]) -> Organization:
    """The organisation with `row["code"]`, created under `parent` if it does not exist yet."""
    existing = Organization.objects.filter(code=row["code"]).first()
    if existing is not None:
        return existing
    values = {key: row[key] for key in _FIELDS if key in row}
    org = organization_create(actor=None, parent=parent, **values)
    created.append(org)
    return org


def load_central_and_province(created: list[Organization]) -> Organization:
    """The central tier and the province itself; returns the province."""
    by_code = {row["code"]: _ensure(row, parent=None, created=created) for row in CENTRAL}
    return _ensure(PROVINCE, parent=by_code[PROVINCE["parent"]], created=created)


def load_current_organizations() -> list[Organization]:
    """Today's two-tier structure: province, its agencies and its communes. Returns what was created."""
    created: list[Organization] = []
    province = load_central_and_province(created)
    for row in PROVINCE_UNITS:
        _ensure({**row, "level": Organization.Level.UNIT}, parent=province, created=created)
    for row in COMMUNES:
        _ensure(
            {**row, "level": Organization.Level.COMMUNE, "valid_from": TWO_TIER_FROM}, parent=province, created=created
        )
    return created


def load_historical_districts() -> list[Organization]:
    """The pre-July-2025 four-level slice: districts under the province, communes under them."""
    created: list[Organization] = []
    province = Organization.objects.filter(code=PROVINCE_CODE).first() or load_central_and_province(created)
    for district in HISTORICAL_DISTRICTS:
        communes = district["communes"]
        row = {key: value for key, value in district.items() if key != "communes"}
        parent = _ensure(
            {**row, "level": Organization.Level.DISTRICT, "valid_to": DISTRICT_TIER_TO},
            parent=province,
            created=created,
        )
        for commune in communes:
            _ensure(
                {**commune, "level": Organization.Level.COMMUNE, "valid_to": DISTRICT_TIER_TO},
                parent=parent,
                created=created,
            )
    return created
