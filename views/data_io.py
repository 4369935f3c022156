"""Import and export: upload a file, map its columns, check it, import it; export the view.

The page only reads widgets and shows what ``geo.io`` returns. The export uses the
map's own filter (same URL parameters, same :class:`~geo.domain.filters.Filter`, same read),
so it holds exactly the features the map counts.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from app import cached, components, limits
from app.filter_panel import filter_panel
from app.page import open_page
from app.session import current_user
from geo import audit, i18n
from geo.access.auth import Action
from geo.domain.filters import Filter
from geo.domain.model import FEATURE_TYPES, LAYERS
from geo.escape import markdown_text
from geo.io import columns, csvwrite, fields, guard, sheet
from geo.io import crs as crs_
from geo.io import export as exporting
from geo.io.errors import Refused
from geo.io.importer import ImportOptions, import_file
from geo.io.report import ImportReport
from geo.spatial import boundaries

#: The coordinate systems offered: recognised, SWEREF 99 TM, WGS 84, the local SWEREF 99
#: zones (a municipality's GIS often works in its own), RT 90.
CRS_NAMES = {"EPSG:3006": "SWEREF 99 TM", "EPSG:4326": "WGS 84",
             **{f"EPSG:{epsg}": name for epsg, name in crs_.LOCAL_ZONES.items()},
             "EPSG:3021": "RT 90 2.5 gon V"}
CRS_CHOICES = ["auto", *CRS_NAMES]
NOT_MAPPED = ""
#: A column no field holds: kept with each record (the default) or skipped.
KEEP_EXTRA = "__extra__"

lang, t, store, location, version = open_page()
start_kommun, start_year = cached.start_view(location, version, date.today())
pledges = {p.id: p for p in cached.pledges(location, version)}
pledge_titles = components.pledge_short_titles(pledges, lang)
kommun_names = boundaries.names()
user = current_user(store)
may_import = user.may(Action.IMPORT)  # the import checks it again in geo.io, per kommun

st.title(t["io.page.title"] if may_import else t["io.page.title_export"])
st.caption(t["io.page.subtitle"] if may_import else t["io.page.export_help"])
if may_import:
    import_tab, export_tab = st.tabs([t["io.page.import_tab"], t["io.page.export_tab"]])
else:
    import_tab, export_tab = None, st.container()


# -- import --------------------------------------------------------------------------------

def _md(text: str) -> str:
    """Text from a file (names, values) for Streamlit's markdown: shown, never markup."""
    return markdown_text(text)



def _show_report(report: ImportReport) -> None:
    """The report: outcome, numbers, the file's facts, rejected rows and notes."""
    summary = _md(report.summary(lang))
    if report.refused:
        st.error(summary)
        return
    (st.success if report.ok else st.warning)(summary)
    numbers = st.columns(5)
    for column, (key, value) in zip(numbers, [
            ("rows", report.rows), ("valid", report.valid), ("new", report.new),
            ("present", report.already_present), ("rejected", len(report.rejected))],
            strict=True):
        column.metric(t[f"io.page.n_{key}"], value)
    facts = [report.crs_text(lang)] + [i18n.t(f"io.msg.note_{code}", lang, **values)
                                       for code, values in report.file_notes]
    st.caption(" · ".join(_md(fact) for fact in facts if fact))
    columns_said = report.column_lines(lang)
    if columns_said:
        st.caption(" · ".join(_md(line) for line in columns_said))
    if report.rejected:
        st.subheader(t["io.page.rejected"])
        st.dataframe(pd.DataFrame(
            [{t["io.page.line"]: p.line, t["io.page.field"]: p.field_text(lang),
              t["io.page.reason"]: p.text(lang)} for p in report.rejected]),
            hide_index=True, key="io_rejected_table")
        st.download_button(t["io.page.download_rejected"], report.rejected_csv(lang),
                           file_name="avvisade-rader.csv", mime="text/csv",
                           key="io_rejected_csv")
    if report.notes:
        with st.expander(f"{t['io.page.notes']} ({len(report.notes)})"):
            st.dataframe(pd.DataFrame(
                [{t["io.page.line"]: p.line, t["io.page.reason"]: p.text(lang)}
                 for p in report.notes]), hide_index=True)


