"""Ledger lines for the monitoring tests, classified by the real rule set (as an import would)."""

from __future__ import annotations

from datetime import date

from jianfu.ledgers.classify import LineClassifier, LineInput
from jianfu.ledgers.models import LedgerEntry, Source
from jianfu.ledgers.services.entries import entry_fields
from jianfu.ledgers.services.rollup import rollup_refresh_lines

D = date


def add(unit, *specs: tuple) -> list[LedgerEntry]:
    """specs: (kind, date, title, counterpart[, extra LineInput fields as a dict])."""
    classifier = LineClassifier(unit.county)
    rows = []
    for spec in specs:
        kind, day, title, counterpart, *rest = spec
        extra = rest[0] if rest else {}
        line = LineInput(kind=kind, date=day, title=title, counterpart=counterpart, **extra)
        rows.append(
            LedgerEntry(
                **entry_fields(unit, line, classifier.classify(unit, line)),
                source=Source.IMPORT,
                created_by="test",
            )
        )
    created = LedgerEntry.objects.bulk_create(rows)
    rollup_refresh_lines((e.county_id, e.unit_id, e.date) for e in created)  # as services do
    return created


def scene(units) -> None:
    """Autumn 2025 in 青河县: what the departments and 县委办 produced, what townships received."""
    ny, jy, xwb, hk, cg = (units[k] for k in ("ny", "jy", "xwb", "hk", "cg"))
    add(
        ny,
        ("发文", D(2025, 9, 1), "关于做好2025年秋粮收购工作的通知", "各乡镇（街道）"),
        ("发文", D(2025, 9, 8), "关于开展农村人居环境整治的通知", "各乡镇（街道）"),
        ("发文", D(2025, 9, 9), "农业农村工作简报第12期", "各乡镇（街道）"),
        ("发文", D(2025, 9, 10), "关于防汛紧急转移群众的明电", "各乡镇（街道）"),
        ("发文", D(2025, 9, 11), "关于表彰2024年度先进个人的决定", "各乡镇（街道）"),
        ("办会", D(2025, 9, 15), "全县秋粮收购工作视频会议", "各乡镇（街道）"),
        ("督查", D(2025, 9, 20), "秋粮收购工作督查", "各乡镇（街道）"),
        ("发文", D(2025, 3, 2), "关于春耕备耕的通知", "各乡镇（街道）"),  # before the period
    )
    add(
        jy,
        ("发文", D(2025, 9, 5), "关于做好秋季开学工作的通知", "各乡镇（街道）"),
        ("办会", D(2025, 9, 25), "全县教育工作会议", "各乡镇（街道）"),
    )
    add(xwb, ("发文", D(2025, 9, 2), "关于进一步加强基层减负工作的通知", "各乡镇（街道）"))
    # the receivers' lines: never counted twice
    for township in (hk, cg):
        add(
            township,
            ("收文", D(2025, 9, 3), "关于做好2025年秋粮收购工作的通知", "县农业农村局"),
            ("收文", D(2025, 9, 4), "关于进一步加强基层减负工作的通知", "县委办公室"),
            (
                "参会",
                D(2025, 9, 15),
                "全县秋粮收购工作视频会议",
                "县农业农村局",
                {"duration_minutes": 90, "meeting_form": "视频"},
            ),
            (
                "受检",
                D(2025, 9, 20),
                "秋粮收购工作督查",
                "县农业农村局",
                {"materials_requested": True},
            ),
            ("发文", D(2025, 9, 6), "关于做好村级秋收工作的通知", "各村"),
        )
