from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("users/", views.user_list, name="users"),
]
