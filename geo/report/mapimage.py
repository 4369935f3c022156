"""A small static map for reports: the boundary and the period's points, as inline SVG.

SVG keeps the report one self-contained file (no tiles, no scripts) that browsers
and the PDF renderer both draw. Shapes are projected to SWEREF 99 TM so the
municipality keeps its true proportions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.domain.layers import spec, style
from geo.escape import inert

WIDTH, HEIGHT, MARGIN = 640, 420, 12
_TO_GRID = Transformer.from_crs(config.STORAGE_CRS, config.MEASURE_CRS, always_xy=True)


def _to_grid(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(
        geom, lambda xy: np.column_stack(_TO_GRID.transform(xy[:, 0], xy[:, 1]))
    )


def described(svg: str, text: str) -> str:
    """``svg`` (from :func:`svg_map`) with ``text`` as its title and label.

    A report's map is drawn once, its description per language: a tagged PDF reads the
    SVG's ``<title>`` as the figure's alternative text.
    """
    safe = inert(text)
    svg = re.sub(r"<title>[^<]*</title>", lambda _: f"<title>{safe}</title>", svg, count=1)
    return re.sub(r'aria-label="[^"]*"', lambda _: f'aria-label="{safe}"', svg, count=1)


def svg_map(boundary: BaseGeometry, layers: Iterable[tuple[str, gpd.GeoDataFrame]],
            title: str, areas: Iterable[tuple[BaseGeometry, str]] = ()) -> str:
    """Draw ``boundary`` and the points/lines of each ``(layer, frame)`` as an SVG string.

    ``areas`` are ``(polygon, fill colour)`` drawn under the points (e.g. survey shares).
    """
    outline = _to_grid(boundary)
    minx, miny, maxx, maxy = outline.bounds
    scale = min((WIDTH - 2 * MARGIN) / (maxx - minx), (HEIGHT - 2 * MARGIN) / (maxy - miny))
    # centred: a tall municipality (Tomelilla) is not pushed against the left edge
    left = MARGIN + ((WIDTH - 2 * MARGIN) - (maxx - minx) * scale) / 2
    bottom = MARGIN + ((HEIGHT - 2 * MARGIN) - (maxy - miny) * scale) / 2

    def xy(x: float, y: float) -> tuple[float, float]:
        return (round(left + (x - minx) * scale, 1),
                round(HEIGHT - bottom - (y - miny) * scale, 1))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{inert(title)}">',
             f"<title>{inert(title)}</title>",
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f4f4"/>']
    for polygon in getattr(outline, "geoms", [outline]):
        points = " ".join(f"{a},{b}" for a, b in (xy(*c) for c in polygon.exterior.coords))
        parts.append(f'<polygon points="{points}" fill="#ffffff" stroke="#444" '
                     'stroke-width="1.5" stroke-dasharray="6 4"/>')
    for shape, fill in areas:
        for polygon in getattr(_to_grid(shape), "geoms", [_to_grid(shape)]):
            points = " ".join(f"{a},{b}" for a, b in (xy(*c) for c in polygon.exterior.coords))
            parts.append(f'<polygon points="{points}" fill="{inert(fill)}" stroke="#555" '
                         'stroke-width="0.8" fill-opacity="0.8"/>')
    for layer, frame in layers:
        for row in frame.itertuples(index=False):
            geom = row.geometry
            if geom is None or geom.is_empty:
                continue
            point = _to_grid(geom.representative_point())
            look = style(layer, getattr(row, "category", None), getattr(row, "status", None))
            x, y = xy(point.x, point.y)
            parts.append(f'<circle cx="{x}" cy="{y}" r="{spec(layer).style.radius}" '
                         f'fill="{look["fillColor"]}" stroke="{look["color"]}" '
                         f'stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)
