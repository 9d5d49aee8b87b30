"""`remembered_halfwidth`: within the block each text's half-width form is worked out once, the
same as without it; the memo belongs to the block and to its thread only."""

from __future__ import annotations

import threading
import unicodedata

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
    normalize = unicodedata.normalize

    def counted(form, value):
        calls.append(value)
        return normalize(form, value)

    monkeypatch.setattr(text.unicodedata, "normalize", counted)
    with remembered_halfwidth():
        for _ in range(3):
            normalize_title(TEXTS[0])
            compact_text(TEXTS[0])
    assert calls == [TEXTS[0]]
    compact_text(TEXTS[0])
    assert calls == [TEXTS[0], TEXTS[0]]  # after the block: worked out again


def test_another_thread_does_not_share_the_memo(monkeypatch):
    calls: list[str] = []
    normalize = unicodedata.normalize
    monkeypatch.setattr(
        text.unicodedata,
        "normalize",
        lambda form, value: calls.append(value) or normalize(form, value),
    )
    with remembered_halfwidth():
        to_halfwidth(TEXTS[1])
        worker = threading.Thread(target=lambda: [to_halfwidth(TEXTS[1]) for _ in range(2)])
        worker.start()
        worker.join()
    assert calls == [TEXTS[1]] * 3  # once here, twice in the thread that has no memo
