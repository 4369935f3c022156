"""The privacy notice (GDPR art. 13): what is stored about editors and residents, and why.

The text is the published site's too (:mod:`geo.site.statements`); no store is read.
"""

import streamlit as st

from geo import i18n
from geo.site import statements

st.html(statements.render("privacy", i18n.language(st.session_state.get("lang"))))
