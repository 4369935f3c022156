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

A bad table is refused as a whole, with every problem named in the user's language
(:class:`~geo.survey.problems.SurveyError`): missing columns, unknown area codes (listed),
values out of range or not numbers, by the file's line.

Checked results are kept in the store (tables ``survey_results`` and, for the
polygons the user brings, ``survey_areas``: :mod:`geo.store.survey_tables`); the
example results (``source = example``) are made by :mod:`geo.example.survey`.
Survey results are before-and-after figures beside the work done, never proof
that the work had an effect.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.coverage import grid, units
from geo.io import guard
from geo.io.errors import Refused
from geo.io.values import word_key
from geo.store.base import Store
from geo.survey.problems import Phrase, Problem, SurveyError, row_value

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
#: Names of the year column (Swedish offices write ``År``).
YEAR_NAMES = ("year", "år", "årtal")
#: Words a Swedish header of each measure holds ("Otrygg utomhus kvällstid (%)").
MEASURE_WORDS: dict[str, tuple[str, ...]] = {"unsafe_evening": ("otrygg", "kvall"),
                                             "worry_burglary": ("oro", "inbrott")}
_CODE_PATTERNS = {"deso": re.compile(r"^\d{4}[ABC]\d{4}$"), "regso": re.compile(r"^\d{4}R\d{3}$")}
COLUMNS = ("kommun_kod", "area_kind", "area_id", "grid_size", "year", *MEASURES, "source")
#: Kinds whose polygons the user brings (grid squares are built from their ids).
POLYGON_KINDS = ("deso", "regso", "district")
_FROM_GRID = Transformer.from_crs(config.MEASURE_CRS, config.STORAGE_CRS, always_xy=True)


def read_table(source: str | Path | bytes) -> pd.DataFrame:
    """Read a CSV as text cells, through the guarded door (:func:`geo.io.guard.read_upload`).

    Comma or semicolon, UTF-8 or Windows-1252, as Swedish spreadsheets write it; the
    file's line of each row is kept (``attrs["lines"]``) so that a refusal names it.
    """
    read = guard.read_upload(source, accept=guard.SURVEY_TABLE)
    broken = guard.first_broken_line(read)
    if broken is not None:
        raise Refused("table_row_broken", line=broken)
    frame = guard.frame(read).fillna("").astype(str)
    frame.attrs["lines"] = list(read.lines)
    return frame


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
        raise SurveyError([Problem("unknown_kind", {"value": kind})])
    lines = table.attrs.get("lines") or [i + 2 for i in range(len(table))]
    table, headers = _named(table)
    area_column = next((c for c in AREA_COLUMNS[kind] if c in table.columns), None)
    measures = [m for m in MEASURES if m in table.columns]
    missing: list[str | Phrase] = ([Phrase("column_or", {
        "name": AREA_COLUMNS[kind][1], "others": ", ".join(AREA_COLUMNS[kind][::2])})]
        if area_column is None else [])
    missing += ["year"] if "year" not in table.columns else []
    if not measures:
        missing.append(Phrase("one_of", {"names": ", ".join(MEASURES)}))
    if missing:
        raise SurveyError([Problem("missing_columns", {"columns": tuple(missing)})])
    if table.empty:
        raise SurveyError([Problem("no_rows")])
    areas = table[area_column].astype(str).str.strip()
    problems = []
    unknown = _unknown_areas(areas, kommun_kod, kind, known_areas, boundary, grid_size)
    if unknown:
        problems.append(Problem("unknown_areas", items=tuple(unknown)))
    years = pd.to_numeric(table["year"].astype(str).str.strip(), errors="coerce")
    bad_years = [row_value(lines[i], repr(table["year"].iloc[i])) for i in range(len(table))
                 if not (years.iloc[i] == years.iloc[i] and 1990 <= years.iloc[i] <= 2100
                         and float(years.iloc[i]).is_integer())]
    if bad_years:
        problems.append(Problem("bad_years", items=tuple(bad_years)))
    values = {}
    for measure in measures:
        values[measure] = _shares(table[measure], headers[measure], lines, problems)
    if not problems:
        twice = areas.str.cat(years.astype("Int64").astype(str), sep="/")
        repeated = sorted(set(twice[twice.duplicated()]))
        if repeated:
            problems.append(Problem("repeated", items=tuple(repeated)))
    if problems:
        raise SurveyError(problems)
    result = pd.DataFrame({"kommun_kod": kommun_kod, "area_kind": kind, "area_id": areas,
                           "grid_size": grid_size if kind == "grid" else 0,
                           "year": years.astype(int)})
    for measure in MEASURES:
        result[measure] = values.get(measure, pd.Series(np.nan, index=table.index)).astype(float)
    result["source"] = "import"
    return result[list(COLUMNS)].reset_index(drop=True)


