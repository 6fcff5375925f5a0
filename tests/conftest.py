"""Shared fixtures: temporary media, API client, and people in roles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from tests.core.factories import OrganizationFactory, officer

# smtp_server and sms_server: local stand-ins for the mail server and the SMS provider.
pytest_plugins = ["tests.support.messaging"]


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    # CA keys of the PKI a test creates (the demo loader makes one): each test its own, never
    # shared with a test running at the same time in another worker.
    settings.SAOLA_PKI_DIR = tmp_path / "pki"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    """Each test starts in the platform's language: a request in English earlier on the same
    thread must not change the language of messages a later test reads."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Cached searches and rate-limit counters must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_client() -> Client:
    return Client()


@pytest.fixture
def province(db: None):
    return OrganizationFactory(code="000.00.00.H53", name="Ủy ban nhân dân tỉnh Sơn La", level="province")


@pytest.fixture
def platform_admin(province):
    return officer(province, "platform_admin", username="admin.test")


@pytest.fixture
def clerk(province):
    return officer(province, "clerk", username="clerk.test")
