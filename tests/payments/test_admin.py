"""Payment orders in the admin: listed and shown read-only, never added or deleted there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from saola.core.models import User
from saola.payments import services
from tests.payments.conftest import received

pytestmark = pytest.mark.django_db


def test_admin_lists_and_shows_orders_read_only(s):
    order = services.payment_request(officer=s.processor, dossier=received(s), collection=1)
    admin = User.objects.create_superuser(username="root", email="root@example.vn", password="Mat-khau-2026")
    client = Client()
    client.force_login(admin)
    listing = client.get(reverse("admin:payments_paymentorder_changelist"), {"q": order.dossier.code})
    assert listing.status_code == 200 and order.merchant_order_id in listing.content.decode()
    page = client.get(reverse("admin:payments_paymentorder_change", args=[order.pk]))
    assert page.status_code == 200 and "Lệ phí đăng ký khai sinh" in page.content.decode()
    assert client.get(reverse("admin:payments_paymentorder_add")).status_code == 403
    assert (
        client.post(reverse("admin:payments_paymentorder_delete", args=[order.pk]), {"post": "yes"}).status_code == 403
    )
