from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("", views.index, name="index"),
    path("try/", views.try_rule, name="try"),
    path("download/", views.download, name="download"),
    path("upload/", views.upload, name="upload"),
]
