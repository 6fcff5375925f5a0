from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from saola.api.main import api
from saola.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("saola.identity.urls")),
    path("", include("saola.web.urls")),
]
if settings.SAOLA_BENCH_ENDPOINTS:
    from saola.core.bench_views import bench_one_row

    urlpatterns.append(path("bench/one-row/<int:pk>", bench_one_row, name="bench-one-row"))
if settings.DEBUG or getattr(settings, "SAOLA_SERVE_MEDIA", True):
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
