from django.urls import path

from . import views, views_otp

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("account/otp/", views_otp.otp_setup, name="otp_setup"),
    path("account/otp/verify/", views_otp.otp_verify, name="otp_verify"),
    path("account/otp/disable/", views_otp.otp_disable, name="otp_disable"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("audit/<int:pk>/", views.audit_detail, name="audit_detail"),
]
