"""The project's URLs: the web UI by part of the platform, and the REST API."""

from django.urls import include, path

from jianfu.api.api import api

urlpatterns = [
    path("", include("jianfu.web.urls")),
    path("org/", include("jianfu.org.urls")),
    path("rules/", include("jianfu.rules.urls")),
    path("ledgers/", include("jianfu.ledgers.urls")),
    path("filings/", include("jianfu.filings.urls")),
    path("notices/", include("jianfu.notices.urls")),
    path("monitoring/", include("jianfu.monitoring.urls")),
    path("reports/", include("jianfu.reports.urls")),
    path("supervision/", include("jianfu.supervision.urls")),
    path("learning/", include("jianfu.learning.urls")),
    path("api-tokens/", include("jianfu.api.urls")),
    path("api/v1/", api.urls),
]
