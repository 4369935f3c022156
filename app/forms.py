"""Render :mod:`geo.editing.forms` field specs as Streamlit widgets (labels from the catalog)."""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import date
from typing import Any

import streamlit as st

from geo import i18n
from geo.domain import validation
from geo.editing.forms import FieldSpec
from geo.editing.links import Choice


def widgets(specs: list[FieldSpec], values: dict[str, Any], lang: str, key: str
            ) -> dict[str, Any]:
    """One widget per field, prefilled from ``values``; returns what the editor entered."""
    t = i18n.catalog(lang)
    entered: dict[str, Any] = {}
    for spec in specs:
        label = t.get(f"fields.{spec.name}", spec.name)
        current = values.get(spec.name)
        widget_key = f"{key}_{spec.name}"
        if spec.kind == "choice":
            options = list(spec.choices)
            if spec.optional and current is None:
                options = ["", *options]
            index = options.index(current) if current in options else 0
            entered[spec.name] = st.selectbox(
                label, options, index=index, key=widget_key,
                format_func=lambda c, g=spec.group: i18n.label(g, c, lang),
            ) or None
        elif spec.kind == "date":
            earliest, latest = validation.date_range()
            if isinstance(current, date):  # a stored date is shown even if out of range
                earliest, latest = min(earliest, current), max(latest, current)
            entered[spec.name] = st.date_input(
                label, value=current if isinstance(current, date) else None, key=widget_key,
                format="YYYY-MM-DD", min_value=earliest, max_value=latest,
            )
        elif spec.kind == "bool":
            entered[spec.name] = st.checkbox(label, value=bool(current), key=widget_key)
        elif spec.kind in ("int", "float"):
            step = 1 if spec.kind == "int" else 0.5
            number = st.number_input(label, value=current, min_value=0 if spec.kind == "int"
                                     else 0.0, step=step, key=widget_key)
            entered[spec.name] = number
        elif spec.kind == "long_text":
            entered[spec.name] = st.text_area(label, value=current or "", key=widget_key,
                                              height=80)
        else:
            entered[spec.name] = st.text_input(label, value=current or "", key=widget_key)
    return entered


def choice(link: Choice, lang: str, key: str, help: str | None = None) -> str | None:
    """A link of :mod:`geo.editing.links` as a select box: names shown, the chosen id returned.

    "No link" is the option "" here: a select box whose value is None shows Streamlit's
    own placeholder ("Choose an option") instead of the option's name.
    """
    options = [option or "" for option in link.options]
    chosen = st.selectbox(i18n.t(f"fields.{link.field}", lang), options, index=link.index,
                          key=key, format_func=lambda option: link.label(option or None),
                          help=help)
    return chosen or None


#: Session state: the record whose form is open and the version the editor started from.
OPENED_KEY = "_edit_opened"


def opened_version(state: MutableMapping[str, Any], record_id: str, current: int) -> int:
    """The version of ``record_id`` that the editor's open form started from.

    Kept in session state when the form opens (keyed by the record's id), so that the
    rerun that the form's own submit causes does not rebuild the form at a newer
    version: the save is checked against what the editor saw, and what was typed stays.
    Opening another record starts afresh.
    """
    opened = state.get(OPENED_KEY)
    if not isinstance(opened, tuple) or opened[0] != record_id:
        return reopen(state, record_id, current)
    return int(opened[1])


def reopen(state: MutableMapping[str, Any], record_id: str, version: int) -> int:
    """Start the form of ``record_id`` again at ``version`` (after a save or a reload)."""
    state[OPENED_KEY] = (record_id, version)
    return version


def forget(state: MutableMapping[str, Any]) -> None:
    """No form open any more (the editor chose "Ny post")."""
    state.pop(OPENED_KEY, None)
