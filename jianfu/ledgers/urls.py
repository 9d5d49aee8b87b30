"""Ledger pages. Each part has its own URL module so that they grow independently."""

from django.urls import include, path

app_name = "ledgers"

urlpatterns = [
    path("", include("jianfu.ledgers.urls_entries")),
    path("reconcile/", include("jianfu.ledgers.urls_reconcile")),
    path("compare/", include("jianfu.ledgers.urls_compare")),
]
