"""The pure matcher, as tables: 文号 first, then title within the window, one received line at
most once, unfiled only for county senders, unreceived per addressed observation point."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jianfu.core.text import normalize_doc_no, normalize_title
from jianfu.ledgers.reconcile.matcher import MatchConfig, ReceivedLine, SentLine, match_lines

NY, JY, XWB, SW, CG_TOWN = 2, 3, 1, 9, 5  # sender units; SW higher-level, CG_TOWN a township
HK, CG, BS = 101, 102, 103  # observation points
D0 = date(2025, 6, 10)


def sent(id, unit=NY, kind="发文", day=D0, doc_no="", title="", points=()):
    return SentLine(id, unit, kind, day, normalize_doc_no(doc_no), normalize_title(title), title,
                    frozenset(points))  # fmt: skip


def received(id, point=HK, kind="收文", day=D0, doc_no="", title="", sender=NY, level=None):
    if level is None:
        level = "department" if sender in (NY, JY) else ("county" if sender == XWB else "unknown")
    return ReceivedLine(id, point, kind, day, normalize_doc_no(doc_no), normalize_title(title),
                        sender, level, "", title)  # fmt: skip


def pairs(result):
    return {(m.sent.id, m.received.id, m.method) for m in result.matches}


@pytest.mark.parametrize(
    "sent_no, received_no",
    [
        ("青农发〔2025〕12号", "青农发[2025]12号"),
        ("青农发〔2025〕12号", "青农发（２０２５）１２号"),
        ("青农发〔2025〕12号", "青农发【2025】012号"),
        ("青农发(2025)12号", "青农发 〔2025〕 12号"),
    ],
)
def test_doc_no_in_any_bracket_style_matches(sent_no, received_no):
    result = match_lines(
        [sent(1, doc_no=sent_no, title="关于做好2025年防汛抗旱工作的通知")],
        [received(10, doc_no=received_no, title="防汛通知", day=D0 + timedelta(days=60))],
    )
    assert pairs(result) == {(1, 10, "doc_no")}
    assert result.matches[0].score == 1.0


def test_doc_no_needs_a_compatible_sender():
    lines = [sent(1, unit=NY, doc_no="青农发〔2025〕12号", title="关于开展耕地保护专项整治的通知")]
    other = match_lines(lines, [received(10, doc_no="青农发[2025]12号", title="别的", sender=JY)])
    assert other.matches == []
    unresolved = match_lines(
        lines, [received(11, doc_no="青农发[2025]12号", title="别的", sender=None)]
    )
    assert pairs(unresolved) == {(1, 11, "doc_no")}


@pytest.mark.parametrize(
    "kind_sent, kind_received, offset, matched",
    [
        ("发文", "收文", 0, True),
        ("发文", "收文", 30, True),
        ("发文", "收文", 31, False),
        ("发文", "收文", -3, True),
        ("发文", "收文", -4, False),
        ("办会", "参会", 7, True),
        ("办会", "参会", 8, False),
        ("督查", "受检", -7, True),
        ("督查", "受检", -8, False),
        ("发文", "参会", 0, False),  # kinds must pair
    ],
)
def test_title_similarity_within_the_window(kind_sent, kind_received, offset, matched):
    result = match_lines(
        [sent(1, kind=kind_sent, title="关于开展2025年汛期安全生产大检查的通知")],
        [
            received(
                10,
                kind=kind_received,
                day=D0 + timedelta(days=offset),
                title="关于开展2025年汛期安全生产大检查通知",
            )
        ],
    )
    assert bool(result.matches) is matched
    if matched:
        assert result.matches[0].method == "title"
        assert 0.85 <= result.matches[0].score < 1.0


def test_title_below_threshold_does_not_match_and_threshold_is_configurable():
    lines = [sent(1, title="关于做好2025年秋粮收购工作的通知")]
    near = [received(10, title="关于做好秋粮收购工作的通知")]  # similarity 83.9
    assert match_lines(lines, near).matches == []
    loose = match_lines(lines, near, MatchConfig(title_threshold=80))
    assert pairs(loose) == {(1, 10, "title")}


def test_title_match_keeps_to_the_named_sender():
    lines = [sent(1, unit=NY, title="全县农村人居环境整治推进会", kind="办会")]
    result = match_lines(lines, [received(10, kind="参会", sender=JY,
                                          title="全县农村人居环境整治推进会")])  # fmt: skip
    assert result.matches == []
    result = match_lines(lines, [received(11, kind="参会", sender=None,
                                          title="全县农村人居环境整治推进会")])  # fmt: skip
    assert pairs(result) == {(1, 11, "title")}


def test_one_received_line_matches_one_sent_line_the_best():
    lines = [
        sent(1, title="关于做好2025年森林防火工作的通知", day=D0 - timedelta(days=20)),
        sent(2, title="关于做好2025年森林防火工作的通知", day=D0 - timedelta(days=2)),
        sent(3, doc_no="青农发〔2025〕30号", title="关于做好森林防火的通知"),
    ]
    result = match_lines(lines, [received(10, doc_no="青农发[2025]30号",
                                          title="关于做好2025年森林防火工作的通知")])  # fmt: skip
    assert pairs(result) == {(3, 10, "doc_no")}  # the 文号 wins over an exact title
    result = match_lines(lines[:2], [received(11, title="关于做好2025年森林防火工作的通知")])
    assert pairs(result) == {(2, 11, "title")}  # same score: the closer date


def test_one_sent_line_matches_once_per_observation_point():
    lines = [sent(1, doc_no="县委办发〔2025〕8号", title="关于印发《2025年基层减负工作要点》的通知",
                  unit=XWB, points=(HK, CG))]  # fmt: skip
    rows = [
        received(10, point=HK, doc_no="县委办发[2025]8号", sender=XWB),
        received(11, point=CG, doc_no="县委办发[2025]8号", sender=XWB),
        received(12, point=HK, doc_no="县委办发[2025]8号", sender=XWB, day=D0 + timedelta(1)),
    ]
    result = match_lines(lines, rows)
    assert pairs(result) == {(1, 10, "doc_no"), (1, 11, "doc_no")}
    assert [r.id for r in result.repeated] == [12]
    assert result.unfiled == [] and result.unreceived == []


def test_unfiled_only_for_county_senders():
    rows = [
        received(10, sender=NY, title="关于报送防止返贫监测数据的通知"),  # department
        received(11, sender=XWB, kind="参会", title="全县基层党建工作推进会"),  # county leadership
        received(12, sender=SW, level="higher", title="关于做好民族团结进步创建的通知"),
        received(13, sender=CG_TOWN, level="township", title="关于联合开展河道清理的函"),
        received(14, sender=None, level="unknown", title="关于开展燃气安全排查的通知"),
    ]
    result = match_lines([], rows)
    assert [r.id for r in result.unfiled] == [10, 11]


def test_unreceived_per_addressed_point():
    lines = [
        sent(1, unit=NY, doc_no="青农发〔2025〕40号", title="关于开展高标准农田建设验收的通知",
             points=(HK, CG, BS)),
        sent(2, unit=JY, kind="督查", title="校园安全专项督查", points=(CG,)),
        sent(3, unit=JY, title="关于开展教师节表彰的通知"),  # addressed to no point
    ]  # fmt: skip
    rows = [
        received(10, point=HK, doc_no="青农发〔2025〕40号"),
        received(11, point=CG, kind="受检", sender=JY, title="校园安全专项督查",
                 day=D0 + timedelta(days=3)),
    ]  # fmt: skip
    result = match_lines(lines, rows)
    assert {(s.id, p) for s, p in result.unreceived} == {(1, CG), (1, BS)}
    assert pairs(result) == {(1, 10, "doc_no"), (2, 11, "title")}


def test_unknown_sender_title_found_through_the_bigram_shortlist():
    noise = [
        sent(100 + k, unit=JY, title=f"关于做好2025年第{k}批校园安全检查的通知", day=D0)
        for k in range(50)
    ]
    target = sent(1, unit=NY, title="关于开展农村饮水安全巩固提升专项行动的通知", day=D0)
    result = match_lines(
        [*noise, target],
        [received(10, sender=None, title="关于开展农村饮水安全巩固提升专项行动通知")],
    )
    assert pairs(result) == {(1, 10, "title")}


def test_different_doc_numbers_never_match_by_title():
    lines = [sent(1, doc_no="青农发〔2025〕31号", title="关于做好第一批高标准农田建设验收的通知")]
    rows = [
        received(10, doc_no="青农发〔2025〕32号", title="关于做好第二批高标准农田建设验收的通知"),
        received(11, title="关于做好第一批高标准农田建设验收通知"),  # no 文号 registered
    ]
    result = match_lines(lines, rows)
    assert pairs(result) == {(1, 11, "title")}
    assert [r.id for r in result.unfiled] == [10]
