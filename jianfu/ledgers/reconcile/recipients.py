"""Which observation points a sent line was addressed to, from its recipients text (pure).

The recipients are the sent line's counterpart column (主送单位, 发送范围, 参会单位, 检查对象):

- a collective name — "各乡镇（街道）", "各乡镇", "各镇（街道）", "各街道", "全县各乡镇",
  "乡镇（街道）", "所有乡镇" … — means every observation point;
- otherwise every observation point whose full name, short name or alias appears in the text
  ("城关镇、河口乡", "城关镇人民政府", "河口乡党委") is addressed;
- the line's resolved counterpart unit counts too when it is an observation point;
- empty recipients, or recipients naming no observation point (departments, "县直各单位"), address
  no observation point: such a line is never "unreceived". Counting every empty line as sent to
  every township would flood the list with lines that were meant for departments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jianfu.core.text import to_halfwidth

COLLECTIVE = re.compile(
    r"各乡镇|各镇|各乡|各街道|乡镇[\[(（]?街道|所有乡镇|全县乡镇|全体乡镇|各观测点"
)
_SPACES = re.compile(r"\s+")
_SUFFIXES = ("人民政府", "党委", "政府", "办事处")


def _clean(text: str) -> str:
    return _SPACES.sub("", to_halfwidth(text or ""))


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class PointDirectory:
    """The county's observation points by name; `points_for` answers with a frozenset of ids."""

    def __init__(self, points: Iterable[tuple[int, Iterable[str]]]):
        names: dict[str, int] = {}
        ids: set[int] = set()
        for point_id, point_names in points:
            ids.add(point_id)
            for name in point_names:
                key = _stem(_clean(name))
                if len(key) >= 2:
                    names.setdefault(key, point_id)
        self.all = frozenset(ids)
        # longest names first, so that "城关镇" is tried before a two-character short name
        self._names = sorted(names.items(), key=lambda item: -len(item[0]))
        self._cache: dict[str, frozenset[int]] = {}

    def parse(self, text: str) -> frozenset[int]:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        value = _clean(text)
        if not value:
            found: frozenset[int] = frozenset()
        elif COLLECTIVE.search(value):
            found = self.all
        else:
            found = frozenset(pid for name, pid in self._names if name in value)
        self._cache[text] = found
        return found

    def points_for(self, text: str, counterpart_unit_id: int | None = None) -> frozenset[int]:
        found = self.parse(text)
        if counterpart_unit_id is not None and counterpart_unit_id in self.all:
            found = found | {counterpart_unit_id}
        return found
