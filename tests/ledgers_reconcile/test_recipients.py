"""Which observation points a sent line was addressed to."""

from __future__ import annotations

import pytest

from jianfu.ledgers.reconcile.recipients import PointDirectory

HK, CG, QS = 101, 102, 103
POINTS = PointDirectory([(HK, ["河口乡"]), (CG, ["城关镇", "城关"]), (QS, ["青山镇", "青山"])])
ALL = {HK, CG, QS}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("各乡镇（街道）", ALL),
        ("各乡镇(街道)", ALL),
        ("各乡镇", ALL),
        ("各镇（街道）", ALL),
        ("各乡镇党委、政府", ALL),
        ("全县各乡镇，县直各单位", ALL),
        ("城关镇、河口乡", {CG, HK}),
        ("城关镇，青山镇", {CG, QS}),
        ("城关镇人民政府", {CG}),
        ("河口乡党委；青山", {HK, QS}),
        ("县直各单位", set()),
        ("县农业农村局", set()),
        ("", set()),
    ],
)
def test_recipients_text(text, expected):
    assert POINTS.parse(text) == expected


def test_resolved_counterpart_counts_when_it_is_a_point():
    assert POINTS.points_for("", HK) == {HK}
    assert POINTS.points_for("县教育局", 7) == set()
    assert POINTS.points_for("城关镇", HK) == {CG, HK}
