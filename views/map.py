"""The map page: filters → one Filter → layers, counts, table and details."""

from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from app import cached, components
from app.page import open_page
from app.shared import apply_pledge, drop_foreign_pledge, pledge_dropped_notice
from app.urlsync import read_url, write_url
from geo import boundaries, config, i18n, maplayers, references, view
from geo.enums import Category, FindingStatus, PlaceStatus
from geo.escape import markdown_text
from geo.filters import PLEDGE_ALL, PLEDGE_NONE, Filter
from geo.layers import DRAW_ORDER
from geo.model import LAYERS
from geo.urlstate import Param

YEARS = list(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
CATEGORIES = [c.value for c in Category]
PLACE_STATUSES = [s.value for s in PlaceStatus]
FINDING_STATUSES = [s.value for s in FindingStatus]

lang, t, store, location, version = open_page()
pledges = {p.id: p for p in cached.pledges(location, version)}
pledge_titles = components.pledge_short_titles(pledges, lang)
kommun_names = boundaries.names()

# -- the URL: accepted values go into the widgets, ignored ones get a notice --------
YEAR_CODES = [str(y) for y in YEARS]
URL_PARAMS = {
    "kommun": Param(kommun_names), "year": Param(YEAR_CODES, convert=int),
    "year_to": Param(YEAR_CODES, convert=int),
    "pledge": Param([PLEDGE_ALL, PLEDGE_NONE, *pledges]),
    "category": Param(CATEGORIES, multi=True), "place_status": Param(PLACE_STATUSES, multi=True),
    "finding_status": Param(FINDING_STATUSES, multi=True),
    "layers": Param(LAYERS, multi=True),
    "commitment": Param([c.id for p in pledges.values() for c in p.commitments]),
}
start_kommun, start_year = cached.start_view(location, version, date.today())
DEFAULTS = {"kommun": start_kommun, "year": start_year, "year_to": None,
            "pledge": PLEDGE_ALL, "category": [], "place_status": [], "finding_status": [],
            "layers": list(LAYERS), "commitment": None, "lang": config.DEFAULT_LANGUAGE}
url = read_url(URL_PARAMS, scope="map")
components.url_notices(lang, url.ignored)
for name, value in DEFAULTS.items():
    st.session_state.setdefault(name, value)
linked = pledges.get(st.session_state["pledge"])
if url.read and linked is not None and "kommun" not in st.query_params:
    st.session_state["kommun"] = linked.kommun_kod  # a link with only ?pledge=…
    if "year" not in st.query_params:
        st.session_state["year"] = linked.period_start.year
        st.session_state["year_to"] = linked.period_end.year
# A pledge belongs to one municipality: when the municipality chosen (here, on another
# page, or in the link) is another one, the municipality wins and the pledge is dropped,
# with a notice (the pledge no longer overrides the municipality the user chose).
dropped = drop_foreign_pledge(pledges)


# -- filters -------------------------------------------------------------------------
with st.sidebar:
    st.header(t["filters.heading"])
    pledge_id = st.selectbox(
        t["filters.pledge"], [PLEDGE_ALL, PLEDGE_NONE, *pledges], key="pledge",
        on_change=apply_pledge, args=(pledges,),
        format_func=components.pledge_option_label(lang, pledge_titles),
    )
    kommun = st.selectbox(
        t["filters.kommun"], list(kommun_names), key="kommun",
        format_func=lambda code: f"{kommun_names[code]} ({code})",
    )
    year_columns = st.columns(2)
    year = year_columns[0].selectbox(t["filters.year"], YEARS, key="year")
    year_to = year_columns[1].selectbox(
        t["filters.year_to"], YEARS, key="year_to", placeholder=str(year),
    )
    categories = st.multiselect(
        t["filters.categories"], CATEGORIES, key="category",
        format_func=lambda c: t[f"category.{c}"], placeholder=t["filters.all"],
    )
    place_statuses = st.multiselect(
        t["filters.place_statuses"], PLACE_STATUSES, key="place_status",
        format_func=lambda c: t[f"place_status.{c}"], placeholder=t["filters.all"],
    )
    finding_statuses = st.multiselect(
        t["filters.finding_statuses"], FINDING_STATUSES, key="finding_status",
        format_func=lambda c: t[f"finding_status.{c}"], placeholder=t["filters.all"],
    )
    shown_layers = st.pills(
        t["filters.layers"], list(LAYERS), key="layers", selection_mode="multi",
        format_func=lambda layer: t[f"layers.{layer}"],
    )
write_url({name: st.session_state.get(name) for name in DEFAULTS}, DEFAULTS, URL_PARAMS,
          scope="map")

pledge = pledges.get(pledge_id)
if year_to is not None and year_to < year:
    st.info(i18n.t("notices.year_order", lang, year=year))
    year_to = year
flt = Filter(
    kommun_kod=kommun, year_from=year, year_to=year_to if year_to is not None else year,
    pledge=pledge_id, categories=tuple(sorted(categories)),
    place_statuses=tuple(sorted(place_statuses)),
    finding_statuses=tuple(sorted(finding_statuses)),
    commitment=st.session_state.get("commitment"),
)
key = (flt.kommun_kod, flt.year_from, flt.year_to, flt.pledge, flt.categories,
       flt.place_statuses, flt.finding_statuses, flt.commitment)


# -- caches of what a rerun shows (plain-value keys; the frames are read only on a miss) ----
# A filter change or a map click reruns the page: everything below is a cache hit then,
# and a hit returns small values (counts, the layers' compact text, the table) instead of
# the GeoDataFrames, so no per-feature work is done on the way back.
@st.cache_data(show_spinner=False, max_entries=64)
def _summary(location: str, version: str, key: tuple) -> tuple[dict[str, int], dict[str, int]]:
    """Features per layer, and those without a place (counted, not drawn)."""
    frames = cached.frames(location, version, key)
    return view.counts(frames), view.unplaced(frames)


@st.cache_data(show_spinner=False, max_entries=256)
def _layer_payload(location: str, version: str, key: tuple, layer: str
                   ) -> maplayers.LayerPayload:
    """The compact text the map draws for one layer."""
    return maplayers.layer_payload(layer, cached.frames(location, version, key)[layer])


@st.cache_data(show_spinner=False, max_entries=16)
def _table(location: str, version: str, key: tuple, layers: tuple[str, ...], lang: str,
           titles: dict[str, str]):
    """The table under the map: one row per feature of the shown layers."""
    frames = cached.frames(location, version, key)
    return view.table({k: frames[k] for k in LAYERS if k in layers}, lang, titles)


# -- heading, counts ---------------------------------------------------------------------
st.title(t["app.title"])
st.caption(t["app.subtitle"])
if store.meta("contents") == "example":
    st.info(t["app.example_data"], icon=":material/info:")
pledge_dropped_notice(lang, dropped, pledge_titles.get(dropped.id, "") if dropped else "",
                      kommun_names.get(kommun, kommun))
if pledge is not None:
    st.caption(i18n.t("filters.pledge_sets_view", lang, kommun=markdown_text(pledge.kommun),
                      years=markdown_text(pledge_titles[pledge.id].split(" ", 1)[1])))

commitments = {c.id: c for p in pledges.values() for c in p.commitments}
if flt.commitment in commitments:
    notice, clear = st.columns([5, 1])
    notice.info(i18n.t("filters.commitment_shown", lang,
                       text=markdown_text(commitments[flt.commitment].text)),
                icon=":material/filter_alt:")
    clear.button(t["filters.commitment_clear"], key="clear_commitment",
                 on_click=lambda: st.session_state.update(commitment=None))

numbers, unplaced = _summary(location, version, key)
components.counts_row(lang, numbers, unplaced)
if sum(numbers.values()) == 0:
    st.info(i18n.t("notices.no_data", lang, kommun=kommun_names[kommun]))

shown = [layer for layer in DRAW_ORDER if layer in shown_layers]


@st.fragment
def map_and_details() -> None:
    """The map and the clicked feature's details: a click reruns only this part."""
    map_column, side_column = st.columns([3, 1])
    centre, zoom = cached.map_view(location, version, kommun)
    groups = [maplayers.boundary_group(cached.boundary_geojson(kommun), t["layers.boundary"])]
    groups += [
        maplayers.feature_group(layer, _layer_payload(location, version, key, layer),
                                t[f"layers.{layer}"])
        for layer in shown
    ]
    with map_column:
        tiles, attribution = config.basemap()
        clicked = st_folium(
            maplayers.base_map(tiles, attribution, lang), key="map", height=config.MAP_HEIGHT,
            use_container_width=True, center=centre, zoom=zoom,
            feature_group_to_add=groups, returned_objects=["last_active_drawing"],
        )
    with side_column:
        # The details first, beside the map, where the user looks after a click: as tall
        # as the map at most (scrolling inside), so they are in view with the map; the
        # legend follows (issue 14: below the legend they were off-screen at 1400×1000).
        heading, pairs = _clicked_details(clicked)
        with st.container(key="details", height=config.MAP_HEIGHT if pairs else "content"):
            components.details_panel(lang, heading, pairs)
        components.legend(lang, shown)


def _clicked_details(result: dict | None) -> tuple[str, list[tuple[str, str]] | None]:
    target = view.clicked((result or {}).get("last_active_drawing"))
    if target is None:
        return "", None
    record = view.public_record(store, *target)  # the id is the browser's: public only
    if record is None:
        return t["details.not_found"], []
    names = references.labels(  # the public records it refers to, by name and date
        record, lang, lambda layer, ref: view.public_record(store, layer, ref), commitments)
    return t[f"layers.{target[0]}"], view.details(record, lang, pledge_titles, public=True,
                                                  references=names)


map_and_details()
components.feature_table(lang, _table(location, version, key, tuple(shown), lang, pledge_titles))
components.about_panel(lang, store.meta("contents") == "example")
