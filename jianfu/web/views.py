"""Pages every user has: login, logout, home."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.views.decorators.http import require_POST

from .permissions import public, require


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


login_view = public(LoginView.as_view())


@public
@require_POST
def logout_view(request):
    return auth_views.LogoutView.as_view()(request)


@require("home.view")
def home(request):
    scope_label = dict(request.user._meta.get_field("data_scope").choices).get(request.user.scope)
    return render(request, "web/home.html", {"scope_label": scope_label})
