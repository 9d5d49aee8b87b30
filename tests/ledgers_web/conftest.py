"""Ledger lines in two units of the test county, written through the service as the form does,
and a clerk's workbook as units keep it (title row, 序号, synonyms, one bad row)."""

from __future__ import annotations

import datetime as dt

import pytest

from jianfu.core.actor import Actor
from jianfu.ledgers.classify import LineInput

# (kind, date, counterpart, 文号, title) — a department's and a township's usual month.
NY_LINES = [
    (
        "收文",
        dt.date(2025, 3, 4),
        "县委办",
        "县委办发〔2025〕8号",
        "关于做好春季农业生产工作的通知",
    ),
    (
        "收文",
        dt.date(2025, 3, 11),
        "市农业农村局",
        "市农发〔2025〕21号",
        "关于开展耕地保护专项检查的通知",
    ),
    ("收文", dt.date(2025, 4, 2), "县政府办公室", "", "县政府办公室关于表彰2024年度先进单位的决定"),
    (
        "发文",
        dt.date(2025, 3, 20),
        "各乡镇（街道）",
        "县农发〔2025〕5号",
        "关于报送高标准农田建设进度的通知",
    ),
    ("参会", dt.date(2025, 3, 15), "县委办公室", "", "全县春耕生产调度会"),
    ("受检", dt.date(2025, 4, 9), "县教育局", "", "农村学校食堂食品安全联合检查"),
]
HK_LINES = [
    (
        "收文",
        dt.date(2025, 3, 6),
        "县农业农村局",
        "县农发〔2025〕5号",
        "关于报送高标准农田建设进度的通知",
    ),
    ("收文", dt.date(2025, 3, 12), "城关镇", "", "关于协助做好集镇环境整治的函"),
]


def add_lines(user, unit, lines):
    from jianfu.ledgers.services.entries import ledger_entry_create

    actor = Actor(channel="web", user=user, username=user.username)
    return [
        ledger_entry_create(
            actor=actor,
            unit=unit,
            line=LineInput(kind=k, date=d, counterpart=c, doc_no=n, title=t),
        )
        for k, d, c, n, t in lines
    ]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JIANFU_IMPORT_IN_THREAD = False


@pytest.fixture
def ledger(users, units):
    """Six lines of 县农业农村局 and two of 河口乡."""
    return {
        "ny": add_lines(users["clerk_ny"], units["ny"], NY_LINES),
        "hk": add_lines(users["clerk_hk"], units["hk"], HK_LINES),
    }


def township_workbook() -> bytes:
    """河口乡's received-documents ledger: a title row, 序号, synonyms, one row without a date."""
    from tests.ledgers.workbooks import xlsx

    rows = [
        ["河口乡2025年收文登记簿", None, None, None, None, None],
        ["序号", "收文日期", "来文单位", "来文字号", "文件标题", "备注"],
        [1, "2025.3.4", "县委办", "县委办发〔2025〕8号", "关于做好春季农业生产工作的通知", None],
        [
            2,
            "2025年3月11日",
            "市农业农村局",
            "市农发[2025]21号",
            "关于开展耕地保护专项检查的通知",
            None,
        ],
        [
            3,
            "2025/3/18",
            "县农业农村局",
            "县农发（2025）5号",
            "关于报送高标准农田建设进度的通知",
            "急件",
        ],
        [4, None, "县教育局", "", "关于做好义务教育招生工作的通知", None],
        [5, "2025-04-02", "县政府办", "", "县政府办公室关于表彰2024年度先进单位的决定", None],
    ]
    return xlsx({"收文登记": rows}, merges={"收文登记": ["A1:F1"]})
