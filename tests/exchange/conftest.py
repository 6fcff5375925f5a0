"""Fixtures of the exchange tests: the platform's PKI and an organisation with a seal credential."""

from __future__ import annotations

import pytest

from saola.core.models import Organization
from saola.demo.loader import DEMO_PASSWORD
from saola.demo.pki import ensure_authorities, issue_organization_credential
from saola.signing.models import CertificateAuthority
from tests.core.factories import OrganizationFactory
from tests.exchange.support import SENDER


@pytest.fixture
def pki(db: None) -> tuple[CertificateAuthority, CertificateAuthority]:
    return ensure_authorities()


@pytest.fixture
def sender_org(pki: tuple[CertificateAuthority, CertificateAuthority]) -> Organization:
    """The sample packages' sender, holding a PKCS#12 credential (passphrase DEMO_PASSWORD)."""
    organization = OrganizationFactory(code=SENDER.organ_id, name=SENDER.organ_name, level="province")
    issue_organization_credential(organization=organization, issuer=pki[1], passphrase=DEMO_PASSWORD)
    return organization
