"""Trygghetskartan: the Streamlit entry (page config, language, sign-in, navigation).

The page list is built on every run from the signed-in user's role: a page that
is not in the list cannot be opened by URL. Writes check the role again in ``geo/``.

A page that fails shows one short sentence in the visitor's language; the traceback
(with its server paths) goes to the server log only. ``client.showErrorDetails = "none"``
in ``.streamlit/config.toml`` is the second line of defence.
"""

from __future__ import annotations

import logging

import streamlit as st

from app import cached, components
from app.session import current_user, login_panel
from app.shared import keep_shared
from app.urlsync import read_url
from geo import config, i18n
from geo.auth import PUBLIC, Action
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
components.url_notices(lang, ignored)

keep_shared()  # before any page draws its filters
store = cached.current_store()
user = current_user(store) if store.exists() else PUBLIC
with st.sidebar:
    login_panel(store, user, lang)

pages = [
    st.Page("pages/map.py", title=i18n.t("nav.map", lang), url_path="karta", default=True,
            icon=":material/map:"),
    st.Page("pages/pledges.py", title=i18n.t("followup.nav", lang), url_path="loften",
            icon=":material/checklist:"),
    st.Page("pages/coverage.py", title=i18n.t("coverage.nav", lang), url_path="tackning",
            icon=":material/layers:"),
    st.Page("pages/region.py", title=i18n.t("region.nav", lang), url_path="region",
            icon=":material/public:"),
    st.Page("pages/meeting.py", title=i18n.t("meeting.nav", lang), url_path="mote",
            icon=":material/co_present:"),
]
pages.append(st.Page("pages/data_io.py", url_path="import-export", icon=":material/swap_vert:",
                     title=i18n.t("io.page.nav" if user.may(Action.IMPORT)
                                  else "io.page.title_export", lang)))
if user.may(Action.EDIT):
    pages.append(st.Page("pages/edit.py", title=i18n.t("edit.nav", lang), url_path="registrera",
                         icon=":material/edit_location_alt:"))
if user.may(Action.MANAGE_USERS):
    pages.append(st.Page("pages/users.py", title=i18n.t("users.nav", lang), url_path="anvandare",
                         icon=":material/group:"))
page = st.navigation(pages)
try:
    page.run()
except Exception:  # noqa: BLE001 - every failure of a page, shown as one sentence
    # st.rerun, st.stop and st.switch_page raise Streamlit's control-flow exceptions
    # (RerunException, StopException in streamlit.runtime.scriptrunner_utils.exceptions):
    # they derive from BaseException, not Exception, so they pass through untouched.
    logging.getLogger("trygghetskartan").exception("page %s failed", page.url_path)
    st.error(i18n.t("app.failed", lang), icon=":material/error:")
