"""The accessibility statement (lag 2018:1937, DIGG's model), open to every visitor.

The text is the published site's too (:mod:`geo.site.statements`); no store is read.
"""

import streamlit as st

from geo import i18n
from geo.site import statements

st.html(statements.render("accessibility", i18n.language(st.session_state.get("lang"))))
