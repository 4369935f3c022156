"""The annual safety survey (trygghetsmätning): results per area and year, checked and joined.

A municipality's survey arrives as a table, one row per area and year, with shares
in per cent (0–100) such as "feels unsafe outdoors in the evening" and "worries
about burglary". The area is named by one of four kinds of code:

``deso`` / ``regso``
    SCB's statistical areas (``1270A0010``, ``1270R001``): the code starts with the
    municipality code. Their polygons are a download (:mod:`geo.coverage.units`),
    so the caller passes them in to join.
``district``
    the municipality's own districts: ids from a polygon file the user brings.
``grid``
    SCB's square id ``rutid_scb`` (13 digits); the square is built offline.

A bad table is refused as a whole, with every problem named (:class:`SurveyError`):
missing columns, unknown area codes (listed), values out of range or not numbers.

The store has no survey table (and this module may not change the store), so
results live in CSV files under ``data/``: ``survey_example.csv`` (generated, the
example data) and ``survey_results.csv`` (imports; ``TRYGGHETSKARTAN_SURVEY``).
Survey results are before-and-after figures beside the work done, never proof
that the work had an effect.
"""

from __future__ import annotations

import io
import os
import random
import re
from collections.abc import Collection, Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.coverage import grid

#: Measures (column → what it is); every value is a share in per cent.
MEASURES: dict[str, str] = {
    "unsafe_evening": "share feeling unsafe outdoors in the evening",
    "worry_burglary": "share worried about burglary",
}
AREA_KINDS = ("deso", "regso", "district", "grid")
#: Accepted names of the area column per kind (the first is the stored one).
AREA_COLUMNS: dict[str, tuple[str, ...]] = {
    "deso": ("area_id", "deso", "desokod"),
    "regso": ("area_id", "regso", "regsokod"),
    "district": ("area_id", "district", "omrade", "område", "district_id"),
    "grid": ("area_id", "rutid_scb", "rutid"),
}
_CODE_PATTERNS = {"deso": re.compile(r"^\d{4}[ABC]\d{4}$"), "regso": re.compile(r"^\d{4}R\d{3}$")}
COLUMNS = ("kommun_kod", "area_kind", "area_id", "grid_size", "year", *MEASURES, "source")
EXAMPLE_FILE = config.DATA_DIR / "survey_example.csv"
RESULTS_ENV = "TRYGGHETSKARTAN_SURVEY"
RESULTS_FILE = config.DATA_DIR / "survey_results.csv"
#: How many bad values or codes a refusal lists before "and N more".
LIST_LIMIT = 10
_FROM_GRID = Transformer.from_crs(config.MEASURE_CRS, config.STORAGE_CRS, always_xy=True)


class SurveyError(ValueError):
    """A table refused; ``problems`` holds one plain sentence per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def read_table(source: str | Path | bytes) -> pd.DataFrame:
    """Read a CSV (comma or semicolon, as Swedish spreadsheets write it) as text cells."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    text = data.decode("utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)


