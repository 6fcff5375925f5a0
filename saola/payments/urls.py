"""Payment pages: the applicant's (under the dossier and /thanh-toan/) and the back office's
actions on a dossier (under /office/ho-so/<code>/)."""

from django.urls import path

from saola.payments import views

app_name = "payments"
urlpatterns = [
    path("ho-so-cua-toi/<str:code>/thanh-toan/", views.start_payment, name="start"),
    path("thanh-toan/<str:order_id>/ket-qua/", views.payment_return, name="return"),
    path("thanh-toan/<str:order_id>/bien-nhan.pdf", views.receipt_pdf, name="receipt"),
    path("office/ho-so/<str:code>/yeu-cau-nop-phi/", views.request_payment, name="request"),
    path("office/ho-so/<str:code>/xac-nhan-nop-phi/", views.confirm_counter_payment, name="confirm_counter"),
    path("office/ho-so/<str:code>/huy-yeu-cau-nop-phi/", views.cancel_payment, name="cancel"),
]
