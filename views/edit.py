"""Editors register and update records on the map: click or draw, then a form.

Every write goes through :mod:`geo.editing.writes`, which checks the role again. A save
that meets a newer version is refused with who changed it and when.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from shapely.geometry import Point, shape
from streamlit_folium import st_folium

from app import cached, components, forms
from app.session import current_user
from geo import config, formats, i18n
from geo import map as geomap
from geo.access.auth import Action, PermissionDenied, User, require
from geo.domain import references
from geo.domain.filters import Filter
from geo.domain.layers import DRAW_ORDER
from geo.domain.model import FEATURE_TYPES, LAYERS, Feature, ValidationError
from geo.domain.validation import extra_items
from geo.editing import links
from geo.editing import writes as editing
from geo.editing.forms import FieldSpec, fields
from geo.map import view
from geo.report import protocol
from geo.spatial import boundaries
from geo.store import StaleVersionError

lang = i18n.language(st.session_state.get("lang"))
t = i18n.catalog(lang)
store = cached.current_store()
location = config.db_location()
user: User = current_user(store)
require(user, Action.EDIT)  # the page list already hides it; this makes sure


SELECTION_KEY = "_edit_map_selection"
#: The walk of the last finding saved: the next finding's form offers it first.
LAST_WALK_KEY = "_edit_last_walk"
#: The drawn line or area a saved record took (the map keeps reporting it until the next).
USED_DRAWING_KEY = "_edit_used_drawing"


@st.cache_data(max_entries=64, show_spinner=False)
def _default_year(location: str, data_version: object, kommun_kod: str, today: date) -> int:
    """:func:`geo.editing.writes.default_year`, once per store version (keyed on plain values)."""
    return editing.default_year(cached.current_store(), kommun_kod, today, config.FIRST_YEAR)


st.title(t["edit.heading"])
flash_slot = st.empty()  # always there: a message that comes and goes must not move the map
if flash := st.session_state.pop("edit_flash", None):
    flash_slot.success(flash)
names = boundaries.names()
kommuner = user.workplaces(names, Action.EDIT)
if not kommuner:
    st.info(t["edit.no_kommun"])
    st.stop()
with st.sidebar:
    kommun = st.selectbox(t["edit.kommun"], kommuner, key="edit_kommun",
                          format_func=lambda k: f"{names[k]} ({k})")
    years = list(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
    # opens on the data and the pledge in view, not on the calendar (issue 14 item 10);
    # kept per municipality, so that a later save (a new data version) never resets it.
    # One box under one key whose value is set when the municipality changes: a key per
    # municipality made the page show the old box beside the new one until the run ended.
    kept: dict[str, int] = st.session_state.setdefault("edit_years", {})
    if st.session_state.get("edit_year_kommun") != kommun or "edit_year" not in st.session_state:
        if kommun not in kept:
            start_year = _default_year(location, store.data_version(), kommun, date.today())
            kept[kommun] = start_year if start_year in years else years[-1]
        st.session_state["edit_year"] = kept[kommun]
        st.session_state["edit_year_kommun"] = kommun
    year = st.selectbox(t["filters.year"], years, key="edit_year")
    kept[kommun] = year
layer = st.segmented_control(t["edit.what"], list(LAYERS), key="edit_layer", default=LAYERS[0],
                             format_func=lambda name: t[f"layers.{name}"]) or LAYERS[0]
st.caption(t["edit.click_hint"])

version = store.data_version()
flt = Filter(kommun, year, year)
# where the map opens, kept for the session: a save that widens the data's extent (a new
# data version) must not move the map away from where the editor is working
centre, zoom = st.session_state.setdefault(f"edit_view_{kommun}",
                                           cached.map_view(location, version, kommun))
groups = [geomap.boundary_group(cached.boundary_geojson(kommun), t["layers.boundary"])]
groups += [geomap.feature_group(  # what this user may edit: internal records, exact places
    name, cached.staff_layer_geojson(location, version, flt, name, user.role.value,
                                     user.kommuner), t[f"layers.{name}"]) for name in DRAW_ORDER]
map_column, form_column = st.columns([3, 2])
with map_column:
    tiles, attribution = config.basemap()
    result = st_folium(
        geomap.editing_map(tiles, attribution, lang), key="edit_map", height=config.MAP_HEIGHT,
        use_container_width=True, center=centre, zoom=zoom, feature_group_to_add=groups,
        returned_objects=["last_clicked", "last_active_drawing", "last_object_clicked_count"],
    ) or {}
clicked = result.get("last_clicked")
drawing = result.get("last_active_drawing") or {}
feature = view.clicked(drawing)
drawn = shape(drawing["geometry"]) if drawing.get("geometry") and feature is None else None
if drawn is not None and drawn.wkt == st.session_state.get(USED_DRAWING_KEY):
    drawn = None  # the map still reports the shape a saved record took: it is used up
# choose a record or place a new one: which one a click means is decided in geo (item 3)
selection = editing.follow_click(
    st.session_state.get(SELECTION_KEY) or editing.MapSelection(layer=layer), layer=layer,
    clicked=(float(clicked["lng"]), float(clicked["lat"])) if clicked else None,
    feature=feature, feature_clicks=int(result.get("last_object_clicked_count") or 0))
st.session_state[SELECTION_KEY] = selection
target = selection.target
point = Point(*selection.point) if selection.point else None


def _new_record() -> None:
    """"Ny post": leave the open record (its form too) and place a new one."""
    st.session_state[SELECTION_KEY] = st.session_state[SELECTION_KEY].new_record()
    forms.forget(st.session_state)


def _choose_existing() -> None:
    st.session_state[SELECTION_KEY] = st.session_state[SELECTION_KEY].choose_existing()


def _chosen_first(layer: str, values: dict[str, Any], key: str) -> dict[str, Any]:
    """Fields that the links' defaults follow (an activity's kind), drawn before the form.

    Inside a Streamlit form a change does not rerun the page, so a commitment list that
    follows the kind and the pledge could not follow the editor's choice there.
    """
    first = links.CHOSEN_FIRST.get(layer, ())
    return forms.widgets([s for s in fields(layer) if s.name in first], values, lang, key=key)


def _links(layer: str, year: int, day: date, kind: object, record: Feature | None,
           key: str) -> dict[str, str | None]:
    """The pledge (and an activity's commitment) the record is linked to (geo.editing.links).

    Chosen before the form, so that the commitments offered follow the pledge chosen.
    """
    wanted = links.LINKED_LAYERS.get(layer, ())
    if not wanted:
        return {}
    pledges = cached.pledges(location, version)
    owner = record.kommun_kod if record is not None else kommun
    pledge_id = forms.choice(links.pledge_choice(pledges, owner, year, day, lang, record),
                             lang, key=f"{key}_pledge", help=t["links.pledge_help"])
    chosen = {"pledge_id": pledge_id}
    if "commitment_id" in wanted:
        pledge = next((p for p in pledges if p.id == pledge_id), None)
        chosen["commitment_id"] = forms.choice(
            links.commitment_choice(pledge, kind, lang, record), lang,
            key=f"{key}_commitment_{pledge_id}_{kind}", help=t["links.commitment_help"])
    return chosen


def _form_fields(layer: str) -> list[FieldSpec]:
    """The fields inside the form (those chosen first are drawn above it)."""
    return [s for s in fields(layer) if s.name not in links.CHOSEN_FIRST.get(layer, ())]


def _save(action, success: str, reload_key: str = "reload") -> bool:
    """Run a write; turn the store's and the model's refusals into messages."""
    try:
        action()
    except ValidationError as error:
        st.error(i18n.t("edit.invalid", lang, field=t.get(f"fields.{error.field}", error.field),
                        message=error.text(lang)))
    except StaleVersionError as error:
        st.error(i18n.t("edit.conflict", lang, who=error.updated_by or "?",
                        when=formats.moment(error.updated_at) if error.updated_at else ""))
        # what the editor typed stays in the form; "Ladda om" starts again from the saved
        st.button(t["edit.reload"], key=f"button_{reload_key}",
                  on_click=lambda: st.session_state.__setitem__(reload_key, True))
    except PermissionDenied:
        st.error(t["auth.denied"])
    else:  # run again so that the map above shows the change
        st.session_state["edit_flash"] = success
        st.rerun()
    return False


def _panel_heading(record: Feature) -> None:
    """"Vald post": the layer, the record's name and date, and what it refers to by name."""
    st.subheader(f"{t['edit.selected']}: {t['layers.' + record.LAYER]}")
    st.caption(references.name_of(record, lang))
    pledges = cached.pledges(location, version)
    commitments = {c.id: c for p in pledges for c in p.commitments}
    pairs = references.panel(
        record, lang, lambda layer, ref: editing.load(store, user, layer, ref), commitments,
        {p.id: p.title for p in pledges}, skip=links.LINKED_LAYERS.get(record.LAYER, ()))
    components.reference_list(pairs)


def _history(layer: str, record_id: str) -> None:
    st.caption(t["edit.history"])
    st.dataframe(pd.DataFrame(
        editing.history_rows(store.history(layer, record_id), lang),
        columns=[t["edit.history_when"], t["edit.history_who"], t["edit.history_what"]],
    ), hide_index=True)


# A chosen record's extras (delete, protocol, history) have a slot of their own below the
# panel, emptied as soon as the run reaches it: Streamlit keeps a container's old children
# on screen until the run that replaces them ends, and the previous record's history
# stayed beside another layer's form meanwhile (issue 14)
panel, extras = form_column.container(), form_column.empty()
with panel:
    if target is not None:
        selected_layer, selected_id = target
        # the id comes from the browser: geo checks it like a write (the user's kommuner only)
        record = editing.load(store, user, selected_layer, selected_id)
        if record is None:
            st.subheader(f"{t['edit.selected']}: {t['layers.' + selected_layer]}")
        else:
            _panel_heading(record)
        st.button(t["edit.new_record"], key="new_record", icon=":material/add:",
                  help=t["edit.new_record_help"], on_click=_new_record)
        if record is None:
            st.info(t["details.not_found"])
        else:
            # the version this editor started from, kept across the rerun that the form's own
            # submit causes: a save checks it, so another editor's save meanwhile is a conflict
            started = forms.opened_version(st.session_state, record.id, record.version)
            if st.session_state.pop(f"reload_{record.id}", False):
                started = forms.reopen(st.session_state, record.id, record.version)
            form_key = f"e_{record.id}_{started}"
            ahead = _chosen_first(selected_layer, vars(record), form_key)
            day = getattr(record, record.DATE_FIELD)
            linked = _links(selected_layer, day.year, day, ahead.get("kind"), record, form_key)
            # no Enter to submit: Streamlit then shows no English "Press Enter to submit form"
            # (it has no option for that text), and a save is never sent by mistake
            with st.form(f"edit_{record.id}", enter_to_submit=False):
                values = forms.widgets(_form_fields(selected_layer), vars(record), lang,
                                       key=form_key)
                move = st.checkbox(t["edit.move_here"], key=f"move_{record.id}",
                                   disabled=point is None)
                submitted = st.form_submit_button(t["edit.save"])
            if submitted:  # outside the form: a conflict offers a button
                values.update(ahead, **linked)
                changes = {k: v for k, v in values.items() if v != getattr(record, k)}
                if move and point is not None:
                    changes["geometry"] = point

                def update() -> None:
                    saved = editing.update(store, user, selected_layer, record.id,
                                           changes, started)
                    forms.reopen(st.session_state, record.id, saved.version)

                _save(update, i18n.t("edit.saved", lang, what=t["layers." + selected_layer]),
                      reload_key=f"reload_{record.id}")
            with extras.container():
                if record.extra:  # an imported file's other columns, read-only
                    st.caption(t["fields.extra"])
                    st.dataframe(pd.DataFrame(
                        list(extra_items(record.extra).items()),
                        columns=[t["io.page.extra_column"], t["io.page.extra_value"]]),
                        hide_index=True, key=f"extra_{record.id}")
                if user.may(Action.DELETE, record.kommun_kod):
                    with st.form(f"delete_{record.id}", enter_to_submit=False):
                        reason = st.text_input(t["edit.delete_reason"])
                        delete = st.form_submit_button(t["edit.delete"])
                    if delete:
                        _save(lambda: editing.delete(store, user, selected_layer, record.id,
                                                     started, reason), t["edit.deleted"],
                              reload_key=f"reload_{record.id}")
                if selected_layer == "walks":
                    st.caption(t["edit.protocol"])
                    html_column, csv_column, pdf_column = st.columns(3)
                    html_column.download_button(
                        "HTML", protocol.html(store, record, lang), mime="text/html",
                        file_name=f"protokoll-{record.walk_date}.html", key="protocol_html")
                    csv_column.download_button(
                        "CSV", protocol.csv_bytes(store, record, lang), mime="text/csv",
                        file_name=f"protokoll-{record.walk_date}.csv", key="protocol_csv")
                    pdf_column.download_button(
                        "PDF", protocol.pdf(store, record, lang), mime="application/pdf",
                        file_name=f"protokoll-{record.walk_date}.pdf", key="protocol_pdf")
                _history(selected_layer, record.id)
    else:
        st.subheader(t[f"layers.{layer}"])
        if selection.mode == editing.PLACE:
            st.button(t["edit.pick_existing"], key="pick_existing", on_click=_choose_existing)
        else:
            st.caption(t["edit.select_hint"])
        geometry_types = FEATURE_TYPES[layer].GEOMETRY_TYPES
        geometry = drawn if drawn is not None and drawn.geom_type in geometry_types else point
        if geometry is None or geometry.geom_type not in geometry_types:
            st.info(t["edit.no_shape"] if "Point" not in geometry_types
                    else t["edit.no_position"])
        else:
            st.caption(f"{t['edit.position']}: {t['shape.' + geometry.geom_type]} "
                       f"{geometry.centroid.y:.5f}, {geometry.centroid.x:.5f}")
        walks = store.list("walks", flt)
        day = editing.new_record_day(year, date.today())
        start = editing.new_values(layer, day)
        # a new record's form belongs to the municipality and year in view: its defaults
        # (the date in that year) follow a change of either
        new_key = f"n_{layer}_{kommun}_{year}"
        ahead = _chosen_first(layer, start, new_key)
        linked = _links(layer, year, day, ahead.get("kind"), None, new_key)
        with st.form(f"new_{layer}", clear_on_submit=True, enter_to_submit=False):
            walk_id = None
            if layer == "findings":
                walk_names = references.walk_names(walks, lang)  # date and name, never an id
                # the walk of the last finding saved here: a walk's findings come in a row
                walk_ids = list(walk_names)
                last = st.session_state.get(LAST_WALK_KEY)
                walk_id = st.selectbox(t["layers.walks"], walk_ids,
                                       index=walk_ids.index(last) if last in walk_ids else 0,
                                       format_func=walk_names.__getitem__)
            values = forms.widgets(_form_fields(layer), start, lang, key=new_key)
            if st.form_submit_button(t["edit.save"], disabled=geometry is None and
                                     not FEATURE_TYPES[layer].GEOMETRY_OPTIONAL):
                def create() -> None:
                    record = editing.new_record(store, layer, kommun, {**values, **ahead,
                                                                       **linked},
                                                geometry, walk_id)
                    editing.create(store, user, record)
                    st.session_state[SELECTION_KEY] = selection.saved_new()
                    if drawn is not None and geometry is drawn:
                        st.session_state[USED_DRAWING_KEY] = drawn.wkt
                    if walk_id is not None or layer == "walks":
                        st.session_state[LAST_WALK_KEY] = walk_id or record.id

                _save(create, i18n.t("edit.saved", lang, what=t[f"layers.{layer}"]))
