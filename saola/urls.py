from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from saola.api.main import api
from saola.core.views import healthz, public_media
from saola.exchange.push_views import receive_delivery

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("exchange/node/v1/deliveries", receive_delivery, name="exchange-node-push"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("office/", include("saola.dossiers.urls_office")),
    path("", include("saola.payments.urls")),
    path("", include("saola.signing.urls")),
    path("", include("saola.documents.urls")),
    path("", include("saola.exchange.urls")),
    path("", include("saola.identity.urls")),
    path("", include("saola.dossiers.urls_citizen")),
    path("", include("saola.web.urls")),
    path("", include("saola.dossiers.urls_documents")),
]
if settings.SAOLA_BENCH_ENDPOINTS:
    from saola.core.bench_views import bench_one_row

    urlpatterns.append(path("bench/one-row/<int:pk>", bench_one_row, name="bench-one-row"))
if settings.SAOLA_SERVE_MEDIA:
    # Only public files (the catalogue's form templates); citizens' papers never live here.
    urlpatterns.append(re_path(r"^media/(?P<path>catalog/.+)$", public_media, name="public-media"))
