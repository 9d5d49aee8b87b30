"""Uploads to the library and trainings (R11): type by content, size limit, zip-bomb guard."""

from __future__ import annotations

import pytest

from jianfu.learning.files import FileRefused, sniff_file, store_file, stored_path

from .helpers import PDF, docx_bytes, zip_bomb_docx


@pytest.mark.parametrize(
    "data, name, kind",
    [
        (PDF, "a.pdf", "pdf"),
        (docx_bytes(), "解释.docx", "docx"),
        ("统计口径".encode(), "说明.TXT", "txt"),
        ("统计口径".encode("gb18030"), "gbk.txt", "txt"),
    ],
)
def test_accepted(data, name, kind):
    sniffed = sniff_file(data, name)
    assert sniffed.kind == kind and sniffed.size == len(data) and len(sniffed.sha256) == 64


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "a.pdf", "空"),
        (b"MZ\x90\x00", "a.exe", "仅支持"),
        (b"<html><script>", "a.html", "仅支持"),
        (b"MZ\x90\x00 not a pdf", "a.pdf", "不符"),
        (PDF, "a.docx", "不符"),
        (b"PK\x03\x04broken", "a.docx", "不符"),
        (b"\x00\x01\x02binary", "a.txt", "不符"),
        (docx_bytes(), "a.pdf", "不符"),
    ],
)
def test_refused(data, name, message):
    with pytest.raises(FileRefused, match=message):
        sniff_file(data, name)


def test_size_limit():
    with pytest.raises(FileRefused, match="MB"):
        sniff_file(b"a" * 2048, "a.txt", max_bytes=1024)


def test_zip_bomb_refused():
    with pytest.raises(FileRefused, match="解压后过大"):
        sniff_file(zip_bomb_docx(), "bomb.docx")


def test_stored_under_media_with_generated_name(settings):
    relative = store_file(PDF, "pdf")
    assert relative.startswith("learning/") and relative.endswith(".pdf")
    assert stored_path(relative).read_bytes() == PDF
    with pytest.raises(FileNotFoundError):
        stored_path("../../etc/passwd")
