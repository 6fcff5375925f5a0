"""The back office, mounted at /office/."""

from django.urls import path

from saola.dossiers import views_office, views_office_actions, views_office_counter

app_name = "office"
urlpatterns = [
    path("", views_office.inbox, name="inbox"),
    path("ho-so/", views_office.list_dossiers, name="dossier_list"),
    path("tiep-nhan/", views_office_counter.counter_intake, name="counter_intake"),
    path("tu-choi-tai-quay/<int:pk>/", views_office_counter.counter_refusal_slip, name="counter_refusal_slip"),
    path("ho-so/<str:code>/", views_office.dossier_detail, name="dossier_detail"),
    path("ho-so/<str:code>/tep/<int:file_id>/", views_office.dossier_file, name="dossier_file"),
    path("ho-so/<str:code>/giay-tiep-nhan/", views_office.dossier_receipt, name="dossier_receipt"),
    path("ho-so/<str:code>/phieu-kiem-soat/", views_office.dossier_control_slip, name="dossier_control_slip"),
    path("ho-so/<str:code>/phieu-tu-choi/", views_office.dossier_refusal_slip, name="dossier_refusal_slip"),
    path("ho-so/<str:code>/tiep-nhan/", views_office_actions.accept_dossier, name="accept"),
    path("ho-so/<str:code>/tu-choi/", views_office_actions.refuse_dossier, name="refuse"),
    path("ho-so/<str:code>/yeu-cau-bo-sung/", views_office_actions.request_supplement, name="request_supplement"),
    path("ho-so/<str:code>/nhan-bo-sung/", views_office_actions.accept_supplement, name="accept_supplement"),
    path("ho-so/<str:code>/hoan-thanh-buoc/", views_office_actions.complete_step, name="complete_step"),
    path("ho-so/<str:code>/tai-ket-qua/", views_office_actions.upload_result, name="upload_result"),
    path("ho-so/<str:code>/dinh-kem/", views_office_actions.attach_working_file, name="attach"),
    path("ho-so/<str:code>/tra-ket-qua/", views_office_actions.return_result, name="return_result"),
    path("ho-so/<str:code>/xin-loi/", views_office_actions.apologize, name="apologize"),
    path("ho-so/<str:code>/dung-xu-ly/", views_office_actions.stop_dossier, name="stop"),
    path("ho-so/<str:code>/dong-y-rut/", views_office_actions.approve_withdrawal, name="approve_withdrawal"),
    path("ho-so/<str:code>/chuyen-don-vi/", views_office_actions.transfer_dossier, name="transfer"),
    path("ho-so/<str:code>/tra-don-vi-tiep-nhan/", views_office_actions.return_to_origin, name="return_to_origin"),
]
