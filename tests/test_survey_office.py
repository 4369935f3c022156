"""Survey results as Swedish Excel saves them: Windows-1252 or UTF-8 with BOM, a title line,
Swedish headers and decimal commas all read as the numbers they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import survey

OFFICE = Path(__file__).resolve().parent / "data" / "office"


@pytest.mark.parametrize("name", ["survey_excel_cp1252.csv", "survey_excel_utf8_bom.csv"])
def test_survey_csv_from_swedish_excel_reads_as_numbers(name: str) -> None:
    results = survey.validate(survey.read_table(OFFICE / name), "1270", "deso")
    assert list(results["area_id"]) == ["1270A0010", "1270A0010", "1270A0020"]
    assert list(results["year"]) == [2023, 2024, 2023]
    assert list(results["unsafe_evening"]) == [23.5, 21.0, 30.25]
    assert list(results["worry_burglary"]) == [12.5, 11.8, 9.0]


def test_the_files_are_what_swedish_excel_writes() -> None:
    cp1252 = (OFFICE / "survey_excel_cp1252.csv").read_bytes()
    assert b"\xc5r;" in cp1252 and b"\x96" in cp1252  # "År" and the en dash in Windows-1252
    assert (OFFICE / "survey_excel_utf8_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(("header", "column"), [
    ("År", "year"), ("Årtal", "year"), ("year", "year"),
    ("Otrygg kvällstid (%)", "unsafe_evening"), ("otrygg_kvall", "unsafe_evening"),
    ("Oro för inbrott (%)", "worry_burglary"), ("Oroad för inbrott", "worry_burglary"),
    ("DeSO-kod", "desokod"), ("Område", "område"), ("Plats", "plats"),
])
def test_swedish_headers_name_the_columns(header: str, column: str) -> None:
    assert survey.column_name(header) == column
