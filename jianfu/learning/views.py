"""The learning overview (学习培训): coverage at a glance, upcoming trainings, the FAQ and the
library."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jianfu.org.access import has_perm
from jianfu.org.guards import require

from .models import PolicyDocument
from .selectors.library import faq_items
from .selectors.study import coverage_for, study_years
from .selectors.training import trainings_upcoming
from .views_common import county_id_or_404


@require("learning.view")
@require_GET
def index(request):
    county_id = county_id_or_404(request)
    today = timezone.localdate()
    years = study_years(request.user)
    year = today.year if not years or today.year in years else years[0]
    coverage = coverage_for(request.user, date(year, 1, 1), date(year, 12, 31))
    return render(
        request,
        "learning/index.html",
        {
            "year": year,
            "coverage": coverage,
            "units_short": coverage.units_short[:10],
            "upcoming": trainings_upcoming(county_id, today),
            "documents": PolicyDocument.objects.filter(county_id=county_id).count(),
            "core_documents": len(coverage.core),
            "faq_count": len(faq_items(county_id)),
            "can_manage": has_perm(request.user, "learning.manage"),
            "can_record": has_perm(request.user, "study.record"),
        },
    )
