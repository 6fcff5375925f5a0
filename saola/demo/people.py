"""Creates the demo officers and applicants through core.services, skipping existing accounts."""

from __future__ import annotations

from django.db.models import Q

from saola.core.models import Organization, User
from saola.core.services import citizen_register, officer_create
from saola.core.validators import normalize_phone
from saola.demo.data.people import CITIZENS, OFFICERS


def load_officers(*, password: str) -> list[User]:
    """One account per officer in the data, with its roles over its organisation."""
    created: list[User] = []
    for row in OFFICERS:
        if User.objects.filter(username=row["username"]).exists():
            continue
        created.append(
            officer_create(
                actor=None,
                username=row["username"],
                full_name=row["full_name"],
                organization=Organization.objects.get(code=row["organization"]),
                password=password,
                position=row["position"],
                roles=row["roles"],
            )
        )
    return created


def citizen_login(row: dict[str, str]) -> str:
    """The login an applicant registers with: the email, else the normalised phone number."""
    return (row.get("email") or normalize_phone(row.get("phone", ""))).lower()


def load_citizens(*, password: str) -> list[User]:
    """The demo citizen and business, unless an account with the same login or identifier exists."""
    created: list[User] = []
    for row in CITIZENS:
        clash = Q(username=citizen_login(row))
        if row.get("personal_id"):
            clash |= Q(personal_id=row["personal_id"])
        if row.get("tax_code"):
            clash |= Q(tax_code=row["tax_code"])
        if User.objects.filter(clash).exists():
            continue
        created.append(
            citizen_register(
                full_name=row["full_name"],
                password=password,
                email=row.get("email"),
                phone=row.get("phone"),
                personal_id=row.get("personal_id"),
                tax_code=row.get("tax_code"),
                kind=row["kind"],
            )
        )
    return created
