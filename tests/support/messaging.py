"""Fixtures that point Django's SMTP backend and the SMS client at local stand-in servers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.sms_server import SmsStandIn
from tests.support.smtp_server import SmtpStandIn


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpStandIn]:
    server = SmtpStandIn().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def sms_server(settings) -> Iterator[SmsStandIn]:
    server = SmsStandIn().start()
    settings.SAOLA_SMS_URL = server.url
    settings.SAOLA_SMS_API_KEY = server.api_key
    settings.SAOLA_SMS_TIMEOUT = 2
    yield server
    server.stop()