def validate(table: pd.DataFrame, kommun_kod: str, kind: str, *,
             known_areas: Collection[str] | None = None, boundary: BaseGeometry | None = None,
             grid_size: int = 1000) -> pd.DataFrame:
    """Check a survey table and return it in the stored form (:data:`COLUMNS`).

    ``known_areas`` are the valid ids (required for ``district``; for DeSO/RegSO the
    code's form and municipality prefix are checked, and membership too when given).
    For ``grid`` a square must be a corner of the ``grid_size`` grid and, when
    ``boundary`` (WGS 84) is given, touch the municipality.
    """
    if kind not in AREA_KINDS:
        raise SurveyError([f"unknown kind of area {kind!r} (one of: {', '.join(AREA_KINDS)})"])
    table = table.rename(columns=lambda c: str(c).strip().lower())
    area_column = next((c for c in AREA_COLUMNS[kind] if c in table.columns), None)
    measures = [m for m in MEASURES if m in table.columns]
    missing = ([f"{AREA_COLUMNS[kind][1]} (or {', '.join(AREA_COLUMNS[kind][::2])})"]
               if area_column is None else [])
    missing += ["year"] if "year" not in table.columns else []
    if not measures:
        missing.append(f"at least one of {', '.join(MEASURES)}")
    if missing:
        raise SurveyError([f"missing columns: {'; '.join(missing)}"])
    if table.empty:
        raise SurveyError(["the table has no rows"])
    areas = table[area_column].astype(str).str.strip()
    problems = []
    unknown = _unknown_areas(areas, kommun_kod, kind, known_areas, boundary, grid_size)
    if unknown:
        problems.append(f"unknown area codes ({len(unknown)}): {_listing(unknown)}")
    years = pd.to_numeric(table["year"].astype(str).str.strip(), errors="coerce")
    bad_years = [f"row {i + 2}: {table['year'].iloc[i]!r}" for i in range(len(table))
                 if not (years.iloc[i] == years.iloc[i] and 1990 <= years.iloc[i] <= 2100
                         and float(years.iloc[i]).is_integer())]
    if bad_years:
        problems.append(f"years that are not years ({len(bad_years)}): {_listing(bad_years)}")
    values = {}
    for measure in measures:
        raw = table[measure].astype(str).str.strip().str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(raw.str.rstrip("%").str.strip(), errors="coerce")
        blank = raw.eq("")
        not_numbers = [f"row {i + 2}: {table[measure].iloc[i]!r}" for i in range(len(table))
                       if not blank.iloc[i] and numbers.iloc[i] != numbers.iloc[i]]
        out = [f"row {i + 2}: {numbers.iloc[i]:g}" for i in range(len(table))
               if numbers.iloc[i] == numbers.iloc[i] and not 0 <= numbers.iloc[i] <= 100]
        if not_numbers:
            problems.append(f"{measure}: not numbers ({len(not_numbers)}): "
                            f"{_listing(not_numbers)}")
        if out:
            problems.append(f"{measure}: values out of range 0–100 % ({len(out)}): "
                            f"{_listing(out)}")
        values[measure] = numbers
    if not problems:
        twice = areas.str.cat(years.astype("Int64").astype(str), sep="/")
        repeated = sorted(set(twice[twice.duplicated()]))
        if repeated:
            problems.append(f"areas given twice for a year ({len(repeated)}): "
                            f"{_listing(repeated)}")
    if problems:
        raise SurveyError(problems)
    result = pd.DataFrame({"kommun_kod": kommun_kod, "area_kind": kind, "area_id": areas,
                           "grid_size": grid_size if kind == "grid" else 0,
                           "year": years.astype(int)})
    for measure in MEASURES:
        result[measure] = values.get(measure, pd.Series(np.nan, index=table.index)).astype(float)
    result["source"] = "import"
    return result[list(COLUMNS)].reset_index(drop=True)


def join(results: pd.DataFrame, areas: gpd.GeoDataFrame | None = None,
         id_column: str = "area_id") -> gpd.GeoDataFrame:
    """Give each result its area's polygon (WGS 84).

    Grid squares are built from their ids; other kinds need ``areas`` (a frame of
    polygons with ``id_column``). A result whose area is not there is refused.
    """
    parts = []
    for (kind, size), rows in results.groupby(["area_kind", "grid_size"], sort=False):
        if kind == "grid":
            corners = [grid.parse_id(a, int(size)) for a in rows["area_id"]]
            east, north = (np.array(v) for v in zip(*corners, strict=True))
            squares = gpd.GeoSeries(grid.boxes(east, north, int(size)), crs=config.MEASURE_CRS)
            parts.append(gpd.GeoDataFrame(rows, geometry=squares.to_crs(config.STORAGE_CRS)
                                          .values, crs=config.STORAGE_CRS))
            continue
        if areas is None:
            raise SurveyError([f"{kind} results need the areas' polygons to be shown"])
        shapes = areas.to_crs(config.STORAGE_CRS).set_index(areas[id_column].astype(str))
        absent = sorted(set(rows["area_id"]) - set(shapes.index))
        if absent:
            raise SurveyError([f"unknown area codes ({len(absent)}): {_listing(absent)}"])
        parts.append(gpd.GeoDataFrame(rows, geometry=shapes.geometry.loc[rows["area_id"]].values,
                                      crs=config.STORAGE_CRS))
    if not parts:
        return gpd.GeoDataFrame(results.assign(geometry=None), geometry="geometry",
                                crs=config.STORAGE_CRS)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=config.STORAGE_CRS)


def results_path() -> Path:
    """Where imported results are kept (the store has no survey table)."""
    return Path(os.environ.get(RESULTS_ENV) or RESULTS_FILE)


