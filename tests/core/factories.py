"""Factories for organisations and people, with Vietnamese data."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from saola.core import services
from saola.core.models import Organization, User


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n // 100:03d}.{n % 100:02d}.00.H53")
    name = factory.Faker("company", locale="vi_VN")
    level = Organization.Level.PROVINCE

    @classmethod
    def _create(cls, model_class: type[Organization], *args: object, **kwargs: object) -> Organization:
        existing = Organization.objects.filter(code=kwargs["code"]).first()
        if existing:
            return existing
        return services.organization_create(actor=None, **kwargs)  # type: ignore[arg-type]


def officer(org: Organization, *roles: str, username: str = "officer", full_name: str = "Nguyễn Văn An") -> User:
    return services.officer_create(
        actor=None,
        username=username,
        full_name=full_name,
        organization=org,
        password="Mat-khau-2026",
        position="Chuyên viên",
        roles=list(roles),
    )
