"""Exchange pages beside the documents' pages under /office/van-ban/."""

from django.urls import URLPattern, URLResolver, path

from saola.exchange import views

app_name = "exchange"
urlpatterns: list[URLPattern | URLResolver] = [
    path("office/van-ban/<int:pk>/lien-thong/", views.send_document, name="send"),
    path("office/van-ban/<int:pk>/lien-thong/noi-nhan/", views.recipients_fragment, name="recipients"),
    path("office/van-ban/chi-so-lien-thong/", views.exchange_indicators, name="indicators"),
]
