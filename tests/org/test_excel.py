"""R12: exported cells never execute, and every string round-trips through openpyxl."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from jianfu.core.excel import FORMULA_PREFIXES, excel_safe, table_kind, xlsx_bytes

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40).filter(
    lambda s: not ILLEGAL_CHARACTERS_RE.search(s)
)


def test_known_dangerous_prefixes():
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert excel_safe(value) == "'" + value
    assert excel_safe("县委办") == "县委办"
    assert excel_safe(12) == 12


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_round_trip_never_a_formula(values):
    content = xlsx_bytes(["列"] * len(values), [values])
    sheet = load_workbook(io.BytesIO(content)).active
    cells = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    for original, cell in zip(values, cells, strict=True):
        assert cell.data_type != "f"
        read = cell.value or ""
        if original.startswith(FORMULA_PREFIXES):
            assert read == "'" + original
        else:
            assert read == original


def test_table_kind_by_content():
    import pytest

    from jianfu.core.excel import TableFileError

    assert table_kind(b"a,b\n1,2\n", "x.csv") == "csv"
    with pytest.raises(TableFileError):
        table_kind(b"a,b", "x.exe")
    with pytest.raises(TableFileError):
        table_kind(b"\x00\x01binary", "x.csv")
    with pytest.raises(TableFileError):
        table_kind(b"not a workbook", "x.xlsx")
    assert table_kind(xlsx_bytes(["a"], [["b"]]), "x.xlsx") == "xlsx"
