"""Filter values that follow the user from page to page (municipality, years, pledge).

Streamlit forgets a widget's value when the page that drew it is left; writing the
value back into Session State before the next page draws its widget keeps it —
the workaround Streamlit documents for multipage apps.
"""

from __future__ import annotations

import streamlit as st

SHARED = ("kommun", "year", "year_to", "pledge")


def keep_shared() -> None:
    """Re-assign the shared filter values so the next page's widgets start from them."""
    for name in SHARED:
        if name in st.session_state:
            st.session_state[name] = st.session_state[name]
