"""Policy library (资料汇编) and the criteria FAQ pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianfu.org.access import has_perm
from jianfu.org.guards import require
from jianfu.org.views.common import paginate

from .exports import faq_xlsx, library_xlsx
from .files import FileRefused
from .forms import FaqEntryForm, PolicyDocumentForm
from .models import DocLevel, FaqEntry, PolicyDocument
from .selectors.library import faq_answered, policy_documents, policy_years
from .services.library import faq_entry_create, faq_entry_delete, policy_document_create
from .views_common import county_id_or_404, export_response, file_response, int_param


def _library_filters(request) -> dict:
    level = request.GET.get("level", "")
    return {
        "level": level if level in DocLevel.values else "",
        "year": int_param(request, "year"),
        "q": (request.GET.get("q") or "").strip()[:100],
        "core": request.GET.get("core") == "1",
    }


@require("learning.view")
@require_GET
def library(request):
    county_id = county_id_or_404(request)
    filters = _library_filters(request)
    queryset = policy_documents(county_id, **filters)
    return render(
        request,
        "learning/library.html",
        {
            "filters": filters,
            "levels": DocLevel.choices,
            "years": policy_years(county_id),
            "can_manage": has_perm(request.user, "learning.manage"),
            "export_qs": request.GET.urlencode(),
            **paginate(request, queryset),
        },
    )


@require("learning.view")
@require_GET
def library_export(request):
    county_id = county_id_or_404(request)
    documents = list(policy_documents(county_id, **_library_filters(request)))
    return export_response(
        request, library_xlsx(documents), _("资料汇编"), "learning.policydocument", len(documents)
    )


@require("learning.view")
@require_GET
def document_detail(request, pk: int):
    county_id = county_id_or_404(request)
    document = get_object_or_404(PolicyDocument, pk=pk, county_id=county_id)
    return render(request, "learning/document.html", {"document": document})


@require("learning.view")
@require_GET
def document_download(request, pk: int):
    county_id = county_id_or_404(request)
    document = get_object_or_404(PolicyDocument, pk=pk, county_id=county_id)
    return file_response(request, document, county_id)


@require("learning.manage")
@require_http_methods(["GET", "POST"])
def document_create(request):
    county_id = county_id_or_404(request)
    form = PolicyDocumentForm(request.POST or None, request.FILES or None, county_id=county_id)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        data = dict(form.cleaned_data)
        data.pop("file", None)
        try:
            document = policy_document_create(
                actor=request.actor,
                county=request.user.county,
                data=upload.read() if upload else None,
                filename=upload.name if upload else "",
                **data,
            )
        except FileRefused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("已加入资料汇编：%(title)s") % {"title": document.title})
            return redirect("learning:document", pk=document.pk)
    return render(request, "learning/document_form.html", {"form": form})


@require("learning.view")
@require_GET
def faq(request):
    county_id = county_id_or_404(request)
    return render(
        request,
        "learning/faq.html",
        {
            "answered": faq_answered(county_id),
            "can_manage": has_perm(request.user, "learning.manage"),
        },
    )


@require("learning.view")
@require_GET
def faq_export(request):
    county_id = county_id_or_404(request)
    answered = faq_answered(county_id)
    return export_response(
        request, faq_xlsx(answered), _("统计口径问答"), "learning.faqentry", len(answered)
    )


@require("learning.manage")
@require_http_methods(["GET", "POST"])
def faq_create(request):
    county_id_or_404(request)
    form = FaqEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            faq_entry_create(
                actor=request.actor,
                county=request.user.county,
                question=form.cleaned_data["question"],
                samples=[form.sample()],
                note=form.cleaned_data.get("note", ""),
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已添加问题，答案按本县规则集自动生成。"))
            return redirect("learning:faq")
    return render(request, "learning/faq_form.html", {"form": form})


@require("learning.manage")
@require_POST
def faq_delete(request, pk: int):
    county_id = county_id_or_404(request)
    entry = FaqEntry.objects.filter(pk=pk, county_id=county_id).first()
    if entry is None:
        raise Http404
    faq_entry_delete(actor=request.actor, entry=entry)
    messages.success(request, _("已删除问题。"))
    return redirect("learning:faq")
