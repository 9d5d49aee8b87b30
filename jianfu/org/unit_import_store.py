"""Storing an imported unit list: validation against the county's units, then bulk writes.

All or nothing (R14): any error leaves the database as it was and lists every error. Re-running
the same file changes nothing and writes no audit record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record_many
from jianfu.core.excel import TableFileError, read_table
from jianfu.core.text import normalize_unit_name

from .models import County, Unit, UnitAlias
from .unit_import import RowError, UnitRow, unit_import_parse
from .units import UNIT_FIELDS, unit_snapshot

STORED_FIELDS = ("name", "short_name", "kind", "system", "area", "is_observation_point", "is_pilot")


@dataclass
class UnitImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class _Plan:
    row: UnitRow
    unit: Unit  # existing (with pk) or new
    before: dict[str, Any] | None
    changed: set[str]
    aliases: list[str] | None
    parent_code: str | None  # None: leave the parent alone


def unit_import(
    *, actor: Actor, county: County, data: bytes, filename: str, dry_run: bool = False
) -> UnitImportResult:
    """Create or update the county's units from a file's bytes; errors mean nothing is stored."""
    result = UnitImportResult()
    try:
        sheets = read_table(data, filename)
    except TableFileError as exc:
        result.errors.append(RowError(filename, None, "", "", str(exc)))
        return result
    rows, errors = unit_import_parse(sheets)
    result.rows = len(rows)
    result.errors = errors
    with transaction.atomic():
        existing = {u.code: u for u in Unit.objects.filter(county=county).select_for_update()}
        alias_rows = list(
            UnitAlias.objects.filter(county=county).values_list("pk", "unit_id", "name")
        )
        plans = _plan(county, rows, existing, alias_rows, errors)
        result.errors = sorted(errors, key=lambda e: (e.sheet, e.row or 0))
        if result.errors:
            return result
        result.created = sum(1 for p in plans if p.unit.pk is None)
        result.updated = sum(1 for p in plans if p.unit.pk is not None and p.changed)
        result.unchanged = len(plans) - result.created - result.updated
        if not dry_run and (result.created or result.updated):
            _store(actor, county, plans, existing, alias_rows, filename, result)
    return result


def _plan(
    county: County,
    rows: list[UnitRow],
    existing: dict[str, Unit],
    alias_rows: list[tuple[int, int, str]],
    errors: list[RowError],
) -> list[_Plan]:
    by_id = {u.pk: u for u in existing.values()}
    aliases_of: dict[int, set[str]] = {}
    for _pk, unit_id, name in alias_rows:
        aliases_of.setdefault(unit_id, set()).add(name)
    plans: list[_Plan] = []
    for row in rows:
        code = row.values.get("code")
        if not code or not row.values.get("name"):
            continue
        unit = existing.get(code)
        if unit is None:
            unit = Unit(
                county=county,
                code=code,
                **{k: v for k, v in row.values.items() if k in STORED_FIELDS and v is not None},
            )
            plans.append(_Plan(row, unit, None, set(), row.aliases, None))
            continue
        before = unit_snapshot(unit, aliases_of.get(unit.pk, set()))
        changed = {
            k for k in STORED_FIELDS if k in row.values and getattr(unit, k) != row.values[k]
        }
        if row.aliases is not None and set(row.aliases) != aliases_of.get(unit.pk, set()):
            changed.add("aliases")
        plans.append(_Plan(row, unit, before, changed, row.aliases, None))
    final_names = {u.code: u.name for u in existing.values()}
    final_names.update({p.unit.code: p.row.values["name"] for p in plans})
    _check_names(final_names, plans, errors)
    _check_aliases(county, plans, existing, aliases_of, final_names, errors)
    _resolve_parents(county, plans, existing, by_id, final_names, errors)
    return plans


def _check_names(final_names: dict[str, str], plans: list[_Plan], errors: list[RowError]) -> None:
    owner: dict[str, list[str]] = {}
    for code, name in final_names.items():
        owner.setdefault(name, []).append(code)
    for plan in plans:
        codes = owner.get(plan.row.values["name"], [])
        if len(codes) > 1:
            other = next(c for c in codes if c != plan.unit.code)
            errors.append(
                plan.row.error(
                    "name", _("单位名称已被编码为“%(code)s”的单位使用。") % {"code": other}
                )
            )


def _check_aliases(county, plans, existing, aliases_of, final_names, errors) -> None:
    """An alias may not be another unit's name, short name or alias (as normalised names)."""
    norm = lambda text: normalize_unit_name(text, county.name)  # noqa: E731
    code_of = {u.pk: u.code for u in existing.values()}
    final_aliases: dict[str, set[str]] = {
        code_of[uid]: names for uid, names in aliases_of.items() if uid in code_of
    }
    for plan in plans:
        if plan.aliases is not None:
            final_aliases[plan.unit.code] = set(plan.aliases)
    shorts = {u.code: u.short_name for u in existing.values() if u.short_name}
    shorts.update(
        {p.unit.code: p.row.values["short_name"] for p in plans if p.row.values.get("short_name")}
    )
    keys: dict[str, set[str]] = {}
    for code, name in [*final_names.items(), *shorts.items()]:
        keys.setdefault(norm(name), set()).add(code)
    for code, names in final_aliases.items():
        for name in names:
            keys.setdefault(norm(name), set()).add(code)
    for plan in plans:
        for alias in plan.aliases or []:
            others = keys.get(norm(alias), set()) - {plan.unit.code}
            if others:
                errors.append(
                    plan.row.error(
                        "aliases",
                        _("别名“%(alias)s”已属于编码为“%(code)s”的单位。")
                        % {"alias": alias, "code": "、".join(sorted(others))},
                    )
                )


