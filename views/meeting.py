"""Meeting mode: the council's agenda on a projector, one item at a time, on a full-width map.

Everything shown comes from :mod:`geo.meeting.agenda` (the lists), :mod:`geo.meeting.report`
(rows, the PDF) and :mod:`geo.survey.results`; this page only reads widgets and draws.
Public fields only. The arrow keys step through the agenda through Streamlit's own
button shortcuts (no custom JavaScript).
"""

from __future__ import annotations

from datetime import date, timedelta

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from app import cached, components, meeting_survey
from app.page import open_page
from app.urlsync import UrlState
from geo import config, i18n
from geo import map as geomap
from geo.domain import validation
from geo.domain.filters import PLEDGE_ALL, Filter
from geo.domain.layers import DRAW_ORDER, SENSITIVE_LAYERS
from geo.escape import markdown_text
from geo.map import heatmap
from geo.meeting import agenda as meeting
from geo.meeting import report as meeting_report
from geo.meeting import views as meeting_views
from geo.spatial import boundaries
from geo.urlstate import Param

#: Large type for a projector: static CSS only (no script, no user text).
CSS = """<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 2rem; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label { font-size: 1.35rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.8rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.1rem; }
[data-testid="stMainBlockContainer"] button p { font-size: 1.35rem; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
</style>"""
VIEWS = ("agenda", "compare", "survey")
MODES = ("points", "heatmap")


class _IsoDates:
    """The URL's allowed dates: an ISO date in the accepted range.

    A container for :class:`Param`: any other value is ignored with a notice and the
    default stays (``?since=0001-01-01`` showed a traceback before).
    """

    def __contains__(self, value: object) -> bool:
        try:
            validation.as_date("since", str(value))
        except validation.ValidationError:
            return False
        return len(str(value)) == 10


lang, t, store, location, version = open_page()
pledges = {p.id: p for p in cached.pledges(location, version)}
names = boundaries.names()
kommuner = sorted({p.kommun_kod for p in pledges.values()}) or [config.DEFAULT_KOMMUN]
example = store.meta("contents") == "example"

# -- URL ⇄ widgets: codes only ---------------------------------------------------------
STEP_CODES = [str(i) for i in range(len(meeting.STEP_KEYS))]
URL_PARAMS = {
    "m_kommun": Param(kommuner), "m_pledge": Param([PLEDGE_ALL, *pledges]),
    "since": Param(_IsoDates(), convert=date.fromisoformat),
    "until": Param(_IsoDates(), convert=date.fromisoformat),
    "step": Param(STEP_CODES, convert=int), "view": Param(VIEWS), "mode": Param(MODES),
}
first_kommun = next(k for k in (st.session_state.get("kommun"),
                                 cached.start_view(location, version, date.today())[0],
                                 kommuner[0]) if k in kommuner)
first_pledge = next((p for p in pledges.values() if p.kommun_kod == first_kommun), None)
first_until = min(date.today(), first_pledge.period_end) if first_pledge else date.today()
DEFAULTS = {"m_kommun": first_kommun, "m_pledge": first_pledge.id if first_pledge else PLEDGE_ALL,
            "since": first_until - timedelta(days=91), "until": first_until, "step": 0,
            "view": "agenda", "mode": "points", "lang": config.DEFAULT_LANGUAGE}
url_state = UrlState(URL_PARAMS, DEFAULTS, scope="meeting")
url = url_state.open(lang)
if url.read and st.session_state["m_pledge"] in pledges and "m_kommun" not in st.query_params:
    st.session_state["m_kommun"] = pledges[st.session_state["m_pledge"]].kommun_kod


def _kommun_changed() -> None:
    own = [p for p in pledges.values() if p.kommun_kod == st.session_state["m_kommun"]]
    st.session_state["m_pledge"] = own[0].id if own else PLEDGE_ALL
    st.session_state["step"] = 0


def _move(delta: int) -> None:
    st.session_state["step"] = max(0, min(len(meeting.STEP_KEYS) - 1,
                                          st.session_state["step"] + delta))