def _shares(column: pd.Series, header: str, lines: list[int], problems: list[Problem]
            ) -> pd.Series:
    """A measure's shares as numbers ("12,5", "100 %"); its bad cells added to ``problems``."""
    raw = column.astype(str).str.strip().str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(raw.str.rstrip("%").str.strip(), errors="coerce")
    blank = raw.eq("")
    not_numbers = [row_value(lines[i], repr(column.iloc[i])) for i in range(len(column))
                   if not blank.iloc[i] and numbers.iloc[i] != numbers.iloc[i]]
    out = [row_value(lines[i], f"{numbers.iloc[i]:g}") for i in range(len(column))
           if numbers.iloc[i] == numbers.iloc[i] and not 0 <= numbers.iloc[i] <= 100]
    if not_numbers:
        problems.append(Problem("not_numbers", {"column": header}, tuple(not_numbers)))
    if out:
        problems.append(Problem("out_of_range", {"column": header}, tuple(out)))
    return numbers


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
            raise SurveyError([Problem("polygons_to_show", {"kind": kind})])
        shapes = areas.to_crs(config.STORAGE_CRS).set_index(areas[id_column].astype(str))
        absent = sorted(set(rows["area_id"]) - set(shapes.index))
        if absent:
            raise SurveyError([Problem("unknown_areas", items=tuple(absent))])
        parts.append(gpd.GeoDataFrame(rows, geometry=shapes.geometry.loc[rows["area_id"]].values,
                                      crs=config.STORAGE_CRS))
    if not parts:
        return gpd.GeoDataFrame(results.assign(geometry=None), geometry="geometry",
                                crs=config.STORAGE_CRS)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=config.STORAGE_CRS)


def read_areas(source: str | Path | bytes, id_column: str | None = None) -> gpd.GeoDataFrame:
    """The polygons of DeSO, RegSO or own districts from a file (GeoPackage/GeoJSON).

    Read through :func:`geo.io.guard.read_upload`, like every file a user brings.

    The id column is ``id_column`` or the likeliest unique one (``desokod``, ``regso``,
    ``id``, ...); the checks are the coverage page's (polygons, a CRS, unique ids).
    Returns ``area_id`` and the polygon in WGS 84.
    """
    frame = guard.geoframe(guard.read_upload(source, accept=guard.SURVEY_AREAS))
    shapes = units.polygon_units(frame, id_column, kind="survey")
    return gpd.GeoDataFrame({"area_id": [str(i) for i in shapes.ids]},
                            geometry=gpd.GeoSeries(shapes.geometries, crs=config.MEASURE_CRS)
                            .to_crs(config.STORAGE_CRS).values, crs=config.STORAGE_CRS)