def _mapping_step(data: bytes, layer: str, source_layer: str | None
                  ) -> tuple[dict[str, str], list[str]] | None:
    """Read the file once per upload; let the user correct the proposed column mapping.

    Each column goes to a field, is kept as extra information (the default for a column
    no field holds) or is skipped; returns the mapping and the skipped columns.
    """
    digest = hashlib.sha256(data).hexdigest()
    remembered = st.session_state.get("io_table")
    if remembered is None or remembered[0] != (digest, source_layer):
        try:
            with limits.heavy_job(lang):
                table = guard.read_upload(data, accept=guard.IMPORT, source_layer=source_layer,
                                          target_layer=layer)
        except Refused as refusal:
            st.error(_md(refusal.text(lang)))
            return None
        st.session_state["io_table"] = remembered = ((digest, source_layer), table)
    table = remembered[1]
    st.caption(i18n.t("io.page.read", lang, rows=len(table), format=table.format))
    st.dataframe(pd.DataFrame({c: table.column(c)[:5] for c in table.columns}).astype(str),
                 hide_index=True, key="io_preview")
    guessed = columns.guess(table.columns, layer)
    choices = [KEEP_EXTRA, NOT_MAPPED, *columns.targets(layer)]
    st.markdown(f"**{t['io.page.mapping']}**")
    st.caption(t["io.page.mapping_help"])
    mapping, skipped = {}, []
    grid = st.columns(3)
    for position, column in enumerate(table.columns):
        default = guessed.get(column, NOT_MAPPED if columns.bookkeeping(column) else KEEP_EXTRA)
        target = grid[position % 3].selectbox(
            _md(column), choices, index=choices.index(default),
            key=f"io_map_{layer}_{position}",
            format_func=lambda code: _target_label(code))
        if target == NOT_MAPPED:
            skipped.append(column)
        elif target != KEEP_EXTRA:
            mapping[column] = target
    return mapping, skipped


def _fixed_step(layer: str, mapping: dict[str, str]) -> dict[str, str]:
    """One value for all rows: each required field without a column, then the choices.

    A required field the file lacks comes first, with its Swedish label; a choice shows
    its allowed values by name (Källa: Medborgardialog …). Returns ``{field: value}``.
    """
    mapped = set(mapping.values())
    missing = [name for name in columns.required(layer) if name not in mapped]
    optional = [name for name in fields.settable(layer) if name not in mapped
                and name not in missing and fields.enum(layer, name) is not None]
    st.markdown(f"**{t['io.page.fixed']}**")
    st.caption(t["io.page.fixed_help"])
    fixed: dict[str, str] = {}
    grid = st.columns(3)
    for position, name in enumerate(missing):
        label = i18n.t("io.page.fixed_required", lang, field=t[f"fields.{name}"])
        value = _value_widget(grid[position % 3], layer, name, label)
        if value:
            fixed[name] = value
    if optional:
        with st.expander(t["io.page.fixed_more"]):
            more = st.columns(3)
            for position, name in enumerate(optional):
                value = _value_widget(more[position % 3], layer, name, t[f"fields.{name}"])
                if value:
                    fixed[name] = value
    return fixed


def _value_widget(column, layer: str, name: str, label: str) -> str:
    """A select box of a choice's names, else a text box (dates as the file would have them)."""
    names = fields.choice_labels(layer, name, lang)
    if names:
        return column.selectbox(label, ["", *names], key=f"io_fixed_{layer}_{name}",
                                format_func=lambda code: names.get(code) or
                                t["io.page.fixed_none"]) or ""
    return column.text_input(label, key=f"io_fixed_{layer}_{name}").strip()


