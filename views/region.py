"""The region page: a county, a local police area or the country, one number per municipality.

Widgets → a list of municipality codes and a year → counts per municipality and layer
(:mod:`geo.spatial.region`; counted in the database on PostGIS) → a choropleth over the constant
base map, metrics and a table. Never points: a region can hold the whole country's data.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from app import cached, components
from app.page import open_page
from app.urlsync import UrlState
from geo import config, formats, i18n
from geo import map as geomap
from geo.domain.model import LAYERS
from geo.escape import inert
from geo.spatial import police, region
from geo.urlstate import Param

YEARS = list(range(config.FIRST_YEAR, config.LAST_YEAR + 1))

lang, t, store, location, version = open_page()
counties = region.counties()
police_areas = region.police_areas()


# -- caches (plain-value keys: the location, the data version, codes, year) ----------------
@st.cache_data(show_spinner=False, max_entries=32)
def _aggregate(location: str, version: str, codes: tuple[str, ...], year: int
               ) -> gpd.GeoDataFrame:
    """Counts per municipality and layer, with the boundaries."""
    return region.aggregate(cached.store(location), codes, year)


@st.cache_data(show_spinner=False, max_entries=64)
def _choropleth(location: str, version: str, codes: tuple[str, ...], year: int, measure: str,
                lang: str) -> dict:
    """The GeoJSON the map draws: one shaded boundary per municipality."""
    return region.choropleth_geojson(_aggregate(location, version, codes, year), measure, lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _view(codes: tuple[str, ...]) -> tuple[tuple[float, float], int]:
    """Where the map opens: per region only, so a new year or measure keeps pan and zoom."""
    return region.view(region.outlines(codes))


# -- the URL: codes only; ignored values get a notice -------------------------------------
URL_PARAMS = {
    "region": Param(region.KINDS), "lan": Param(counties),
    "polisregion": Param(police.regions()), "lpo": Param(police_areas),
    "year": Param([str(y) for y in YEARS], convert=int), "measure": Param(region.MEASURES),
}
start_kommun, start_year = cached.start_view(location, version, date.today())
home_area = police.area_of(start_kommun)  # the start municipality's area, when verified
DEFAULTS = {"region": "county", "lan": region.county_of(start_kommun),
            "polisregion": police.region_of_county(region.county_of(start_kommun)) or "Syd",
            "lpo": home_area.name if home_area else police_areas[0], "year": start_year,
            "measure": "total", "lang": config.DEFAULT_LANGUAGE}
url_state = UrlState(URL_PARAMS, DEFAULTS, scope="region")
url_state.open(lang)

with st.sidebar:
    st.header(t["region.filters.heading"])
    kind = st.radio(t["region.filters.kind"], list(region.KINDS), key="region",
                    format_func=lambda k: t[f"region.kinds.{k}"])
    if kind == "county":
        code = st.selectbox(t["region.filters.county"], list(counties), key="lan",
                            format_func=lambda c: f"{counties[c]} ({c})")
        title = counties[code]
    elif kind == "police_region":
        code = st.selectbox(t["region.filters.police_region"], list(police.regions()),
                            key="polisregion")
        title = i18n.t("region.police_region_name", lang, name=code)
    elif kind == "police_area":
        code = st.selectbox(t["region.filters.police_area"], police_areas, key="lpo",
                            format_func=lambda a: i18n.t(
                                "region.police_area_option", lang, name=a,
                                region=police.areas()[a].region))
        title = i18n.t("region.police_area_name", lang, name=code)
    else:
        code, title = "", t["region.country_name"]
    year = st.selectbox(t["filters.year"], YEARS, key="year")
    measure = st.selectbox(t["region.filters.measure"], list(region.MEASURES), key="measure",
                           format_func=lambda m: t["region.measure_total"] if m == "total"
                           else t[f"layers.{m}"])
url_state.write()

codes = region.municipalities(kind, code)
table = _aggregate(location, version, codes, year)

st.title(t["region.title"])
st.caption(t["region.subtitle"])
if store.meta("contents") == "example":
    st.info(t["app.example_data"], icon=":material/info:")

numbers = {layer: int(table[layer].sum()) for layer in LAYERS}
components.counts_row(lang, numbers, {})
summary = st.columns(3)
summary[0].metric(t["region.metrics.municipalities"], len(codes))
summary[1].metric(t["region.metrics.with_data"], int((table["total"] > 0).sum()))
summary[2].metric(t["region.metrics.total"], int(table["total"].sum()))
if not int(table["total"].sum()):
    st.info(i18n.t("region.notices.no_data", lang, region=title, year=year))


def _legend(width: int) -> None:
    """The classes of the shading, from the catalog."""
    shown = t["region.measure_total"] if measure == "total" else t[f"layers.{measure}"]
    parts = [f"<strong>{inert(t['region.legend.heading'])}</strong>",
             f"<div><em>{inert(shown)}</em></div>"]
    parts += [
        f'<div style="display:flex;align-items:center;gap:.5em;margin:2px 0">'
        f'<span style="display:inline-block;width:14px;height:14px;border-radius:2px;'
        f'background:{colour};border:1px solid #555"></span><span>{inert(label)}</span></div>'
        for colour, label in region.class_labels(width, lang)
    ]
    st.html("".join(parts))


@st.fragment
def region_map() -> None:
    """The choropleth over the constant base map; the choices change only the layer."""
    map_column, side_column = st.columns([3, 1])
    collection = _choropleth(location, version, codes, year, measure, lang)
    centre, zoom = _view(codes)
    with map_column:
        tiles, attribution = config.basemap()
        st_folium(geomap.base_map(tiles, attribution, lang, "region"), key="region_map",
                  height=config.MAP_HEIGHT, use_container_width=True, center=centre, zoom=zoom,
                  feature_group_to_add=[region.choropleth_group(collection,
                                                                t["region.map.layer"])],
                  returned_objects=[])
    with side_column:
        _legend(collection["step"])


region_map()

st.subheader(i18n.t("region.table.heading", lang, region=title, year=year))
st.dataframe(region.table(table, lang), hide_index=True, width="stretch", key="region_table")
st.caption(t["region.notices.public_only"])
if kind == "police_region":
    url, checked = police.regions_source()
    st.caption(i18n.t("region.notices.region_source", lang, region=code,
                      counties=formats.listing([counties[c] for c in police.regions()[code]],
                                               lang),
                      date=checked.isoformat(), url=url))
if kind == "police_area":
    area = police.areas()[code]
    st.caption(i18n.t("region.notices.police_source", lang,
                      date=area.checked_on.isoformat(), url=area.source_urls[0]))
