"""Trygghetskartan: the Streamlit entry (page config, language, navigation)."""

from __future__ import annotations

import streamlit as st

from app.urlsync import read_url
from geo import config, i18n
from geo.urlstate import Param

st.set_page_config(page_title="Trygghetskartan", page_icon="🗺️", layout="wide")

ignored = read_url({"lang": Param(config.LANGUAGES)}, scope="app").ignored
with st.sidebar:
    lang = st.selectbox(
        i18n.t("app.language", i18n.language(st.session_state.get("lang"))),
        list(config.LANGUAGES), key="lang",
        format_func=lambda code: {"sv": "Svenska", "en": "English"}[code],
    )
lang = i18n.language(lang)
for name, value in ignored:
    st.warning(i18n.t("notices.unknown_value", lang, name=name, value=value))

pages = [
    st.Page("pages/map.py", title=i18n.t("nav.map", lang), url_path="karta", default=True,
            icon=":material/map:"),
    st.Page("pages/pledges.py", title=i18n.t("followup.nav", lang), url_path="loften",
            icon=":material/checklist:"),
]
st.navigation(pages).run()
