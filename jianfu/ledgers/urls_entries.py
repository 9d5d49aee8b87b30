"""Ledger lines and the web import (names used as "ledgers:<name>")."""

from django.urls import path

from .views import entries, imports

urlpatterns = [
    path("", entries.entry_list, name="index"),
    path("export/", entries.entry_export, name="export"),
    path("new/", entries.entry_create, name="create"),
    path("counterparts/", entries.counterpart_list, name="counterparts"),
    path("<int:pk>/", entries.entry_detail, name="entry"),
    path("<int:pk>/edit/", entries.entry_update, name="update"),
    path("<int:pk>/delete/", entries.entry_delete, name="delete"),
    path("import/", imports.import_upload, name="import"),
    path("import/template/", imports.import_template, name="import_template"),
    path("batches/", imports.batch_list_view, name="batches"),
    path("batches/<int:pk>/", imports.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", imports.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/commit/", imports.batch_commit, name="batch_commit"),
    path("batches/<int:pk>/cancel/", imports.batch_cancel, name="batch_cancel"),
    path("batches/<int:pk>/errors.xlsx", imports.batch_error_workbook, name="batch_errors"),
]
