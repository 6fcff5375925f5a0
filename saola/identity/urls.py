from django.urls import path

from saola.identity import views

app_name = "identity"
urlpatterns = [
    path("dang-nhap/", views.PortalLoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("tai-khoan/", views.account, name="account"),
]
