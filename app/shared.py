"""Filter values kept from page to page.

Streamlit forgets a widget's value when the page that drew it is left; writing the
value back into Session State before the next page draws its widget keeps it —
the workaround Streamlit documents for multipage apps.

Two kinds of value, never mixed (issue 14: a pledge chosen on Löften became the map's
pledge filter):

* :data:`SHARED` — the place and time the user looks at (municipality, years): every
  page that has these widgets starts from them, and a choice on any page moves them.
* :data:`OWN` — a page's own choices, under keys no other page uses (the map's pledge
  filter ``pledge``, which may be "all"; the pledge Löften shows, ``followup_pledge``):
  kept so that the page shows them again when the user comes back, never read elsewhere
  as the user's choice there.

A choice made on a page wins on that page; a page that must reconcile a shared value
with its own (a pledge of another municipality) does so itself and says so.
"""

from __future__ import annotations

import streamlit as st

SHARED = ("kommun", "year", "year_to")
OWN = ("pledge", "followup_pledge")


def keep_shared() -> None:
    """Re-assign the kept values so the next page's widgets start from them."""
    for name in (*SHARED, *OWN):
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]
