"""Trainings (培训) with the proposal for the criteria-training class, attendance, materials and
the before/after accuracy; pilot units (试点) and their measures."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jianfu.org.access import has_perm, restrict, visible_units
from jianfu.org.guards import require
from jianfu.org.models import KIND_ORDER, Unit, UnitKind
from jianfu.org.views.common import paginate

from .exports import pilots_xlsx, proposal_xlsx, training_xlsx, trainings_xlsx
from .files import FileRefused
from .forms import InviteForm, PilotMeasureForm, TrainingForm, UploadForm
from .models import PilotMeasure, Training, TrainingKind, TrainingMaterial
from .selectors.pilots import pilot_figures
from .selectors.training import training_effect, training_proposal
from .services.training import (
    attendance_record,
    invitation_add,
    pilot_measure_create,
    training_create,
    training_material_add,
)
from .views_common import county_id_or_404, export_response, file_response


def _trainings(request):
    visible = visible_units(request.user).values("pk")
    return (
        Training.objects.filter(county_id=request.user.county_id)
        .annotate(
            invited_n=Count("invitations", filter=Q(invitations__unit__in=visible)),
            attended_n=Count(
                "invitations",
                filter=Q(invitations__unit__in=visible, invitations__attended=True),
            ),
        )
        .order_by("-date", "-id")
    )


def _county_units(county_id: int):
    return (
        Unit.objects.filter(county_id=county_id, is_active=True)
        .exclude(kind=UnitKind.HIGHER)
        .order_by(KIND_ORDER, "code")
    )


@require("learning.view")
@require_GET
def training_list(request):
    county_id = county_id_or_404(request)
    can_manage = has_perm(request.user, "learning.manage")
    return render(
        request,
        "learning/training_list.html",
        {
            "can_manage": can_manage,
            "proposal": training_proposal(county_id) if can_manage else [],
            **paginate(request, _trainings(request)),
        },
    )


@require("learning.view")
@require_GET
def training_export(request):
    county_id_or_404(request)
    trainings = list(_trainings(request))
    return export_response(
        request, trainings_xlsx(trainings), _("培训一览"), "learning.training", len(trainings)
    )


@require("learning.manage")
@require_GET
def proposal_export(request):
    county_id = county_id_or_404(request)
    proposal = training_proposal(county_id)
    return export_response(
        request,
        proposal_xlsx(proposal),
        _("统计口径培训提升班建议参训单位"),
        "learning.training",
        len(proposal),
    )


@require("learning.manage")
@require_http_methods(["GET", "POST"])
def training_create_view(request):
    county_id = county_id_or_404(request)
    use_proposal = request.GET.get("proposal") == "1"
    proposal = training_proposal(county_id)
    proposed = {p.unit.pk: p.accuracy for p in proposal}
    units = (
        _county_units(county_id)
        .annotate(
            # the proposed units first, in the proposal's order (worst accuracy first)
            proposed_first=Case(
                *[When(pk=unit_id, then=Value(rank)) for rank, unit_id in enumerate(proposed)],
                default=Value(len(proposed)),
                output_field=IntegerField(),
            )
        )
        .order_by("proposed_first", KIND_ORDER, "code")
    )
    initial = {"date": timezone.localdate()}
    if use_proposal:
        initial.update(
            kind=TrainingKind.CRITERIA,
            topic=_("统计口径培训提升班"),
            units=list(proposed),
        )
    form = TrainingForm(request.POST or None, units=units, initial=initial)

    def label(unit):
        if unit.pk in proposed:
            rate = proposed[unit.pk]
            shown = "—" if rate is None else f"{rate * 100:.1f}%"
            return _("%(name)s（建议参训，准确率 %(rate)s）") % {"name": unit.name, "rate": shown}
        return unit.name

    form.fields["units"].label_from_instance = label
    if request.method == "POST" and form.is_valid():
        training = training_create(
            actor=request.actor,
            county=request.user.county,
            proposed_accuracy=proposed,
            **form.cleaned_data,
        )
        messages.success(request, _("已创建培训：%(topic)s") % {"topic": training.topic})
        return redirect("learning:training", pk=training.pk)
    return render(
        request,
        "learning/training_form.html",
        {"form": form, "proposal": proposal, "use_proposal": use_proposal},
    )


def _training_or_404(request, pk: int) -> Training:
    return get_object_or_404(Training, pk=pk, county_id=county_id_or_404(request))


def _detail_context(request, training: Training, **extra) -> dict:
    invitations = list(
        restrict(training.invitations.all(), request.user)
        .select_related("unit")
        .order_by("unit__code", "person_name")
    )
    training.visible_invitations = invitations
    effects = training_effect(training, request.user)
    can_manage = has_perm(request.user, "learning.manage")
    county_units = _county_units(training.county_id)
    return {
        "training": training,
        "invitations": invitations,
        "attended_n": sum(1 for i in invitations if i.attended),
        "effects": effects,
        "materials": training.materials.all(),
        "can_manage": can_manage,
        "invite_form": extra.pop("invite_form", None) or InviteForm(units=county_units),
        "material_form": extra.pop("material_form", None) or UploadForm(),
        **extra,
    }


@require("learning.view")
@require_GET
def training_detail(request, pk: int):
    training = _training_or_404(request, pk)
    return render(request, "learning/training_detail.html", _detail_context(request, training))


@require("learning.view")
@require_GET
def training_detail_export(request, pk: int):
    training = _training_or_404(request, pk)
    context = _detail_context(request, training)
    return export_response(
        request,
        training_xlsx(training, context["effects"]),
        _("参训情况"),
        "learning.training",
        len(context["invitations"]),
    )


@require("learning.manage")
@require_POST
def training_attendance(request, pk: int):
    training = _training_or_404(request, pk)
    ids = [int(v) for v in request.POST.getlist("attended") if v.isdigit()]
    changed = attendance_record(actor=request.actor, training=training, attended_ids=ids)
    messages.success(request, _("已保存参训情况（%(n)d 处变动）。") % {"n": changed})
    return redirect("learning:training", pk=training.pk)


@require("learning.manage")
@require_POST
def training_invite(request, pk: int):
    training = _training_or_404(request, pk)
    form = InviteForm(request.POST, units=_county_units(training.county_id))
    if not form.is_valid():
        context = _detail_context(request, training, invite_form=form)
        return render(request, "learning/training_detail.html", context, status=400)
    invitation_add(actor=request.actor, training=training, **form.cleaned_data)
    messages.success(request, _("已添加邀请。"))
    return redirect("learning:training", pk=training.pk)


@require("learning.manage")
@require_POST
def training_material(request, pk: int):
    training = _training_or_404(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            training_material_add(
                actor=request.actor, training=training, data=upload.read(), filename=upload.name
            )
        except FileRefused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("已上传培训材料。"))
            return redirect("learning:training", pk=training.pk)
    context = _detail_context(request, training, material_form=form)
    return render(request, "learning/training_detail.html", context, status=400)


@require("learning.view")
@require_GET
def material_download(request, pk: int):
    county_id = county_id_or_404(request)
    material = get_object_or_404(
        TrainingMaterial.objects.select_related("training"), pk=pk, training__county_id=county_id
    )
    return file_response(request, material, county_id)


def _pilot_figures(request):
    today = timezone.localdate()
    measures = restrict(PilotMeasure.objects.select_related("unit"), request.user)
    return [pilot_figures(m, today) for m in measures.order_by("unit__code", "started", "id")]


@require("learning.view")
@require_GET
def pilots(request):
    county_id_or_404(request)
    pilot_units = visible_units(request.user).filter(is_pilot=True).order_by(KIND_ORDER, "code")
    figures = _pilot_figures(request)
    with_measures = {f.measure.unit_id for f in figures}
    return render(
        request,
        "learning/pilots.html",
        {
            "figures": figures,
            "pilot_units": pilot_units,
            "without_measures": [u for u in pilot_units if u.pk not in with_measures],
            "can_manage": has_perm(request.user, "learning.manage"),
        },
    )


@require("learning.view")
@require_GET
def pilots_export(request):
    county_id_or_404(request)
    figures = _pilot_figures(request)
    return export_response(
        request, pilots_xlsx(figures), _("试点成效"), "learning.pilotmeasure", len(figures)
    )


@require("learning.manage")
@require_http_methods(["GET", "POST"])
def pilot_create(request):
    county_id = county_id_or_404(request)
    units = Unit.objects.filter(county_id=county_id, is_pilot=True).order_by(KIND_ORDER, "code")
    form = PilotMeasureForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            pilot_measure_create(actor=request.actor, **form.cleaned_data)
        except ValueError as exc:
            raise Http404 from exc
        messages.success(request, _("已添加改革举措。"))
        return redirect("learning:pilots")
    return render(request, "learning/pilot_form.html", {"form": form, "units": units})
