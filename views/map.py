"""The map page: filters → one Filter → layers, counts, table and details."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from app import cached, components
from app.filter_panel import filter_panel
from app.page import open_page
from geo import config, i18n
from geo import map as geomap
from geo.domain import references
from geo.domain.filters import Filter
from geo.domain.layers import DRAW_ORDER
from geo.domain.model import LAYERS
from geo.map import view
from geo.spatial import boundaries

lang, t, store, location, version = open_page()
pledges = {p.id: p for p in cached.pledges(location, version)}
pledge_titles = components.pledge_short_titles(pledges, lang)
kommun_names = boundaries.names()

# -- the filter: the URL, the sidebar's widgets and their rules → one Filter ---------------
panel = filter_panel(lang, location, version, pledges, pledge_titles, kommun_names, scope="map")
flt, shown_layers, kommun = panel.filter, panel.layers, panel.filter.kommun_kod


# -- caches of what a rerun shows (the Filter is the key; the frames are read only on a miss) --
# A filter change or a map click reruns the page: everything below is a cache hit then,
# and a hit returns small values (counts, the layers' compact text, the table) instead of
# the GeoDataFrames, so no per-feature work is done on the way back.
@st.cache_data(show_spinner=False, max_entries=64)
def _summary(location: str, version: str, flt: Filter) -> tuple[dict[str, int], dict[str, int]]:
    """Features per layer, and those without a place (counted, not drawn)."""
    frames = cached.frames(location, version, flt)
    return view.counts(frames), view.unplaced(frames)


@st.cache_data(show_spinner=False, max_entries=256)
def _layer_payload(location: str, version: str, flt: Filter, layer: str
                   ) -> geomap.LayerPayload:
    """The compact text the map draws for one layer."""
    return geomap.layer_payload(layer, cached.frames(location, version, flt)[layer])


@st.cache_data(show_spinner=False, max_entries=16)
def _table(location: str, version: str, flt: Filter, layers: tuple[str, ...], lang: str,
           titles: dict[str, str]):
    """The table under the map: one row per feature of the shown layers."""
    frames = cached.frames(location, version, flt)
    return view.table({k: frames[k] for k in LAYERS if k in layers}, lang, titles)


# -- heading, counts ---------------------------------------------------------------------
st.title(t["app.title"])
st.caption(t["app.subtitle"])
if store.meta("contents") == "example":
    st.info(t["app.example_data"], icon=":material/info:")
panel.notices()
commitments = {c.id: c for p in pledges.values() for c in p.commitments}

numbers, unplaced = _summary(location, version, flt)
components.counts_row(lang, numbers, unplaced)
if sum(numbers.values()) == 0:
    st.info(i18n.t("notices.no_data", lang, kommun=kommun_names[kommun]))

shown = [layer for layer in DRAW_ORDER if layer in shown_layers]


@st.fragment
def map_and_details() -> None:
    """The map and the clicked feature's details: a click reruns only this part."""
    map_column, side_column = st.columns([3, 1])
    centre, zoom = cached.map_view(location, version, kommun)
    groups = [geomap.boundary_group(cached.boundary_geojson(kommun), t["layers.boundary"])]
    groups += [
        geomap.feature_group(layer, _layer_payload(location, version, flt, layer),
                                t[f"layers.{layer}"])
        for layer in shown
    ]
    with map_column:
        tiles, attribution = config.basemap()
        clicked = st_folium(
            geomap.base_map(tiles, attribution, lang), key="map", height=config.MAP_HEIGHT,
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
components.feature_table(lang, _table(location, version, flt, tuple(shown), lang, pledge_titles))
components.about_panel(lang, store.meta("contents") == "example")
