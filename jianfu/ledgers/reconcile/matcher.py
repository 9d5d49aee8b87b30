"""The pure reconciliation matcher (DESIGN.md 5.5): what senders produced against what
observation points received. No Django here: records in, matches out, so that it is tested as
tables and benchmarked on its own.

Kind pairs: 发文↔收文, 办会↔参会, 督查↔受检. A received line is matched to a sent line by

1. the normalised 文号: equal and non-empty, and the sender compatible (the received line's
   counterpart resolved to the sender's unit, or not resolved at all) → method "doc_no", score 1.0.
   No date window: a 文号 carries its year, and townships register late;
2. otherwise the title (unless both lines carry a 文号, which then differ): rapidfuzz similarity
   (fuzz.ratio) of the normalised titles ≥ the threshold (85), with the received date within the
   window after the sent date (documents −3..+30 days, meetings and inspections −7..+7) and the
   same sender when the received line names one → method "title", score = similarity / 100.

Never all pairs. Candidates come from blocks: sent lines are indexed by (kind pair, 文号) and by
(kind pair, sender unit) sorted by date, so a received line with a known sender is compared only
with that sender's lines inside its date window (bisect). A received line whose sender is not
resolved goes through an inverted index of title bigrams per kind pair (prefix filtering: every
sent title is indexed under its 6 rarest bigrams, the received title probes its 3 rarest, cut to
the date window, and the 300 candidates sharing most probes are scored) — a shortlist that may
miss a heavily rewritten title from an unknown sender, never a 文号 match.

Assignment: every received line matches at most one sent line; one sent line matches at most one
received line per observation point (a township that registered the same document twice gets the
first as a match and the second as `repeated`, neither unfiled nor matched twice). Pairs are taken
greedily, best score first, then the closest dates, then the lowest ids.

- `unfiled`: a received line from a county unit (its counterpart resolved to a county-leadership or
  department unit: level "county" or "department") with no sent line matching it at all. Lines
  from higher-level bodies (上级), from townships, or from a counterpart nobody could resolve are
  never unfiled: the first two are not county units, and an unresolved name cannot be charged to
  a unit.
- `unreceived`: a (sent line, observation point) pair where the sent line was addressed to that
  point (see `recipients.py`) and the point recorded no matching received line.

Senders carry a `source`: "ledger", or "filing" for approved filings that other apps register
in `sources.py` (with their own ids). Step 0, before the 文号: a received line carrying a
code (一事一码: the verification code or registration number copied into its remarks) matches
the sent line with that code → method "code", score 1.0. A filing and its unit's own ledger
line for the same item (same kind pair and unit, same 文号 or title, dates within the window)
are twins: a point that received either has received both, so neither is reported unreceived
there. Filings carry no points of their own (the unit's ledger line says whom an item was
addressed to).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

DOC, MEETING, INSPECTION = "doc", "meeting", "inspection"
SENT_PAIR = {"发文": DOC, "办会": MEETING, "督查": INSPECTION}
RECEIVED_PAIR = {"收文": DOC, "参会": MEETING, "受检": INSPECTION}
# Sender levels that make an unmatched received line "unfiled" (not recognised, 不予认可).
COUNTY_LEVELS = frozenset({"county", "department"})


@dataclass(frozen=True, slots=True)
class SentLine:
    """A line a county unit produced (发文 / 办会 / 督查), or later an approved filing."""

    id: int
    unit_id: int
    kind: str
    date: date
    doc_no_norm: str
    title_norm: str
    title: str = ""
    points: frozenset[int] = frozenset()  # observation points it was addressed to
    source: str = "ledger"
    codes: frozenset[str] = frozenset()  # 一事一码 of an approved filing


@dataclass(frozen=True, slots=True)
class ReceivedLine:
    """A line an observation point recorded (收文 / 参会 / 受检)."""

    id: int
    unit_id: int  # the observation point
    kind: str
    date: date
    doc_no_norm: str
    title_norm: str
    counterpart_unit_id: int | None = None  # the sender, when resolved
    counterpart_level: str = "unknown"  # county / department / township / higher / unknown
    counterpart: str = ""
    title: str = ""
    codes: frozenset[str] = frozenset()  # codes written in the line's remarks or 文号


@dataclass(frozen=True)
class MatchConfig:
    title_threshold: float = 85.0
    doc_window: tuple[int, int] = (-3, 30)  # received date − sent date, in days
    event_window: tuple[int, int] = (-7, 7)
    shortlist_bigrams: int = 6  # rarest bigrams of each sent title indexed (unknown sender)
    shortlist_probe: int = 3  # rarest bigrams of a received title probed (unknown sender)
    shortlist_size: int = 300  # most-overlapping candidates kept for an unknown sender
    alternatives: int = 3  # title candidates kept per received line for the assignment
    scorer: Callable = fuzz.ratio

    def window(self, pair: str) -> tuple[int, int]:
        return self.doc_window if pair == DOC else self.event_window


DEFAULT_CONFIG = MatchConfig()


@dataclass(frozen=True, slots=True)
class Match:
    sent: SentLine
    received: ReceivedLine
    method: str  # "code", "doc_no" or "title"
    score: float


@dataclass
class MatchResult:
    matches: list[Match] = field(default_factory=list)
    unfiled: list[ReceivedLine] = field(default_factory=list)
    unreceived: list[tuple[SentLine, int]] = field(default_factory=list)  # (sent line, point)
    repeated: list[ReceivedLine] = field(default_factory=list)


def bigrams(text: str) -> list[str]:
    if len(text) < 2:
        return [text] if text else []
    return [text[k : k + 2] for k in range(len(text) - 1)]


class _Block:
    """Sent lines sorted by date: their indices, date ordinals and titles, cut by a window."""

    __slots__ = ("ids", "ords", "titles")

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.ords: list[int] = []
        self.titles: list[str] = []

    def add(self, i: int, ordinal: int, title: str) -> None:
        self.ids.append(i)
        self.ords.append(ordinal)
        self.titles.append(title)

    def window(self, lo: int, hi: int) -> tuple[list[int], list[str]]:
        start, end = bisect_left(self.ords, lo), bisect_right(self.ords, hi)
        return self.ids[start:end], self.titles[start:end]


class _SentIndex:
    def __init__(self, sent: list[SentLine], keep: int):
        self.sent = sent
        self.keep = keep
        self.df: Counter = Counter()
        self.ords = [s.date.toordinal() for s in sent]
        self.order = sorted(range(len(sent)), key=self.ords.__getitem__)
        self.by_doc: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_sender: dict[tuple[str, int], _Block] = defaultdict(_Block)
        self.by_code: dict[str, int] = {}
        self._by_bigram: dict[str, dict[str, list[int]]] | None = None
        for i in self.order:
            line = sent[i]
            pair = SENT_PAIR.get(line.kind)
            if pair is None:
                continue
            for code in line.codes:
                self.by_code[code] = i
            if line.doc_no_norm:
                self.by_doc[(pair, line.doc_no_norm)].append(i)
            self.by_sender[(pair, line.unit_id)].add(i, self.ords[i], line.title_norm)

    def by_bigram(self) -> dict[str, dict[str, list[int]]]:
        """pair → bigram → sent lines in date order, for received lines whose sender is not
        resolved. Prefix filtering: each title is indexed under its `keep` rarest bigrams only
        (rarity = how many sent titles hold the bigram), and a query probes its own rarest few;
        near-duplicate titles share most bigrams, so their rarest ones meet. Built on first use.
        """
        if self._by_bigram is None:
            sent = self.sent
            grams = [set(bigrams(line.title_norm)) for line in sent]
            df = self.df
            for line_grams in grams:
                df.update(line_grams)
            rank = df.__getitem__
            keep = self.keep
            index: dict[str, dict[str, list[int]]] = {DOC: {}, MEETING: {}, INSPECTION: {}}
            for i in self.order:
                pair = SENT_PAIR.get(sent[i].kind)
                if pair is None:
                    continue
                table = index[pair]
                for gram in sorted(grams[i], key=rank)[:keep]:
                    postings = table.get(gram)
                    if postings is None:
                        table[gram] = [i]
                    else:
                        postings.append(i)
            self._by_bigram = index
        return self._by_bigram


def _title_candidates(
    index: _SentIndex, line: ReceivedLine, pair: str, config: MatchConfig
) -> tuple[list[int], list[str]]:
    before, after = config.window(pair)
    received_on = line.date.toordinal()
    lo, hi = received_on - after, received_on - before  # the sent dates that fit the window
    if line.counterpart_unit_id is not None:
        block = index.by_sender.get((pair, line.counterpart_unit_id))
        return block.window(lo, hi) if block is not None else ([], [])
    table = index.by_bigram()[pair]
    hits: Counter = Counter()
    probe = sorted(set(bigrams(line.title_norm)), key=index.df.__getitem__)
    key = index.ords.__getitem__
    for gram in probe[: config.shortlist_probe]:
        postings = table.get(gram)
        if postings is not None:
            hits.update(
                postings[bisect_left(postings, lo, key=key) : bisect_right(postings, hi, key=key)]
            )
    ids = sorted(i for i, _n in hits.most_common(config.shortlist_size))
    return ids, [index.sent[i].title_norm for i in ids]


def match_lines(
    sent: Iterable[SentLine],
    received: Iterable[ReceivedLine],
    config: MatchConfig = DEFAULT_CONFIG,
) -> MatchResult:
    """Match received lines to sent lines; list the unfiled and the unreceived (module doc)."""
    sent = list(sent)
    received = list(received)
    index = _SentIndex(sent, config.shortlist_bigrams)
    threshold = config.title_threshold
    # per received line: [(score, -date distance, -sent id, sent index, method)]
    options: list[tuple[int, list[tuple[float, int, int, int, str]]]] = []
    unfiled: list[ReceivedLine] = []
    for r_index, line in enumerate(received):
        pair = RECEIVED_PAIR.get(line.kind)
        if pair is None:
            continue
        received_on = line.date.toordinal()
        found: list[tuple[float, int, int, int, str]] = []
        for code in line.codes:
            i = index.by_code.get(code)
            if i is not None and SENT_PAIR.get(sent[i].kind) == pair:
                found.append((2.0, 0, -sent[i].id, i, "code"))  # a code outranks everything
        if not found and line.doc_no_norm:
            sender = line.counterpart_unit_id
            for i in index.by_doc.get((pair, line.doc_no_norm), ()):
                if sender is None or sent[i].unit_id == sender:
                    distance = abs(received_on - index.ords[i])
                    found.append((1.0, -distance, -sent[i].id, i, "doc_no"))
        if not found and line.title_norm:
            ids, titles = _title_candidates(index, line, pair, config)
            if ids:
                hits = process.extract(
                    line.title_norm,
                    titles,
                    scorer=config.scorer,
                    score_cutoff=threshold,
                    limit=config.alternatives,
                )
                for _choice, score, position in hits:
                    i = ids[position]
                    if line.doc_no_norm and sent[i].doc_no_norm:
                        continue  # two different 文号 are two documents, however alike the titles
                    distance = abs(received_on - index.ords[i])
                    found.append((score / 100.0, -distance, -sent[i].id, i, "title"))
        if found:
            found.sort(reverse=True)
            options.append((r_index, found))
        elif line.counterpart_level in COUNTY_LEVELS:
            unfiled.append(line)

    result = MatchResult(unfiled=unfiled)
    options.sort(key=lambda item: (item[1][0][:3], -received[item[0]].id), reverse=True)
    taken: set[tuple[int, int]] = set()
    for r_index, found in options:
        line = received[r_index]
        for score, _distance, _sid, i, method in found:
            key = (i, line.unit_id)
            if key not in taken:
                taken.add(key)
                result.matches.append(Match(sent[i], line, method, round(min(score, 1.0), 4)))
                break
        else:
            result.repeated.append(line)
    twins = _twins(sent, index, config)
    if twins:
        received_at: dict[int, set[int]] = defaultdict(set)
        for k, point in taken:
            received_at[k].add(point)
        for i, j in twins:  # a point that received the filing received its ledger twin too
            taken |= {(i, point) for point in received_at.get(j, ())}
    for i, line in enumerate(sent):
        for point in sorted(line.points):
            if (i, point) not in taken:
                result.unreceived.append((line, point))
    result.matches.sort(key=lambda m: (m.sent.id, m.received.id))
    result.unfiled.sort(key=lambda r: (r.unit_id, r.date, r.id))
    result.repeated.sort(key=lambda r: r.id)
    result.unreceived.sort(key=lambda item: (item[0].id, item[1]))
    return result


def _twins(sent: list[SentLine], index: _SentIndex, config: MatchConfig) -> list[tuple[int, int]]:
    """(ledger line, filing) pairs that are one item: same unit and kind pair, same 文号 (or, both
    without one, same normalised title), dates within the kind's window."""
    pairs: list[tuple[int, int]] = []
    for j, line in enumerate(sent):
        pair = SENT_PAIR.get(line.kind)
        if line.source == "ledger" or pair is None:
            continue
        before, after = config.window(pair)
        block = index.by_sender.get((pair, line.unit_id))
        if block is None:
            continue
        ids, titles = block.window(index.ords[j] + before, index.ords[j] + after)
        for i, title in zip(ids, titles, strict=True):
            other = sent[i]
            if other.source != "ledger":
                continue
            same_no = line.doc_no_norm and other.doc_no_norm == line.doc_no_norm
            both_numbered = line.doc_no_norm and other.doc_no_norm
            if same_no or (not both_numbered and title == line.title_norm):
                pairs.append((i, j))
                break
    return pairs
