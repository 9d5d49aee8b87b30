"""Lining up a hand-made statistics ledger with the daily ledger. Pure: no Django, no ORM.

A hand-made row matches a daily line by normalised 文号 first (any bracket style or width), else
by normalised title — equal, or rapidfuzz ratio ≥ 90 — within a few days of the row's date. Each
daily line matches one hand-made row at most; the candidates of a row are only the lines with its
文号 or within its date window, never all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

TITLE_THRESHOLD = 90.0
DATE_WINDOW_DAYS = 3

AGREED = "agreed"
MISSED = "missed"
WRONG = "wrong"
NOT_IN_DAILY = "not_in_daily"
DUPLICATE = "duplicate"


@dataclass(frozen=True)
class HandRow:
    sheet: str
    row: int
    kind: str
    date: date
    doc_no: str
    doc_no_norm: str
    title: str
    title_norm: str
    category: str = ""
    # the ledger's own 是否计入 (是/否), when it has such a column: a row marked 否 is listed
    # as not counted, and agrees with a line the criteria do not count either
    counted: bool | None = None


@dataclass(frozen=True)
class DailyLine:
    id: int
    kind: str
    date: date
    doc_no: str
    doc_no_norm: str
    title: str
    title_norm: str
    counted: bool
    rule: str
    reason: str
    category: str = ""


@dataclass(frozen=True)
class Compared:
    outcome: str
    hand: HandRow | None
    line: DailyLine | None
    method: str = ""  # doc_no | title | ""
    score: float | None = None


def _pick(hand: HandRow, candidates: list[DailyLine]) -> tuple[DailyLine, str, float] | None:
    """The best candidate for the row: same 文号, else the closest title (≥ threshold);
    ties go to the same kind, then the nearest date."""
    best: tuple[tuple, DailyLine, str, float] | None = None
    for line in candidates:
        if hand.doc_no_norm and line.doc_no_norm == hand.doc_no_norm:
            method, score = "doc_no", 100.0
        else:
            if abs((line.date - hand.date).days) > DATE_WINDOW_DAYS:
                continue
            if line.title_norm == hand.title_norm:
                score = 100.0
            else:
                score = fuzz.ratio(hand.title_norm, line.title_norm)
                if score < TITLE_THRESHOLD:
                    continue
            method = "title"
        key = (
            method == "doc_no",
            score,
            line.kind == hand.kind,
            -abs((line.date - hand.date).days),
            -line.id,
        )
        if best is None or key > best[0]:
            best = (key, line, method, score)
    return None if best is None else (best[1], best[2], best[3])


def compare_lines(
    hand_rows: list[HandRow], daily: list[DailyLine], date_from: date, date_to: date
) -> list[Compared]:
    """Every hand-made row with its outcome, then every missed counted line (in the period).

    `daily` may reach a few days beyond the period so that rows dated near its edges still find
    their line; only lines inside [date_from, date_to] can be missed.
    """
    by_doc: dict[str, list[DailyLine]] = defaultdict(list)
    by_date: dict[date, list[DailyLine]] = defaultdict(list)
    for line in daily:
        if line.doc_no_norm:
            by_doc[line.doc_no_norm].append(line)
        by_date[line.date].append(line)
    taken: set[int] = set()
    results: list[Compared] = []
    for hand in hand_rows:
        candidates = list(by_doc.get(hand.doc_no_norm, ())) if hand.doc_no_norm else []
        for offset in range(-DATE_WINDOW_DAYS, DATE_WINDOW_DAYS + 1):
            candidates.extend(by_date.get(hand.date + timedelta(days=offset), ()))
        free = [line for line in candidates if line.id not in taken]
        picked = _pick(hand, free)
        if picked is None:
            again = _pick(hand, [line for line in candidates if line.id in taken])
            if again is not None:
                results.append(Compared(DUPLICATE, hand, again[0], again[1], again[2]))
            else:
                results.append(Compared(NOT_IN_DAILY, hand, None))
            continue
        line, method, score = picked
        taken.add(line.id)
        if hand.counted is False:  # listed as not counted: missed if the criteria count it
            outcome = MISSED if line.counted else AGREED
        else:
            outcome = AGREED if line.counted else WRONG
        results.append(Compared(outcome, hand, line, method, score))
    for line in sorted(daily, key=lambda item: (item.date, item.id)):
        if line.counted and line.id not in taken and date_from <= line.date <= date_to:
            results.append(Compared(MISSED, None, line))
    return results


def accuracy_rate(agreed: int, missed: int, wrong: int, not_in_daily: int) -> float | None:
    """agreed / (agreed + missed + wrong + not_in_daily); None when there is nothing to rate."""
    total = agreed + missed + wrong + not_in_daily
    return None if total == 0 else agreed / total