def _target_label(code: str) -> str:
    if code == KEEP_EXTRA:
        return t["io.page.keep_extra"]
    if code == NOT_MAPPED:
        return t["io.page.ignore"]
    key = f"io.targets.{code}" if f"io.targets.{code}" in t else f"fields.{code}"
    return f"{t.get(key, code)} ({code})"


def _import_section() -> None:
    """Upload, mapping, dry run and import (editors in their municipalities, admins)."""
    st.info(t["io.page.formats"], icon=":material/upload_file:")
    left, right = st.columns(2)
    layer = left.selectbox(t["io.page.layer"], list(FEATURE_TYPES), key="io_layer",
                           format_func=lambda code: t[f"layers.{code}"])
    allowed = [code for code in kommun_names if user.may(Action.IMPORT, code)]
    kommun = right.selectbox(
        t["filters.kommun"], allowed, key="io_kommun",
        index=allowed.index(start_kommun) if start_kommun in allowed else 0,
        format_func=lambda code: f"{kommun_names[code]} ({code})")
    own = [pid for pid, p in pledges.items() if p.kommun_kod == kommun]
    pledge_choice = left.selectbox(t["io.page.pledge"], ["", *own], key="io_pledge",
                                   format_func=lambda v: pledges[v].title if v else
                                   t["filters.pledge_none"])
    crs_choice = right.selectbox(t["io.page.crs"], CRS_CHOICES, key="io_crs",
                                 format_func=lambda v: t["io.page.crs_auto"] if v == "auto"
                                 else f"{CRS_NAMES[v]} ({v})")
    walk = source_layer = None
    if layer == "findings":
        walk = left.text_input(t["io.page.walk"], key="io_walk").strip() or None
    source_layer = right.text_input(t["io.page.source_layer"], key="io_source_layer"
                                    ).strip() or None
    upload = st.file_uploader(t["io.page.file"], key="io_upload",
                              max_upload_size=limits.IMPORT_UPLOAD_MB)
    data = limits.upload_bytes(upload, limits.IMPORT_UPLOAD_MB, lang)
    if upload is not None and data is not None:
        chosen = _mapping_step(data, layer, source_layer)
        if chosen is not None:
            mapping, skipped = chosen
            fixed = _fixed_step(layer, mapping)
            skip = st.checkbox(t["io.page.skip_invalid"], key="io_skip")
            buttons = st.columns(2)
            check = buttons[0].button(t["io.page.dry_run"], key="io_dry_run", type="secondary")
            write = buttons[1].button(t["io.page.import"], key="io_import", type="primary")
            if check or write:
                bar = st.progress(0.0, text=t["io.page.progress.read"])

                def progress(share: float, phase: str) -> None:
                    bar.progress(min(1.0, share), text=t[f"io.page.progress.{phase}"])

                with limits.heavy_job(lang):
                    report = import_file(store, data, ImportOptions(
                        layer=layer, kommun_kod=kommun, pledge_id=pledge_choice or None,
                        dry_run=check, skip_invalid=skip, walk=walk, source_layer=source_layer,
                        crs=None if crs_choice == "auto" else crs_choice,
                        mapping=mapping, fixed=fixed, skip=tuple(skipped), user=user.label,
                        file_name=upload.name, actor=user), progress)
                bar.empty()
                st.session_state["io_report"] = report
    if st.session_state.get("io_report") is not None:
        _show_report(st.session_state["io_report"])


if import_tab is not None:
    with import_tab:
        _import_section()


# -- export: the map's filter, from the same URL parameters ------------------------------------

