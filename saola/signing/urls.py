from django.urls import URLPattern, URLResolver, path

from saola.signing import views_pki, views_verify

urlpatterns: list[URLPattern | URLResolver] = [
    path("xac-thuc/", views_verify.verify, name="signing_verify"),
    path("xac-thuc/bao-cao/", views_verify.verify_report, name="signing_verify_report"),
    path("pki/crl/<slug:slug>.crl", views_pki.crl, name="pki_crl"),
    path("pki/ca/<slug:slug>.crt", views_pki.ca_certificate, name="pki_ca_certificate"),
    path("pki/ocsp/<slug:slug>", views_pki.ocsp_post, name="pki_ocsp"),
    path("pki/ocsp/<slug:slug>/<path:encoded>", views_pki.ocsp_get, name="pki_ocsp_get"),
    path("pki/tsa", views_pki.tsa, name="pki_tsa"),
]
