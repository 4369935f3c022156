"""Swedish cells, coordinate systems, content sniffing and zip limits, one rule at a time."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import numpy as np
import pytest

from geo.domain.enums import Category, FindingStatus, PlaceSource
from geo.io import crs, limits, safezip, sniff, values
from geo.io.columns import guess
from geo.io.csvread import read_csv
from geo.io.errors import Refused


@pytest.mark.parametrize(("text", "number"), [
    ("55,5446", 55.5446), ("55.5446", 55.5446), ("6 154 321,5", 6154321.5),
    ("6\u00a0154\u00a0321,5", 6154321.5), ("\u221213,2", -13.2), ("1.234,5", 1234.5),
    ("1,234.5", 1234.5), (12, 12.0),
])
def test_numbers(text, number):
    assert values.number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "nan", "inf", True])
def test_not_numbers(text):
    with pytest.raises(values.BadValue):
        values.number(text)


@pytest.mark.parametrize("text", ["2020-03-01", "2020-03-01 14:05", "2020-03-01T14:05:00Z",
                                  "20200301", "2020/03/01", "1/3 2020", "1/3-2020", "01.03.2020",
                                  "1.3.2020", "1 mars 2020", "den 1 mars 2020", "1:a mars 2020",
                                  "1 Mar 2020", datetime(2020, 3, 1, 9), date(2020, 3, 1)])
def test_swedish_dates(text):
    assert values.day(text) == date(2020, 3, 1)


@pytest.mark.parametrize(("text", "reason"), [
    ("2020-13-45", "not a date in the calendar"), ("30/2 2020", "not a date in the calendar"),
    ("43891", "Excel date"), (43891, "Excel date"), ("igår", "not a date"),
])
def test_bad_dates_say_why(text, reason):
    with pytest.raises(values.BadValue, match=reason):
        values.day(text)


def test_codes_from_swedish_and_english_words():
    assert values.code("Belysning", Category) == "lighting"
    assert values.code("  SKADEGÖRELSE ", Category) == "vandalism"
    assert values.code("Klotter", Category) == "vandalism"
    assert values.code("Enkät", PlaceSource) == "survey"
    assert values.code("web form", PlaceSource) == "web_form"
    assert values.code("Klar", FindingStatus) == "done"
    assert values.code("Öppen", FindingStatus) in {s.value for s in FindingStatus}
    with pytest.raises(values.BadValue, match="is not one of"):
        values.code("Spöken", Category)


@pytest.mark.parametrize(("text", "answer"), [("ja", True), ("X", True), ("1", True),
                                              ("Nej", False), ("", False), (0, False)])
def test_yes_no(text, answer):
    assert values.yes_no(text) is answer


def test_column_names_are_guessed_per_layer():
    assert guess(["Kategori", "Källa", "Datum", "Lat", "Long", "Ärendenummer", "Övrigt"],
                 "unsafe_places") == {"Kategori": "category", "Källa": "source",
                                      "Datum": "reported_date", "Lat": "y", "Long": "x",
                                      "Ärendenummer": "case_number"}
    assert guess(["Datum", "Namn"], "walks") == {"Datum": "walk_date", "Namn": "name"}
    assert guess(["reported_d", "descriptio"], "unsafe_places") == {
        "reported_d": "reported_date", "descriptio": "description"}  # shapefile's 10 chars
    assert guess(["category", "Kategori"], "unsafe_places") == {"category": "category"}


def test_csv_encoding_separator_and_physical_lines():
    data = "Rubrik\n;;\nKategori;Datum;Beskrivning\nA;1;\"två\nrader\"\nB;2;x\n".encode("cp1252")
    table = read_csv(data)
    assert table.columns == ["Kategori", "Datum", "Beskrivning"]
    assert table.lines == [4, 6]
    assert ("encoding", {"encoding": "Windows-1252"}) in table.notes


def test_crs_from_ranges():
    lon, lat = np.array([13.95, 14.1]), np.array([55.54, 55.6])
    assert crs.decide(lon, lat, None, "file").crs.to_epsg() == 4326
    swapped = crs.decide(lat, lon, None, "file")
    assert swapped.swapped and swapped.crs.to_epsg() == 4326
    east, north = np.array([440000.0, 441000.0]), np.array([6158000.0, 6159000.0])
    assert crs.decide(east, north, None, "file").crs.to_epsg() == 3006
    assert crs.decide(north, east, None, "file").swapped
    with pytest.raises(Refused) as refused:
        crs.decide(np.array([1400000.0]), np.array([6160000.0]), None, "file")
    assert refused.value.code == "crs_looks_rt90"
    with pytest.raises(Refused) as refused:
        crs.decide(np.array([5.0]), np.array([45.0]), None, "file")
    assert refused.value.code == "crs_unrecognised" and "x 5" in str(refused.value)


@pytest.mark.parametrize(("data", "kind"), [
    (b'{"type": "FeatureCollection", "features": []}', "geojson"),
    (b"Kategori;Lat\nA;55\n", "csv"), (b"SQLite format 3\x00" + b"\0" * 100, None),
    (b"<OGRVRTDataSource>", None), (b"/vsizip//etc/x.zip", None), (b"", None),
])
def test_sniff_by_content(data, kind):
    if kind is None:
        with pytest.raises(Refused):
            sniff.sniff(data)
    else:
        assert sniff.sniff(data) == kind


def test_zip_names_and_sizes(monkeypatch):
    for bad in ("../x.shp", "/etc/x.shp", "C:/x.shp", "a/../../x.shp", "a\\..\\..\\x.shp"):
        with pytest.raises(Refused):
            safezip.check_name(bad)
    safezip.check_name("export/omraden.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(5):
            archive.writestr(f"f{number}.txt", "x")
    monkeypatch.setattr(limits, "MAX_ZIP_ENTRIES", 4)
    with pytest.raises(Refused) as refused:
        safezip.open_zip(buffer.getvalue())
    assert refused.value.code == "zip_too_many"


def test_file_size_limit(monkeypatch, store):
    from geo.io.importer import ImportOptions, import_file

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10)
    report = import_file(store, b"Kategori;Lat;Long\n" * 3,
                         ImportOptions(layer="unsafe_places", kommun_kod="1270"))
    assert report.refused[0] == "too_big"


def test_repairs_outside_places_repeats_and_swaps_are_reported(store):
    from geo.io.importer import ImportOptions, import_file
    from tests.io.conftest import DATA

    def notes(name: str, layer: str) -> tuple[list[str], list[str]]:
        report = import_file(store, (DATA / name).read_bytes(),
                             ImportOptions(layer=layer, kommun_kod="1270"))
        assert report.status == "written", report.to_json()
        return [p.code for p in report.notes], [code for code, _ in report.file_notes]

    assert notes("watch_area_small_loop.geojson", "watch_areas")[0] == ["repaired"]
    assert notes("places_duplicates.csv", "unsafe_places")[0] == ["duplicate_in_file"]
    assert "swapped" in notes("places_latlon_swapped.csv", "unsafe_places")[1]
    assert "mojibake" in notes("places_mojibake.csv", "unsafe_places")[1]
    malmo = "category;source;reported_date;lat;lon\nlighting;survey;2020-03-01;55.605;13.0038\n"
    report = import_file(store, malmo.encode(), ImportOptions(layer="unsafe_places",
                                                              kommun_kod="1270"))
    assert [p.code for p in report.notes] == ["outside_kommun"] and report.created == 1


def test_the_import_checks_the_role_and_municipality(store):
    from geo.access.auth import User
    from geo.io.importer import ImportOptions, import_file
    from tests.io.conftest import DATA, digest

    data = (DATA / "places_excel_sv.csv").read_bytes()
    before = digest(store.path)
    for actor in (User(), User(email="e@staffanstorp.se", role="editor", kommuner=("1230",))):
        report = import_file(store, data, ImportOptions(layer="unsafe_places", kommun_kod="1270",
                                                        actor=actor))
        assert report.refused[0] == "not_allowed"
    assert digest(store.path) == before
    editor = User(email="e@tomelilla.se", role="editor", kommuner=("1270",))
    report = import_file(store, data, ImportOptions(layer="unsafe_places", kommun_kod="1270",
                                                    actor=editor, user=editor.label))
    assert report.created == 3 and set(store.list("unsafe_places")["updated_by"]) == {
        "e@tomelilla.se"}
