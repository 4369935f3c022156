"""The analysis on hand-worked geometry in SWEREF 99 TM (metres), no store involved."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

from geo.coverage.analysis import Features, GridUnits, PolygonUnits, analyse, summary, uncovered

E, N = 394_000, 6_133_000  # SCB square 3940006133000 and its neighbour to the east
A, B = "3940006133000", "3950006133000"
GRID = GridUnits(1000)


def arr(*geoms):
    return np.array(geoms, dtype=object)


def row(result, unit_id):
    units = result.units.set_index("unit_id")
    return units.loc[unit_id]


def test_half_covered_unit_is_fifty_percent():
    result = analyse(GRID, Features(watch=arr(box(E, N, E + 500, N + 1000))))
    assert row(result, A)["covered_share"] == pytest.approx(0.5)
    assert row(result, A)["covered_m2"] == pytest.approx(500_000)


def test_overlapping_watch_areas_are_not_counted_twice():
    # 600 000 + 300 000 m², overlapping on 200 × 500 = 100 000 m²: 800 000 m², not 900 000
    watch = arr(box(E, N, E + 600, N + 1000), box(E + 400, N, E + 1000, N + 500))
    result = analyse(GRID, Features(watch=watch))
    assert row(result, A)["covered_share"] == pytest.approx(0.8)
    same = analyse(GRID, Features(watch=arr(*watch, box(E, N, E + 600, N + 1000))))
    assert row(same, A)["covered_share"] == pytest.approx(0.8)  # a duplicate adds nothing


def test_watch_area_across_two_units_is_split():
    result = analyse(GRID, Features(watch=arr(box(E + 500, N, E + 1500, N + 1000))))
    assert list(result.units["unit_id"]) == [A, B]
    assert list(result.units["covered_m2"]) == pytest.approx([500_000, 500_000])
    assert list(result.units["covered_share"]) == pytest.approx([0.5, 0.5])


def test_watch_area_across_two_polygon_units_is_split():
    units = PolygonUnits(arr("west", "east"), arr(box(0, 0, 100, 100), box(100, 0, 300, 100)))
    result = analyse(units, Features(watch=arr(box(50, 0, 150, 100))))
    assert list(result.units["unit_id"]) == ["east", "west"]  # sorted by id
    assert list(result.units["covered_m2"]) == pytest.approx([5_000, 5_000])
    assert list(result.units["covered_share"]) == pytest.approx([0.25, 0.5])


def test_population_weighting_over_two_units():
    # A: 100 people, half covered → 50; B: 300 people, not covered → 0. 50 / 400 = 12.5 %,
    # where the plain mean of the shares would say 25 %.
    watch = arr(box(E, N, E + 500, N + 1000))
    result = analyse(GRID, Features(watch=watch), population={A: 100, B: 300})
    assert list(result.units["population_covered"]) == pytest.approx([50, 0])
    numbers = summary(result, 0.2)
    assert numbers["population"] == 400
    assert numbers["population_covered"] == pytest.approx(50)
    assert numbers["population_covered_share"] == pytest.approx(0.125)


def test_point_on_a_shared_edge_is_counted_once_on_squares():
    # x = E + 1000 is the edge between A and B: SCB's rule puts it in B (edges go east).
    place = arr(Point(E + 1000, N + 500))
    result = analyse(GRID, Features(places=place, place_ids=arr("p")))
    assert result.units["unsafe_places"].sum() == 1
    assert row(result, B)["unsafe_places"] == 1
    corner = analyse(GRID, Features(findings=arr(Point(E + 1000, N + 1000))))
    assert corner.units["open_findings"].sum() == 1  # a corner of four squares: once


def test_point_on_a_shared_edge_is_counted_once_on_polygons():
    units = PolygonUnits(arr("b", "a"), arr(box(100, 0, 200, 100), box(0, 0, 100, 100)))
    result = analyse(units, Features(places=arr(Point(100, 50)), place_ids=arr("p")))
    assert dict(zip(result.units["unit_id"], result.units["unsafe_places"], strict=True)) == {
        "a": 1, "b": 0}  # the first unit by id
    assert list(result.places["unit_id"]) == ["a"]


def test_counts_and_distance_to_the_nearest_watch_area():
    features = Features(
        watch=arr(box(E, N, E + 500, N + 1000)),
        places=arr(Point(E + 250, N + 500), Point(E + 800, N + 500), Point(E + 1600, N + 500)),
        place_ids=arr("inside", "300 m", "1100 m"),
        findings=arr(Point(E + 700, N + 100)),
        activities=arr(None, LineString([(E + 1100, N + 100), (E + 1300, N + 100)])),
    )
    result = analyse(GRID, features)
    assert list(result.places["distance_m"]) == pytest.approx([0, 300, 1100])
    assert list(result.places["unit_id"]) == [A, A, B]
    assert row(result, A)["max_distance_m"] == pytest.approx(300)
    assert (row(result, A)["unsafe_places"], row(result, A)["open_findings"]) == (2, 1)
    assert (row(result, B)["activities"], row(result, A)["activities"]) == (1, 0)
    assert row(result, A)["demand"] == 3


def test_no_watch_areas_means_no_coverage_and_no_distance():
    result = analyse(GRID, Features(places=arr(Point(E + 1, N + 1)), place_ids=arr("p")))
    assert row(result, A)["covered_share"] == 0
    assert np.isnan(result.places["distance_m"][0])
    assert summary(result, 0.2)["median_distance_m"] is None


def test_uncovered_ranks_by_demand_and_respects_the_threshold():
    features = Features(
        watch=arr(box(E, N, E + 100, N + 1000)),  # A 10 %
        places=arr(Point(E + 500, N + 500), Point(E + 1500, N + 500), Point(E + 1600, N + 500)),
        place_ids=arr("a", "b1", "b2"),
    )
    result = analyse(GRID, features, population={A: 10, "3960006133000": 500})
    ranked = uncovered(result, 0.2)
    assert list(ranked["unit_id"]) == [B, A, "3960006133000"]  # demand first, then people
    assert list(ranked["rank"]) == [1, 2, 3]
    assert list(uncovered(result, 0.05)["unit_id"]) == [B, "3960006133000"]
    with pytest.raises(ValueError):
        uncovered(result, 1.5)


def test_population_squares_outside_the_municipality_are_left_out():
    boundary = box(E, N, E + 2000, N + 1000)
    result = analyse(GRID, Features(), population={A: 5, "3990006133000": 7}, boundary=boundary)
    assert list(result.units["unit_id"]) == [A]
    assert result.population_unmatched == 1


def test_polygon_units_outside_the_boundary_are_left_out():
    units = PolygonUnits(arr("in", "out"), arr(box(0, 0, 10, 10), box(50, 50, 60, 60)))
    result = analyse(units, Features(), boundary=box(0, 0, 20, 20))
    assert list(result.units["unit_id"]) == ["in"]


def test_repeated_unit_ids_are_refused():
    with pytest.raises(ValueError, match="repeats"):
        PolygonUnits(arr("x", "x"), arr(box(0, 0, 1, 1), box(1, 0, 2, 1)))
