"""Trygghetskartan: the Streamlit entry (page config, language, sign-in, navigation).

The page list is built on every run from the signed-in user's role: a page that
is not in the list cannot be opened by URL. Writes check the role again in ``geo/``.
A link to a page the visitor does not have (or to no page) opens a hidden page that
brings them to the map with a notice in their language, instead of Streamlit's English
"Page not found" dialog. The page scripts live in ``views/``, not ``pages/``: with a
``pages/`` folder beside the entry script, Streamlit 1.67 runs a server's first session as
an old folder-based app (``PagesManager.uses_pages_directory``), looks a deep link up
among the folder's file names and shows that dialog (streamlit/streamlit#10276).

A page that fails shows one short sentence in the visitor's language; the traceback
(with its server paths) goes to the server log only. ``client.showErrorDetails = "none"``
in ``.streamlit/config.toml`` is the second line of defence.
"""

from __future__ import annotations

import logging

import streamlit as st

from app import audit_context, cached, components, urlsync
from app.session import current_user, login_panel
from app.shared import keep_shared
from app.urlsync import read_url
from geo import config, i18n
from geo.access.auth import PUBLIC, Action
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
urlsync.url_notices(lang, ignored)
# The language stays in the address on every page, also on those that write no filters
# there (Registrera, Användare): a reload (F5) or a copied link keeps it.
if lang == config.DEFAULT_LANGUAGE:
    if "lang" in st.query_params:
        del st.query_params["lang"]
elif st.query_params.get("lang") != lang:
    st.query_params["lang"] = lang

keep_shared()  # before any page draws its filters
store = cached.current_store()
audit_context.bind(PUBLIC)  # from where, for a sign-in's audit line
user = current_user(store) if store.exists() else PUBLIC
audit_context.bind(user)  # who, for every audit line of this run
with st.sidebar:
    login_panel(store, user, lang)
    components.widget_texts(lang)  # Streamlit's uploader texts, in the visitor's language

pages = [
    st.Page("views/map.py", title=i18n.t("nav.map", lang),
            url_path=components.DEFAULT_RESERVED_PATH, default=True, icon=":material/map:"),
    st.Page("views/pledges.py", title=i18n.t("followup.nav", lang), url_path="loften",
            icon=":material/checklist:"),
    st.Page("views/coverage.py", title=i18n.t("coverage.nav", lang), url_path="tackning",
            icon=":material/layers:"),
    st.Page("views/region.py", title=i18n.t("region.nav", lang), url_path="region",
            icon=":material/public:"),
    st.Page("views/meeting.py", title=i18n.t("meeting.nav", lang), url_path="mote",
            icon=":material/co_present:"),
]
pages.append(st.Page("views/data_io.py", url_path="import-export", icon=":material/swap_vert:",
                     title=i18n.t("io.page.nav" if user.may(Action.IMPORT)
                                  else "io.page.title_export", lang)))
if user.may(Action.VIEW_INTERNAL):  # the lägesbild and the åtgärdsplan: staff
    pages.append(st.Page("views/lagesbild.py", title=i18n.t("lagesbild_page.nav", lang),
                         url_path="lagesbild", icon=":material/summarize:"))
    pages.append(st.Page("views/plan.py", title=i18n.t("plan_page.nav", lang),
                         url_path="atgardsplan", icon=":material/assignment:"))
if user.may(Action.EDIT):
    pages.append(st.Page("views/edit.py", title=i18n.t("edit.nav", lang), url_path="registrera",
                         icon=":material/edit_location_alt:"))
if user.may(Action.MANAGE_USERS):
    pages.append(st.Page("views/users.py", title=i18n.t("users.nav", lang), url_path="anvandare",
                         icon=":material/group:"))
# The accessibility statement and the privacy notice: open to all, linked at the foot of
# the sidebar on every page (DIGG: reachable from every page) rather than in the menu.
statements = [
    st.Page("views/accessibility.py", title=i18n.t("public.nav_accessibility", lang),
            url_path="tillganglighet", icon=":material/accessibility:", visibility="hidden"),
    st.Page("views/privacy.py", title=i18n.t("public.nav_privacy", lang),
            url_path="personuppgifter", icon=":material/privacy_tip:", visibility="hidden"),
]
pages.extend(statements)
pages.extend(components.lost_link_pages(pages, lang))
page = st.navigation(pages)
with st.sidebar:
    for statement in statements:
        st.page_link(statement)
components.lost_link_notice(lang)
try:
    page.run()
except Exception:  # noqa: BLE001 - every failure of a page, shown as one sentence
    # st.rerun, st.stop and st.switch_page raise Streamlit's control-flow exceptions
    # (RerunException, StopException in streamlit.runtime.scriptrunner_utils.exceptions):
    # they derive from BaseException, not Exception, so they pass through untouched.
    logging.getLogger("trygghetskartan").exception("page %s failed", page.url_path)
    st.error(i18n.t("app.failed", lang), icon=":material/error:")