def save(results: pd.DataFrame, path: Path | None = None) -> int:
    """Add imported results, replacing earlier rows of the same area, kind and year."""
    path = path or results_path()
    old = _read(path)
    keys = ["kommun_kod", "area_kind", "area_id", "year"]
    if len(old):
        merged = old.merge(results[keys], on=keys, how="left", indicator=True)
        old = old[(merged["_merge"] == "left_only").values]
    combined = pd.concat([old, results[list(COLUMNS)]], ignore_index=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    combined.sort_values(keys).to_csv(path, index=False)
    return len(results)


def load(kommun_kod: str, path: Path | None = None, example_path: Path = EXAMPLE_FILE
         ) -> pd.DataFrame:
    """The municipality's results: its imports, else the example results (``source`` says)."""
    for candidate in (path or results_path(), example_path):
        rows = _read(candidate)
        rows = rows[rows["kommun_kod"] == kommun_kod]
        if len(rows):
            return rows.reset_index(drop=True)
    return pd.DataFrame(columns=list(COLUMNS))


def example(towns: dict[str, Iterable[tuple[float, float]]], years: Iterable[int],
            seed: int = config.EXAMPLE_SEED) -> pd.DataFrame:
    """Deterministic example results on the 1 km squares around each town centre.

    ``towns`` maps a municipality code to town centres (lon, lat). Shares drift
    down a little each year with noise: plausible, and labelled ``example``.
    """
    rng = random.Random(seed)
    to_grid = Transformer.from_crs(config.STORAGE_CRS, config.MEASURE_CRS, always_xy=True)
    rows = []
    for code, centres in sorted(towns.items()):
        squares: list[str] = []
        for lon, lat in centres:
            x, y = to_grid.transform(lon, lat)
            for dx in (-1000, 0, 1000):
                for dy in (-1000, 0, 1000):
                    square = grid.point_id(x + dx, y + dy, 1000)
                    if square not in squares:
                        squares.append(square)
        for square in squares:
            unsafe, burglary = rng.uniform(15, 45), rng.uniform(20, 50)
            for year in years:
                rows.append({"kommun_kod": code, "area_kind": "grid", "area_id": square,
                             "grid_size": 1000, "year": year,
                             "unsafe_evening": round(min(100, max(0, unsafe)), 1),
                             "worry_burglary": round(min(100, max(0, burglary)), 1),
                             "source": "example"})
                unsafe += rng.uniform(-3.5, 1.5)
                burglary += rng.uniform(-3.0, 2.0)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def write_example(path: Path = EXAMPLE_FILE) -> int:
    """Generate the example results for the pledges' municipalities into ``path``."""
    from geo.example.towns import TOWNS

    frame = example({code: [(t.lon, t.lat) for t in towns] for code, towns in TOWNS.items()},
                    range(config.EXAMPLE_YEARS[0], config.EXAMPLE_YEARS[1] + 1))
    frame.to_csv(path, index=False)
    return len(frame)


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.read_csv(path, dtype={"kommun_kod": str, "area_id": str, "area_kind": str,
                                    "source": str})


def _unknown_areas(areas: pd.Series, kommun_kod: str, kind: str,
                   known: Collection[str] | None, boundary: BaseGeometry | None,
                   size: int) -> list[str]:
    unknown = []
    if kind == "district" and known is None:
        raise SurveyError(["district results need the districts' ids (a polygon file)"])
    for code in dict.fromkeys(areas):
        if kind in _CODE_PATTERNS:
            bad = not _CODE_PATTERNS[kind].match(code) or not code.startswith(kommun_kod)
        elif kind == "grid":
            bad = not _square_in(code, size, boundary)
        else:
            bad = False
        if bad or (known is not None and code not in known):
            unknown.append(code or "(blank)")
    return unknown


def _square_in(code: str, size: int, boundary: BaseGeometry | None) -> bool:
    try:
        east, north = grid.parse_id(code, size)
    except ValueError:
        return False
    if boundary is None:
        return True
    lon, lat = _FROM_GRID.transform([east, east + size], [north, north + size])
    from shapely.geometry import box

    return box(lon[0], lat[0], lon[1], lat[1]).intersects(boundary)


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:LIST_LIMIT])
    return shown + (f" and {len(items) - LIST_LIMIT} more" if len(items) > LIST_LIMIT else "")
