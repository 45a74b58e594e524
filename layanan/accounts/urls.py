from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("daftar/", views.signup, name="signup"),
    path("aktivasi/kirim-ulang/", views.resend_activation, name="resend-activation"),
    path("aktivasi/<uidb64>/<token>/", views.activate, name="activate"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password-reset"),
    path("lupa-sandi/terkirim/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("lupa-sandi/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password-reset-confirm"),
    path("lupa-sandi/selesai/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("ubah-sandi/", views.PasswordChangeView.as_view(), name="password-change"),
    path("profil/", views.profile, name="profile"),
    path("pengguna/<int:pk>/", views.public_profile, name="public-profile-short"),
    path("pengguna/<int:pk>-<slug:slug>/", views.public_profile, name="public-profile"),
]