st.html(CSS)
with st.sidebar:
    kommun = st.selectbox(t["meeting.kommun"], kommuner, key="m_kommun",
                          format_func=lambda c: f"{names.get(c, c)} ({c})",
                          on_change=_kommun_changed)
    own = [pid for pid, p in pledges.items() if p.kommun_kod == kommun]
    if st.session_state["m_pledge"] not in [PLEDGE_ALL, *own]:
        st.session_state["m_pledge"] = PLEDGE_ALL
    pledge_id = st.selectbox(t["meeting.pledge"], [PLEDGE_ALL, *own], key="m_pledge",
                             format_func=lambda v: t["meeting.pledge_all"] if v == PLEDGE_ALL
                             else pledges[v].title)
    earliest, latest = validation.date_range()
    since = st.date_input(t["meeting.since"], key="since", format="YYYY-MM-DD",
                          min_value=earliest, max_value=latest)
    until = st.date_input(t["meeting.until"], key="until", format="YYYY-MM-DD",
                          min_value=earliest, max_value=latest)
url_state.write()
if until < since:
    st.error(i18n.t("meeting.window", lang, since=since, until=until))
    st.stop()
pledge = pledges.get(pledge_id)


@st.cache_data(show_spinner=False, max_entries=32)
def _agenda(location: str, version: str, kommun: str, pledge_id: str, since: date,
            until: date) -> meeting.Agenda:
    """The agenda (public fields only), read once per window."""
    chosen = next((p for p in cached.pledges(location, version) if p.id == pledge_id), None)
    return meeting.build(cached.store(location), kommun, since, until, pledge=chosen)


@st.cache_data(show_spinner=False, max_entries=8)
def _pdf(location: str, version: str, kommun: str, pledge_id: str, since: date, until: date,
         lang: str, title: str, example: bool, shown: tuple) -> bytes:
    """The PDF of the view on screen, rebuilt from the same cached data as the page.

    ``shown`` is ``("agenda",)``, ``("compare", b, a, year on the map)`` or
    ``("survey", year, measure, kind)``: plain values, so it is part of the cache key.
    """
    agenda = _agenda(location, version, kommun, pledge_id, since, until)
    compare = outcome = None
    if shown[0] == "compare":
        compare = meeting_views.comparison(
            {y: cached.frames(location, version, meeting_views.compare_filter(kommun, y))
             for y in shown[1:3]},
            *shown[1:], lang)
    elif shown[0] == "survey":
        acts = cached.frames(location, version, Filter(kommun, shown[1], shown[1]))
        outcome = meeting_views.outcome(cached.store(location), kommun, shown[1], shown[2],
                                        lang, acts["activities"], kind=shown[3])
    return meeting_report.pdf(agenda, lang, pledge_title=title, example=example,
                              compare=compare, outcome=outcome)


agenda = _agenda(location, version, kommun, pledge_id, since, until)
pledge_title = pledge.title if pledge else t["meeting.pledge_all"]
heat_served = heatmap.install()
sensitive = config.sensitive_categories()

st.title(i18n.t("meeting.heading", lang, kommun=names.get(kommun, kommun)))
head, printing = st.columns([4, 1])
head.markdown(f"**{markdown_text(pledge_title)}** · "
              + i18n.t("meeting.window", lang, since=since.isoformat(), until=until.isoformat()))
if example:
    st.info(t["app.example_data"], icon=":material/info:")
chosen_view = st.segmented_control(t["meeting.view"], VIEWS, key="view", required=True,
                                   format_func=lambda v: t[f"meeting.view_{v}"])
mode = st.session_state["mode"]
if chosen_view != "survey":  # points or heat: the survey view draws shaded areas only
    mode = st.segmented_control(t["meeting.mode"], MODES, key="mode", required=True,
                                label_visibility="collapsed",
                                format_func=lambda v: t[f"meeting.{v}"])
if mode == "heatmap" and not heat_served and chosen_view != "survey":
    st.caption(t["meeting.heatmap_missing"])


def _groups(frames: dict[str, gpd.GeoDataFrame], heat: bool) -> list[folium.FeatureGroup]:
    """Boundary, then each layer as points; heat for places/findings when asked.

    Sensitive categories go to the heat layer only (when it can be served), so the
    public never sees them as points, not even generalised.
    """
    groups = [geomap.boundary_group(cached.boundary_geojson(kommun), t["layers.boundary"])]
    hot: list[gpd.GeoDataFrame] = []
    for layer in DRAW_ORDER:
        frame = frames.get(layer)
        if frame is None or frame.empty:
            continue
        if layer in SENSITIVE_LAYERS and heat_served:
            secret = frame["category"].isin(sensitive).to_numpy()
            hot.append(frame if heat else frame[secret])
            frame = frame.iloc[0:0] if heat else frame[~secret]
        groups.append(geomap.feature_group(layer, geomap.layer_payload(layer, frame),
                                              t[f"layers.{layer}"]))
    if hot:
        groups.append(heatmap.heat_group(heatmap.points(hot), t["meeting.heatmap"]))
    return groups


