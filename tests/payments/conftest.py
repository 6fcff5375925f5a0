"""A ward with a birth-registration procedure that has fees, and dossiers received there."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from saola.catalog.models import Fee
from saola.core.models import User
from saola.dossiers.models import Dossier
from saola.dossiers.services import intake
from tests.dossiers.factories import GOOD_FORM, birth_uploads, build_one_stop
from tests.support.paygate import paygate  # noqa: F401 - the stand-in gateway fixture


def one_stop_with_fees():
    one_stop = build_one_stop()
    Fee.objects.create(procedure=one_stop.birth, name="Lệ phí đăng ký khai sinh", amount=Decimal(8000), collection=1)
    Fee.objects.create(
        procedure=one_stop.birth, name="Phí cấp bản sao trích lục khai sinh", amount=Decimal(3000), collection=4
    )
    return one_stop


@pytest.fixture
def s(db):
    return one_stop_with_fees()


def received(s, applicant: User | None = None) -> Dossier:
    """A birth-registration dossier submitted online and accepted by the ward."""
    dossier = intake.dossier_submit_online(
        applicant=applicant or s.citizen,
        procedure=s.birth,
        organization=s.ward,
        form_data=GOOD_FORM,
        uploads=birth_uploads(s.birth),
    )
    return intake.dossier_accept(officer=s.receiver, dossier=dossier)


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
