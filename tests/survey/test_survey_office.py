"""Survey results as Swedish Excel saves them: Windows-1252 or UTF-8 with BOM, a title line,
Swedish headers and decimal commas all read as the numbers they are."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo.survey import results as survey

OFFICE = Path(__file__).resolve().parents[1] / "data" / "office"


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


def test_refusals_name_the_file_s_line_and_column_in_swedish() -> None:
    data = ("Trygghetsmätning 2024;;\r\n"
            "DeSO-kod;År;Otrygg kvällstid (%)\r\n"
            "1270A0010;2024;mycket\r\n"
            "1270X9;20x4;101\r\n").encode("cp1252")
    with pytest.raises(survey.SurveyError) as refused:
        survey.validate(survey.read_table(data), "1270", "deso")
    assert refused.value.lines("sv") == [
        "okända områdeskoder (1): 1270X9",
        "år som inte är årtal (1): rad 4: '20x4'",
        "Otrygg kvällstid (%): inte tal (1): rad 3: 'mycket'",
        "Otrygg kvällstid (%): värden utanför 0–100 % (1): rad 4: 101",
    ]
    assert refused.value.problems[0] == "unknown area codes (1): 1270X9"  # the CLI's English


def test_missing_columns_and_polygons_in_both_languages() -> None:
    with pytest.raises(survey.SurveyError) as refused:
        survey.validate(pd.DataFrame({"Plats": ["Torget"]}), "1270", "district")
    assert refused.value.lines("sv") == [
        "kolumner saknas: district (eller area_id, omrade, district_id); year; "
        "minst en av unsafe_evening, worry_burglary"]
    with pytest.raises(survey.SurveyError) as refused:
        survey.join(survey.validate(pd.DataFrame(
            {"DeSO": ["1270A0010"], "År": ["2024"], "Oro för inbrott": ["3"]}), "1270", "deso"))
    assert refused.value.lines("sv") == [
        "DeSO: resultaten behöver områdenas ytor för att kunna visas"]
    assert refused.value.lines("en") == ["DeSO: the results need the areas' polygons to be shown"]


def test_a_long_list_stops_after_ten() -> None:
    table = pd.DataFrame({"deso": [f"1270X{i}" for i in range(12)], "year": ["2024"] * 12,
                          "unsafe_evening": ["1"] * 12})
    with pytest.raises(survey.SurveyError) as refused:
        survey.validate(table, "1270", "deso")
    assert refused.value.lines("sv")[0].endswith("1270X9 och 2 till")
    assert refused.value.problems[0].endswith("1270X9 and 2 more")
