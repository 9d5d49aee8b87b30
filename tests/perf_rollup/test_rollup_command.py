"""`jianfu rollup_rebuild` and the one onsite definition the rollup shares with the burden model."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from jianfu.core.actor import Actor
from jianfu.core.models import AuditEvent
from jianfu.ledgers.classify import LineInput
from jianfu.ledgers.models import LedgerRollup
from jianfu.ledgers.services.entries import ledger_entry_create
from jianfu.ledgers.services.rollup import ONSITE_FORMS
from jianfu.monitoring import burden

pytestmark = pytest.mark.django_db


def test_onsite_forms_are_the_burden_models():
    assert ONSITE_FORMS == burden.ONSITE_FORMS


def test_rollup_rebuild_command(county, units):
    line = LineInput(kind="办会", date=dt.date(2025, 4, 2), title="春耕会", duration_minutes=90)
    ledger_entry_create(actor=Actor.command(), unit=units["ny"], line=line)
    LedgerRollup.objects.all().delete()
    out = StringIO()
    call_command("rollup_rebuild", "--county", county.code, "--json", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue()) == {"counties": [{"county": county.code, "rows": 1}]}
    row = LedgerRollup.objects.get()
    assert (row.unit_id, row.year, row.month, row.n, row.minutes_sum) == (
        units["ny"].pk, 2025, 4, 1, 90,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="generate", object_type="ledgers.rollup").count() == 1


def test_rollup_rebuild_unknown_county_is_usage_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as caught:
        call_command("rollup_rebuild", "--county", "NOPE", stdout=StringIO(), stderr=StringIO())
    assert caught.value.returncode == 2
