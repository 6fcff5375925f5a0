from django.urls import path

from saola.identity import views

app_name = "identity"
urlpatterns = [
    path("dang-nhap/", views.PortalLoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("tai-khoan/", views.account, name="account"),
    path("quen-mat-khau/", views.password_reset, name="password_reset"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
