"""The analysis read from a store, its exports and its choropleth (hand-worked fixture)."""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Polygon, box

from geo.coverage import analysis, display, service, units
from geo.store import GeoPackageStore
from tests.coverage import fixture as fx


@pytest.fixture(scope="module")
def result(coverage_db):
    store = GeoPackageStore(coverage_db)
    return service.run(store, service.year_filter(fx.KOMMUN, fx.YEAR), units.grid("grid1000"))


def test_store_analysis_matches_the_hand_worked_numbers(result):
    by_id = result.units.set_index("unit_id")
    assert list(by_id.index) == [fx.A, fx.B, fx.C]
    assert by_id["covered_share"].to_dict() == pytest.approx(fx.SHARES, abs=1e-4)
    assert by_id["demand"].to_dict() == fx.DEMAND
    assert by_id.loc[fx.C, "open_findings"] == 1  # planned counts, done does not
    assert by_id.loc[fx.A, "activities"] == 1  # the one without a place is not placed
    assert by_id.loc[fx.A, "max_distance_m"] == pytest.approx(125, abs=0.01)


def test_public_view_only(result):
    # the internal watch area and the internal place in C are not seen
    assert result.units.set_index("unit_id").loc[fx.C, "covered_m2"] == 0
    assert len(result.places) == 4


@pytest.mark.parametrize("threshold", sorted(fx.RANKED))
def test_threshold_chooses_the_ranked_list(result, threshold):
    assert list(service.ranked(result, threshold / 100)["unit_id"]) == fx.RANKED[threshold]


def test_csv_export_is_the_list_as_the_page_shows_it(result):
    """Swedish headings, the share in percent, no population columns without population."""
    ranked = service.ranked(result, 0.6)
    table = service.ranked_table(ranked).drop(columns=["population", "population_covered"])
    table["covered_share"] = (table["covered_share"] * 100).round(2)
    back = pd.read_csv(io.BytesIO(service.csv_bytes(ranked, "sv", "rfc4180")),
                       dtype={"Område": str})
    assert list(back.columns) == [
        "Prioritet", "Område", "Täckt yta (m²)", "Täckt andel (%)", "Otrygga platser",
        "Öppna brister", "Genomförda aktiviteter", "Längsta avstånd till grannsamverkan (m)",
        "Efterfrågan"]
    back.columns = list(table.columns)
    pd.testing.assert_frame_equal(back, table, check_dtype=False)


def test_geopackage_export_is_the_list_in_sweref(result, tmp_path):
    ranked = service.ranked(result, 0.6)
    path = tmp_path / "out.gpkg"
    path.write_bytes(service.to_gpkg(ranked))
    back = pyogrio.read_dataframe(path, layer=service.EXPORT_LAYER)
    assert back.crs.to_epsg() == 3006
    pd.testing.assert_frame_equal(pd.DataFrame(back.drop(columns="geometry")),
                                  service.ranked_table(ranked), check_dtype=False)
    assert back.geometry.area.round().tolist() == [1_000_000] * 3


def test_empty_list_still_exports(result, tmp_path):
    ranked = service.ranked(result, 0.0)
    assert ranked.empty
    path = tmp_path / "empty.gpkg"
    path.write_bytes(service.to_gpkg(ranked))
    assert len(pyogrio.read_dataframe(path)) == 0
    assert service.csv_bytes(ranked).decode().startswith("\ufeffPrioritet;Område;")


def test_choropleth_is_wgs84_escaped_and_flags_the_list(result):
    collection = display.choropleth_geojson(result, [fx.B], "sv")
    flags = {f["properties"]["id"]: f["properties"]["u"] for f in collection["features"]}
    assert flags == {fx.A: 0, fx.B: 1, fx.C: 0}
    lon, lat = collection["features"][0]["geometry"]["coordinates"][0][0]
    assert 13 < lon < 15 and 55 < lat < 56
    classes = [f["properties"]["k"] for f in collection["features"]]
    assert classes == [display.share_class(s) for s in (0.5, 0.1, 0.0)] == [3, 1, 0]


def test_unit_ids_from_a_file_reach_the_map_escaped():
    units_ = analysis.PolygonUnits(np.array([fx.PAYLOAD], dtype=object),
                                   np.array([box(0, 0, 10, 10)], dtype=object))
    collection = display.choropleth_geojson(analysis.analyse(units_, analysis.Features()),
                                            [], "en")
    text = str(collection)
    assert "<img" not in text and "${" not in text and "onerror=alert(1)" in text


def test_simplify_coverage_leaves_no_gaps_between_neighbours():
    # two units sharing a wiggly edge of many vertices
    edge = [(0, y) for y in range(0, 1001, 10)]
    wiggle = [(x + (3 if i % 2 else -3), y) for i, (x, y) in enumerate(edge)]
    west = Polygon([(-500, 1000), (-500, 0), *wiggle])
    east = Polygon([*wiggle, (500, 1000), (500, 0)][::-1])
    frame = gpd.GeoDataFrame({"unit_id": ["w", "e"]}, geometry=[west, east], crs=3006)
    simple = display.simplified(frame, tolerance=20)
    assert sum(len(g.exterior.coords) for g in simple) < sum(len(g.exterior.coords) for g in
                                                              frame.geometry)
    assert simple.iloc[0].intersection(simple.iloc[1]).area == pytest.approx(0, abs=1e-6)
    union = simple.union_all()
    assert union.geom_type == "Polygon" and not list(union.interiors)
    assert union.area == pytest.approx(simple.area.sum())


def test_place_distances_table(result, coverage_db):
    frames = service.read_frames(GeoPackageStore(coverage_db),
                                 service.year_filter(fx.KOMMUN, fx.YEAR))
    table = service.place_distances(result, frames["unsafe_places"])
    assert list(table["distance_m"]) == [1275.0, 375.0, 275.0, 125.0]
    assert set(table["category"]) == {"lighting"}
