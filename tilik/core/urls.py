from django.contrib.auth import views as auth_views
from django.urls import path

from tilik.core.privacy import views as privacy_views
from tilik.core.security import twofactor
from tilik.core.security.login_throttle import ThrottledAuthenticationForm

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="core/login.html",
            redirect_authenticated_user=True,
            authentication_form=ThrottledAuthenticationForm,
        ),
        name="login",
    ),
    path("masuk/verifikasi/", twofactor.otp_verify, name="otp_verify"),
    path("akun/dua-langkah/", twofactor.otp_setup, name="otp_setup"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("data-saya/", privacy_views.my_data, name="my_data"),
    path("data-saya/unduh.<str:fmt>", privacy_views.my_data_download, name="my_data_download"),
    path("privasi/koreksi/", privacy_views.correction_queue, name="correction_queue"),
    path("privasi/koreksi/<int:pk>/", privacy_views.correction_resolve, name="correction_resolve"),
    path("privasi/pembatasan/<int:pk>/cabut/", privacy_views.restriction_lift_view, name="restriction_lift"),
]
