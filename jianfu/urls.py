"""The project's URLs: the web UI by part of the platform, and the REST API."""

from django.urls import include, path

from jianfu.api.api import api

urlpatterns = [
    path("", include("jianfu.web.urls")),
    path("org/", include("jianfu.org.urls")),
    path("rules/", include("jianfu.rules.urls")),
    path("ledgers/", include("jianfu.ledgers.urls")),
    path("api-tokens/", include("jianfu.api.urls")),
    path("api/v1/", api.urls),
]
