"""Keep the page's widgets and its URL in step (codes only; see geo.urlstate)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from geo.urlstate import Param, encode, parse


def read_url(specs: Mapping[str, Param], scope: str) -> list[tuple[str, str]]:
    """On a session's first run of ``scope``, put valid URL values into the widgets' state.

    Returns the ``(name, value)`` pairs that were ignored, for a notice.
    """
    flag = f"_url_read_{scope}"
    if st.session_state.get(flag):
        return []
    st.session_state[flag] = True
    raw = {name: st.query_params.get_all(name) for name in st.query_params if name in specs}
    values, ignored = parse(raw, specs)
    for name, value in values.items():
        st.session_state[name] = value
    return ignored


def write_url(values: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
    """Show the current view in the URL, so that a link reproduces it."""
    params = encode(values, defaults)
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if current != wanted:
        st.query_params.from_dict(params)
