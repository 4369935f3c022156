"""Panels from a store: records counted per area in equal windows around the action.

Seven 1 km squares in SWEREF 99 TM (Tomelilla): A (the action's) and B–F beside it
in a row, and G, which overlaps A and so is left out. The action is on 1 June 2020;
windows of 100 days: earlier [2019-12-14, 2020-02-22), before [2020-02-22,
2020-06-01), after [2020-06-01, 2020-09-09).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box

from geo.domain.model import UnsafePlace
from geo.effect import Outcome, estimate
from geo.effect.build import circles, count_panel, overlapping, survey_panel, windows
from geo.store import GeoPackageStore

KOMMUN = "1270"
E0, N0 = 433_000, 6_155_000
DAY = date(2020, 6, 1)
AREAS = "ABCDEF"
_TO_WGS84 = Transformer.from_crs(3006, 4326, always_xy=True)


def wgs84(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(
        _TO_WGS84.transform(xy[:, 0], xy[:, 1])))


def square(i: int) -> shapely.Polygon:
    return box(E0 + 1000 * i, N0, E0 + 1000 * (i + 1), N0 + 1000)


def areas() -> gpd.GeoDataFrame:
    geoms = [square(i) for i in range(len(AREAS))] + [box(E0 + 500, N0, E0 + 1500, N0 + 1000)]
    return gpd.GeoDataFrame({"area_id": [*AREAS, "G"]}, geometry=geoms, crs=3006)


def place(area: int, when: date, source: str = "citizen_dialogue", **extra) -> UnsafePlace:
    return UnsafePlace(kommun_kod=KOMMUN, category="lighting", source=source,
                       reported_date=when.isoformat(),
                       geometry=wgs84(Point(E0 + 1000 * area + 300, N0 + 400)), **extra)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path_factory.mktemp("effect") / "effect.gpkg")
    store.initialize()
    before, after, earlier = DAY - timedelta(days=10), DAY + timedelta(days=10), date(2020, 1, 5)
    records = [place(0, before) for _ in range(3)] + [place(0, after)]
    records += [place(0, after, "web_form") for _ in range(2)] + [place(0, earlier)]
    for i, (b, a) in enumerate([(2, 2), (1, 3), (4, 4), (2, 1), (3, 3)], start=1):
        records += [place(i, before) for _ in range(b)] + [place(i, after) for _ in range(a)]
    records += [place(0, DAY - timedelta(days=201)),            # before every window
                place(0, DAY + timedelta(days=100)),            # the after window has ended
                place(1, after, visibility="internal")]         # not public
    store.create_many(records, "test")
    return store


def test_counts_per_area_and_window(store):
    panel = count_panel(store, "unsafe_places", KOMMUN, areas(), {"A"}, DAY, days=100,
                        today=date(2021, 1, 1))
    assert (panel.outcome, panel.before_days, panel.after_days) == (Outcome.COUNT, 100, 100)
    table = panel.by_area().set_index("area")
    assert "G" not in table.index  # overlaps the action's area
    assert table.loc["A", ["earlier", "before", "after"]].tolist() == [1, 3, 3]
    assert table.loc[list("BCDEF"), "before"].tolist() == [2, 1, 4, 2, 3]
    assert table.loc[list("BCDEF"), "after"].tolist() == [2, 3, 4, 1, 3]
    assert table.loc["A", "treated"] and not table.loc["B", "treated"]
    frame = panel.frame
    assert frame.loc[(frame["area"] == "A") & (frame["source"] == "web_form"), "value"].sum() == 2
    result = estimate(panel)
    assert result.n_controls == 5


def test_windows_shrink_to_the_days_that_have_passed():
    assert windows(DAY, 365, DAY + timedelta(days=30)).days == 30
    bounds = windows(DAY, 100, date(2021, 1, 1)).bounds()
    assert bounds["before"] == (date(2020, 2, 22), DAY)
    assert bounds["earlier"][1] == bounds["before"][0]
    with pytest.raises(ValueError):
        windows(DAY, 100, DAY)


def test_circles_around_places_and_overlap():
    places = {"here": wgs84(Point(E0 + 500, N0 + 500)), "near": wgs84(Point(E0 + 700, N0 + 500)),
              "far": wgs84(Point(E0 + 5000, N0 + 500))}
    rings = circles(places, 150)
    assert rings.crs.to_epsg() == 3006
    assert rings.geometry.area.tolist() == pytest.approx([math.pi * 150**2] * 3, rel=0.01)
    assert overlapping(rings, {"here"}) == ["near"]
    # Squares that only touch along a border are no overlap.
    assert overlapping(areas(), {"B"}) == ["G"]


def test_survey_panel_leaves_out_the_action_year():
    results = pd.DataFrame({
        "kommun_kod": KOMMUN, "area_kind": "deso", "grid_size": None,
        "area_id": ["1270A0010"] * 4 + ["1270A0020"] * 4,
        "year": [2018, 2019, 2020, 2021] * 2,
        "unsafe_evening": [30.0, 35.0, 20.0, 28.0, 25.0, 26.0, 27.0, 25.0],
        "worry_burglary": np.nan, "source": "test"})
    panel = survey_panel(results, "unsafe_evening", "deso", {"1270A0010"}, 2020)
    table = panel.by_area().set_index("area")
    assert table.loc["1270A0010", ["earlier", "before", "after"]].tolist() == [30, 35, 28]
    assert table.loc["1270A0020", ["earlier", "before", "after"]].tolist() == [25, 26, 25]
    assert panel.outcome is Outcome.SHARE and not panel.has_respondents
