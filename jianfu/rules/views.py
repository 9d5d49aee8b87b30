from django.shortcuts import render

from jianfu.web.permissions import require


@require("rules.view")
def index(request):
    return render(request, "rules/index.html", {})
