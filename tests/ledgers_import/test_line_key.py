"""The line key (jianfu/ledgers/linekey.py): one function for every way a line is stored, the
unique constraint on (unit, date, line_key), and the migration that filled it for old lines."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from jianfu.core.actor import Actor
from jianfu.ledgers.classify import LineClassifier, LineInput
from jianfu.ledgers.linekey import line_key, unit_line_key
from jianfu.ledgers.models import LedgerEntry, Source
from jianfu.ledgers.services.entries import entry_fields, ledger_entry_create
from jianfu.ledgers.services.imports import ledger_import

from .helpers import hekou_workbook

D = dt.date(2025, 8, 7)


def test_key_is_short_stable_and_depends_on_each_fact():
    key = line_key(7, "收文", D, "县委办发[2025]12号", "关于做好防汛工作的通知")
    assert len(key) == 32 and int(key, 16) >= 0
    assert key == line_key(7, "收文", D, "县委办发[2025]12号", "关于做好防汛工作的通知")
    others = {
        line_key(8, "收文", D, "县委办发[2025]12号", "关于做好防汛工作的通知"),
        line_key(7, "发文", D, "县委办发[2025]12号", "关于做好防汛工作的通知"),
        line_key(7, "收文", D.replace(day=8), "县委办发[2025]12号", "关于做好防汛工作的通知"),
        line_key(7, "收文", D, "县委办发[2025]13号", "关于做好防汛工作的通知"),
        line_key(7, "收文", D, "县委办发[2025]12号", "关于做好防汛工作的通报"),
        # a field boundary moved is another line, not the same text
        line_key(7, "收文", D, "县委办发[2025]12号关于", "做好防汛工作的通知"),
    }
    assert key not in others and len(others) == 6


def test_key_uses_the_values_as_stored():
    long_title = "关于" + "防汛" * 400
    assert line_key(1, "收文", D, "", long_title) == line_key(1, "收文", D, "", long_title[:500])
    assert line_key(1, "收文", D, "x" * 200, "t") == line_key(1, "收文", D, "x" * 128, "t")
    # PostgreSQL cannot store NUL: it is kept as U+FFFD, and so is the key
    assert line_key(1, "收文", D, "", "a\x00b") == line_key(1, "收文", D, "", "a\ufffdb")
    # no encoding holds a lone surrogate (JSON may carry "\ud800"): U+FFFD as well
    assert line_key(1, "收文", D, "", "a\ud800b") == line_key(1, "收文", D, "", "a\ufffdb")
    # a date given as text or a datetime is the same day
    assert line_key(1, "收文", "2025-08-07", "", "t") == line_key(1, "收文", D, "", "t")
    moment = dt.datetime(2025, 8, 7, 15, 30)
    assert line_key(1, "收文", moment, "", "t") == line_key(1, "收文", D, "", "t")
    assert unit_line_key(1)("收文", D, "", "t") == line_key(1, "收文", D, "", "t")
    with pytest.raises(ValueError):
        line_key(None, "收文", D, "", "t")


def _stored_key(entry: LedgerEntry) -> str:
    return line_key(entry.unit_id, entry.kind, entry.date, entry.doc_no_norm, entry.title_norm)


@pytest.mark.django_db
def test_every_way_in_stores_the_same_key(units):
    hk = units["hk"]
    # the workbook import (bulk INSERT, key computed by the writer)
    result = ledger_import(
        actor=Actor.command(), unit=hk, data=hekou_workbook(), filename="收文.xlsx"
    )
    assert result.imported == 6
    # the web form (entry_fields), a line of its own
    line = LineInput(kind="收文", date=dt.date(2025, 9, 1), title="关于秋季开学的通知")
    ledger_entry_create(actor=Actor.command(), unit=hk, line=line)
    # bulk_create and save() without a key (the API push, tests, the admin): the field computes it
    classifier = LineClassifier(hk.county)
    line2 = LineInput(kind="发文", date=dt.date(2025, 9, 2), title="河口乡关于秋收的报告")
    fields = entry_fields(hk, line2, classifier.classify(hk, line2))
    fields.pop("line_key")
    LedgerEntry.objects.bulk_create([LedgerEntry(**fields, source=Source.API)])
    LedgerEntry.objects.create(
        county=hk.county,
        unit=hk,
        kind="参会",
        date=dt.date(2025, 9, 3),
        title="会",
        title_norm="会",
    )
    entries = list(LedgerEntry.objects.filter(unit=hk))
    assert len(entries) == 9
    assert all(entry.line_key == _stored_key(entry) for entry in entries)


@pytest.mark.django_db
def test_form_entry_of_an_imported_line_is_a_duplicate(units):
    hk = units["hk"]
    ledger_import(actor=Actor.command(), unit=hk, data=hekou_workbook(), filename="收文.xlsx")
    # the first workbook row, typed again with other brackets and spaces
    line = LineInput(
        kind="收文",
        date=dt.date(2025, 8, 7),
        title="关于做好 防汛工作 的通知",
        doc_no="县委办发[2025]12号",
        counterpart="县委办",
    )
    with pytest.raises(Exception, match="不再重复登记"):
        ledger_entry_create(actor=Actor.command(), unit=hk, line=line)


@pytest.mark.django_db
def test_the_constraint_refuses_a_second_line_with_the_same_key(units):
    hk = units["hk"]
    make = {
        "county": hk.county,
        "unit": hk,
        "kind": "收文",
        "date": D,
        "title": "t",
        "title_norm": "t",
    }
    LedgerEntry.objects.create(**make)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(**{**make, "title": "T（原样不同）"})
    LedgerEntry.objects.create(**{**make, "unit": units["cg"]})  # another unit's ledger
    assert LedgerEntry.objects.count() == 2


@pytest.mark.django_db
def test_migration_fills_the_key_of_existing_lines(units):
    hk = units["hk"]
    ledger_import(actor=Actor.command(), unit=hk, data=hekou_workbook(), filename="收文.xlsx")
    expected = dict(LedgerEntry.objects.values_list("id", "line_key"))
    LedgerEntry.objects.update(line_key="")  # as the lines were before migration 0005
    migration = importlib.import_module("jianfu.ledgers.migrations.0005_fill_line_keys")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert dict(LedgerEntry.objects.values_list("id", "line_key")) == expected
    assert all(len(key) == 32 for key in expected.values())


def test_a_lone_surrogate_from_an_api_client_is_stored_visibly(units):
    """JSON can carry "\\ud800", which no encoding holds: the line is stored with U+FFFD in its
    place (never an error page, never silently dropped), and its key is the stored text's."""
    line = LineInput(kind="收文", date=D, title="关于\ud800工作的通知", counterpart="县委办公室")
    entry = ledger_entry_create(actor=Actor.command(), unit=units["hk"], line=line)
    entry.refresh_from_db()
    assert entry.title == "关于\ufffd工作的通知"
    assert entry.line_key == _stored_key(entry)
