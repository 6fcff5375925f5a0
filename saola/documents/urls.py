"""Back-office pages of official documents, beside the one-stop back office at /office/."""

from django.urls import URLPattern, URLResolver, path

from saola.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("office/van-ban/", views.document_list, name="list"),
    path("office/van-ban/den/vao-so/", views.register_incoming, name="register_incoming"),
    path("office/van-ban/di/du-thao/", views.draft_edit, name="draft_new"),
    path("office/van-ban/ho-so-cong-viec/", views.work_dossier_list, name="work_dossiers"),
    path("office/van-ban/ho-so-cong-viec/<int:pk>/", views.work_dossier_detail, name="work_dossier"),
    path("office/van-ban/<int:pk>/", views.document_detail, name="detail"),
    path("office/van-ban/<int:pk>/sua/", views.draft_edit, name="draft_edit"),
    path("office/van-ban/<int:pk>/ban-xem-truoc.pdf", views.document_preview, name="preview"),
    path("office/van-ban/<int:pk>/tep/<int:attachment_id>/", views.document_file, name="file"),
    path("office/van-ban/<int:pk>/phan-cong/", views.assign, name="assign"),
    path("office/van-ban/<int:pk>/dinh-kem/", views.attach, name="attach"),
    path("office/van-ban/<int:pk>/phat-hanh/", views.distribute, name="distribute"),
    path("office/van-ban/<int:pk>/thao-tac/<slug:action>/", views.document_action, name="action"),
]
