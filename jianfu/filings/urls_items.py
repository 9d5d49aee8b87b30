"""See jianfu/filings/urls.py: items (list, create, edit, check, delete, restore, export), quotas
and annual plans."""

from django.urls import path

from . import views_items, views_plans, views_quotas

urlpatterns: list = [
    path("", views_items.item_list, name="index"),
    path("export/", views_items.item_export, name="export"),
    path("new/", views_items.item_create, name="create"),
    path("<int:pk>/edit/", views_items.item_edit, name="edit"),
    path("<int:pk>/delete/", views_items.item_delete, name="delete"),
    path("<int:pk>/restore/", views_items.item_restore, name="restore"),
    path("quotas/", views_quotas.quota_index, name="quotas"),
    path("quotas/export/", views_quotas.quota_export, name="quota_export"),
    path("quotas/set/", views_quotas.quota_set_view, name="quota_set"),
    path("quotas/adjust/", views_quotas.quota_adjust_view, name="quota_adjust"),
    path("quotas/growth/", views_quotas.growth_explain_view, name="growth"),
    path("plans/", views_plans.plan_index, name="plans"),
    path("plans/export/", views_plans.plan_export, name="plan_export"),
    path("plans/import/", views_plans.plan_import_view, name="plan_import"),
    path("plans/template/", views_plans.plan_template_view, name="plan_template"),
    path("plans/<int:pk>/delete/", views_plans.plan_delete_view, name="plan_delete"),
]
