"""Filings URLs: items, quotas and plans (urls_items) and the approval workflow, 一事一码,
archiving and the public verification page (urls_workflow)."""

from .urls_items import urlpatterns as items_urls
from .urls_workflow import urlpatterns as workflow_urls

app_name = "filings"

urlpatterns = [*items_urls, *workflow_urls]