def _resolve_parents(county, plans, existing, by_id, final_names, errors) -> None:
    norm = lambda text: normalize_unit_name(text, county.name)  # noqa: E731
    by_name = {norm(name): code for code, name in final_names.items()}
    parent_code = {
        u.code: by_id[u.parent_id].code for u in existing.values() if u.parent_id in by_id
    }
    for plan in plans:
        ref = plan.row.parent_ref
        if ref is None:
            continue
        code = "" if not ref else (ref if ref in final_names else by_name.get(norm(ref)))
        if code is None:
            errors.append(
                plan.row.error("parent", _("找不到上级单位（请填写本县单位的编码或名称）。"))
            )
            continue
        if code == plan.unit.code:
            errors.append(plan.row.error("parent", _("上级单位不能是本单位。")))
            continue
        plan.parent_code = code
        if parent_code.get(plan.unit.code, "") != code:
            parent_code[plan.unit.code] = code
            if plan.unit.pk is not None:
                plan.changed.add("parent_id")
        if not code:
            parent_code.pop(plan.unit.code, None)
    for plan in plans:
        seen, current = {plan.unit.code}, parent_code.get(plan.unit.code)
        while current:
            if current in seen:
                errors.append(plan.row.error("parent", _("上级单位关系形成循环。")))
                break
            seen.add(current)
            current = parent_code.get(current)


def _store(actor, county, plans, existing, alias_rows, filename, result) -> None:
    new_units = [p.unit for p in plans if p.unit.pk is None]
    Unit.objects.bulk_create(new_units)
    pk_of = {u.code: u.pk for u in existing.values()} | {u.code: u.pk for u in new_units}
    now = timezone.now()
    update_fields: set[str] = set()
    to_update = []
    for plan in plans:
        if plan.parent_code is not None:
            plan.unit.parent_id = pk_of.get(plan.parent_code) if plan.parent_code else None
        if plan.before is not None and plan.changed - {"aliases"}:
            for key in plan.changed - {"aliases", "parent_id"}:
                setattr(plan.unit, key, plan.row.values[key])
            plan.unit.updated_at = now
            update_fields |= plan.changed - {"aliases"}
            to_update.append(plan.unit)
    parents_of_new = [p.unit for p in plans if p.before is None and p.unit.parent_id]
    if to_update:
        Unit.objects.bulk_update(to_update, [*sorted(update_fields), "updated_at"])
    if parents_of_new:
        Unit.objects.bulk_update(parents_of_new, ["parent_id"])
    # aliases: drop the ones no longer listed, add the new ones (two queries)
    wanted = {p.unit.pk: set(p.aliases) for p in plans if p.aliases is not None}
    have: dict[int, set[str]] = {}
    drop = []
    for pk, unit_id, name in alias_rows:
        have.setdefault(unit_id, set()).add(name)
        if unit_id in wanted and name not in wanted[unit_id]:
            drop.append(pk)
    if drop:
        UnitAlias.objects.filter(pk__in=drop).delete()
    UnitAlias.objects.bulk_create(
        [
            UnitAlias(county=county, unit_id=pk, name=name)
            for pk, names in wanted.items()
            for name in sorted(names - have.get(pk, set()))
        ]
    )
    entries = [
        AuditEntry(
            action="import",
            object_type="org.unit_import",
            object_repr=filename[:255],
            after={
                "file": filename,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
            county_id=county.pk,
        )
    ]
    for plan in plans:
        if plan.before is not None and not plan.changed:
            continue
        after = {k: getattr(plan.unit, k) for k in UNIT_FIELDS}
        after["aliases"] = sorted(wanted.get(plan.unit.pk, have.get(plan.unit.pk, set())))
        entries.append(
            AuditEntry(
                action="create" if plan.before is None else "update",
                object_type="org.unit",
                object_id=str(plan.unit.pk),
                object_repr=plan.unit.name,
                before=plan.before,
                after=after,
                county_id=county.pk,
            )
        )
    audit_record_many(actor, entries)
