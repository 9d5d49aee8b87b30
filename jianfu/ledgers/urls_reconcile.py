from django.urls import path

from .views import reconcile

urlpatterns = [
    path("", reconcile.reconcile_home, name="reconcile"),
    path("sender/<int:pk>/", reconcile.reconcile_sender, name="reconcile_sender"),
    path("unfiled.xlsx", reconcile.reconcile_unfiled_export, name="reconcile_unfiled_export"),
]
