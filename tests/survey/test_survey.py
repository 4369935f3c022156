"""Survey import: bad tables refused clearly, good ones joined on every kind of area."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import LineString, box

from geo.coverage import grid
from geo.example import survey as example_survey
from geo.spatial import boundaries
from geo.survey import map as survey_map
from geo.survey import results as survey

TO_GRID = Transformer.from_crs(4326, 3006, always_xy=True)
X, Y = TO_GRID.transform(13.9531, 55.5439)  # Tomelilla town centre
SQUARE = grid.point_id(X, Y, 1000)
OUTSIDE = grid.point_id(X + 200_000, Y + 200_000, 1000)


def _table(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype(str)


def _areas(ids: list[str]) -> gpd.GeoDataFrame:
    shapes = [box(13.9 + i * 0.01, 55.5, 13.905 + i * 0.01, 55.505) for i in range(len(ids))]
    return gpd.GeoDataFrame({"area_id": ids}, geometry=shapes, crs=4326)


def test_missing_columns_are_named() -> None:
    with pytest.raises(survey.SurveyError, match="missing columns: year; at least one of"):
        survey.validate(_table([{"rutid_scb": SQUARE}]), "1270", "grid")


def test_unknown_area_codes_are_listed() -> None:
    table = _table([{"deso": "1270A0010", "year": 2020, "unsafe_evening": 20},
                    {"deso": "1263A0001", "year": 2020, "unsafe_evening": 20},
                    {"deso": "1270X9", "year": 2020, "unsafe_evening": 20}])
    with pytest.raises(survey.SurveyError) as refused:
        survey.validate(table, "1270", "deso")
    assert refused.value.problems == ["unknown area codes (2): 1263A0001, 1270X9"]
    with pytest.raises(survey.SurveyError, match=r"\(2\): 1270A0010, Öster"):
        survey.validate(_table([{"district": "1270A0010", "year": 2020, "worry_burglary": 1},
                                {"district": "Öster", "year": 2020, "worry_burglary": 1},
                                {"district": "Väster", "year": 2020, "worry_burglary": 1}]),
                        "1270", "district", known_areas={"Väster"})
    boundary = boundaries.boundary("1270")
    with pytest.raises(survey.SurveyError, match=rf"\(2\): {OUTSIDE}, 123"):
        survey.validate(_table([{"rutid_scb": OUTSIDE, "year": 2020, "unsafe_evening": 5},
                                {"rutid_scb": "123", "year": 2020, "unsafe_evening": 5},
                                {"rutid_scb": SQUARE, "year": 2020, "unsafe_evening": 5}]),
                        "1270", "grid", boundary=boundary)


def test_values_out_of_range_and_not_numbers_are_listed_by_row() -> None:
    table = _table([{"regso": "1270R001", "year": 2020, "unsafe_evening": "101",
                     "worry_burglary": "12,5"},
                    {"regso": "1270R002", "year": 2020, "unsafe_evening": "-1",
                     "worry_burglary": "mycket"},
                    {"regso": "1270R003", "year": "20x0", "unsafe_evening": "100 %",
                     "worry_burglary": ""}])
    with pytest.raises(survey.SurveyError) as refused:
        survey.validate(table, "1270", "regso")
    assert refused.value.problems == [
        "years that are not years (1): row 4: '20x0'",
        "unsafe_evening: values out of range 0–100 % (2): row 2: 101, row 3: -1",
        "worry_burglary: not numbers (1): row 3: 'mycket'",
    ]


def test_an_area_twice_in_a_year_is_refused() -> None:
    table = _table([{"rutid_scb": SQUARE, "year": 2020, "unsafe_evening": 1}] * 2)
    with pytest.raises(survey.SurveyError, match="given twice"):
        survey.validate(table, "1270", "grid")


@pytest.mark.parametrize("kind,column,codes", [
    ("deso", "desokod", ["1270A0010", "1270C0020"]),
    ("regso", "regso", ["1270R001", "1270R002"]),
    ("district", "omrade", ["Centrum", "Väster"]),
])
def test_good_tables_join_on_polygon_areas(kind: str, column: str, codes: list[str]) -> None:
    table = _table([{column: code, "year": year, "unsafe_evening": "22,5",
                     "worry_burglary": 30} for code in codes for year in (2019, 2020)])
    areas = _areas(codes)
    results = survey.validate(table, "1270", kind, known_areas=set(codes))
    assert list(results.columns) == list(survey.COLUMNS)
    assert results["unsafe_evening"].tolist() == [22.5] * 4
    joined = survey.join(results, areas)
    assert len(joined) == 4
    assert joined.set_index(["area_id", "year"]).geometry.loc[(codes[1], 2020)].equals(
        areas.geometry.iloc[1])
    with pytest.raises(survey.SurveyError, match="unknown area codes"):
        survey.join(results, areas.iloc[:1])


def test_good_grid_table_joins_on_its_squares() -> None:
    table = _table([{"rutid_scb": SQUARE, "year": 2020, "unsafe_evening": 30}])
    results = survey.validate(table, "1270", "grid", boundary=boundaries.boundary("1270"))
    joined = survey.join(results)
    east, north = grid.parse_id(SQUARE, 1000)
    square = gpd.GeoSeries(joined.geometry, crs=4326).to_crs(3006).iloc[0]
    assert square.bounds == pytest.approx((east, north, east + 1000, north + 1000), abs=0.01)
    assert square.contains(gpd.points_from_xy([X], [Y])[0])


def test_example_results_are_deterministic_and_labelled() -> None:
    made = example_survey.for_codes(["0138", "1230", "1263", "1270"])
    assert set(made["kommun_kod"]) == {"0138", "1230", "1263", "1270"}
    assert set(made["source"]) == {"example"} and set(made["area_kind"]) == {"grid"}
    assert made[list(survey.MEASURES)].stack().between(0, 100).all()
    fresh = example_survey.generate({"1270": [(13.9531, 55.5439)]}, range(2016, 2022))
    assert fresh.equals(example_survey.generate({"1270": [(13.9531, 55.5439)]},
                                                range(2016, 2022)))


FIXTURES = Path(__file__).resolve().parents[1] / "data" / "survey"


@pytest.mark.parametrize("kind", ["deso", "regso", "district"])
def test_fixture_tables_join_on_their_polygon_files(kind: str) -> None:
    areas = survey.read_areas(FIXTURES / f"{kind}_areas.geojson")
    results = survey.validate(survey.read_table(FIXTURES / f"{kind}_good.csv"), "1270", kind,
                              known_areas=set(areas["area_id"]))
    joined = survey.join(results, areas)
    assert sorted(set(joined["area_id"])) == sorted(areas["area_id"])
    squares = joined.to_crs(3006).geometry
    assert squares.area.round().eq(1_000_000).all()  # the fixture's 1 km squares, intact
    with pytest.raises(survey.SurveyError) as refused:
        survey.validate(survey.read_table(FIXTURES / f"{kind}_bad.csv"), "1270", kind,
                        known_areas=set(areas["area_id"]))
    assert refused.value.problems[0] == "unknown area codes (1): 1270X9"


def test_the_layer_escapes_area_names_and_counts_activities() -> None:
    areas = survey.read_areas(FIXTURES / "district_areas.geojson")
    results = survey.validate(survey.read_table(FIXTURES / "district_good.csv"), "1270",
                              "district", known_areas=set(areas["area_id"]))
    joined = survey.join(results[results["year"] == 2020], areas)
    first, second = (g.representative_point() for g in joined.geometry.iloc[:2])
    activities = gpd.GeoDataFrame(  # one in each of the first two, one walk across both
        geometry=[first, second, LineString([first, second]), None], crs=4326)
    counts = survey.activities_per_area(joined, activities)
    assert counts == [2, 2, 0]  # an activity touching two areas counts for both
    collection = survey_map.geojson(joined, "unsafe_evening", counts, "en")
    labels = [f["properties"]["label"] for f in collection["features"]]
    assert "&lt;b&gt;Öster&lt;/b&gt; &amp; &#36;&#123;x&#125;: 31.5 % · activities: 0" in labels
    assert not any("<b>" in label or "${" in label for label in labels)
    fills = [f["properties"]["fill"] for f in collection["features"]]
    assert fills == [survey_map.CLASS_COLOURS[2]] * 2 + [survey_map.CLASS_COLOURS[3]]
