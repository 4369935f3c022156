"""SWEREF 99 local zones: recognised by the municipality the places lie in, or asked for.

A municipality's GIS often works in its own zone (Skåne in 13 30, Stockholm in 18 00) and a
CSV carries no ``.prj``. Read in the wrong zone the places move by 45 km or more, out of an
ordinary municipality: the one zone that keeps them inside is taken. In a municipality as
wide as Kiruna several zones do, and the user is asked for the zone instead of a guess.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from geo.io import crs
from geo.io.errors import Refused
from geo.spatial import boundaries


def _points(kommun: str, n: int = 25) -> list[tuple[float, float]]:
    """Points spread over ``kommun`` (inside it), WGS 84."""
    shape = boundaries.boundary(kommun)
    west, south, east, north = shape.bounds
    grid = [(west + (east - west) * i / 6, south + (north - south) * j / 6)
            for i in range(1, 6) for j in range(1, 6)]
    inside = boundaries.inside(kommun, shapely.points(grid))
    return [p for p, ok in zip(grid, inside, strict=True) if ok][:n]


def _in(points: list[tuple[float, float]], epsg: int) -> tuple[np.ndarray, np.ndarray]:
    to = Transformer.from_crs(4326, epsg, always_xy=True)
    x, y = to.transform([p[0] for p in points], [p[1] for p in points])
    return np.asarray(x), np.asarray(y)


def test_every_zone_is_offered_with_its_name():
    assert sorted(crs.LOCAL_ZONES) == list(range(3007, 3019))
    assert crs.zone_label(3008) == "SWEREF 99 13 30 (EPSG:3008)"
    for epsg in crs.LOCAL_ZONES:  # the names are pyproj's, spaced as Lantmäteriet writes them
        assert crs.LOCAL_ZONES[epsg].replace(" ", "") == \
            crs.CRS.from_epsg(epsg).name.replace(" ", "")


@pytest.mark.parametrize(("kommun", "epsg"), [("1270", 3008), ("1230", 3008), ("0180", 3011),
                                              ("0880", 3010), ("1280", 3008)])
def test_the_zone_that_keeps_the_places_in_the_municipality_is_recognised(kommun, epsg):
    x, y = _in(_points(kommun), epsg)
    decision = crs.decide(x, y, None, "file", kommun)
    assert decision.source == "municipality" and decision.crs.to_epsg() == epsg
    assert decision.share == 1.0


def test_without_a_municipality_the_local_zone_is_refused_as_before():
    x, y = _in(_points("1270"), 3008)
    with pytest.raises(Refused) as refused:
        crs.decide(x, y, None, "file")
    assert refused.value.code == "crs_looks_local"


def test_places_of_another_municipality_fit_no_zone():
    x, y = _in(_points("1270"), 3008)
    with pytest.raises(Refused) as refused:
        crs.decide(x, y, None, "file", "0180")
    assert refused.value.code == "crs_looks_local"
    assert "EPSG:3007–3018" in refused.value.text("sv")


def test_a_municipality_wide_enough_for_several_zones_asks_for_the_zone():
    town = [(20.22 + dx, 67.855 + dy) for dx in (-0.02, 0, 0.02) for dy in (-0.01, 0, 0.01)]
    x, y = _in(town, 3016)  # places in Kiruna's town, 100 km from the municipality's edges
    with pytest.raises(Refused) as refused:
        crs.decide(x, y, None, "file", "2584")
    assert refused.value.code == "crs_local_ambiguous"
    assert "SWEREF 99 20 15 (EPSG:3016)" in refused.value.text("sv")
