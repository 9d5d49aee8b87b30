"""See jianfu/filings/urls.py: the approval workflow, 一事一码 (notice and public verification),
archiving with attachments, the inbox, approval routes and the unfiled items."""

from django.urls import path

from . import views_unfiled, views_verify, views_workflow

urlpatterns: list = [
    path("<int:pk>/", views_workflow.filing_detail, name="detail"),
    path("<int:pk>/submit/", views_workflow.filing_submit_view, name="submit"),
    path("<int:pk>/withdraw/", views_workflow.filing_withdraw_view, name="withdraw"),
    path("<int:pk>/decide/", views_workflow.filing_decide_view, name="decide"),
    path("<int:pk>/archive/", views_workflow.filing_archive_view, name="archive"),
    path("<int:pk>/edit-approved/", views_workflow.filing_edit_approved_view, name="edit_approved"),
    path("<int:pk>/notice/", views_verify.notice_print, name="notice"),
    path("attachments/<int:pk>/", views_workflow.attachment_download, name="attachment"),
    path("inbox/", views_workflow.inbox, name="inbox"),
    path("routes/", views_workflow.approval_routes, name="routes"),
    path("verify/", views_verify.verify, name="verify"),
    path("unfiled/", views_unfiled.unfiled, name="unfiled"),
]