@st.cache_data(show_spinner=False, max_entries=16)
def _export_bytes(location: str, version: str, flt: Filter, layers: tuple[str, ...], fmt: str,
                  lang: str, options: tuple[str, bool, str],
                  staff: tuple[str, tuple[str, ...]] | None = None) -> bytes:
    """The file; ``options`` are the CSV dialect, the codes and the coordinates.

    ``staff`` (role, municipalities) exports what Registrera shows that user, every
    field and internal record of their own municipalities (:func:`app.cached.staff_frames`);
    without it, the public view: the same frames the page counts.
    """
    dialect, codes, coords = options
    every = (cached.frames(location, version, flt) if staff is None
             else cached.staff_frames(location, version, flt, *staff))
    frames = {layer: every[layer] for layer in LAYERS if layer in layers}
    return exporting.export(frames, fmt, lang, dialect=dialect, codes=codes, coords=coords)


def _table_options(fmt: str, staff: bool) -> tuple[str, bool, str]:
    """CSV and XLSX: the dialect (CSV), the coordinates, and in a staff export the codes."""
    if fmt not in ("csv", "xlsx"):
        return csvwrite.DEFAULT, False, sheet.WKT
    left, middle, right = st.columns(3)
    dialect = csvwrite.DEFAULT
    if fmt == "csv":
        dialect = left.selectbox(t["csv.dialect.label"], csvwrite.NAMES, key="io_csv_dialect",
                                 format_func=lambda code: t[f"csv.dialect.{code}"],
                                 help=t["csv.dialect.help"])
    coords = middle.selectbox(t["csv.coords.label"], sheet.COORDS, key="io_coords",
                              format_func=lambda code: sheet.coords_label(code, lang))
    codes = staff and right.checkbox(t["csv.codes"], key="io_codes", help=t["csv.codes_help"])
    return dialect, bool(codes), coords


if may_import:  # the public page says it once, under its title
    export_tab.caption(t["io.page.export_help"])
# the URL's notices where the page always had them (under the tabs), the widgets in the tab
panel = filter_panel(lang, location, version, pledges, pledge_titles, kommun_names,
                     scope="data_io", layout="columns", where=export_tab)
with export_tab:
    fmt = panel.spare.selectbox(t["io.page.format"], exporting.FORMATS, key="io_format",
                                format_func=lambda code: t[f"io.formats.{code}"])
    panel.notices()
    flt, shown = panel.filter, panel.layers
    kommun_x = flt.kommun_kod
    staff_export = user.may(Action.EDIT, kommun_x) and user.may(Action.VIEW_INTERNAL, kommun_x) \
        and st.toggle(t["csv.staff_export"], key="io_staff_export")
    staff = (user.role.value, user.kommuner) if staff_export else None
    frames = (cached.frames(location, version, flt) if staff is None
              else cached.staff_frames(location, version, flt, *staff))
    counts = st.columns(len(LAYERS))
    for column, code in zip(counts, LAYERS, strict=True):
        column.metric(t[f"layers.{code}"], len(frames[code]) if code in shown else 0)
    st.caption(t["csv.staff_note"] if staff_export else t["io.page.public_only"])
    options = _table_options(fmt, bool(staff_export))
    chosen = tuple(code for code in LAYERS if code in shown)
    if fmt == "open311":
        chosen = ("findings",) if "findings" in chosen else ()
    if not chosen:
        st.info(t["io.page.no_layers"])
    groups = [chosen] if fmt not in exporting.SINGLE_LAYER else [(code,) for code in chosen]
    for group in groups:
        label = i18n.t("io.page.download", lang, what=", ".join(t[f"layers.{c}"] for c in group),
                       format=t[f"io.formats.{fmt}"])
        st.download_button(label, _export_bytes(location, version, flt, group, fmt, lang, options,
                                                staff),
                           file_name=exporting.file_name(flt.kommun_kod, flt, group, fmt),
                           mime=exporting.MEDIA_TYPES[fmt], key=f"io_export_{'_'.join(group)}",
                           on_click=exporting.log_export,  # the audit line, when it is taken
                           args=({c: len(frames[c]) for c in group}, fmt, flt),
                           kwargs={"public": staff is None, "actor": audit.current()})
