"""The shape of each row, in WGS 84, repaired where safe, checked against the municipality.

Shapes come from the file's geometries, a WKT column or two coordinate columns.

Problems of one row become that row's rejection (``index → (code, values)``);
repairs and places outside the municipality become notes on the row, not refusals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from geo.domain.model import FEATURE_TYPES
from geo.io import columns, crs, values
from geo.io.errors import Refused
from geo.io.table import SourceTable
from geo.spatial import boundaries

#: How much a repair may change a polygon's area and still count as safe.
SAFE_AREA_CHANGE = 0.01
_EWKT = re.compile(r"^\s*SRID=(\d{4,5})\s*;\s*", re.IGNORECASE)

Problem = tuple[str, dict[str, Any]]


@dataclass
class Shapes:
    """Per row: the WGS 84 shape (or None); problems that reject rows; notes on rows."""

    geometries: np.ndarray
    errors: dict[int, Problem] = field(default_factory=dict)
    notes: dict[int, list[Problem]] = field(default_factory=dict)
    decision: crs.Decision | None = None

    def note(self, index: int, code: str, **values_: Any) -> None:
        self.notes.setdefault(index, []).append((code, values_))


def build(table: SourceTable, mapping: dict[str, str], layer: str, kommun_kod: str, *,
          user_crs: CRS | None = None) -> Shapes:
    """Build every row's shape, in WGS 84, for ``layer`` of ``kommun_kod``."""
    by_target = {target: column for column, target in mapping.items() if target}
    shapes = Shapes(np.full(len(table), None, dtype=object))
    stated = table.crs
    if table.geometries is not None and not (columns.X in by_target or
                                             columns.WKT in by_target):
        shapes.geometries[:] = table.geometries
    elif columns.WKT in by_target:
        stated = _from_wkt(table.column(by_target[columns.WKT]), shapes) or stated
    elif columns.X in by_target and columns.Y in by_target:
        _from_xy(table.column(by_target[columns.X]), table.column(by_target[columns.Y]), shapes)
    elif FEATURE_TYPES[layer].GEOMETRY_OPTIONAL:
        return shapes
    else:
        raise Refused("no_geometry_columns", columns=", ".join(table.columns[:20]))
    present = np.array([g is not None for g in shapes.geometries], dtype=bool)
    with_z = present.copy()
    with_z[present] = shapely.has_z(shapes.geometries[present])
    if with_z.any():
        shapes.geometries[with_z] = shapely.force_2d(shapes.geometries[with_z])
    _decide_and_transform(shapes, present, user_crs or stated,
                          "user" if user_crs is not None else "file", kommun_kod)
    _fit_types(shapes, layer)
    _flag_outside(shapes, kommun_kod)
    return shapes


def _from_wkt(texts: list[Any], shapes: Shapes) -> CRS | None:
    srids: set[int] = set()
    cleaned: list[str | None] = []
    for index, text in enumerate(texts):
        if values.is_empty(text):
            cleaned.append(None)
            continue
        text = str(text)
        match = _EWKT.match(text)
        if match:
            srids.add(int(match.group(1)))
            text = text[match.end():]
        cleaned.append(text)
        if not text.lstrip().upper().startswith(("POINT", "LINESTRING", "POLYGON", "MULTI",
                                                 "GEOMETRYCOLLECTION")):
            shapes.errors[index] = ("bad_wkt", {"value": text[:40]})
    parsed = shapely.from_wkt(np.array(cleaned, dtype=object), on_invalid="ignore")
    for index, (text, geom) in enumerate(zip(cleaned, parsed, strict=True)):
        if text is not None and geom is None and index not in shapes.errors:
            shapes.errors[index] = ("bad_wkt", {"value": text[:40]})
        elif index not in shapes.errors:
            shapes.geometries[index] = geom
    if len(srids) > 1:
        raise Refused("wkt_several_srids", srids=", ".join(str(s) for s in sorted(srids)))
    return CRS.from_epsg(srids.pop()) if srids else None


