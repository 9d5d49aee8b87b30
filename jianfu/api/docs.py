"""The interactive API documentation, served entirely from this server.

django-ninja's own Swagger page loads its assets from a CDN unless "ninja" is an installed app;
government intranets have no internet, so this page uses a copy of ninja's Swagger UI bundle in
`jianfu/api/static/api/swagger/` and starts it from a static script (CSP: script-src 'self').
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    template = "api/swagger.html"

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = dict(self.settings, url=self.get_openapi_url(api, kwargs))
        context = {
            "swagger_settings": settings,
            "api": api,
            "add_csrf": True,
        }
        return render(request, self.template, context)
