"""A layer as a spreadsheet table: headers and values in the reader's language.

The CSV and the XLSX export share this table, so both hold the same columns and the
same values; only the cell format differs (:mod:`geo.io.csvwrite`, openpyxl).

- Headers are the fields' names in the chosen language (``fields.*``, shortened by
  ``csv.header.*`` where the page's label says more than a column heading should);
  a field the catalogs do not name (a new one) keeps its code as its heading, so
  every column of the frame is written, whatever the model holds.
- Coded values (category, source, status, party, kind, visibility) are their names
  (``Belysning``), yes/no is ``Ja``/``Nej``; ``codes`` adds after each coded column
  one headed by the field's code (``category``) with the value's code (``lighting``):
  the import reads such a column back exactly, and QGIS joins on it.
- Numbers stay numbers, dates stay dates (the writer formats them); a mapping or a
  list (an attribute table kept from an import) is one cell of JSON text.
- The shape: ``wkt`` gives a WKT column in WGS 84; a SWEREF 99 choice
  (:data:`COORDS`) gives ``N`` and ``E`` in metres with two decimals (centimetres)
  when every shape of the layer is a point, else a WKT column in that system: what
  came in from a municipal GIS goes back the same way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo import config, i18n
from geo.domain.fieldspec import VALUE_KINDS
from geo.domain.layers import spec
from geo.domain.model import FEATURE_TYPES

WKT = "wkt"
SWEREF99TM = "sweref99tm"
#: The local SWEREF 99 zones (SWEREF 99 12 00 … 23 15) municipal GIS work in.
LOCAL_ZONES = tuple(f"EPSG:{code}" for code in range(3007, 3019))
#: The coordinate choices of the export (``--coords``).
COORDS = (WKT, SWEREF99TM, *LOCAL_ZONES)
#: Decimals of metres (centimetres), the precision of a municipal GIS.
METRE_DECIMALS = 2


def epsg(coords: str) -> int | None:
    """The EPSG code of a projected choice (None for WKT in WGS 84)."""
    if coords not in COORDS:
        raise ValueError(f"unknown coordinates {coords!r}; one of: {', '.join(COORDS)}")
    if coords == WKT:
        return None
    return config.MEASURE_CRS if coords == SWEREF99TM else int(coords.split(":")[1])


@cache
def kinds(layer: str) -> dict[str, str]:
    """Each model field's kind: ``date``, ``datetime``, ``int``, ``float``, ``bool``, ``text``.

    Read from the record's ``FIELDS`` table; a choice is its code, text.
    """
    return {spec.name: spec.kind if spec.kind in VALUE_KINDS - {"choice"} else "text"
            for spec in FEATURE_TYPES[layer].FIELDS}


def typed(kind: str | None, value: Any) -> Any:
    """A cell in its model type: a date, an aware datetime (UTC), int, float, bool or text."""
    if _missing(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if kind == "date":
        return (value.date() if isinstance(value, datetime | pd.Timestamp)
                else value if isinstance(value, date) else date.fromisoformat(str(value)[:10]))
    if kind == "datetime":
        moment = pd.Timestamp(value).to_pydatetime()
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return value


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def header(name: str, lang: str) -> str:
    """A column's heading: the catalog's short heading, the field's name, else its code."""
    t = i18n.catalog(lang)
    return t.get(f"csv.header.{name}") or t.get(f"fields.{name}") or name


def table(layer: str, frame: gpd.GeoDataFrame, lang: str, *, codes: bool = False,
          coords: str = WKT) -> tuple[list[str], list[list[Any]]]:
    """The headings and rows of ``frame`` (every column it has) as described above."""
    field_kinds = kinds(layer)
    names = [c for c in frame.columns if c != "geometry"]
    groups = spec(layer).coded
    coded = [n for n in names if n in groups]
    heads: list[str] = []
    for name in names:
        heads.append(header(name, lang))
        if codes and name in coded:
            heads.append(name)
    rows = []
    for values in frame[names].itertuples(index=False, name=None):
        row: list[Any] = []
        for name, raw in zip(names, values, strict=True):
            value = typed(field_kinds.get(name), raw)
            row.append(_shown(name, value, groups, lang))
            if codes and name in coded:
                row.append(value)
        rows.append(row)
    shape_heads, shape_cells = _shapes(frame, coords, lang)
    return [*heads, *shape_heads], [[*row, *cells] for row, cells
                                     in zip(rows, shape_cells, strict=True)]


def _shown(name: str, value: Any, groups: Mapping[str, str], lang: str) -> Any:
    """A value as a reader sees it: a code's name, Ja/Nej, JSON for a table of values."""
    if value is None:
        return None
    if name in groups:
        return i18n.label(groups[name], value, lang)
    if isinstance(value, bool):
        return i18n.t("values.yes" if value else "values.no", lang)
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return value


def _shapes(frame: gpd.GeoDataFrame, coords: str, lang: str
            ) -> tuple[list[str], list[list[Any]]]:
    """The shape columns: WKT (WGS 84 or projected), or N and E for a layer of points."""
    code = epsg(coords)
    shapes = gpd.GeoSeries(frame.geometry, crs=frame.crs or config.STORAGE_CRS)
    if code is None:
        return [header("geometry", lang)], [[None if s is None else s.wkt] for s in shapes]
    projected = shapes.to_crs(code)
    present = [s for s in projected if s is not None and not s.is_empty]
    if all(s.geom_type == "Point" for s in present):
        return ["N", "E"], [[None, None] if s is None or s.is_empty else
                            [round(s.y, METRE_DECIMALS), round(s.x, METRE_DECIMALS)]
                            for s in projected]
    return [header("geometry", lang)], [
        [None if s is None else shapely.transform(
            s, lambda xy: np.round(xy, METRE_DECIMALS)).wkt] for s in projected]


def coords_label(coords: str, lang: str) -> str:
    """A coordinate choice as the page offers it: ``SWEREF 99 13 30 (EPSG:3008), N/E``."""
    if coords in (WKT, SWEREF99TM):
        return i18n.t(f"csv.coords.{coords}", lang)
    name = pyproj.CRS.from_user_input(coords).name.replace("SWEREF99", "SWEREF 99")
    return i18n.t("csv.coords.zone", lang, name=name, code=coords)
