"""An XLSX sheet is read up to a bound on cells (rows × columns), then refused."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from geo.io import limits, readers
from geo.io.errors import Refused


def _workbook(rows: int, columns: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append([f"c{i}" for i in range(columns)])
    for row in range(rows):
        sheet.append([row * columns + i for i in range(columns)])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_too_many_cells_are_refused_while_reading(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 2_000, raising=False)
    assert len(readers.read_xlsx(_workbook(99, 20), None)) == 99  # 2,000 cells with the header
    with pytest.raises(Refused) as refused:
        readers.read_xlsx(_workbook(100, 20), None)
    assert refused.value.code == "too_many_cells"
    assert "2000" in refused.value.text("sv") and "celler" in refused.value.text("sv")


def test_a_sheet_too_large_unpacked_is_refused_before_parsing(monkeypatch):
    data = _workbook(200, 20)
    monkeypatch.setattr(limits, "MAX_SHEET_BYTES", 10_000, raising=False)

    def never(*args, **kwargs):
        raise AssertionError("the sheet was parsed")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(Refused) as refused:
        readers.read_xlsx(data, None)
    assert refused.value.code == "sheet_too_big"
    assert "uppackat" in refused.value.text("sv")


def test_the_limits_let_an_ordinary_sheet_through():
    assert limits.MAX_CELLS >= 8_000 * 25
    assert len(readers.read_xlsx(_workbook(2_000, 25), None)) == 2_000