def _draw(frames: dict[str, gpd.GeoDataFrame], key: str) -> None:
    tiles, attribution = config.basemap()
    base = heatmap.base_map(tiles, attribution, lang) if heat_served else \
        geomap.base_map(tiles, attribution, lang)
    centre, zoom = cached.map_view(location, version, kommun)
    st_folium(base, key=key, height=config.MAP_HEIGHT, use_container_width=True,
              center=centre, zoom=zoom, returned_objects=[],
              feature_group_to_add=_groups(frames, mode == "heatmap"))
    if heat_served and any(len(f) and f.get("category") is not None
                           and f["category"].isin(sensitive).any() for f in frames.values()):
        st.caption(t["meeting.heatmap_only_sensitive"])


def agenda_view() -> tuple:
    """The agenda as steps: Previous/Next (and ←/→), the step's records on map and list."""
    total = len(meeting.STEP_KEYS)
    index = st.session_state["step"]
    key = meeting.STEP_KEYS[index]
    back, label, forward = st.columns([1, 4, 1])
    back.button(t["meeting.previous"], key="prev", on_click=_move, args=(-1,),
                disabled=index == 0, shortcut="left", width="stretch")
    forward.button(t["meeting.next"], key="next", on_click=_move, args=(1,),
                   disabled=index == total - 1, shortcut="right", width="stretch")
    sizes = agenda.sizes()
    count = f" ({sizes[key]})" if key in sizes else ""
    label.subheader(f"{t[f'meeting.steps.{key}']}{count}")
    label.caption(i18n.t("meeting.step_of", lang, n=index + 1, total=total) + " · "
                  + t["meeting.keys_hint"])
    if key == meeting.PROGRESS_STEP:
        tables = meeting_report.progress_rows(agenda, lang)
        for title, table in tables:
            st.markdown(f"**{markdown_text(title)}**")
            st.dataframe(table, hide_index=True, width="stretch")
        if not tables:
            st.info(t["meeting.progress_none"])
        st.markdown(i18n.t("meeting.counts_only", lang, **agenda.counts))
        return ("agenda",)
    step = agenda.step(key)
    _draw({step.layer: step.records}, "meeting_map")
    rows = meeting_report.step_rows(step, lang)
    if rows.empty:
        st.info(t["meeting.none"])
    else:
        st.dataframe(rows, hide_index=True, width="stretch", key="step_rows")
    return ("agenda",)


def compare_view() -> tuple:
    """The same map for two years (a switch), with counts per layer and their change."""
    years = list(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
    left, right = st.columns(2)
    year_b = left.selectbox(t["meeting.year_b"], years, key="m_year_b",
                            index=years.index(max(config.FIRST_YEAR, until.year - 1)))
    year_a = right.selectbox(t["meeting.year_a"], years, key="m_year_a",
                             index=years.index(until.year))
    shown = st.segmented_control(t["meeting.year_a"], [year_b, year_a], key="m_year_shown",
                                 default=year_a, required=True)
    shown = shown if shown in (year_b, year_a) else year_a
    frames = {y: cached.frames(location, version, meeting_views.compare_filter(kommun, y))
              for y in (year_b, year_a)}
    compared = meeting_views.comparison(frames, year_b, year_a, shown, lang)
    st.caption(compared.terms)
    st.dataframe(compared.table, hide_index=True, width="stretch", key="compare_table")
    _draw(dict(compared.frames), "meeting_compare_map")
    return ("compare", year_b, year_a, shown)


def survey_view() -> tuple:
    """Survey shares per area and year beside the activities done there: before/after only."""
    outcome = meeting_survey.outcome(location, version, kommun, lang, until.year)
    meeting_survey.show(outcome, location, version, kommun, lang)
    meeting_survey.import_panel(kommun, lang)
    return ("survey", outcome.year, outcome.measure, outcome.kind) if outcome else ("agenda",)


on_screen = {"agenda": agenda_view, "compare": compare_view, "survey": survey_view}[chosen_view]()
printing.download_button(
    t["meeting.print"], key="print", mime="application/pdf", icon=":material/print:",
    file_name=i18n.t("meeting.print_file", lang, kommun=kommun, since=since.isoformat()),
    data=lambda: _pdf(location, version, kommun, pledge_id, since, until, lang, pledge_title,
                      example, on_screen),
)

components.about_panel(lang, store.meta("contents") == "example")
