"""List-page helpers shared by the unit and user pages: paging and the query string."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE_CHOICES = (20, 50, 100)


def paginate(request: HttpRequest, queryset: QuerySet) -> dict[str, Any]:
    """The page asked for (`page`, `per_page` in 20/50/100) and the filters to keep in links."""
    try:
        per_page = int(request.GET.get("per_page", PER_PAGE_CHOICES[0]))
    except ValueError:
        per_page = PER_PAGE_CHOICES[0]
    if per_page not in PER_PAGE_CHOICES:
        per_page = PER_PAGE_CHOICES[0]
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page_obj": page,
        "per_page": per_page,
        "per_page_choices": PER_PAGE_CHOICES,
        "total": paginator.count,
        "querystring": params.urlencode(),
    }


def flag(value: str | None) -> bool | None:
    """A yes/no filter: '1' → True, '0' → False, anything else → no filter."""
    return {"1": True, "0": False}.get(value or "")
