"""Keep the page's widgets and its URL in step (codes only; see geo.urlstate).

The URL is read whenever it differs from what the page last read or wrote: on a
session's first run, and when a link (``st.page_link`` with query parameters)
brings the user here with a new view. Widget changes write the URL at the end
of the run, so they are never overwritten by the old URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import streamlit as st

from geo import i18n
from geo.escape import markdown_text
from geo.urlstate import Param, encode, parse


class UrlRead(NamedTuple):
    read: bool
    ignored: list[tuple[str, str]]


def _current(names: Mapping[str, Any]) -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params if name in names}


def read_url(specs: Mapping[str, Param], scope: str) -> UrlRead:
    """Put valid URL values into the widgets' state when the URL brings a new view.

    Returns whether it read, and the ``(name, value)`` pairs it ignored (for a notice).
    """
    current = _current(specs)
    seen_key = f"_url_seen_{scope}"
    if st.session_state.get(seen_key) == current:
        return UrlRead(False, [])
    st.session_state[seen_key] = current
    values, ignored = parse(current, specs)
    for name, value in values.items():
        st.session_state[specs[name].state_key(name)] = value
    return UrlRead(True, ignored)


def write_url(values: Mapping[str, Any], defaults: Mapping[str, Any],
              specs: Mapping[str, Param], scope: str) -> None:
    """Show the current view in the URL, so that a link reproduces it."""
    params = encode(values, defaults)
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if _current(values) != wanted:
        st.query_params.from_dict(params)
    st.session_state[f"_url_seen_{scope}"] = {k: v for k, v in wanted.items() if k in specs}


def url_notices(lang: str, ignored: list[tuple[str, str]]) -> None:
    """A notice per ignored URL value (the value shown as text: it is the visitor's)."""
    for name, value in ignored:
        st.warning(i18n.t("notices.unknown_value", lang, name=markdown_text(name),
                          value=markdown_text(value)))


@dataclass(frozen=True)
class UrlState:
    """A page's URL parameters, their defaults and its scope: the preamble every page runs.

    ``defaults`` name the URL parameters (and ``lang``) the page writes back; a parameter
    whose :class:`~geo.urlstate.Param` has its own ``key`` keeps its value under that key.
    """

    specs: Mapping[str, Param]
    defaults: Mapping[str, Any]
    scope: str

    def _key(self, name: str) -> str:
        return self.specs[name].state_key(name) if name in self.specs else name

    def open(self, lang: str, *, set_defaults: bool = True) -> UrlRead:
        """Read the URL, warn about the values it ignored, start the widgets from defaults.

        ``set_defaults=False`` for a page that chooses its first values itself.
        """
        url = read_url(self.specs, self.scope)
        url_notices(lang, url.ignored)
        if set_defaults:
            for name, value in self.defaults.items():
                st.session_state.setdefault(self._key(name), value)
        return url

    def write(self, values: Mapping[str, Any] | None = None) -> None:
        """Show the widgets' current values (or ``values``) in the URL."""
        if values is None:
            values = {name: st.session_state.get(self._key(name)) for name in self.defaults}
        write_url(values, self.defaults, self.specs, self.scope)
