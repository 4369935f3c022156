"""A watch area with a million vertices does not make every public map visit megabytes."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Polygon

from geo import map as geomap
from geo.map import simplify as mapsimplify

CENTRE = (13.98, 55.55)  # Tomelilla


def _huge_area(vertices: int = 1_000_000) -> Polygon:
    """A ragged ring (±30 m in SWEREF 99 TM around a 2 km radius), back in WGS 84."""
    rng = np.random.default_rng(7)
    angle = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    radius = 2000 + rng.uniform(-30, 30, vertices)
    x0, y0 = mapsimplify._TO_GRID.transform(*CENTRE)
    lon, lat = mapsimplify._FROM_GRID.transform(x0 + radius * np.cos(angle),
                                                y0 + radius * np.sin(angle))
    return Polygon(np.column_stack([lon, lat]))


def _frame(geom) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": ["a1b2c3d4-0000-4000-8000-000000000001"],
                             "name": ["Stora området"]}, geometry=[geom], crs=4326)


def test_million_vertex_watch_area_stays_small_on_the_public_map():
    area = _huge_area()
    assert shapely.get_num_coordinates(area) > 999_999
    frame = _frame(area)
    payload = geomap.layer_payload("watch_areas", frame)
    assert len(payload.rows.encode()) < 200_000
    geojson = geomap.layer_geojson("watch_areas", frame)
    drawn = shapely.geometry.shape(geojson["features"][0]["geometry"])
    assert shapely.get_num_coordinates(drawn) <= mapsimplify.MAX_VERTICES_DRAWN
    # the drawn area is still the area: within a few percent of its surface
    assert abs(drawn.area - area.area) / area.area < 0.05
    assert mapsimplify.light(area).is_valid  # (rounding to 1 m on the map may touch rings)


def test_ordinary_areas_are_sent_as_they_are():
    square = Polygon([(13.9, 55.5), (13.91, 55.5), (13.91, 55.51), (13.9, 55.51)])
    assert mapsimplify.light(square) is square
    ring = _huge_area(800)
    assert mapsimplify.light(ring) is ring


def test_many_parts_still_end_bounded():
    parts = [shapely.box(13.9 + i * 1e-4, 55.5, 13.9 + i * 1e-4 + 5e-5, 55.50005)
             for i in range(3000)]
    drawn = mapsimplify.light(shapely.MultiPolygon(parts))
    assert 0 < shapely.get_num_coordinates(drawn) <= mapsimplify.MAX_VERTICES_DRAWN
