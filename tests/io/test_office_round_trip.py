"""What came in from a municipal GIS goes back the same way: import → export → import.

An office's CSV in SWEREF 99 13 30 (Skåne's zone, no ``.prj``) is imported, exported for
staff as Swedish Excel reads it with ``N``/``E`` in the same zone, and that export is
imported into a second, empty store: every field of every record is the same (the
case number, the columns kept as extra information, a text that looks like a formula
among them) and the coordinates are the file's to the centimetre.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
from pyproj import Transformer

from geo.domain.filters import Filter
from geo.io import export, sheet
from geo.io.importer import ImportOptions, import_file
from geo.io.report import WRITTEN
from geo.store import GeoPackageStore
from tests.io.conftest import seed

ZONE = 3008  # SWEREF 99 13 30
#: Fields the store sets on every write, not carried by a file.
BOOKKEEPING = {"updated_at", "updated_by", "version", "geometry"}
#: The office file: Tomelilla's places in SWEREF 99 13 30 with centimetres, Windows-1252.
OFFICE_CSV = (
    "Ärendenr;Plats;Beskrivning;Kategori;Datum;Status;Åtgärdad;Handläggare;N;E\r\n"
    "KS 2024/101;Stortorget;Mörkt vid busshållplatsen;Belysning;2024-03-04;Aktiv;;"
    "Eva Ek;6157774,91;178596,43\r\n"
    "KS 2024/102;Gångtunneln;=klotter+glas (skrivet så);Skadegörelse;2024-03-11;Åtgärdad;"
    "2024-06-01;Ali Ay;6158223,14;179035,36\r\n"
    "KS 2024/117;Parken bakom kyrkan;-buskage skymmer;Växtlighet;2024-04-02;Aktiv;;;"
    "6157438,87;178282,95\r\n"
).encode("cp1252")


def as_swedish_excel(data: bytes) -> list[list[str]]:
    """The rows as Swedish Excel reads the file: UTF-8 after its BOM, ``;`` between cells."""
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _import(store: GeoPackageStore, data: bytes, name: str, **fixed: str):
    report = import_file(store, data, ImportOptions(
        layer="unsafe_places", kommun_kod="1270", file_name=name, fixed=fixed or None))
    assert report.status == WRITTEN, report.text_lines("sv")
    return report


def _records(store: GeoPackageStore) -> dict[str, dict]:
    frame = store.list("unsafe_places", public=False)
    return {row["case_number"]: store.get("unsafe_places", row["id"])
            for _, row in frame.iterrows()}


def _office_points() -> dict[str, tuple[float, float]]:
    rows = csv.DictReader(io.StringIO(OFFICE_CSV.decode("cp1252")), delimiter=";")
    return {row["Ärendenr"]: (float(row["E"].replace(",", ".")),
                              float(row["N"].replace(",", "."))) for row in rows}


def _kept(value):
    """A value as a spreadsheet keeps it: a time to the second (Excel shows no more)."""
    return value.replace(microsecond=0) if isinstance(value, datetime) else value


@pytest.fixture
def empty(tmp_path) -> GeoPackageStore:
    return seed(GeoPackageStore(tmp_path / "second.gpkg"))


def test_an_office_file_in_sweref_99_13_30_goes_out_and_back_unchanged(store, empty):
    first = _import(store, OFFICE_CSV, "platser.csv", source="Medborgardialog")
    assert "3008" in first.crs  # recognised: only in this zone do the places lie in Tomelilla
    frames = export.select(store, Filter("1270", 2024, 2024), ["unsafe_places"], public=False)
    data = export.export(frames, "csv", "sv", coords=f"EPSG:{ZONE}")
    assert len(as_swedish_excel(data)[0]) > 10  # one cell per field, not one per line
    second = _import(empty, data, "export.csv")
    assert "3008" in second.crs
    # Every column is a field again, but the store's own bookkeeping (set anew, listed).
    assert set(second.ignored_columns) == {sheet.header(name, "sv") for name in (
        "updated_at", "updated_by", "version", "deleted_at", "deleted_reason")}
    assert second.extra_columns == [sheet.header("extra", "sv")]  # unpacked into extra

    before, after = _records(store), _records(empty)
    assert set(before) == set(after) == {"KS 2024/101", "KS 2024/102", "KS 2024/117"}
    to_zone = Transformer.from_crs(4326, ZONE, always_xy=True)
    office = _office_points()
    for case, record in before.items():
        again = after[case]
        for name in type(record).field_names():
            if name not in BOOKKEEPING:
                assert _kept(getattr(again, name)) == _kept(getattr(record, name)), (case, name)
        for kept in (record, again):
            east, north = to_zone.transform(kept.geometry.x, kept.geometry.y)
            assert abs(east - office[case][0]) < 0.01 and abs(north - office[case][1]) < 0.01
    kept = json.loads(before["KS 2024/101"].extra)
    assert kept == {"Plats": "Stortorget", "Handläggare": "Eva Ek"}
    assert after["KS 2024/102"].description == "=klotter+glas (skrivet så)"
    assert after["KS 2024/102"].resolved_date == date(2024, 6, 1)
