"""Unit services (writes) and selectors (reads).

Writes are keyword-only, run in one transaction and record the audit trail with before/after
snapshots. `unit_resolve_index` is the name lookup the ledger importer uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.audit import AuditEntry, audit_record_many, model_snapshot
from jianfu.core.text import collapse_spaces, normalize_unit_name, to_halfwidth

from .access import has_perm
from .models import County, Unit, UnitAlias, UnitKind

# The fields a unit's audit snapshot holds (aliases are added as a sorted list).
UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "system",
    "area",
    "is_observation_point",
    "is_pilot",
    "parent_id",
    "is_active",
)

ALIAS_SEPARATORS = re.compile(r"[、;；,，\n\r]+")


def split_aliases(text: str | None) -> list[str]:
    """`县委办、中共青河县委办；县委` → the names, trimmed, duplicates and blanks dropped."""
    seen: list[str] = []
    for part in ALIAS_SEPARATORS.split(text or ""):
        name = collapse_spaces(part.replace("\u3000", " "))
        if name and name not in seen:
            seen.append(name)
    return seen


def clean_code(value: Any) -> str:
    return collapse_spaces(to_halfwidth(str(value or "")))


def clean_name(value: Any) -> str:
    return collapse_spaces(str(value or "").replace("\u3000", " "))


def unit_snapshot(unit: Unit, aliases: Iterable[str] | None = None) -> dict[str, Any]:
    data = model_snapshot(unit, UNIT_FIELDS)
    if aliases is None:
        aliases = unit.aliases.values_list("name", flat=True) if unit.pk else []
    data["aliases"] = sorted(aliases)
    return data


def _check_actor(actor: Actor, county_id: int) -> None:
    """A person acting (web/API) needs `unit.manage` in that county; commands run as operators."""
    user = actor.user
    if user is None:
        return
    if not has_perm(user, "unit.manage") or user.county_id != county_id:
        raise PermissionDenied


def unit_validate(
    *, county: County, unit: Unit | None, values: dict[str, Any], aliases: list[str] | None
) -> None:
    """Field-keyed errors in Chinese for a unit about to be stored (codes, names, aliases)."""
    errors: dict[str, list[str]] = {}
    others = Unit.objects.filter(county=county)
    if unit is not None and unit.pk:
        others = others.exclude(pk=unit.pk)
    code, name = values.get("code", ""), values.get("name", "")
    if not code:
        errors.setdefault("code", []).append(_("请填写单位编码。"))
    elif others.filter(code=code).exists():
        errors.setdefault("code", []).append(_("编码“%(code)s”已被其他单位使用。") % {"code": code})
    if not name:
        errors.setdefault("name", []).append(_("请填写单位名称。"))
    elif others.filter(name=name).exists():
        errors.setdefault("name", []).append(_("已有名为“%(name)s”的单位。") % {"name": name})
    if values.get("kind") not in UnitKind.values:
        errors.setdefault("kind", []).append(_("请选择单位类型。"))
    parent_id = values.get("parent_id")
    if parent_id is not None:
        if unit is not None and unit.pk and parent_id == unit.pk:
            errors.setdefault("parent", []).append(_("上级单位不能是本单位。"))
        elif not Unit.objects.filter(county=county, pk=parent_id).exists():
            errors.setdefault("parent", []).append(_("上级单位不在本县。"))
        elif unit is not None and unit.pk and _is_descendant(county, parent_id, unit.pk):
            errors.setdefault("parent", []).append(_("上级单位不能是本单位的下级单位。"))
    if aliases:
        index = unit_resolve_index(county)
        own = {normalize_unit_name(n, county.name) for n in (name, values.get("short_name"))}
        for alias in aliases:
            key = normalize_unit_name(alias, county.name)
            owner = index.get(key)
            if key and key not in own and owner is not None and (unit is None or owner != unit.pk):
                errors.setdefault("aliases", []).append(
                    _("别名“%(alias)s”已属于其他单位。") % {"alias": alias}
                )
    if errors:
        raise ValidationError(errors)


def _is_descendant(county: County, candidate_id: int, ancestor_id: int) -> bool:
    """Whether `candidate_id` sits below `ancestor_id` (walks up at most 50 levels)."""
    parents = dict(
        Unit.objects.filter(county=county, parent__isnull=False).values_list("pk", "parent_id")
    )
    current, steps = parents.get(candidate_id), 0
    while current is not None and steps < 50:
        if current == ancestor_id:
            return True
        current, steps = parents.get(current), steps + 1
    return False


def _normalise_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "parent" in out:
        parent = out.pop("parent")
        out["parent_id"] = parent.pk if parent is not None else None
    for key in ("code",):
        if key in out:
            out[key] = clean_code(out[key])
    for key in ("name", "short_name", "system", "area"):
        if key in out:
            out[key] = clean_name(out[key])
    unknown = set(out) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    return out


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    county: County,
    code: str,
    name: str,
    kind: str,
    short_name: str = "",
    system: str = "",
    area: str = "",
    is_observation_point: bool = False,
    is_pilot: bool = False,
    is_active: bool = True,
    parent: Unit | None = None,
    aliases: Iterable[str] = (),
) -> Unit:
    _check_actor(actor, county.pk)
    values = _normalise_values(
        {
            "code": code,
            "name": name,
            "kind": kind,
            "short_name": short_name,
            "system": system,
            "area": area,
            "is_observation_point": is_observation_point,
            "is_pilot": is_pilot,
            "is_active": is_active,
            "parent": parent,
        }
    )
    alias_list = [a for a in split_aliases("、".join(aliases)) if a != values["name"]]
    unit_validate(county=county, unit=None, values=values, aliases=alias_list)
    unit = Unit.objects.create(county=county, **values)
    UnitAlias.objects.bulk_create([UnitAlias(county=county, unit=unit, name=a) for a in alias_list])
    audit_record_many(
        actor,
        [
            AuditEntry(
                action="create",
                object_type="org.unit",
                object_id=str(unit.pk),
                object_repr=unit.name,
                after=unit_snapshot(unit, alias_list),
                county_id=county.pk,
            )
        ],
    )
    return unit


@transaction.atomic
def unit_update(
    *, actor: Actor, unit: Unit, aliases: Iterable[str] | None = None, **fields: Any
) -> Unit:
    """Change the given fields (and the aliases when given); no audit row when nothing changed."""
    _check_actor(actor, unit.county_id)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    county = unit.county
    before = unit_snapshot(unit)
    values = _normalise_values(fields)
    merged = {name: getattr(unit, name) for name in UNIT_FIELDS} | values
    alias_list = None
    if aliases is not None:
        alias_list = [a for a in split_aliases("、".join(aliases)) if a != merged["name"]]
    unit_validate(county=county, unit=unit, values=merged, aliases=alias_list)
    changed = [name for name, value in values.items() if getattr(unit, name) != value]
    for name in changed:
        setattr(unit, name, values[name])
    if changed:
        unit.save(update_fields=[*changed, "updated_at"])
    if alias_list is not None:
        _replace_aliases(unit, alias_list)
    after = unit_snapshot(unit)
    if after != before:
        audit_record_many(
            actor,
            [
                AuditEntry(
                    action="update",
                    object_type="org.unit",
                    object_id=str(unit.pk),
                    object_repr=unit.name,
                    before=before,
                    after=after,
                    county_id=unit.county_id,
                )
            ],
        )
    return unit


def _replace_aliases(unit: Unit, names: list[str]) -> None:
    current = set(unit.aliases.values_list("name", flat=True))
    wanted = set(names)
    if current - wanted:
        UnitAlias.objects.filter(unit=unit, name__in=current - wanted).delete()
    UnitAlias.objects.bulk_create(
        [UnitAlias(county_id=unit.county_id, unit=unit, name=n) for n in names if n not in current]
    )


def unit_set_aliases(*, actor: Actor, unit: Unit, aliases: Iterable[str]) -> Unit:
    """Replace the unit's aliases (an alias already used by another unit is refused)."""
    return unit_update(actor=actor, unit=unit, aliases=list(aliases))


