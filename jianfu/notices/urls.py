from django.urls import path

from . import views

app_name = "notices"

urlpatterns: list = [
    path("", views.notice_list, name="index"),
    path("read/", views.notice_read, name="read"),
]
