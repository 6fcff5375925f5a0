"""What outbound and inbound share: organisations as edXML organs, urgency as priority, digests."""

from __future__ import annotations

import hashlib

from saola.core.models import Organization, User
from saola.documents.models import Document
from saola.exchange.package import Organ, StaffInfo

# OtherInfo/Priority 0–3 (larger is more urgent) ↔ the documents' urgency (Decree 30/2020, Điều 8).
PRIORITY_OF_URGENCY: dict[str, int] = {
    Document.Urgency.NORMAL: 0,
    Document.Urgency.URGENT: 1,
    Document.Urgency.VERY_URGENT: 2,
    Document.Urgency.FLASH: 3,
}
URGENCY_OF_PRIORITY: dict[int, str] = {value: key for key, value in PRIORITY_OF_URGENCY.items()}


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def organ_of(organization: Organization) -> Organ:
    parent = organization.parent
    return Organ(
        organ_id=organization.code,
        organ_name=organization.name,
        organization_in_charge=parent.name if parent is not None else "",
        organ_add=organization.address,
    )


def staff_of(user: User | None) -> StaffInfo | None:
    if user is None or not user.pk:
        return None
    return StaffInfo(
        department=user.organization.name if user.organization is not None else "",
        staff=user.display_name,
        mobile=user.phone or "",
        email=user.email or "",
    )
