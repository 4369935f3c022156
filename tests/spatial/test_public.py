"""The public view: sensitive places only as a 250 m square, nothing private anywhere."""

from __future__ import annotations

import geopandas as gpd
import pytest
from pyproj import Transformer
from shapely.geometry import Point

from geo.domain.filters import Filter
from geo.map import view
from geo.spatial.public import generalise
from tests import fixture_data as fx

TO_GRID = Transformer.from_crs(4326, 3006, always_xy=True)


def frame(*rows: tuple[str, Point]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"category": [c for c, _ in rows], "id": list("abcdef"[:len(rows)])},
                            geometry=[p for _, p in rows], crs=4326)


def test_sensitive_points_move_to_the_centre_of_their_250_m_square():
    exact = Point(13.9537, 55.5446)
    out = generalise("unsafe_places", frame(("drugs", exact), ("lighting", exact)))
    moved, kept = out.geometry.iloc[0], out.geometry.iloc[1]
    assert kept.equals(exact)  # not sensitive: exact
    x, y = TO_GRID.transform(moved.x, moved.y)
    assert round(x) % 250 == 125 and round(y) % 250 == 125  # a square's centre
    ex, ey = TO_GRID.transform(exact.x, exact.y)
    assert abs(x - ex) <= 125.5 and abs(y - ey) <= 125.5  # its own square


def test_two_places_in_one_square_become_one_point_and_the_input_is_unchanged():
    first, second = Point(13.9537, 55.5446), Point(13.9538, 55.5447)
    original = frame(("harassment", first), ("harassment", second))
    out = generalise("findings", original)
    assert out.geometry.iloc[0].equals(out.geometry.iloc[1])
    assert original.geometry.iloc[0].equals(first)


def test_categories_are_configurable(monkeypatch):
    monkeypatch.setenv("TRYGGHETSKARTAN_SENSITIVE", "lighting")
    exact = Point(13.9537, 55.5446)
    out = generalise("unsafe_places", frame(("drugs", exact), ("lighting", exact)))
    assert out.geometry.iloc[0].equals(exact) and not out.geometry.iloc[1].equals(exact)


@pytest.fixture
def store(tmp_path):
    return fx.build(tmp_path / "public.gpkg")


def test_public_view_generalises_and_editors_see_exact(store):
    from geo.domain.model import UnsafePlace

    exact = Point(13.9551, 55.5452)
    store.create(UnsafePlace(kommun_kod="1270", geometry=exact, category="drugs",
                             source="police", reported_date="2020-04-01"), "test")
    flt = Filter("1270", 2020, 2020, categories=("drugs",))
    public = view.select(store, flt, ["unsafe_places"])["unsafe_places"]
    internal = view.select(store, flt, ["unsafe_places"], public=False)["unsafe_places"]
    assert len(public) == 1  # the internal drugs place of the fixture is not public
    assert not public.geometry.iloc[0].equals(exact)
    assert any(g.equals(exact) for g in internal.geometry)
    assert "reporter" not in public.columns and "internal_note" not in public.columns
