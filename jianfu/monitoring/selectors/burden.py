"""What each observation point received, from whom, and what it cost in cadre-hours.

One GROUP BY over the received lines (收文 / 参会 / 受检) of the townships in scope, by
township, sender and kind; hours by the county's `BurdenModel` (jianfu/monitoring/burden.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Q

from jianfu.ledgers.models import Kind
from jianfu.ledgers.selectors.rollup import grouped
from jianfu.org.models import County, Unit, UnitKind

from ..burden import BurdenParams, group_hours
from ..models import BurdenModel

RECEIVED = (Kind.RECEIVED_DOC, Kind.ATTENDED, Kind.INSPECTED)
UNKNOWN_SENDER = 0


def burden_model_for(county: County) -> BurdenModel:
    """The county's model, or the documented defaults (unsaved) when none was set."""
    return BurdenModel.objects.filter(county=county).first() or BurdenModel(county=county)


def _blank() -> dict:
    return {
        "documents": 0,
        "meetings": 0,
        "inspections": 0,
        "meeting_hours": 0.0,
        "inspection_days": 0.0,
        "hours": 0.0,
    }


def received_burden(
    county: County, start: date, end: date, *, unit_ids: set[int] | None = None
) -> dict:
    """{"points": [{unit, senders: [...] , totals}], "senders": [{unit, totals}], "params"}.

    `points` are the observation points (townships) in scope; each sender row of a township and
    the per-sender totals carry documents, meetings, inspections, meeting hours (the lines'
    durations, the model's default where none), inspection days and burden hours.
    """
    params = BurdenParams.from_model(burden_model_for(county))
    points = Unit.objects.filter(
        county=county, kind=UnitKind.TOWNSHIP, is_observation_point=True
    ).order_by("code")
    if unit_ids is not None:
        points = points.filter(pk__in=unit_ids)
    point_list = list(points.values("pk", "code", "name"))
    measures = ("n", "minutes_sum", "with_minutes", "onsite", "materials")
    counts = grouped(
        county.pk,
        start,
        end,
        ("unit_id", "counterpart_unit_id", "kind"),
        Q(unit_id__in=[p["pk"] for p in point_list], kind__in=RECEIVED),
        measures,
    )
    rows = [
        {"unit_id": u, "counterpart_unit_id": c, "kind": k, **dict(zip(measures, v, strict=True))}
        for (u, c, k), v in counts.items()
    ]
    names = dict(Unit.objects.filter(county=county).values_list("pk", "name"))
    per_point: dict[int, dict[int, dict]] = defaultdict(lambda: defaultdict(_blank))
    per_sender: dict[int, dict] = defaultdict(_blank)
    for row in rows:
        sender = row["counterpart_unit_id"] or UNKNOWN_SENDER
        cells = (per_point[row["unit_id"]][sender], per_sender[sender])
        hours = group_hours(params, row["kind"], [row])
        for cell in cells:
            cell["hours"] += hours
            if row["kind"] == Kind.RECEIVED_DOC:
                cell["documents"] += row["n"]
            elif row["kind"] == Kind.ATTENDED:
                cell["meetings"] += row["n"]
                minutes = (row["minutes_sum"] or 0) + (
                    row["n"] - row["with_minutes"]
                ) * params.default_meeting_minutes
                cell["meeting_hours"] += minutes / 60
            else:
                cell["inspections"] += row["n"]
                cell["inspection_days"] += row["n"] * params.inspection_days

    def sender_name(pk: int) -> str:
        return names.get(pk, "") if pk else "其他（未识别单位）"

    def rounded(cell: dict) -> dict:
        return {
            **cell,
            "meeting_hours": round(cell["meeting_hours"], 1),
            "inspection_days": round(cell["inspection_days"], 1),
            "hours": round(cell["hours"], 1),
        }

    result_points = []
    for point in point_list:
        senders = per_point.get(point["pk"], {})
        totals = _blank()
        for cell in senders.values():
            for key in totals:
                totals[key] += cell[key]
        result_points.append(
            {
                "unit_id": point["pk"],
                "unit": point["code"],
                "name": point["name"],
                "totals": rounded(totals),
                "senders": sorted(
                    (
                        {"unit_id": pk, "name": sender_name(pk), **rounded(cell)}
                        for pk, cell in senders.items()
                    ),
                    key=lambda s: -s["hours"],
                ),
            }
        )
    result_senders = sorted(
        (
            {"unit_id": pk, "name": sender_name(pk), **rounded(cell)}
            for pk, cell in per_sender.items()
        ),
        key=lambda s: -s["hours"],
    )
    return {"points": result_points, "senders": result_senders, "params": params}
