"""学习全覆盖: which units and which leaders studied every core document (必学文件) in a period.

Pure: plain tuples in, plain rows out (the selector feeds it from the ORM). A unit is covered
when, for every core document, at least one of its study records in the period names that
document; a leader is covered when their own records (is_leader) name every core document. Units
and leaders that fall short are listed with what they still lack, for the office's follow-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Record:
    unit_id: int
    person_name: str
    is_leader: bool
    document_id: int | None
    form: str
    hours: Decimal


@dataclass
class UnitCoverage:
    unit_id: int
    unit_name: str
    studied: list[int] = field(default_factory=list)  # core document ids, in core order
    missing: list[int] = field(default_factory=list)
    records: int = 0
    people: int = 0
    hours: Decimal = Decimal(0)
    forms: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return not self.missing


@dataclass
class LeaderCoverage:
    unit_id: int
    unit_name: str
    person_name: str
    studied: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    hours: Decimal = Decimal(0)

    @property
    def covered(self) -> bool:
        return not self.missing


@dataclass
class Coverage:
    core: list[tuple[int, str]]
    units: list[UnitCoverage]
    leaders: list[LeaderCoverage]

    @property
    def units_short(self) -> list[UnitCoverage]:
        return [u for u in self.units if not u.covered]

    @property
    def leaders_short(self) -> list[LeaderCoverage]:
        return [leader for leader in self.leaders if not leader.covered]

    @property
    def unit_rate(self) -> float | None:
        return (len(self.units) - len(self.units_short)) / len(self.units) if self.units else None

    @property
    def leader_rate(self) -> float | None:
        if not self.leaders:
            return None
        return (len(self.leaders) - len(self.leaders_short)) / len(self.leaders)


def coverage_compute(
    core: list[tuple[int, str]],
    units: list[tuple[int, str]],
    leaders: Iterable[tuple[int, str]],
    records: Iterable[Record],
) -> Coverage:
    """`core`: (document id, title) of the core documents; `units`: (id, name) of the units
    expected to study, in display order; `leaders`: (unit id, name) of the known leaders (a
    leader found only in the records is added); `records`: the period's study records."""
    core_ids = [doc_id for doc_id, _title in core]
    names = dict(units)
    by_unit: dict[int, UnitCoverage] = {uid: UnitCoverage(uid, name) for uid, name in units}
    unit_docs: dict[int, set[int]] = {uid: set() for uid, _name in units}
    unit_people: dict[int, set[str]] = {uid: set() for uid, _name in units}
    unit_forms: dict[int, set[str]] = {uid: set() for uid, _name in units}
    roster: dict[tuple[int, str], LeaderCoverage] = {}
    for uid, person in leaders:
        if uid in names and person:
            roster.setdefault((uid, person), LeaderCoverage(uid, names[uid], person))
    leader_docs: dict[tuple[int, str], set[int]] = {}
    for rec in records:
        if rec.unit_id not in by_unit:
            continue
        row = by_unit[rec.unit_id]
        row.records += 1
        row.hours += rec.hours
        unit_people[rec.unit_id].add(rec.person_name)
        unit_forms[rec.unit_id].add(rec.form)
        if rec.document_id is not None:
            unit_docs[rec.unit_id].add(rec.document_id)
        if rec.is_leader and rec.person_name:
            key = (rec.unit_id, rec.person_name)
            leader = roster.setdefault(key, LeaderCoverage(rec.unit_id, names[rec.unit_id], key[1]))
            leader.hours += rec.hours
            if rec.document_id is not None:
                leader_docs.setdefault(key, set()).add(rec.document_id)
    for uid, row in by_unit.items():
        row.studied = [d for d in core_ids if d in unit_docs[uid]]
        row.missing = [d for d in core_ids if d not in unit_docs[uid]]
        row.people = len(unit_people[uid])
        row.forms = sorted(unit_forms[uid])
    order = {uid: i for i, (uid, _name) in enumerate(units)}
    leader_rows = sorted(roster.values(), key=lambda r: (order[r.unit_id], r.person_name))
    for leader in leader_rows:
        docs = leader_docs.get((leader.unit_id, leader.person_name), set())
        leader.studied = [d for d in core_ids if d in docs]
        leader.missing = [d for d in core_ids if d not in docs]
    return Coverage(list(core), list(by_unit.values()), leader_rows)
