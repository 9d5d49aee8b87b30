"""From a ledger line to its statistics decision: resolve the counterpart, pick the rule set in
force on the line's date, and ask the pure engine.

`LineClassifier` is built once per county and batch (two queries for the unit names, one for the
rule sets), so that imports, the web form, the API and re-derivation decide lines the same way
without per-line queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from jianfu.core.text import normalize_unit_name
from jianfu.org.models import County, Unit, UnitKind
from jianfu.org.units import unit_resolve_index
from jianfu.rules.data import RuleSetData, default_ruleset_data
from jianfu.rules.engine import Decision, criteria_decide
from jianfu.rules.selectors import ruleset_data, ruleset_list

from .models import PRODUCED_KINDS, Level

# A unit's kind is the originator level it stands for.
LEVEL_OF_KIND = {
    UnitKind.COUNTY: Level.COUNTY,
    UnitKind.DEPARTMENT: Level.DEPARTMENT,
    UnitKind.TOWNSHIP: Level.TOWNSHIP,
    UnitKind.HIGHER: Level.HIGHER,
}


@dataclass(frozen=True)
class LineInput:
    """What a ledger line says, whatever way it came in (form, workbook row, API)."""

    kind: str
    date: date
    title: str
    counterpart: str = ""
    doc_no: str = ""
    genre: str = ""
    meeting_form: str = ""
    duration_minutes: int | None = None
    inspection_type: str = ""
    materials_requested: bool | None = None
    remarks: str = ""


class LineLike(Protocol):
    """What `LineClassifier.classify` reads of a line: a `LineInput`, or a workbook's
    `LedgerRow` as it was read (the bulk import decides rows without copying them)."""

    @property
    def kind(self) -> str: ...
    @property
    def date(self) -> date: ...
    @property
    def title(self) -> str: ...
    @property
    def counterpart(self) -> str: ...
    @property
    def doc_no(self) -> str: ...
    @property
    def genre(self) -> str: ...
    @property
    def meeting_form(self) -> str: ...
    @property
    def duration_minutes(self) -> int | None: ...
    @property
    def inspection_type(self) -> str: ...
    @property
    def materials_requested(self) -> bool | None: ...
    @property
    def remarks(self) -> str: ...


@dataclass(frozen=True)
class Classified:
    counterpart_unit_id: int | None
    originator_level: str
    decision: Decision


class LineClassifier:
    """Decides lines for one county; reuse one instance for a whole batch."""

    def __init__(self, county: County):
        self.county = county
        self._index = unit_resolve_index(county)
        self._unit_kind = dict(Unit.objects.filter(county=county).values_list("pk", "kind"))
        self._unit_name = dict(Unit.objects.filter(county=county).values_list("pk", "name"))
        self._rulesets = [
            (rs.effective_from, rs.effective_to, rs) for rs in ruleset_list(county)
        ]  # highest version first
        self._default: RuleSetData | None = None

    def resolve(self, name: str) -> int | None:
        """The unit a counterpart name means (full, short or alias name), or None."""
        if not name:
            return None
        key = normalize_unit_name(name, self.county.name)
        found = self._index.get(key)
        if found is None and key.startswith("县") and len(key) > 2:
            found = self._index.get(key[1:])
        return found

    def ruleset_for(self, day: date) -> RuleSetData:
        for start, end, ruleset in self._rulesets:
            if start <= day and (end is None or end >= day):
                return ruleset_data(ruleset)
        if self._default is None:
            self._default = default_ruleset_data()
        return self._default

    def level_of(self, unit_id: int | None) -> str:
        if unit_id is None:
            return Level.UNKNOWN
        return LEVEL_OF_KIND.get(self._unit_kind.get(unit_id), Level.UNKNOWN)

    def originator(self, unit: Unit, kind: str, counterpart: str) -> tuple[int | None, str]:
        """The unit the counterpart names (or None), and the originator level the rules see:
        the counterpart's for received kinds, the ledger-keeping unit's for produced ones."""
        counterpart_id = self.resolve(counterpart)
        if kind in PRODUCED_KINDS:
            level = LEVEL_OF_KIND.get(unit.kind, Level.UNKNOWN)
        else:
            level = self.level_of(counterpart_id)
        return counterpart_id, str(level)

    def classify(self, unit: Unit, line: LineLike) -> Classified:
        counterpart_id, level_text = self.originator(unit, line.kind, line.counterpart)
        decision = criteria_decide(
            self.ruleset_for(line.date),
            line.kind,
            title=line.title,
            genre=line.genre,
            doc_no=line.doc_no,
            remarks=line.remarks,
            originator_level=level_text,
            counterpart=line.counterpart,
            unit_name=unit.name,
            meeting_form=line.meeting_form,
            inspection_type=line.inspection_type,
            materials_requested=line.materials_requested,
        )
        return Classified(counterpart_id, level_text, decision)
