"""The analysis against the store: read one year's public features, project, export.

The page and the CLI call these, so both read the same public fields (the store's
allowlist) through the same :class:`~geo.domain.filters.Filter` the map uses, and both
export exactly the rows of the ranked list.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from shapely.geometry.base import BaseGeometry

from geo import config, i18n
from geo.coverage import units as unit_sources
from geo.coverage.analysis import (
    RANKED_COLUMNS,
    CoverageResult,
    Features,
    Units,
    analyse,
    uncovered,
)
from geo.domain.enums import OPEN_FINDING_STATUSES
from geo.domain.filters import Filter
from geo.io import csvwrite
from geo.map import view
from geo.spatial import boundaries
from geo.store.base import Store

#: The layers the analysis reads.
LAYERS = ("unsafe_places", "findings", "watch_areas", "activities")
#: Findings that still need doing: new, assessed, planned or in progress.
OPEN_FINDINGS = tuple(sorted(s.value for s in OPEN_FINDING_STATUSES))
#: Decimals kept per column in the list and its exports (metres, shares, people).
ROUNDING = {"covered_m2": 1, "covered_share": 4, "population": 1, "population_covered": 1,
            "max_distance_m": 1}
EXPORT_LAYER = "uncovered_units"


def year_filter(kommun_kod: str, year: int) -> Filter:
    """The map's filter for one municipality and year (all pledges, all statuses)."""
    return Filter(kommun_kod=kommun_kod, year_from=year, year_to=year)


def read_frames(store: Store, flt: Filter) -> dict[str, gpd.GeoDataFrame]:
    """The filter's public features of the analysed layers (public fields only)."""
    return view.select(store, flt, LAYERS, public=True)


def features(frames: Mapping[str, gpd.GeoDataFrame]) -> Features:
    """The frames as SWEREF 99 TM arrays: measures are taken in metres, never degrees."""
    findings = frames["findings"]
    open_findings = findings[findings["status"].isin(OPEN_FINDINGS)]
    places = frames["unsafe_places"]
    return Features(
        watch=_measured(frames["watch_areas"]),
        places=_measured(places),
        place_ids=places["id"].to_numpy(dtype=object),
        findings=_measured(open_findings),
        activities=_measured(frames["activities"]),
    )


def boundary(kommun_kod: str) -> BaseGeometry:
    """The municipality boundary in SWEREF 99 TM."""
    outline = gpd.GeoSeries([boundaries.boundary(kommun_kod)], crs=config.STORAGE_CRS)
    return outline.to_crs(config.MEASURE_CRS).iloc[0]


def run(store: Store, flt: Filter, units: Units,
        population: Mapping[str, float] | None = None) -> CoverageResult:
    """Read, project and analyse one municipality and year."""
    return analyse_frames(read_frames(store, flt), units, population, flt.kommun_kod)


def analyse_frames(frames: Mapping[str, gpd.GeoDataFrame], units: Units,
                   population: Mapping[str, float] | None, kommun_kod: str) -> CoverageResult:
    """The analysis of frames already read (the page reuses the map's cached frames)."""
    return analyse(units, features(frames), population, boundary(kommun_kod))


def analyse_choice(frames: Mapping[str, gpd.GeoDataFrame], kommun_kod: str, unit_code: str,
                   units_frame: gpd.GeoDataFrame | None = None, id_column: str | None = None,
                   population: Mapping[str, float] | None = None) -> CoverageResult:
    """The analysis for a unit choice code (``units_frame``: an uploaded file's polygons).

    Plain arguments in, a result out, so that the page can run it in a worker process.
    """
    units: Units
    if unit_code == "file":
        if units_frame is None:
            raise ValueError("no units file")
        units = unit_sources.polygon_units(units_frame, id_column)
    else:
        units = unit_sources.units_for(unit_code, kommun_kod)
    return analyse_frames(frames, units, population, kommun_kod)


def ranked(result: CoverageResult, threshold: float) -> gpd.GeoDataFrame:
    """The ranked uncovered units, rounded as shown and exported (EPSG:3006)."""
    return uncovered(result, threshold, ROUNDING)


def ranked_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """The list without geometry: what the page shows and the CSV holds."""
    return pd.DataFrame(frame[list(RANKED_COLUMNS)]).reset_index(drop=True)


def csv_bytes(frame: gpd.GeoDataFrame, lang: str = config.DEFAULT_LANGUAGE,
              dialect: str = csvwrite.DEFAULT) -> bytes:
    """The ranked list as the page shows it: its headings, the share in percent.

    The population columns are left out when no unit has a population, as on the
    page; the GeoPackage keeps the codes and the share (for QGIS joins).
    """
    table = ranked_table(frame)
    people = [c for c in ("population", "population_covered") if c in table]
    if people and table[people].isna().all().all():
        table = table.drop(columns=people)
    table["covered_share"] = (table["covered_share"] * 100).round(ROUNDING["covered_share"] - 2)
    t = i18n.catalog(lang)
    table.columns = [t["csv.coverage.covered_share"] if name == "covered_share"
                     else t[f"coverage.columns.{name}"] for name in table.columns]
    return csvwrite.write_frame(table, dialect)


def to_gpkg(frame: gpd.GeoDataFrame) -> bytes:
    """The ranked list as a GeoPackage layer in SWEREF 99 TM (opens in QGIS)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coverage.gpkg"
        pyogrio.write_dataframe(
            gpd.GeoDataFrame(frame[[*RANKED_COLUMNS, "geometry"]], crs=config.MEASURE_CRS),
            path, layer=EXPORT_LAYER, driver="GPKG", promote_to_multi=True,
            geometry_type="MultiPolygon",
        )
        return path.read_bytes()


def place_distances(result: CoverageResult, places: pd.DataFrame) -> pd.DataFrame:
    """Each unsafe place with its unit and its distance to the nearest watch area."""
    info = places.set_index("id")
    table = result.places.copy()
    table["category"] = table["place_id"].map(info["category"])
    table["reported_date"] = table["place_id"].map(info["reported_date"])
    table["distance_m"] = table["distance_m"].round(1)
    table = table.sort_values(["distance_m", "place_id"], ascending=[False, True],
                              na_position="first", kind="stable")
    return table[["place_id", "category", "reported_date", "unit_id", "distance_m"]].reset_index(
        drop=True)


def json_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as plain JSON values (NaN becomes null)."""
    plain = frame.astype(object).where(frame.notna(), None)
    return [{k: _plain(v) for k, v in row.items()} for row in plain.to_dict("records")]


def _measured(frame: gpd.GeoDataFrame) -> np.ndarray:
    if frame.empty:
        return np.array([], dtype=object)
    series = gpd.GeoSeries(frame.geometry, crs=frame.crs or config.STORAGE_CRS)
    return series.to_crs(config.MEASURE_CRS).to_numpy(dtype=object)


def _plain(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value
