"""Getting the cells out of a file: sniffing its format, refusals, calamine, csv. Pure.

The format is decided by the content, not the name: a zip container (.xlsx, .xlsm, .xlsb,
.ods) or an OLE container (.xls, WPS .et) goes to python-calamine; an OLE container holding an
"EncryptedPackage" stream is a password-protected .xlsx and is refused as such. Text is read as
CSV only when the name says so (.csv, .tsv, .txt), in UTF-8 (with or without BOM), UTF-16 with a
BOM (Excel's "Unicode text"), or else GB18030 (a superset of GBK/GB2312, what Excel on Chinese
Windows writes). Every grid comes back rectangular with one extra empty column at the right.
Merged ranges come from calamine for .xlsx and .xls; .ods and .csv report none.
"""

from __future__ import annotations

import csv
import io
import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import python_calamine

from jianfu.core.threads import quick_handoffs

from .types import ReadLimits, WorkbookRefused

Merge = tuple[tuple[int, int], tuple[int, int]]
Grid = list[list[object]]
Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = (b"EncryptedPackage", "EncryptedPackage".encode("utf-16-le"))
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")

NOT_A_WORKBOOK = "文件不是 Excel 工作簿或 CSV 表格，请上传 .xlsx、.xls、.ods 或 .csv 文件"


@dataclass(slots=True)
class RawSheet:
    """One sheet's cells as Python values (row 0 = Excel row 1), its merged ranges, visibility."""

    name: str
    grid: list[list[object]]
    merges: list[Merge]
    hidden: bool = False


def _read_bytes(source: Source, limits: ReadLimits) -> tuple[bytes | None, str | None]:
    """(bytes, None) for in-memory sources, (None, path) for paths; checks the size."""
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        try:
            size = os.path.getsize(path)
        except OSError as error:
            raise WorkbookRefused("not_a_workbook", f"无法读取文件：{error.strerror}") from error
        _check_size(size, limits)
        return None, path
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = source.read(limits.max_bytes + 1)
    _check_size(len(data), limits)
    return data, None


def _check_size(size: int, limits: ReadLimits) -> None:
    if size == 0:
        raise WorkbookRefused("empty", "文件是空的，没有任何内容")
    if size > limits.max_bytes:
        raise WorkbookRefused(
            "too_large",
            f"文件太大（超过 {limits.max_bytes // (1024 * 1024)} MB），"
            "请按年度或类别拆分后分别导入",
        )


def load_sheets(source: Source, filename: str, limits: ReadLimits) -> list[RawSheet]:
    """Every worksheet of the file as a grid; raises WorkbookRefused for what cannot be read."""
    return list(iter_sheets(source, filename, limits))


def iter_sheets(source: Source, filename: str, limits: ReadLimits) -> Iterator[RawSheet]:
    """`load_sheets`, one sheet at a time: a workbook's next sheet is decoded by a helper
    thread while the caller reads the rows of the one before (see `_prefetched`)."""
    data, path = _read_bytes(source, limits)
    if data is None:
        with open(path, "rb") as handle:  # type: ignore[arg-type]
            head = handle.read(8)
        if head == _OLE:  # the whole container is needed to look for an encrypted stream
            data = Path(path).read_bytes()  # type: ignore[arg-type]
    else:
        head = data[:8]
    if head.startswith(_ZIP) or head == _OLE:
        if head == _OLE and any(marker in data for marker in _ENCRYPTED):  # type: ignore[operator]
            raise WorkbookRefused(
                "password_protected", "工作簿设置了打开密码，请在 Excel 中取消密码后重新导入"
            )
        return _prefetched(data if data is not None else path, limits)  # type: ignore[arg-type]
    if Path(filename).suffix.lower() in TEXT_SUFFIXES:
        if data is None:
            data = Path(path).read_bytes()  # type: ignore[arg-type]
        return iter([_load_csv(data, Path(filename).stem or "CSV", limits)])
    raise WorkbookRefused("not_a_workbook", NOT_A_WORKBOOK)


_DONE = object()


def _prefetched(source: bytes | str, limits: ReadLimits) -> Iterator[RawSheet]:
    """The workbook's sheets, decoded by a helper thread one ahead of the caller.

    calamine decodes a sheet with the GIL released, so the next sheet is decoded while the
    caller parses the rows of this one. Everything calamine is touched only by the helper
    thread (its objects stay in the thread that made them); plain lists cross over, and so
    does a refusal. The queue is unbounded: the helper never waits, even when the caller stops.
    """
    out: queue.SimpleQueue[object] = queue.SimpleQueue()

    def produce() -> None:
        try:
            for sheet in _load_calamine(source, limits):
                out.put(sheet)
            out.put(_DONE)
        except BaseException as exc:  # raised again in the caller's thread
            out.put(exc)

    with quick_handoffs():  # the helper's GIL back within 1 ms, not Python's 5 (core/threads.py)
        threading.Thread(target=produce, name="workbook-reader", daemon=True).start()
        while (item := out.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield cast(RawSheet, item)


def _load_calamine(source: bytes | str, limits: ReadLimits) -> Iterator[RawSheet]:
    try:
        if isinstance(source, bytes):
            workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            workbook = python_calamine.CalamineWorkbook.from_path(source)
        with workbook:
            total_rows = 0
            for meta in workbook.sheets_metadata:
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                sheet = workbook.get_sheet_by_name(meta.name)
                end = sheet.end
                total_rows += end[0] + 1 if end else 0
                if total_rows > limits.max_rows:
                    raise WorkbookRefused(
                        "too_many_rows",
                        f"表格行数超过 {limits.max_rows} 行，请拆分为几个文件分别导入",
                    )
                hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
                yield RawSheet(
                    meta.name,
                    _pad(cast(Grid, sheet.to_python(skip_empty_area=False))),
                    list(sheet.merged_cell_ranges or ()),
                    hidden,
                )
    except python_calamine.PasswordError as error:
        raise WorkbookRefused(
            "password_protected", "工作簿设置了密码保护，请在 Excel 中取消密码后重新导入"
        ) from error
    except python_calamine.CalamineError as error:
        raise WorkbookRefused(
            "corrupted",
            "文件已损坏或不是有效的 Excel 工作簿，请用 Excel 打开后另存为 .xlsx 再导入",
        ) from error


def _pad(grid: list[list[object]]) -> list[list[object]]:
    """Make every row equally wide and add the empty sentinel column the row reader relies on."""
    width = max((len(row) for row in grid), default=0)
    for row in grid:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        row.append("")
    return grid


def decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-16 by BOM, else UTF-8 (BOM optional), else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data[:4096]:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise WorkbookRefused(
        "encoding", "无法识别 CSV 文件的编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后重新导入"
    )


def _load_csv(data: bytes, name: str, limits: ReadLimits) -> RawSheet:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        rows = cast(Grid, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error as error:
        raise WorkbookRefused("corrupted", f"CSV 文件格式有误：{error}") from error
    if len(rows) > limits.max_rows:
        raise WorkbookRefused(
            "too_many_rows", f"表格行数超过 {limits.max_rows} 行，请拆分为几个文件分别导入"
        )
    return RawSheet(name, _pad(rows), [])
