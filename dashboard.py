"""Trygghetskartan: the Streamlit entry (page config, language, navigation)."""

from __future__ import annotations

import streamlit as st

from geo import config, i18n

st.set_page_config(page_title="Trygghetskartan", page_icon="🗺️", layout="wide")

with st.sidebar:
    lang = st.selectbox(
        "Språk / Language", list(config.LANGUAGES), key="lang", bind="query-params",
        format_func=lambda code: {"sv": "Svenska", "en": "English"}[code],
    )
lang = i18n.language(lang)

pages = [st.Page("pages/map.py", title=i18n.t("nav.map", lang), url_path="karta",
                 default=True, icon="🗺️")]
st.navigation(pages).run()
