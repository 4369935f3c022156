"""Streamlit caches around ``geo/``: keyed on plain values and the store's data version.

A :class:`~geo.domain.filters.Filter` is one of those values: Streamlit hashes a frozen
dataclass by its fields, so the Filter itself is the key (two equal filters share
their entry).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import geopandas as gpd
import streamlit as st

from geo import config, report
from geo import map as geomap
from geo.access.auth import User
from geo.domain import filters, followup, periods
from geo.domain.filters import Filter
from geo.domain.model import Pledge
from geo.map import view
from geo.spatial import boundaries
from geo.store import Store, open_store


@st.cache_resource(show_spinner=False)
def store(location: str) -> Store:
    """One store object per location (it holds no connection between calls).

    An existing store made by an older version is brought up to date once here.
    """
    store = open_store(location)
    if store.exists():
        store.initialize()
    return store  # type: ignore[return-value]


def current_store() -> Store:
    """The configured store."""
    return store(config.db_location())


@st.cache_data(show_spinner=False, max_entries=8)
def pledges(location: str, version: str) -> list[Pledge]:
    """All pledges (cached until the data change)."""
    return store(location).pledges()


@st.cache_data(show_spinner=False, max_entries=64)
def start_view(location: str, version: str, today: date) -> tuple[str, int]:
    """The municipality and year a first visit opens on (:func:`geo.domain.filters.start_view`)."""
    return filters.start_view(store(location).pledges(), today,
                              (config.DEFAULT_KOMMUN, config.DEFAULT_YEAR))


@st.cache_data(show_spinner=False, max_entries=64)
def frames(location: str, version: str, flt: Filter) -> dict[str, gpd.GeoDataFrame]:
    """The filter's public features per layer."""
    return view.select(store(location), flt, public=True)


@st.cache_data(show_spinner=False, max_entries=256)
def layer_geojson(location: str, version: str, flt: Filter, layer: str) -> dict[str, Any]:
    """The compact GeoJSON the map draws for one layer."""
    return geomap.layer_geojson(layer, frames(location, version, flt)[layer])


@st.cache_data(show_spinner=False, max_entries=64)
def staff_frames(location: str, version: str, flt: Filter, role: str,
                 kommuner: tuple[str, ...]) -> dict[str, gpd.GeoDataFrame]:
    """The filter's features per layer as Registrera shows a user of ``role`` in ``kommuner``.

    Internal records and exact places of the user's own municipalities, every field
    (:func:`geo.map.view.staff_select`); keyed on the user's role and municipalities.
    """
    user = User(email="staff@trygghetskartan.invalid", role=role, kommuner=kommuner) \
        if role != "public" else User()
    return view.staff_select(store(location), user, flt)


@st.cache_data(show_spinner=False, max_entries=64)
def staff_layer_geojson(location: str, version: str, flt: Filter, layer: str, role: str,
                        kommuner: tuple[str, ...]) -> dict[str, Any]:
    """One layer as Registrera draws it for a user of ``role`` in ``kommuner``."""
    frames = staff_frames(location, version, flt, role, kommuner)
    return geomap.layer_geojson(layer, frames[layer])


@st.cache_data(show_spinner=False, max_entries=16)
def boundary_geojson(kommun_kod: str) -> dict[str, Any]:
    """The simplified municipality boundary."""
    return geomap.boundary_geojson(boundaries.boundary(kommun_kod))


@st.cache_data(show_spinner=False, max_entries=32)
def map_view(location: str, version: str, kommun_kod: str) -> tuple[tuple[float, float], int]:
    """Where the map opens for a municipality: its data of all years, else its boundary.

    It depends on the municipality only (not on year or pledge), so that changing
    those filters keeps the user's pan and zoom.
    """
    every_year = Filter(kommun_kod, config.FIRST_YEAR, config.LAST_YEAR)
    bounds = view.extent(view.select(store(location), every_year,
                                     ("unsafe_places", "walks", "watch_areas")))
    return boundaries.fit(bounds) if bounds else boundaries.view(kommun_kod)


@st.cache_data(show_spinner=False, max_entries=16)
def followup_records(location: str, version: str, pledge_id: str) -> followup.PledgeRecords:
    """The public records one pledge's follow-up counts."""
    pledge = next(p for p in pledges(location, version) if p.id == pledge_id)
    return followup.load(store(location), pledge)


def _report(location: str, version: str, pledge_id: str, period_label: str) -> report.Report:
    pledge = next(p for p in pledges(location, version) if p.id == pledge_id)
    return report.from_records(
        pledge, periods.parse(period_label), followup_records(location, version, pledge_id),
        example=store(location).meta("contents") == "example",
    )


@st.cache_data(show_spinner=False, max_entries=32)
def report_text(location: str, version: str, pledge_id: str, period_label: str, lang: str,
                fmt: str) -> str | bytes:
    """The report as HTML text or CSV bytes (for Swedish Excel)."""
    built = _report(location, version, pledge_id, period_label)
    return report.html(built, lang) if fmt == "html" else report.csv_bytes(built, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def report_pdf(location: str, version: str, pledge_id: str, period_label: str, lang: str
               ) -> bytes:
    """The report as PDF (about a second to render, so cached)."""
    return report.pdf(_report(location, version, pledge_id, period_label), lang)


@st.cache_data(show_spinner=False, max_entries=16)
def pledge_document(location: str, version: str, pledge_id: str
                    ) -> tuple[str, str, bytes] | None:
    """A pledge's source document (name, media type, bytes), offered on the public page."""
    return store(location).pledge_document(pledge_id)
