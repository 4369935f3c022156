"""Reported crimes from Brå's export: the Tomelilla file read and kept, and 8 kinds of bad file.

``tests/data/crime/tomelilla_bra.csv`` is hand-made in the layout of Brå's statistics database
(see :mod:`geo.indicators.crime` for where the layout comes from); its figures are invented.
Every bad variant is refused with one line in Swedish and in English that names the row and
the column, and leaves the store as it was.
"""

from __future__ import annotations

import codecs
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from geo.cli.main import main
from geo.indicators import crime
from geo.store import GeoPackageStore, transfer

DATA = Path(__file__).resolve().parents[1] / "data"
TOMELILLA = DATA / "crime" / "tomelilla_bra.csv"
TODAY = date(2026, 12, 6)
LONG_HEAD = "Kommun;År;Brottstyp;Antal;Antal per 100 000 invånare\n"


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    made = GeoPackageStore(tmp_path / "store.gpkg")
    made.initialize()
    return made


def test_the_tomelilla_export_is_kept_and_read_back(store):
    result = crime.import_file(store, TOMELILLA, user="kim", today=TODAY)
    assert result.notes == {"aggregates": 4, "footnotes": 2, "missing": 1, "other_kommuner": 0}
    stored = store.crime_statistics("1270")
    assert len(stored) == 23 and set(stored["year"]) == {2021, 2022, 2023, 2024}
    thefts = stored[stored["category_code"] == "stoldbrott"].set_index("year")
    assert thefts["count"].tolist() == [402, 388, 431, 415]
    assert thefts.loc[2023, "rate_per_100k"] == pytest.approx(3144.8)
    assert thefts.loc[2023, "category"] == "Stöldbrott"
    assert set(stored["source"]) == {crime.SOURCE}
    burglary = stored[stored["category_code"] == "bostadsinbrott"]
    assert burglary["year"].tolist() == [2021, 2022, 2024]  # ".." in 2023: no figure
    only = store.crime_statistics("1270", years=[2022, 2023])
    assert set(only["year"]) == {2022, 2023} and len(only) == 11
    assert store.crime_statistics("1291").empty and store.crime_statistics("1270", []).empty
    assert "23" in result.summary("sv") and "2021–2024" in result.summary("en")


def test_a_long_utf8_export_with_names_and_codes_replaces_the_same_figures(store):
    crime.import_file(store, TOMELILLA, today=TODAY)
    data = codecs.BOM_UTF8 + (
        "Anmälda brott\n"
        "Kommun,År,Brottstyp,Antal,Antal per 100 000 invånare\n"
        'Tomelilla kommun,2023,Stöldbrott,"1 431","10 441,8"\n'
        "Tomelilla,2023 prel.,Misshandel,100,\n").encode()
    result = crime.import_file(store, data, today=TODAY)
    assert len(result.figures) == 2
    stored = store.crime_statistics("1270", [2023]).set_index("category_code")
    assert stored.loc["stoldbrott", "count"] == 1431
    assert stored.loc["stoldbrott", "rate_per_100k"] == pytest.approx(10441.8)
    assert stored.loc["misshandel", "count"] == 100
    assert stored.loc["misshandel", "rate_per_100k"] != stored.loc["misshandel", "rate_per_100k"]
    assert len(store.crime_statistics("1270")) == 23  # replaced, not added


def test_an_excel_sheet_with_a_title_row_is_read(store):
    sheet = openpyxl.Workbook()
    rows = [["Anmälda brott, antal och per 100 000 invånare"], [],
            ["Region", "Brottstyp", "Antal 2022", "Antal per 100 000 inv 2022", "Antal 2023"],
            ["1270 Tomelilla", "Stöldbrott", 388, 2838.1, 431],
            ["Hela landet", "Stöldbrott", 300000, "..", 310000], ["Källa: Brå"]]
    for row in rows:
        sheet.active.append(row)
    data = io.BytesIO()
    sheet.save(data)
    result = crime.import_file(store, data.getvalue(), today=TODAY)
    assert result.notes == {"aggregates": 2, "footnotes": 1, "missing": 0, "other_kommuner": 0}
    assert result.figures[["year", "count", "rate_per_100k"]].fillna(-1).values.tolist() == [
        [2022, 388, 2838.1], [2023, 431, -1]]


def test_a_municipality_written_once_above_its_rows_holds_for_them():
    data = ("Region;Brottstyp;2022;2023\n"
            "1270 Tomelilla;;;\n;Stöldbrott;388;431\n;Misshandel;95;102\n"
            "Simrishamn;;;\n;Stöldbrott;520;498\n"
            "Hela landet;;;\n;Stöldbrott;300 000;310 000\n"
            "Källa: Brå;;;\n").encode("cp1252")
    result = crime.read(data, today=TODAY)
    assert result.figures[["kommun_kod", "year", "category", "count"]].values.tolist() == [
        ["1270", 2022, "Stöldbrott", 388], ["1270", 2023, "Stöldbrott", 431],
        ["1270", 2022, "Misshandel", 95], ["1270", 2023, "Misshandel", 102],
        ["1291", 2022, "Stöldbrott", 520], ["1291", 2023, "Stöldbrott", 498]]
    assert result.notes == {"aggregates": 2, "footnotes": 1, "missing": 0, "other_kommuner": 0}


