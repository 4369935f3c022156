"""Filter values kept from page to page.

Streamlit forgets a widget's value when the page that drew it is left; writing the
value back into Session State before the next page draws its widget keeps it —
the workaround Streamlit documents for multipage apps.

Two kinds of value, never mixed (issue 14: a pledge chosen on Löften became the map's
pledge filter):

* :data:`SHARED` — the place and time the user looks at (municipality, years) and the
  layers she looks at: every page that has these widgets starts from them, and a choice
  on any page moves them. The layers are the map's pills and the export's list, two
  kinds of widget under one key: without the re-assignment the export after the map
  started with an empty list.
* :data:`OWN` — a page's own choices, under keys no other page uses (the map's pledge
  filter ``pledge``, which may be "all"; the pledge Löften shows, ``followup_pledge``):
  kept so that the page shows them again when the user comes back, never read elsewhere
  as the user's choice there.

A choice made on a page wins on that page; a page that must reconcile a shared value
with its own (a pledge of another municipality) does so itself and says so.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from geo import i18n
from geo.domain.filters import PLEDGE_ALL, foreign_pledge
from geo.domain.pledge import Pledge
from geo.escape import markdown_text

SHARED = ("kommun", "year", "year_to", "layers")
OWN = ("pledge", "followup_pledge")


def keep_shared() -> None:
    """Re-assign the kept values so the next page's widgets start from them."""
    for name in (*SHARED, *OWN):
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]


def apply_pledge(pledges: Mapping[str, Pledge]) -> None:
    """A pledge chosen in the filter sets the municipality and the years to the pledge's.

    The ``on_change`` of a pledge filter: the user's latest choice wins, so choosing a
    pledge moves the municipality, and choosing a municipality drops a foreign pledge
    (:func:`drop_foreign_pledge`).
    """
    pledge = pledges.get(st.session_state.get("pledge", PLEDGE_ALL))
    if pledge is not None:
        st.session_state["kommun"] = pledge.kommun_kod
        st.session_state["year"] = pledge.period_start.year
        st.session_state["year_to"] = pledge.period_end.year


def drop_foreign_pledge(pledges: Mapping[str, Pledge]) -> Pledge | None:
    """Drop the pledge filter when its pledge is not the chosen municipality's.

    Call before the filter widgets are drawn; returns the dropped pledge (for
    :func:`pledge_dropped_notice`), or None.
    """
    dropped = foreign_pledge(st.session_state.get("pledge", PLEDGE_ALL),
                             st.session_state.get("kommun", ""), pledges)
    if dropped is not None:
        st.session_state["pledge"] = PLEDGE_ALL
        st.session_state["commitment"] = None
    return dropped


def pledge_dropped_notice(lang: str, dropped: Pledge | None, title: str, kommun: str) -> None:
    """Say that a pledge of another municipality was taken out of the filter."""
    if dropped is not None:
        st.warning(i18n.t("filters.pledge_dropped", lang, pledge=markdown_text(title),
                          kommun=markdown_text(kommun)), icon=":material/filter_alt_off:")