# ---- selectors ----


def unit_resolve_index(county: County) -> dict[str, int]:
    """Normalised name → unit id over full names, aliases and short names of the county's units.

    Two queries in all. Full names win over aliases, aliases over short names, and those over
    the same names with or without a leading 县 (`县农业局` = `农业局`); a key that two units share
    within one tier is left out rather than guessed.
    """
    units = list(Unit.objects.filter(county=county).values_list("pk", "name", "short_name"))
    aliases = list(UnitAlias.objects.filter(county=county).values_list("unit_id", "name"))
    names = [(pk, name) for pk, name, _short in units]
    alias_names = [(pk, name) for pk, name in aliases]
    shorts = [(pk, short) for pk, _name, short in units if short]
    tiers = (
        names,
        alias_names,
        shorts,
        [
            (pk, _county_prefix_variant(normalize_unit_name(text, county.name)))
            for pk, text in names + alias_names + shorts
        ],
    )
    index: dict[str, int] = {}
    ambiguous: set[str] = set()
    for tier in tiers:
        found: dict[str, set[int]] = {}
        for pk, text in tier:
            key = normalize_unit_name(text, county.name)
            if key and key not in index and key not in ambiguous:
                found.setdefault(key, set()).add(pk)
        for key, ids in found.items():
            if len(ids) == 1:
                index[key] = next(iter(ids))
            else:
                ambiguous.add(key)
    return index


def _county_prefix_variant(key: str) -> str:
    """`县农业局` ↔ `农业局`: clerks write a county department's name with or without 县."""
    if key.startswith("县") and len(key) > 2:
        return key[1:]
    return "县" + key if key else ""


def unit_resolve(county: County, name: str, index: dict[str, int] | None = None) -> int | None:
    """The id of the unit a typed name means, or None."""
    index = unit_resolve_index(county) if index is None else index
    return index.get(normalize_unit_name(name, county.name))


@transaction.atomic
def county_create(*, actor: Actor, code: str, name: str) -> County:
    """A new county (tenant); only operators on the command line create counties."""
    if actor.user is not None:
        raise PermissionDenied
    code, name = clean_code(code), clean_name(name)
    if not code or not name:
        raise ValidationError(_("县（区）编码和名称都不能为空。"))
    county = County.objects.create(code=code, name=name)
    audit_record_many(
        actor,
        [
            AuditEntry(
                action="create",
                object_type="org.county",
                object_id=str(county.pk),
                object_repr=county.name,
                after=model_snapshot(county, ["code", "name"]),
                county_id=county.pk,
            )
        ],
    )
    return county
