"""`remembered_halfwidth`: within the block each text's half-width form is worked out once, the
same as without it; the memo belongs to the block and to its thread only."""

from __future__ import annotations

import threading
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from jianfu.core import text
from jianfu.core.text import (
    compact_text,
    normalize_doc_no,
    normalize_title,
    remembered_halfwidth,
    to_halfwidth,
)

TEXTS = [
    "关于做好（２０２５）年防汛工作的通知",
    "县委办发〔２０２５〕１２号",
    "Ａｂｃ　全角空格　①②",
    "㈠ 第一项",
    "",
    "已经是半角的标题(1)",
]


def test_the_same_forms_with_and_without_the_memo():
    plain = [
        (to_halfwidth(t), compact_text(t), normalize_title(t), normalize_doc_no(t)) for t in TEXTS
    ]
    with remembered_halfwidth():
        twice = [
            [
                (to_halfwidth(t), compact_text(t), normalize_title(t), normalize_doc_no(t))
                for t in TEXTS
            ]
            for _ in range(2)
        ]
    assert twice == [plain, plain]
    assert plain[0][0] == unicodedata.normalize("NFKC", TEXTS[0])


def test_each_text_is_normalised_once_within_the_block_and_the_memo_ends_with_it(monkeypatch):
    calls: list[str] = []
    nfkc = text._nfkc

    def counted(value):
        calls.append(value)
        return nfkc(value)

    monkeypatch.setattr(text, "_nfkc", counted)
    with remembered_halfwidth():
        for _ in range(3):
            normalize_title(TEXTS[0])
            compact_text(TEXTS[0])
    assert calls == [TEXTS[0]]
    compact_text(TEXTS[0])
    assert calls == [TEXTS[0], TEXTS[0]]  # after the block: worked out again


def test_another_thread_does_not_share_the_memo(monkeypatch):
    calls: list[str] = []
    nfkc = text._nfkc
    monkeypatch.setattr(text, "_nfkc", lambda value: calls.append(value) or nfkc(value))
    with remembered_halfwidth():
        to_halfwidth(TEXTS[1])
        worker = threading.Thread(target=lambda: [to_halfwidth(TEXTS[1]) for _ in range(2)])
        worker.start()
        worker.join()
    assert calls == [TEXTS[1]] * 3  # once here, twice in the thread that has no memo


@settings(max_examples=3000, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),  # full- and half-width
            st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
            st.characters(min_codepoint=0x2460, max_codepoint=0x24FF),  # circled digits
            st.characters(min_codepoint=0x3000, max_codepoint=0x33FF),  # CJK symbols, kana
            st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),  # compatibility ideographs
            st.sampled_from("关于做好防汛工作的通知（）《》“”，。 \t\nAaZz09"),
            st.characters(),
        ),
        max_size=30,
    )
)
def test_to_halfwidth_is_nfkc_for_any_text(value):
    assert to_halfwidth(value) == unicodedata.normalize("NFKC", value)
