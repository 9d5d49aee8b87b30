"""Rule pages: the county's rule-set versions, the one in force by section, a try-out form
(试算) and, for the coordinator, download and upload of the YAML. Thin: selectors, services and
the pure engine do the work."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jianfu.core.audit import audit_record
from jianfu.org.access import has_perm
from jianfu.org.guards import require

from .data import RuleSetData, default_rules_text, default_ruleset_data
from .engine import LineFacts, criteria_classify
from .forms import TryForm, UploadForm
from .models import RuleSet
from .presenters import ruleset_sections
from .schema import RuleSetInvalid
from .selectors import ruleset_data, ruleset_effective, ruleset_export_yaml, ruleset_list
from .services import ruleset_import
from .signals import announce_import


def _selected(request) -> tuple[RuleSet | None, RuleSetData]:
    """The version asked for (?version=N) within the user's county, else the one in force."""
    county_id = request.user.county_id
    if not county_id:
        return None, default_ruleset_data()
    raw = request.GET.get("version") or request.POST.get("version")
    if raw:
        if not str(raw).isdigit():
            raise Http404
        ruleset = ruleset_list(county_id).filter(version=int(raw)).first()
        if ruleset is None:
            raise Http404
    else:
        ruleset = ruleset_effective(county_id) or ruleset_list(county_id).first()
    return ruleset, (ruleset_data(ruleset) if ruleset else default_ruleset_data())


def _try(form: TryForm, data: RuleSetData):
    if not form.is_valid():
        return None
    facts = LineFacts(
        kind=form.cleaned_data["kind"],
        title=form.cleaned_data["title"],
        genre=form.cleaned_data.get("genre") or "",
        originator_level=form.cleaned_data.get("level") or "unknown",
        counterpart=form.cleaned_data.get("counterpart") or "",
        inspection_type=form.cleaned_data.get("inspection_type") or "",
        materials_requested=form.materials_requested(),
    )
    return criteria_classify(data, facts)


def _index_context(request, upload_form: UploadForm | None = None, upload_errors=None) -> dict:
    ruleset, data = _selected(request)
    try_form = TryForm(request.GET if "title" in request.GET else None)
    county_id = request.user.county_id
    return {
        "rulesets": ruleset_list(county_id) if county_id else RuleSet.objects.none(),
        "ruleset": ruleset,
        "effective": ruleset_effective(county_id) if county_id else None,
        "data": data,
        "sections": ruleset_sections(data),
        "try_form": try_form,
        "decision": _try(try_form, data) if try_form.is_bound else None,
        "can_manage": has_perm(request.user, "rules.manage"),
        "upload_form": upload_form or UploadForm(),
        "upload_errors": upload_errors or [],
    }


@require("rules.view")
@require_GET
def index(request):
    return render(request, "rules/index.html", _index_context(request))


@require("rules.view")
@require_GET
def try_rule(request):
    """The try-out result: an htmx partial, or the whole page without JavaScript."""
    _ruleset, data = _selected(request)
    form = TryForm(request.GET)
    context = {"try_form": form, "decision": _try(form, data)}
    if getattr(request, "htmx", False):
        return render(request, "rules/_decision.html", context)
    return render(request, "rules/index.html", _index_context(request))


@require("rules.manage")
@require_GET
def download(request):
    """The YAML of the version asked for, else of the one in force; the packaged default when
    the county has none stored yet (a starting point to edit)."""
    ruleset, _data = _selected(request)
    county_code = request.user.county.code if request.user.county_id else "default"
    if ruleset is None:
        text, filename = default_rules_text(), f"rules-{county_code}-default.yaml"
    else:
        audit_record(request.actor, "download", ruleset, after={"version": ruleset.version})
        text = ruleset_export_yaml(ruleset)
        filename = f"rules-{county_code}-v{ruleset.version}.yaml"
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require("rules.manage")
@require_POST
def upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not request.user.county_id:
        raise Http404
    if not form.is_valid():
        context = _index_context(request, form)
        return render(request, "rules/index.html", context, status=400)
    try:
        ruleset = ruleset_import(
            actor=request.actor,
            county=request.user.county,
            yaml_text=form.cleaned_data["yaml_text"],
            effective_from=form.cleaned_data.get("effective_from"),
            note=form.cleaned_data.get("note") or "",
        )
    except RuleSetInvalid as exc:
        context = _index_context(request, form, upload_errors=[str(e) for e in exc.errors])
        return render(request, "rules/index.html", context, status=400)
    said = announce_import(ruleset, request.actor)  # the ledgers re-derive its lines
    messages.success(
        request,
        _("已导入规则集第%(version)s版，自%(date)s起生效。")
        % {"version": ruleset.version, "date": ruleset.effective_from.isoformat()}
        + "".join(said),
    )
    return redirect("rules:index")
