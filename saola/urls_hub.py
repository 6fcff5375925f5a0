"""URLs of the hub role (SAOLA_ROLE=hub): the exchange API, its operator pages and the admin."""

from django.contrib import admin
from django.urls import include, path

from saola.core.views import healthz
from saola.exchange.hub.api import hub_api

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("exchange/v1/", hub_api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
