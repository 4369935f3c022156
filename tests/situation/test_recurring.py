"""The clustering of recurring places, by hand on points in metres."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Point

from geo.situation.recurring import groups


def _points(*xy):
    return np.array([Point(x, y) if x is not None else None for x, y in xy], dtype=object)


def test_a_chain_is_one_place_and_a_loner_none():
    pts = _points((0, 0), (40, 0), (80, 0), (500, 0), (530, 0), (2000, 0))
    assert groups(pts, 50) == [[0, 1, 2], [3, 4]]
    assert groups(pts, 35) == [[3, 4]]
    assert groups(pts, 40) == [[0, 1, 2], [3, 4]]  # exactly D apart: neighbours
    assert groups(pts, 50, min_records=3) == [[0, 1, 2]]


def test_missing_points_and_nothing():
    assert groups(_points((None, None), (0, 0), (1, 1)), 5) == [[1, 2]]
    assert groups(np.array([], dtype=object), 5) == []
    with pytest.raises(ValueError):
        groups(_points((0, 0)), -1)
