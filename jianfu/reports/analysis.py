"""The arithmetic of the analyses, over the figures (no ORM): change against the previous
period, quota use against the pace of the year, year-end projections, who is at risk, what to
suggest. Every function takes and returns plain data, so that it is tested as a table and the
same numbers go into the JSON, the .docx and the .xlsx.
"""

from __future__ import annotations

from datetime import date

from .periods import year_fraction

SECTIONS = ("documents", "meetings", "inspections")
TOTAL_KEYS = ("documents", "meetings", "inspections", "briefs", "emergency", "reminders")
WARN_RATE = 80.0  # quota use (%) at which a unit is at risk (the 80 % alert of the rules)

STATUS_OVER, STATUS_RISK, STATUS_OK = "over", "risk", "ok"


def percent(part: float, whole: float) -> float | None:
    """part / whole in percent, one decimal; None when there is no whole."""
    if not whole:
        return None
    return round(100.0 * part / whole, 1)


def change(current: dict, previous: dict, keys=TOTAL_KEYS) -> list[dict]:
    """Each figure now, before, the difference and the change in percent (None from zero)."""
    rows = []
    for key in keys:
        now, before = int(current.get(key) or 0), int(previous.get(key) or 0)
        rows.append(
            {
                "key": key,
                "current": now,
                "previous": before,
                "delta": now - before,
                "percent": percent(now - before, before),
            }
        )
    return rows


def projected(used: int, day: date) -> int:
    """Year-end total at the pace so far: used × days in the year ÷ days elapsed (rounded)."""
    elapsed, days = year_fraction(day)
    return round(used * days / elapsed)


def pace(quota: int, day: date) -> int:
    """How much of a year's quota an even pace would have used by `day` (rounded)."""
    elapsed, days = year_fraction(day)
    return round(quota * elapsed / days)


def quota_status(used: int, quota: int, projection: int) -> str:
    """over: above the quota; risk: 80 % used, or heading over at the pace so far (which is the
    same as having used more than the even pace, up to rounding); ok otherwise."""
    if used > quota:
        return STATUS_OVER
    rate = percent(used, quota) or 0.0
    if rate >= WARN_RATE or projection > quota:
        return STATUS_RISK
    return STATUS_OK


def quota_use(units: list[dict], day: date) -> list[dict]:
    """One row per unit and section with a quota: used, quota, rate, pace, projection, status.

    Ranked by rate of use (highest first), then unit code; units without any quota are left out
    (their production is still in the units table).
    """
    rows = []
    for unit in units:
        quota = unit.get("quota") or {}
        used = unit.get("used") or {}
        for section in SECTIONS:
            amount = int(quota.get(section) or 0)
            if amount <= 0:
                continue
            spent = int(used.get(section) or 0)
            projection = projected(spent, day)
            expected = pace(amount, day)
            rows.append(
                {
                    "unit": unit["unit"],
                    "section": section,
                    "used": spent,
                    "quota": amount,
                    "rate": percent(spent, amount),
                    "pace": expected,
                    "projected": projection,
                    "status": quota_status(spent, amount, projection),
                }
            )
    rows.sort(key=lambda r: (-(r["rate"] or 0.0), r["unit"], SECTIONS.index(r["section"])))
    return rows


def suggestions(use_rows: list[dict], units: list[dict]) -> dict:
    """统筹调配 and 提醒 the monthly assessment proposes.

    - allocations: each unit and section projected over its quota, with the extra allocation
      it would need (projection − quota) unless it cuts back;
    - reminders: units over or at risk that received no reminder in the period.
    """
    reminded = {u["unit"]: int(u.get("reminders") or 0) for u in units}
    allocations = [
        {
            "unit": r["unit"],
            "section": r["section"],
            "quota": r["quota"],
            "projected": r["projected"],
            "extra": r["projected"] - r["quota"],
        }
        for r in use_rows
        if r["projected"] > r["quota"]
    ]
    reminders = sorted(
        {
            r["unit"]
            for r in use_rows
            if r["status"] in (STATUS_OVER, STATUS_RISK) and not reminded.get(r["unit"])
        }
    )
    return {"allocations": allocations, "reminders": reminders}


def ranked_units(units: list[dict]) -> list[dict]:
    """Units by what they produced in the period (documents + meetings + inspections), most
    first, with that sum as `total`."""
    rows = [{**u, "total": sum(int(u.get(s) or 0) for s in SECTIONS)} for u in units]
    rows.sort(key=lambda u: (-u["total"], u["unit"]))
    return rows


def alerts_by_rule(alerts: list[dict]) -> list[dict]:
    """How many alerts each rule raised, most first."""
    counts: dict[str, int] = {}
    for alert in alerts:
        counts[alert["rule"]] = counts.get(alert["rule"], 0) + 1
    return [
        {"rule": rule, "count": n}
        for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
