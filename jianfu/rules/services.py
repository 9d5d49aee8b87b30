"""Writes for rule sets: import a YAML version, load the default for a new county.

Every write validates the whole document first and stores nothing when it is refused
(`RuleSetInvalid` lists every problem with its key path), then records the change in the audit
trail on purpose.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.org.models import County

from .data import default_rules_text, ruleset_data_from_dict, ruleset_parse_yaml
from .models import RuleSet
from .schema import RuleSetInvalid, SchemaError

# Keys of the YAML document that are the version's metadata, kept in columns, not in `data`.
META_KEYS = ("name", "version", "effective_from", "effective_to")
DEFAULT_NOTE = "默认规则集"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def ruleset_document(ruleset: RuleSet) -> dict:
    """The full rule set document of a stored version: its metadata and its data."""
    return {
        "name": ruleset.name,
        "version": ruleset.version,
        "effective_from": ruleset.effective_from.isoformat(),
        **ruleset.data,
    }


def _parse_date(value: Any, path: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleSetInvalid([SchemaError(path, "应为日期，格式 YYYY-MM-DD")]) from None


@transaction.atomic
def ruleset_import(
    *,
    actor: Actor,
    county: County,
    yaml_text: str,
    effective_from: date | None = None,
    note: str = "",
) -> RuleSet:
    """Store the YAML as the county's next rule-set version, effective from the given date
    (else the document's `effective_from`). Raises `RuleSetInvalid`; nothing is stored then.

    The previous version that is open on that date gets `effective_to` = the day before. A
    version may not start before the current latest version does.
    """
    raw = ruleset_parse_yaml(yaml_text)
    ruleset_data_from_dict(raw)  # validates and compiles every condition and pattern
    start = _parse_date(effective_from or raw["effective_from"], "effective_from")
    # Lock the county row so that two imports cannot take the same version number.
    County.objects.select_for_update().filter(pk=county.pk).first()
    versions = RuleSet.objects.filter(county=county)
    latest = versions.order_by("-version").first()
    if latest is not None and start < latest.effective_from:
        raise RuleSetInvalid(
            [
                SchemaError(
                    "effective_from",
                    f"生效日期 {start.isoformat()} 早于现行第{latest.version}版的生效日期 "
                    f"{latest.effective_from.isoformat()}，请使用不早于该日期的生效日期",
                )
            ]
        )
    version = (versions.aggregate(m=Max("version"))["m"] or 0) + 1
    data = _jsonable({k: v for k, v in raw.items() if k not in META_KEYS})
    ruleset = RuleSet.objects.create(
        county=county,
        version=version,
        name=str(raw["name"])[:128],
        effective_from=start,
        data=data,
        source=yaml_text,
        created_by=actor.username[:150],
        note=note[:255],
    )
    superseded = (
        versions.exclude(pk=ruleset.pk)
        .filter(effective_from__lte=start)
        .exclude(effective_to__lt=start)
    )
    superseded.update(effective_to=start - timedelta(days=1))
    audit_record(
        actor,
        "config",
        ruleset,
        after={
            "version": version,
            "name": ruleset.name,
            "effective_from": start,
            "rules": len(raw["rules"]),
            "note": note,
            "sha256": hashlib.sha256(yaml_text.encode("utf-8")).hexdigest(),
        },
    )
    return ruleset


def ruleset_ensure_default(county: County, *, actor: Actor | None = None) -> RuleSet:
    """Give a county the default rule set (默认规则集) unless it has a rule set already.

    Call it when a county is created (the demo and the test fixtures do); it is idempotent and
    returns the county's latest version.
    """
    with transaction.atomic():
        County.objects.select_for_update().filter(pk=county.pk).first()
        existing = RuleSet.objects.filter(county=county).order_by("-version").first()
        if existing is not None:
            return existing
        return ruleset_import(
            actor=actor or Actor.system("rules.default"),
            county=county,
            yaml_text=default_rules_text(),
            note=DEFAULT_NOTE,
        )