def import_table(store: Store, table: pd.DataFrame, kommun_kod: str, kind: str, *,
                 areas: gpd.GeoDataFrame | None = None, boundary: BaseGeometry | None = None,
                 grid_size: int = 1000, user: str = "import", dry_run: bool = False
                 ) -> pd.DataFrame:
    """Check a table against its areas and keep both in the store (all or nothing).

    DeSO, RegSO and district results are drawn on polygons: ``areas`` brings them (every
    code must be among them), or the store already holds that kind's polygons from an
    earlier import. Returns the checked results; raises :class:`SurveyError`.
    """
    if kind in POLYGON_KINDS and areas is None:
        stored = store.survey_areas(kommun_kod, kind)
        if stored.empty:
            raise SurveyError([Problem("polygons_none_stored", {"kind": kind})])
        known: set[str] | None = set(stored["area_id"])
    else:
        known = set(areas["area_id"]) if areas is not None else None
    results = validate(table, kommun_kod, kind, known_areas=known, boundary=boundary,
                       grid_size=grid_size)
    if kind in POLYGON_KINDS and areas is not None:
        areas = areas[areas["area_id"].isin(set(results["area_id"]))]
    if not dry_run:
        store.save_survey(results, user, areas=areas if kind in POLYGON_KINDS else None)
    return results


def load(store: Store, kommun_kod: str) -> pd.DataFrame:
    """The municipality's results from the store (``source`` says example or import)."""
    return store.survey_results(kommun_kod)


def shapes(store: Store, results: pd.DataFrame) -> gpd.GeoDataFrame:
    """The results with their areas' polygons: squares built, other kinds from the store.

    A result whose polygon is not stored is left out (never drawn in the wrong place).
    """
    parts = []
    for (kommun, kind), rows in results.groupby(["kommun_kod", "area_kind"], sort=False):
        if kind == "grid":
            parts.append(join(rows))
            continue
        stored = store.survey_areas(str(kommun), str(kind))
        parts.append(join(rows[rows["area_id"].isin(set(stored["area_id"]))], stored))
    if not parts:
        return join(results.iloc[0:0])
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=config.STORAGE_CRS)


def activities_per_area(areas: gpd.GeoDataFrame, activities: gpd.GeoDataFrame) -> list[int]:
    """How many placed activities touch each area (one count per row of ``areas``).

    An activity on a border counts for every area it touches: "work done there" beside
    the shares, not a division of the work.
    """
    placed = activities[activities.geometry.notna() & ~activities.geometry.is_empty]
    if areas.empty or placed.empty:
        return [0] * len(areas)
    keyed = areas[["geometry"]].reset_index(drop=True)
    hits = gpd.sjoin(placed[["geometry"]].to_crs(keyed.crs), keyed, predicate="intersects")
    counts = hits.groupby("index_right").size()
    return [int(counts.get(i, 0)) for i in range(len(keyed))]


def column_name(header: object) -> str:
    """The name :func:`validate` knows a header by: case, accents, spaces and ``(%)`` aside.

    ``DeSO-kod`` is ``desokod``, ``År`` is ``year``, "Oro för inbrott (%)" is
    ``worry_burglary``; any other header is itself in lower case.
    """
    key = word_key(header).replace(" ", "")
    known = {word_key(name).replace(" ", ""): name for names in AREA_COLUMNS.values()
             for name in names}
    known |= {word_key(name).replace(" ", ""): "year" for name in YEAR_NAMES}
    known |= {word_key(name).replace(" ", ""): name for name in MEASURES}
    if key in known:
        return known[key]
    for measure, words in MEASURE_WORDS.items():
        if all(word in key for word in words):
            return measure
    return str(header).strip().lower()


def _named(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table with :func:`column_name`'s names, and each one's header as the file wrote it.

    A name already taken keeps the header; a refusal names the column as the file does.
    """
    names: dict[object, str] = {}
    for header in table.columns:
        name = column_name(header)
        names[header] = name if name not in names.values() else str(header).strip().lower()
    return table.rename(columns=names), {new: str(old).strip() for old, new in names.items()}


def _unknown_areas(areas: pd.Series, kommun_kod: str, kind: str,
                   known: Collection[str] | None, boundary: BaseGeometry | None,
                   size: int) -> list[str]:
    unknown = []
    if kind == "district" and known is None:
        raise SurveyError([Problem("district_ids", {"kind": kind})])
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


