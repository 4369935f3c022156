"""The meeting page's survey view, and the import of survey results for editors.

Shares per area on the map with the activities beside them; editors of the municipality
can import a new table with its areas' polygons. The work is in :mod:`geo.survey.results`,
:mod:`geo.survey.map` and :mod:`geo.meeting.views`; this module reads widgets and draws.
Refusals list every problem (unknown codes, values out of range) and keep nothing.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from app import cached, limits
from app.session import current_user
from geo import config, i18n
from geo import map as geomap
from geo.access.auth import Action
from geo.domain.filters import Filter
from geo.escape import inert
from geo.io.errors import Refused
from geo.meeting import views as meeting_views
from geo.spatial import boundaries
from geo.survey import map as survey_map
from geo.survey import results as survey

#: Session key of the "kept N results" message, shown after the rerun that draws them.
KEPT_MESSAGE = "survey_import_kept"


def _legend(lang: str) -> None:
    t = i18n.catalog(lang)
    parts = [f"<strong>{inert(t['meeting.legend_heading'])}</strong>"]
    parts += [f'<div style="display:flex;align-items:center;gap:.5em;margin:2px 0">'
              f'<span style="display:inline-block;width:16px;height:16px;background:{fill};'
              f'border:1px solid #555"></span><span>{inert(label)}</span></div>'
              for fill, label in survey_map.legend(lang)]
    st.html("".join(parts))


def outcome(location: str, version: str, kommun: str, lang: str, until_year: int
            ) -> meeting_views.SurveyOutcome | None:
    """The chosen year and measure's outcome (widgets ``m_measure``, ``m_survey_year``).

    The year starts where ``geo snapshot`` starts (:func:`geo.meeting.views.survey_year`).
    """
    results = survey.load(cached.store(location), kommun)
    if results.empty:
        return None
    t = i18n.catalog(lang)
    left, middle, right = st.columns(3)
    kinds = meeting_views.kinds(results)
    kind = left.selectbox(t["meeting.import_kind"], kinds, key="m_survey_kind",
                          format_func=lambda k: t[f"meeting.kind.{k}"])
    measure = middle.selectbox(t["meeting.survey_measure"], list(survey.MEASURES),
                               key="m_measure", format_func=lambda m: t[f"meeting.measure.{m}"])
    years = sorted(int(y) for y in results.loc[results["area_kind"] == kind, "year"].unique())
    year = right.selectbox(t["meeting.survey_year"], years, key="m_survey_year",
                           index=years.index(meeting_views.survey_year(years, until_year)))
    acts = cached.frames(location, version, Filter(kommun, year, year))["activities"]
    return meeting_views.outcome(cached.store(location), kommun, year, measure, lang, acts,
                                 kind=kind)


def show(shown: meeting_views.SurveyOutcome | None, location: str, version: str, kommun: str,
         lang: str) -> None:
    """The survey layer, legend and table; the caveat and example labels above them."""
    t = i18n.catalog(lang)
    if shown is None:
        st.info(t["meeting.survey_none"])
        return
    if shown.example:
        st.info(t["meeting.survey_example"], icon=":material/info:")
    st.warning(t["meeting.survey_caveat"], icon=":material/balance:")
    collection = survey_map.geojson(shown.areas, shown.measure, shown.activities, lang)
    tiles, attribution = config.basemap()
    centre, zoom = cached.map_view(location, version, kommun)
    map_column, side = st.columns([4, 1])
    with map_column:
        st_folium(geomap.base_map(tiles, attribution, lang), key="meeting_survey_map",
                  height=config.MAP_HEIGHT, use_container_width=True, center=centre,
                  zoom=zoom, returned_objects=[], feature_group_to_add=[
                      geomap.boundary_group(cached.boundary_geojson(kommun),
                                               t["layers.boundary"]),
                      survey_map.group(collection, t[f"meeting.measure.{shown.measure}"]),
                      geomap.feature_group("activities", geomap.layer_payload(
                          "activities", shown.placed), t["layers.activities"])])
    with side:
        _legend(lang)
    st.dataframe(shown.table, hide_index=True, width="stretch", key="survey_table")


def import_panel(kommun: str, lang: str) -> None:
    """Editors of ``kommun``: a table (and polygons) checked and kept in the store."""
    store = cached.current_store()
    if not current_user(store).may(Action.IMPORT, kommun):
        return
    t = i18n.catalog(lang)
    kept_message = st.session_state.pop(KEPT_MESSAGE, None)
    with st.expander(t["meeting.import_heading"], icon=":material/upload_file:",
                     expanded=kept_message is not None):
        if kept_message:
            st.success(kept_message)
        st.caption(t["meeting.import_help"])
        with st.form("survey_import", clear_on_submit=False):
            kind = st.selectbox(t["meeting.import_kind"], survey.AREA_KINDS,
                                key="survey_kind", format_func=lambda k: t[f"meeting.kind.{k}"])
            size = st.selectbox(t["meeting.import_grid_size"], (1000, 250), key="survey_size")
            table = st.file_uploader(t["meeting.import_table"], type=["csv", "txt"],
                                     key="survey_file", max_upload_size=limits.IMPORT_UPLOAD_MB)
            areas = st.file_uploader(t["meeting.import_areas"], key="survey_areas",
                                     type=["gpkg", "geojson", "json"],
                                     max_upload_size=limits.IMPORT_UPLOAD_MB)
            submitted = st.form_submit_button(t["meeting.import_button"])
        if not submitted:
            return
        if table is None:
            st.warning(t["meeting.import_no_table"])
            return
        refusals = [limits.size_refusal(f, limits.IMPORT_UPLOAD_MB, lang) for f in (table, areas)]
        if any(refusals):
            st.error(next(r for r in refusals if r))
            return
        try:
            with limits.heavy_job(lang):
                polygons = (survey.read_areas(areas.getvalue())
                            if areas is not None and kind in survey.POLYGON_KINDS else None)
                kept = survey.import_table(
                    store, survey.read_table(table.getvalue()), kommun, kind, areas=polygons,
                    boundary=boundaries.boundary(kommun), grid_size=int(size),
                    user=current_user(store).email or "editor")
        except survey.SurveyError as refused:
            st.error(t["meeting.import_refused"] + "\n\n"
                     + "\n".join(f"- {inert(p)}" for p in refused.lines(lang)))
            return
        except Refused as refused:  # a file the guarded reader refused: one plain sentence
            st.error(f"{t['meeting.import_refused']} {inert(refused.text(lang))}")
            return
        except ValueError:  # never a library's text (it may name server paths)
            st.error(t["meeting.import_refused"])
            return
        # rerun so the map and table above show what was kept; the message survives it
        st.session_state[KEPT_MESSAGE] = i18n.t("meeting.import_kept", lang, n=len(kept),
                                                kind=t[f"meeting.kind.{kind}"])
        st.rerun()


__all__ = ["import_panel", "outcome", "show"]
