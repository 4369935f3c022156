"""SCB square ids: the lower-left corner, E in 6 digits then N in 7 (see geo.coverage.grid)."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer

from geo.coverage import grid


def test_published_scb_square_id():
    # SCB's layer stat:befolkning_1km_2025 has the row rutid_scb "3940006133000",
    # rutid_inspire "SE_CRS3006RES1000mN6133000E394000", rutstorl 1000.
    assert grid.point_id(394_500, 6_133_500, 1000) == "3940006133000"
    assert grid.inspire_id(394_000, 6_133_000, 1000) == "SE_CRS3006RES1000mN6133000E394000"
    assert grid.parse_id("3940006133000", 1000) == (394_000, 6_133_000)


@pytest.mark.parametrize(("x", "y", "size", "expected"), [
    (394_000.0, 6_133_000.0, 1000, "3940006133000"),  # the corner itself is inside
    (394_999.99, 6_133_999.99, 1000, "3940006133000"),
    (395_000.0, 6_133_500.0, 1000, "3950006133000"),  # the east edge belongs to the next
    (393_999.99, 6_133_500.0, 1000, "3930006133000"),
    (394_260.0, 6_133_260.0, 250, "3942506133250"),
    (394_249.9, 6_133_250.0, 250, "3940006133250"),
])
def test_ids_for_known_coordinates(x, y, size, expected):
    assert grid.point_id(x, y, size) == expected


def test_a_wgs84_place_gets_the_square_of_its_sweref_coordinates():
    to_sweref = Transformer.from_crs(4326, 3006, always_xy=True).transform
    x, y = to_sweref(13.9537, 55.5446)  # Tomelilla: E 433 980.6, N 6 155 893.8
    assert (round(x), round(y)) == (433_981, 6_155_894)
    assert grid.point_id(x, y, 1000) == "4330006155000"
    assert grid.point_id(x, y, 250) == "4337506155750"


def test_inspire_id_carries_the_size():
    assert grid.inspire_id(394_250, 6_133_250, 250) == "SE_CRS3006RES250mN6133250E394250"


@pytest.mark.parametrize("bad", ["394000613300", "39400061330000", "39400O6133000",
                                 "0940006133000", "3940004133000"])
def test_malformed_ids_are_refused(bad):
    with pytest.raises(ValueError):
        grid.parse_id(bad, 1000)


def test_an_id_off_the_grid_size_is_refused():
    assert grid.parse_id("3942506133250", 250) == (394_250, 6_133_250)
    with pytest.raises(ValueError, match="1000 m grid"):
        grid.parse_id("3942506133250", 1000)


def test_only_scb_sizes():
    with pytest.raises(ValueError):
        grid.point_id(394_500, 6_133_500, 500)


def test_keys_round_trip_and_sort_like_ids():
    east = np.array([394_000, 394_000, 395_000])
    north = np.array([6_134_000, 6_133_000, 6_133_000])
    keys = grid.keys(east, north)
    assert list(zip(*grid.from_keys(keys), strict=True)) == list(zip(east, north, strict=True))
    ids = grid.square_ids(east, north)
    assert list(ids[np.argsort(keys)]) == sorted(ids)
