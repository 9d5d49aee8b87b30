"""Monitoring pages (names used as "monitoring:<name>")."""

from django.urls import path

from . import views, views_alerts, views_burden

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="dashboard_export"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/remind/", views_alerts.remind, name="remind"),
    path("alerts/", views_alerts.alert_list, name="alerts"),
    path("alerts/export/", views_alerts.alert_export, name="alerts_export"),
    path("alerts/<int:pk>/bulletin/", views_alerts.alert_bulletin, name="alert_bulletin"),
    path("reminders/", views_alerts.reminders, name="reminders"),
    path("reminders/<int:pk>/ack/", views_alerts.reminder_ack, name="reminder_ack"),
    path("burden/", views_burden.burden_edit, name="burden"),
]
