from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("export/", views.report_index_export, name="export"),
    path("generate/", views.report_generate_view, name="generate"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/download/<str:fmt>/", views.report_download, name="download"),
]