def test_kommun_keeps_one_municipality(store):
    data = (LONG_HEAD + "1270 Tomelilla;2023;Stöldbrott;431;\n"
            "1291 Simrishamn;2023;Stöldbrott;520;\n").encode("cp1252")
    result = crime.import_file(store, data, kommun_kod="1270", today=TODAY)
    assert result.notes["other_kommuner"] == 1
    assert store.crime_statistics("1291").empty and len(store.crime_statistics("1270")) == 1


@pytest.mark.parametrize(("written", "code"), [
    ("1270 Tomelilla", "1270"), ("1270", "1270"), ("Tomelilla kommun", "1270"),
    ("Malmö stad", "1280"), ("Region Gotland", "0980"), ("0980 Gotland", "0980"),
    ("Håbo", "0305"), ("Habo", "0643"), ("HABO KOMMUN", "0643"), ("Vasteras", "1980")])
def test_a_municipality_by_code_or_name(written, code):
    data = _long(f"{written};2022;Stöldbrott;388;")
    assert crime.read(data, today=TODAY).figures["kommun_kod"].tolist() == [code]


def _long(*rows: str) -> bytes:
    return (LONG_HEAD + "".join(f"{row}\n" for row in rows)).encode("cp1252")


GOOD_ROW = "1270 Tomelilla;2022;Stöldbrott;388;2 838,1"
#: (what is wrong, the file, its code, words the Swedish line must hold)
BAD = [
    ("unknown code", _long(GOOD_ROW, "9999 Okänd;2022;Stöldbrott;5;"), "unknown_code",
     ("Rad 3", "Region", "9999")),
    ("name of no municipality", _long(GOOD_ROW, "Tomelila;2022;Stöldbrott;5;"),
     "unknown_name", ("Rad 3", "Region", "Tomelila")),
    ("missing year", _long(GOOD_ROW, "1270 Tomelilla;;Misshandel;95;"), "no_year",
     ("Rad 3", "År", "saknas")),
    ("text in a number cell", _long(GOOD_ROW, "1270 Tomelilla;2022;Misshandel;tolv;"),
     "not_number", ("Rad 3", "Antal", "tolv")),
    ("a survey table", (DATA / "survey" / "deso_good.csv").read_bytes(), "other_layout",
     ("Brås statistikdatabas", "desokod")),
    ("a map layer's CSV", (DATA / "places_excel_sv.csv").read_bytes(), "other_layout",
     ("Brås statistikdatabas", "Kategori")),
    ("the same figure twice", _long(GOOD_ROW, "1270 Tomelilla;2021;Stöldbrott;402;",
                                    "1270 Tomelilla;2022;Stöldbrott;390;"), "repeated",
     ("Rad 4", "rad 2", "Tomelilla, 2022, Stöldbrott")),
    ("a negative count", _long(GOOD_ROW, "1270 Tomelilla;2022;Misshandel;-3;"), "negative",
     ("Rad 3", "Antal", "-3")),
    ("a year to come", _long(GOOD_ROW, "1270 Tomelilla;2031;Misshandel;3;"), "future_year",
     ("Rad 3", "År", "2031")),
    ("an empty file", b"", "empty_file", ("tom",)),
]


@pytest.mark.parametrize(("what", "data", "code", "words"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_is_refused_with_one_line_and_nothing_kept(store, what, data, code, words):
    crime.import_file(store, TOMELILLA, today=TODAY)
    before = transfer.export(store, "crime_statistics"), store.data_version()
    with pytest.raises(crime.CrimeFileError) as refused:
        crime.import_file(store, data, today=TODAY)
    assert refused.value.code == code
    for lang in ("sv", "en"):
        line = refused.value.text(lang)
        assert "\n" not in line and line.strip() == line and line.endswith(".")
        assert not any(w in line for w in ("Traceback", "Error", "None", "/", "\\", "{"))
    swedish = refused.value.text("sv")
    assert all(word in swedish for word in words), swedish
    assert (transfer.export(store, "crime_statistics"), store.data_version()) == before


def test_the_command_imports_and_refuses_in_one_line(store, capsys):
    db = str(store.path)
    assert main(["import-crime", str(TOMELILLA), "--kommun", "1270", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Anmälda brott: 23 siffror") and out.count("\n") == 1
    bad = store.path.parent / "bad.csv"
    bad.write_bytes(BAD[3][1])
    assert main(["import-crime", str(bad), "--db", db, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err == 'geo: error: Row 3, column Antal: "tolv" is not a number.\n'
    assert len(store.crime_statistics("1270")) == 23


def test_the_example_store_has_crime_figures_labelled_as_example(tmp_path):
    from geo.cli.main import seed_example
    from geo.domain.pledge_files import load_pledges

    store = GeoPackageStore(tmp_path / "example.gpkg")
    store.initialize()
    pledges = load_pledges()
    store.replace_pledges(pledges, "system")
    seed_example(store, pledges, 1)
    figures = store.crime_statistics("1270")
    assert set(figures["source"]) == {"example"} and set(figures["year"]) == set(range(2016, 2022))
    assert (figures["count"] > 0).all() and figures["rate_per_100k"].isna().all()