def _numbers(raw: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Floats per cell (NaN when empty) and a mask of cells that are not numbers."""
    if all(type(cell) is str for cell in raw):  # CSV: text only, read without pandas' Series
        text = [cell.strip() for cell in raw]
        empty = np.array([not cell for cell in text], dtype=bool)
        result = pd.to_numeric([cell.replace(",", ".") for cell in text], errors="coerce")
        result = np.array(result, dtype=float)
    else:
        series = pd.Series(raw, dtype=object)
        text_series = series.astype(str).str.strip()
        result = pd.to_numeric(text_series.str.replace(",", ".", regex=False), errors="coerce"
                               ).to_numpy(dtype=float, copy=True)
        empty = (series.isna() | text_series.eq("")).to_numpy(dtype=bool)
    bad = np.isnan(result) & ~empty
    for index in np.flatnonzero(bad):  # Swedish forms: "1 234,5", "−13,2"
        try:
            result[index] = values.number(raw[index])
            bad[index] = False
        except values.BadValue:
            pass
    result[empty] = np.nan
    return result, bad


def _from_xy(xs: list[Any], ys: list[Any], shapes: Shapes) -> None:
    x, bad_x = _numbers(xs)
    y, bad_y = _numbers(ys)
    for index in np.flatnonzero(bad_x | bad_y).tolist():
        value = xs[index] if bad_x[index] else ys[index]
        shapes.errors[index] = ("bad_coordinate", {"value": str(value)[:40]})
    half = np.isnan(x) ^ np.isnan(y)
    for index in np.flatnonzero(half & ~(bad_x | bad_y)).tolist():
        shapes.errors[index] = ("half_coordinate", {})
    ok = ~np.isnan(x) & ~np.isnan(y)
    shapes.geometries[ok] = shapely.points(x[ok], y[ok])


def _decide_and_transform(shapes: Shapes, present: np.ndarray, stated: CRS | None,
                          source: str, kommun_kod: str) -> None:
    if not present.any():
        return
    x, y = crs.anchor_xy(shapes.geometries)
    finite = present & np.isfinite(x) & np.isfinite(y)
    decision = crs.decide(x[finite], y[finite], stated, source, kommun_kod)
    shapes.decision = decision
    if decision.source == "ranges":
        kinds = crs.classify(x, y)
        wanted = ("wgs84" if decision.crs.to_epsg() == crs.WGS84 else "sweref") + \
            ("_swapped" if decision.swapped else "")
        for index in np.flatnonzero(present & (kinds != wanted)).tolist():
            kind = kinds[index]
            code = ("row_swapped" if kind and kind.split("_")[0] == wanted.split("_")[0]
                    else "row_other_crs" if kind else "row_outside_ranges")
            shapes.errors.setdefault(index, (code, {"x": f"{x[index]:.6g}",
                                                    "y": f"{y[index]:.6g}"}))
    usable = present.copy()
    usable[list(shapes.errors)] = False
    shapes.geometries[usable] = crs.to_wgs84(shapes.geometries[usable], decision)
    shapes.geometries[~usable] = None


def _fit_types(shapes: Shapes, layer: str) -> None:
    """Single-part multi shapes become single; invalid polygons are repaired if safe."""
    allowed = FEATURE_TYPES[layer].GEOMETRY_TYPES
    kinds = shapely.get_type_id(shapes.geometries)
    polygonal = np.isin(kinds, (3, 6))
    invalid = np.zeros(len(kinds), dtype=bool)
    invalid[polygonal] = ~shapely.is_valid(shapes.geometries[polygonal])
    for index in np.flatnonzero(np.isin(kinds, (4, 5, 6, 7)) | invalid).tolist():
        geom = shapes.geometries[index]
        if geom.geom_type.startswith("Multi") and geom.geom_type not in allowed \
                and len(geom.geoms) == 1:
            geom = geom.geoms[0]
        if geom.geom_type in ("Polygon", "MultiPolygon") and not geom.is_valid:
            repaired = _repair(geom, allowed)
            reason = shapely.is_valid_reason(geom)
            if repaired is None:
                shapes.errors[index] = ("bad_polygon", {"reason": reason})
                geom = None
            else:
                shapes.note(index, "repaired", reason=reason)
                geom = repaired
        shapes.geometries[index] = geom


def _repair(geom: BaseGeometry, allowed: tuple[str, ...]) -> BaseGeometry | None:
    """``make_valid``'s polygonal part, if its area is within 1 % of the original's."""
    fixed = shapely.make_valid(geom)
    parts = [p for p in getattr(fixed, "geoms", [fixed]) if p.geom_type in ("Polygon",
                                                                          "MultiPolygon")]
    if not parts:
        return None
    result = shapely.union_all(parts)
    if result.geom_type == "MultiPolygon" and len(result.geoms) == 1:
        result = result.geoms[0]
    if result.geom_type == "Polygon" and "Polygon" not in allowed:
        result = shapely.MultiPolygon([result])
    if result.geom_type not in allowed or not result.is_valid:
        return None
    before = abs(geom.area)
    if before == 0 or abs(result.area - before) > SAFE_AREA_CHANGE * before:
        return None
    return result


def _flag_outside(shapes: Shapes, kommun_kod: str) -> None:
    present = np.array([g is not None for g in shapes.geometries], dtype=bool)
    if not present.any():
        return
    try:
        inside = boundaries.inside(kommun_kod, shapes.geometries[present])
    except KeyError:
        raise Refused("unknown_kommun", kommun=kommun_kod) from None
    for index in np.flatnonzero(present)[~inside].tolist():
        shapes.note(index, "outside_kommun")
