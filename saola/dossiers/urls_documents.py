"""PDF slips of a dossier, under the dossier's page: /ho-so/<code>/…pdf."""

from django.urls import path

from saola.dossiers import views_documents as views

app_name = "dossier_documents"
urlpatterns = [
    path("ho-so/<str:code>/giay-tiep-nhan.pdf", views.receipt_pdf, name="receipt"),
    path("ho-so/<str:code>/phieu-kiem-soat.pdf", views.control_slip_pdf, name="control_slip"),
    path("ho-so/<str:code>/phieu-tu-choi.pdf", views.refusal_pdf, name="refusal"),
    path("ho-so/<str:code>/thong-bao-dung.pdf", views.stop_notice_pdf, name="stop_notice"),
    path("ho-so/<str:code>/phieu-bo-sung/<int:request_id>.pdf", views.supplement_request_pdf, name="supplement"),
    path("ho-so/<str:code>/xin-loi/<int:apology_id>.pdf", views.apology_pdf, name="apology"),
]
