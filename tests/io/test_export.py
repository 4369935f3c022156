"""Exports hold exactly the filter's features; GeoJSON round-trips; public means public."""

from __future__ import annotations

import csv
import io
import json

import pyogrio
import pytest
from openpyxl import load_workbook

from geo import config
from geo.domain.filters import Filter
from geo.domain.model import LAYERS
from geo.io import export as exporting
from geo.io.importer import ImportOptions, import_file
from geo.map import view
from tests import fixture_data as fx

EVERY_YEAR = Filter("1270", config.FIRST_YEAR, config.LAST_YEAR)
STAMPS = ("updated_at", "updated_by", "version")


def test_geojson_round_trip_loses_nothing(fixture_store, empty_store):
    frames = exporting.select(fixture_store, EVERY_YEAR, LAYERS, public=False)
    assert sum(map(len, frames.values())) == 12  # every record, internal ones too
    for layer in ("walks", *[name for name in LAYERS if name != "walks"]):  # walks first
        data = exporting.export({layer: frames[layer]}, "geojson")
        report = import_file(empty_store, data, ImportOptions(layer=layer, kommun_kod="1270"))
        assert report.status == "written" and report.created == len(frames[layer]), \
            report.to_json()
        for record_id in frames[layer]["id"]:
            original = fixture_store.get(layer, record_id)
            copy = empty_store.get(layer, record_id)
            assert copy is not None
            assert copy.replace(**{s: getattr(original, s) for s in STAMPS}) == original
            assert copy.geometry is None or copy.geometry.equals_exact(original.geometry, 0)
        again = import_file(empty_store, data, ImportOptions(layer=layer, kommun_kod="1270"))
        assert again.status == "nothing_new"


@pytest.mark.parametrize("flt", [
    Filter("1270", 2020, 2020), Filter("1270", 2020, 2020, pledge="tomelilla-2020"),
    Filter("1270", 2019, 2020, pledge="none"), Filter("1270", 2016, 2021,
                                                      categories=("lighting",)),
])
def test_every_format_holds_the_maps_features(fixture_store, tmp_path, flt):
    expected = view.counts(view.select(fixture_store, flt))  # the map's numbers
    frames = exporting.select(fixture_store, flt, LAYERS, public=True)
    assert {layer: len(frame) for layer, frame in frames.items()} == expected
    path = tmp_path / "all.gpkg"
    path.write_bytes(exporting.export(frames, "gpkg"))
    written = {name: len(pyogrio.read_dataframe(path, layer=name))
               for name, _ in pyogrio.list_layers(path)}
    assert written == expected
    book = load_workbook(io.BytesIO(exporting.export(frames, "xlsx")), read_only=True)
    assert {ws.title: len(list(ws.iter_rows())) - 1 for ws in book.worksheets} == expected
    for layer in LAYERS:
        one = {layer: frames[layer]}
        geojson = json.loads(exporting.export(one, "geojson"))
        assert len(geojson["features"]) == expected[layer]
        rows = list(csv.reader(io.StringIO(exporting.export(one, "csv").decode("utf-8-sig")),
                               delimiter=";"))
        assert len(rows) - 1 == expected[layer]


def _exported_text(frames, fmt: str, tmp_path) -> str:
    """Everything an export holds, as text (XLSX is a zip: read its cells)."""
    data = exporting.export(frames, fmt)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(cell) for ws in book.worksheets
                         for row in ws.iter_rows(values_only=True) for cell in row)
    if fmt == "gpkg":
        path = tmp_path / "export.gpkg"
        path.write_bytes(data)
        return "\n".join(pyogrio.read_dataframe(path, layer=layer).to_csv()
                         for layer, _ in pyogrio.list_layers(path))
    return data.decode("utf-8-sig")


def test_public_export_has_no_private_field_or_record(fixture_store, tmp_path):
    frames = exporting.select(fixture_store, EVERY_YEAR, LAYERS, public=True)
    exports = {fmt: _exported_text(frames, fmt, tmp_path) for fmt in ("gpkg", "xlsx")}
    for fmt in ("csv", "geojson"):  # one layer per file
        exports[fmt] = "\n".join(_exported_text({layer: frames[layer]}, fmt, tmp_path)
                                 for layer in LAYERS)
    for fmt, text in exports.items():
        assert "Grannsamverkan Ekvägen" in text, fmt  # the export holds the public records
        for private in fx.PRIVATE_TEXTS:  # contact names, phone numbers, internal notes
            assert private not in text, (fmt, private)
    areas = json.loads(exporting.export({"watch_areas": frames["watch_areas"]}, "geojson"))
    assert all("contact_person" not in f["properties"] for f in areas["features"])
    internal = exporting.select(fixture_store, EVERY_YEAR, ["watch_areas"], public=False)
    assert fx.SECRET.encode() in exporting.export(internal, "geojson")


def test_open311_service_requests(fixture_store):
    frames = exporting.select(fixture_store, Filter("1270", 2020, 2020), ["findings"],
                              public=True)
    requests = json.loads(exporting.export(frames, "open311", "en"))
    assert len(requests) == 2
    by_status = {r["status_notes"]: r for r in requests}
    done = by_status["Done"]
    assert done["status"] == "closed" and done["updated_datetime"].startswith("2020-11-01T00:00")
    still = next(r for r in requests if r is not done)
    assert still["status"] == "open"
    assert done["agency_responsible"] == "Municipality" and done["service_code"] == "lighting"
    assert {"service_request_id", "requested_datetime", "expected_datetime", "lat", "long",
            "description"} <= set(done)
    with pytest.raises(ValueError, match="findings"):
        exporting.export({"unsafe_places": frames["findings"]}, "open311")


def test_spreadsheets_never_run_exported_text(fixture_store):
    frame = exporting.select(fixture_store, Filter("1270", 2020, 2020), ["unsafe_places"],
                             public=True)["unsafe_places"].copy()
    frame.loc[0, "description"] = '=HYPERLINK("http://x","klicka")'
    text = exporting.export({"unsafe_places": frame}, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(exporting.export({"unsafe_places": frame}, "xlsx")))[
        "unsafe_places"]
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER")]
    assert cells and all(c.data_type == "s" for c in cells)
