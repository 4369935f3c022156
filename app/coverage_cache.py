"""Streamlit caches around :mod:`geo.coverage`, keyed on plain values and the data version.

Uploaded files enter the key as their bytes (Streamlit hashes bytes), never as a
GeoDataFrame, which Streamlit 1.67 cannot hash. Refusals (a bad file, DeSO not
available) are exceptions, and Streamlit does not cache exceptions, so a retry
after a download or a new upload is not answered from a stale entry.

Work on uploaded bytes runs in one of the process's few heavy-job slots, and its
entries are few and expire (``app.limits``: a public visitor's upload must not hold
the server's memory or time).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import streamlit as st

from app import cached, limits
from geo.coverage import display, service
from geo.coverage import units as unit_sources
from geo.coverage.analysis import CoverageResult

#: (unit choice code, uploaded file bytes or None, id column or None)
UnitsKey = tuple[str, bytes | None, str | None]
#: (population table bytes, its file name) or None
PopulationKey = tuple[bytes, str] | None


#: Bounds of the caches keyed on uploaded bytes (see app.limits).
_UPLOADED = {"max_entries": limits.UPLOAD_CACHE_ENTRIES, "ttl": limits.UPLOAD_CACHE_TTL_S}


@st.cache_data(show_spinner=False, **_UPLOADED)
def units_frame(data: bytes) -> gpd.GeoDataFrame:
    """An uploaded units file, read once (for its id columns and its polygons)."""
    return limits.run_heavy(unit_sources.read_frame, data)


@st.cache_data(show_spinner=False, **_UPLOADED)
def population(data: bytes, name: str) -> dict[str, float]:
    """An uploaded population table."""
    return limits.run_heavy(unit_sources.read_population, data, name)


def _uploaded(units_key: UnitsKey, population_key: PopulationKey) -> bool:
    return units_key[1] is not None or population_key is not None


def result(location: str, version: str, kommun: str, year: int, units_key: UnitsKey,
           population_key: PopulationKey) -> CoverageResult:
    """The analysis of one municipality, year, unit source and population table."""
    cache = _uploaded_result if _uploaded(units_key, population_key) else _result
    return cache(location, version, kommun, year, units_key, population_key)


def _analyse(location: str, version: str, kommun: str, year: int, units_key: UnitsKey,
             population_key: PopulationKey) -> CoverageResult:
    people = population(*population_key) if population_key else None
    frames = cached.frames(location, version, service.year_filter(kommun, year))
    code, data, id_column = units_key
    if not _uploaded(units_key, population_key):  # squares or DeSO/RegSO: no upload to fear
        return service.analyse_choice(frames, kommun, code, None, id_column, people)
    uploaded = units_frame(data) if code == "file" and data is not None else None
    return limits.run_heavy(service.analyse_choice, frames, kommun, code, uploaded, id_column,
                            people)


@st.cache_data(show_spinner=False, max_entries=32)
def _result(location: str, version: str, kommun: str, year: int, units_key: UnitsKey,
            population_key: PopulationKey) -> CoverageResult:
    return _analyse(location, version, kommun, year, units_key, population_key)


@st.cache_data(show_spinner=False, **_UPLOADED)
def _uploaded_result(location: str, version: str, kommun: str, year: int, units_key: UnitsKey,
                     population_key: PopulationKey) -> CoverageResult:
    return _analyse(location, version, kommun, year, units_key, population_key)


def choropleth(location: str, version: str, kommun: str, year: int, units_key: UnitsKey,
               population_key: PopulationKey, threshold: int, lang: str) -> dict[str, Any]:
    """The choropleth GeoJSON (coverage classes, uncovered units outlined)."""
    cache = _uploaded_choropleth if _uploaded(units_key, population_key) else _choropleth
    return cache(location, version, kommun, year, units_key, population_key, threshold, lang)


def _draw(location: str, version: str, kommun: str, year: int, units_key: UnitsKey,
          population_key: PopulationKey, threshold: int, lang: str) -> dict[str, Any]:
    analysis = result(location, version, kommun, year, units_key, population_key)
    flagged = service.ranked(analysis, threshold / 100)["unit_id"]
    return display.choropleth_geojson(analysis, flagged, lang)


@st.cache_data(show_spinner=False, max_entries=64)
def _choropleth(*key: Any) -> dict[str, Any]:
    return _draw(*key)


@st.cache_data(show_spinner=False, **_UPLOADED)
def _uploaded_choropleth(*key: Any) -> dict[str, Any]:
    with limits.heavy_job():
        return _draw(*key)
