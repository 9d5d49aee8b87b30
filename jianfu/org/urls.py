from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("units/export/", views.unit_export, name="unit_export"),
    path("units/new/", views.unit_create_view, name="unit_create"),
    path("units/import/", views.unit_import_view, name="unit_import"),
    path("units/import/template/", views.unit_import_template_view, name="unit_import_template"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("users/", views.user_list, name="users"),
    path("users/export/", views.user_export, name="user_export"),
    path("users/new/", views.user_create_view, name="user_create"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
    path("users/<int:pk>/unlock/", views.user_unlock_view, name="user_unlock"),
    path("users/<int:pk>/otp-reset/", views.user_otp_reset_view, name="user_otp_reset"),
]
