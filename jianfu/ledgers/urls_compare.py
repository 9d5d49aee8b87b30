"""The dual-ledger comparison and the re-derivation of the statistics ledger."""

from django.urls import path

from .views import compare, rederive

urlpatterns = [
    path("", compare.compare_upload, name="compare"),
    path("<int:pk>/", compare.compare_result, name="compare_result"),
    path("<int:pk>/download/", compare.compare_download, name="compare_download"),
    path("accuracy/", compare.compare_accuracy, name="compare_accuracy"),
    path("rederive/", rederive.rederive_index, name="rederive"),
    path("rederive/report/", rederive.rederive_report, name="rederive_report"),
]
