"""The pledge editor on Löften: the form's state across Streamlit's reruns, and its writes.

Streamlit reruns the page on every change, and a widget that is not drawn in a run loses
its value. So each draft has its own widget keys (``pf_<draft>_…``), prefilled once from
the pledge; the commitment rows are tokens kept in session state, so that "Lägg till
åtagande" and "Ta bort" keep what was typed in the other rows. The version the editor
started from is kept as :mod:`app.forms` keeps a map record's: a save that meets a newer
version is refused with who and when, and the typed values stay. The rules (building the
pledge, which measures fit a kind, the texts of refusals) are in :mod:`geo.editing.pledge_form`;
every write goes through :mod:`geo.editing.pledge`, which checks the role again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app import forms, limits
from geo import formats, i18n
from geo.access.auth import PermissionDenied, User
from geo.domain import validation
from geo.domain.enums import ActivityKind, FollowUp, Measure, Responsible, TargetPeriod
from geo.domain.pledge import Pledge
from geo.editing import pledge as pledge_edit
from geo.editing import pledge_form as rules
from geo.escape import markdown_text as md
from geo.io import guard
from geo.io.errors import Refused
from geo.report.build import target_text
from geo.spatial import boundaries
from geo.store import StaleVersionError, Store

#: The versions the open edit drafts started from (pledge id → version; app.forms' rule).
OPENED_KEY = "_pledge_opened"
#: The draft the edit tab drew last: another one (a pledge chosen, a save) starts afresh.
LAST_EDIT_KEY = "_pledge_last_edit"
#: Counts the new-pledge drafts: a created pledge empties the form for the next one.
NEW_COUNT_KEY = "_pledge_new_count"
#: A message for the next run (a save reruns the page, so that the lists show the change).
FLASH_KEY = "_pledge_flash"
#: The largest source document the uploader lets through (the guarded reader's limit).
DOCUMENT_MB = guard.MAX_DOCUMENT_BYTES // limits.MB
#: The pledge the page should show next (set by a save; applied before the choice is drawn).
SHOW_NEXT_KEY = "_pledge_show_next"


def show_next(selection_key: str) -> None:
    """Make the pledge saved in the previous run the page's choice (before it is drawn)."""
    if (pledge_id := st.session_state.pop(SHOW_NEXT_KEY, None)) is not None:
        st.session_state[selection_key] = pledge_id


def flash() -> None:
    """The message of the previous run's save, once."""
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(message, icon=":material/check_circle:")


def edit_tab(store: Store, user: User, pledge: Pledge, pledges: list[Pledge], lang: str
             ) -> None:
    """Edit, renew or archive ``pledge`` (drawn only for those who may: the write checks)."""
    t = i18n.catalog(lang)
    opened = st.session_state.setdefault(OPENED_KEY, {})
    started = forms.opened_version(opened, pledge.id, pledge.version)
    key = f"pf_e_{pledge.id}_{started}"
    if st.session_state.get(LAST_EDIT_KEY) != key:  # another pledge or version: start afresh
        _forget_rows(key)
        st.session_state[LAST_EDIT_KEY] = key
    if pledge.updated_at is not None:
        st.caption(i18n.t("pledge_form.version", lang, version=pledge.version,
                          when=formats.moment(pledge.updated_at),
                          who=md(pledge.updated_by or "–")))
    if pledge.archived:
        st.info(t["pledge_form.is_archived"], icon=":material/inventory_2:")
    else:
        draft = _draft_widgets(key, rules.draft_of(pledge), [pledge.kommun_kod], lang,
                               kommun_fixed=True)
        built = _preview(store, draft, pledge.id, pledge.kommun, pledge, lang)
        if st.button(t["pledge_form.save"], key=f"{key}_save", type="primary",
                     icon=":material/save:"):
            def save() -> Pledge:
                candidate = built if isinstance(built, Pledge) else _raise(built)
                saved = pledge_edit.save(store, user, candidate, started)
                forms.reopen(opened, pledge.id, saved.version)
                return saved

            _run(save, lambda p: i18n.t("pledge_form.saved", lang, title=p.short_title),
                 lang, on_conflict=lambda: _reload_button(store, opened, pledge, key, lang))
        _document(store, user, pledge, lang)
    _renew_and_archive(store, user, pledge, pledges, started, lang)


def new_tab(store: Store, user: User, taken: set[str], kommuner: list[str], lang: str,
            preferred: str | None = None) -> None:
    """A new pledge for one of the municipalities ``user`` may write (``preferred`` first)."""
    t = i18n.catalog(lang)
    if not kommuner:
        st.info(t["pledge_form.no_kommun"])
        return
    key = f"pf_n_{st.session_state.get(NEW_COUNT_KEY, 0)}"
    first = preferred if preferred in kommuner else kommuner[0]
    draft = _draft_widgets(key, rules.new_draft(first, date.today()), kommuner, lang,
                           kommun_fixed=False)
    st.caption(t["pledge_form.document_later"])
    names = boundaries.names()
    kommun_name = names.get(draft.kommun_kod, draft.kommun_kod)
    year = draft.period_start.year if draft.period_start else date.today().year
    pledge_id = pledge_edit.new_id(kommun_name, year, taken)
    built = _preview(store, draft, pledge_id, kommun_name, None, lang)
    if st.button(t["pledge_form.create"], key=f"{key}_create", type="primary",
                 icon=":material/add:"):
        def create() -> Pledge:
            candidate = built if isinstance(built, Pledge) else _raise(built)
            saved = pledge_edit.save(store, user, candidate, None)
            st.session_state[NEW_COUNT_KEY] = st.session_state.get(NEW_COUNT_KEY, 0) + 1
            st.session_state[SHOW_NEXT_KEY] = saved.id
            return saved

        _run(create, lambda p: i18n.t("pledge_form.created", lang, title=p.short_title), lang)


def source_links(pledge: Pledge, document: tuple[str, str, bytes] | None, lang: str) -> None:
    """The pledge's source for everyone: its document to download, or the link to it."""
    t = i18n.catalog(lang)
    if document is None and not pledge.source_url:
        return
    columns = st.columns(2)
    if document is not None:
        name, media_type, data = document
        columns[0].download_button(
            i18n.t("pledge_form.source_download", lang, name=name), data, file_name=name,
            mime=media_type, key="pledge_source_document", icon=":material/description:")
    if pledge.source_url:
        columns[1].link_button(t["pledge_form.source_link"], pledge.source_url,
                               icon=":material/open_in_new:")


# -- the form ------------------------------------------------------------------------


def _draft_widgets(key: str, initial: rules.PledgeDraft, kommuner: list[str], lang: str,
                   *, kommun_fixed: bool) -> rules.PledgeDraft:
    """The pledge's fields and its commitment rows; returns what the editor has typed."""
    t = i18n.catalog(lang)
    names = boundaries.names()
    label = _label(lang)
    earliest, latest = validation.date_range()
    _prefill(f"{key}_kommun_kod", initial.kommun_kod if initial.kommun_kod in kommuner
             else kommuner[0])
    left, right = st.columns(2)
    kommun_kod = left.selectbox(label("kommun_kod"), kommuner, key=f"{key}_kommun_kod",
                                disabled=kommun_fixed,
                                format_func=lambda k: f"{names.get(k, k)} ({k})")
    police_area = right.text_input(label("police_area"), key=_prefill(
        f"{key}_police_area", initial.police_area))
    title = st.text_input(label("title"), key=_prefill(f"{key}_title", initial.title))
    start_column, end_column, signed_column, rhythm_column = st.columns(4)
    dates = {}
    for column, name in ((start_column, "period_start"), (end_column, "period_end"),
                         (signed_column, "signed_date")):
        current = getattr(initial, name)
        low = min(earliest, current) if current else earliest
        high = max(latest, current) if current else latest
        dates[name] = column.date_input(label(name), value=None, min_value=low, max_value=high,
                                        format="YYYY-MM-DD",
                                        key=_prefill(f"{key}_{name}", current))
    follow_up = rhythm_column.selectbox(
        label("follow_up"), list(FollowUp), key=_prefill(f"{key}_follow_up", initial.follow_up),
        format_func=lambda f: t[f"report.follow_up_{f.value}"])
    problem = st.text_area(label("problem"), key=_prefill(f"{key}_problem", initial.problem),
                           height=100)
    goals = st.text_area(label("goals"), key=_prefill(f"{key}_goals", initial.goals),
                         height=100)
    source_url = st.text_input(label("source_url"),
                               key=_prefill(f"{key}_source_url", initial.source_url))
    st.subheader(t["pledge_form.commitments"])
    rows = _commitment_rows(key, initial.commitments, lang)
    return rules.PledgeDraft(
        kommun_kod=kommun_kod, police_area=police_area, title=title,
        period_start=dates["period_start"], period_end=dates["period_end"],
        signed_date=dates["signed_date"], follow_up=follow_up, problem=problem, goals=goals,
        source_url=source_url, commitments=rows)


def _commitment_rows(key: str, initial: list[rules.CommitmentDraft], lang: str
                     ) -> list[rules.CommitmentDraft]:
    """One bordered row per commitment; "Lägg till åtagande" and "Ta bort" keep the rest."""
    t = i18n.catalog(lang)
    label = _label(lang)
    tokens, first = _rows(key, initial)
    rows = []
    for number, token in enumerate(tokens, start=1):
        row_key = f"{key}_{token}"
        start = first.get(token) or rules.CommitmentDraft()
        with st.container(border=True):
            heading, remove = st.columns([5, 1])
            heading.markdown(f"**{i18n.t('pledge_form.commitment_n', lang, n=number)}**")
            remove.button(t["pledge_form.remove_commitment"], key=f"{row_key}_remove",
                          help=t["pledge_form.remove_commitment_help"],
                          icon=":material/delete:", on_click=_remove_row, args=(key, token))
            text = st.text_area(label("text"), key=_prefill(f"{row_key}_text", start.text),
                                height=68)
            kind_column, period_column, measure_column = st.columns(3)
            kind = kind_column.selectbox(
                label("kind"), list(ActivityKind), key=_prefill(f"{row_key}_kind", start.kind),
                format_func=lambda k: i18n.label("activity_kind", k, lang))
            period = period_column.selectbox(
                label("target_period"), list(TargetPeriod),
                key=_prefill(f"{row_key}_target_period", start.target_period),
                format_func=lambda p: t[f"pledge_form.target_period.{p.value}"])
            measures = rules.measures_for(kind, period)
            measure_key = _prefill(f"{row_key}_measure", start.measure or measures[0])
            kind_was = st.session_state.get(f"{row_key}__kind", kind)
            st.session_state[f"{row_key}__kind"] = kind
            # another kind: its own default (a walk count is no measure of a meeting)
            if kind != kind_was or st.session_state[measure_key] not in measures:
                st.session_state[measure_key] = measures[0]
            measure = measure_column.selectbox(
                label("measure"), measures, key=measure_key,
                format_func=lambda m: i18n.label("measure", m, lang))
            target_column, unit_column, responsible_column = st.columns(3)
            target = target_column.number_input(
                label("target"), value=None, min_value=0.0, step=1.0, format="%g",
                key=_prefill(f"{row_key}_target", start.target),
                disabled=measure is Measure.NONE)
            unit = unit_column.text_input(label("unit"),
                                          key=_prefill(f"{row_key}_unit", start.unit))
            responsible = responsible_column.selectbox(
                label("responsible"), list(Responsible),
                key=_prefill(f"{row_key}_responsible", start.responsible),
                format_func=lambda r: t[f"pledge_form.responsible.{r.value}"])
        rows.append(rules.CommitmentDraft(
            text=text, kind=kind, target_period=period, measure=measure,
            target=None if measure is Measure.NONE else target, unit=unit,
            responsible=responsible, id=start.id))
    if not tokens:
        st.caption(t["pledge_form.no_commitments"])
    st.button(t["pledge_form.add_commitment"], key=f"{key}_add", icon=":material/add:",
              on_click=_add_row, args=(key,))
    return rows


def _document(store: Store, user: User, pledge: Pledge, lang: str) -> None:
    """The pledge's source document: the one kept, and a new one to upload.

    One uploader with a literal key (tests/app/test_upload_guard.py finds every uploader):
    its bytes pass the size and rate gates (:mod:`app.limits`), then the guarded reader
    (:func:`geo.io.guard.read_source_document`) before the store keeps them.
    """
    t = i18n.catalog(lang)
    st.subheader(t["pledge_form.field.source_document"])
    kept = store.pledge_document(pledge.id)
    if kept is not None:
        st.caption(i18n.t("pledge_form.source_kept", lang, name=kept[0]))
    upload = st.file_uploader(t["pledge_form.document_choose"], type=["pdf", "txt"],
                              key="pledge_source_file", max_upload_size=DOCUMENT_MB)
    if not st.button(t["pledge_form.document_save"], key="pledge_source_save",
                     disabled=upload is None, icon=":material/upload_file:"):
        return
    data = limits.upload_bytes(upload, DOCUMENT_MB, lang)
    if data is None:
        return

    def attach() -> Pledge:
        rules.attach_document(store, user, pledge, upload.name, data)
        return pledge

    _run(attach, lambda p: i18n.t("pledge_form.document_saved", lang, name=upload.name,
                                  title=p.short_title), lang, refused="document_not_saved")


def _preview(store: Store, draft: rules.PledgeDraft, pledge_id: str, kommun_name: str,
             base: Pledge | None, lang: str) -> Pledge | rules.ValidationError:
    """The follow-up the commitments will get, counted now; the pledge, or why it is refused."""
    t = i18n.catalog(lang)
    st.subheader(t["pledge_form.preview"])
    try:
        pledge = rules.build(draft, pledge_id, kommun_name, base)
    except rules.ValidationError as error:
        st.info(i18n.t("pledge_form.preview_invalid", lang, error=rules.refusal(error, lang)),
                icon=":material/visibility_off:")
        return error
    today = date.today()
    results = rules.preview(store, pledge, today)
    st.caption(i18n.t("pledge_form.preview_note", lang,
                      date=min(today, pledge.period_end).isoformat()))
    if results:  # a table of text (not a canvas): read by screen readers, checked by tests
        st.table(pd.DataFrame([{
            t["pledge_form.column_commitment"]: p.commitment.text,
            t["pledge_form.column_measure"]: i18n.label("measure", p.measure, lang),
            t["pledge_form.column_target"]: target_text(p, lang),
            t["pledge_form.column_achieved"]: f"{p.achieved:g}",
            t["pledge_form.column_status"]: t[f"followup_status.{p.status.value}"],
        } for p in results]), hide_index=True)
    return pledge


# -- renewing and archiving ------------------------------------------------------------


def _renew_and_archive(store: Store, user: User, pledge: Pledge, pledges: list[Pledge],
                       started: int, lang: str) -> None:
    """"Förnya" (the next period's pledge from this one) and archiving, below the form."""
    t = i18n.catalog(lang)
    st.divider()
    renew_column, archive_column = st.columns(2)
    with renew_column:
        if st.button(t["pledge_form.renew"], key=f"renew_{pledge.id}", help=t[
                "pledge_form.renew_help"], icon=":material/autorenew:"):
            next_pledge = pledge_edit.renew(pledge, {p.id for p in pledges})
            if there := rules.same_period(next_pledge, pledges):
                st.warning(i18n.t("pledge_form.renew_taken", lang, title=there.short_title))
            else:
                def renew() -> Pledge:
                    saved = pledge_edit.save(store, user, next_pledge, None)
                    st.session_state[SHOW_NEXT_KEY] = saved.id
                    return saved

                _run(renew, lambda p: i18n.t("pledge_form.renewed", lang, title=p.short_title,
                                             source=pledge.short_title), lang)
    if pledge.archived:
        return
    with archive_column:
        sure = st.checkbox(t["pledge_form.archive_confirm"], key=f"archive_sure_{pledge.id}",
                           help=t["pledge_form.archive_help"])
        if st.button(t["pledge_form.archive"], key=f"archive_{pledge.id}", disabled=not sure,
                     icon=":material/inventory_2:"):
            _run(lambda: pledge_edit.archive(store, user, pledge.id, started),
                 lambda p: i18n.t("pledge_form.archived", lang, title=p.short_title), lang)


# -- writes --------------------------------------------------------------------------


def _run(action: Callable[[], Pledge], success: Callable[[Pledge], str], lang: str,
         on_conflict: Callable[[], None] | None = None, refused: str = "not_saved") -> None:
    """Run a write; its refusals become messages in ``lang``, a success reruns the page.

    ``refused`` names what was not saved (``pledge_form.<refused>``): the pledge or its file.
    """
    t = i18n.catalog(lang)
    try:
        saved = action()
    except rules.ValidationError as error:
        st.error(f"{t['pledge_form.' + refused]} {rules.refusal(error, lang)}")
    except Refused as error:  # the source document
        st.error(f"{t['pledge_form.' + refused]} {error.text(lang)}")
    except StaleVersionError as error:
        st.error(i18n.t("pledge_form.conflict", lang, who=error.updated_by or "?",
                        when=formats.moment(error.updated_at) if error.updated_at else ""))
        if on_conflict is not None:
            on_conflict()
    except PermissionDenied:
        st.error(t["auth.denied"])
    else:
        st.session_state[FLASH_KEY] = success(saved)
        st.rerun()


def _reload_button(store: Store, opened: dict[str, Any], pledge: Pledge, key: str,
                   lang: str) -> None:
    """"Ladda om": start the form again from the pledge as saved now."""
    def reload() -> None:
        stored = store.pledge(pledge.id)
        forms.reopen(opened, pledge.id, stored.version if stored else pledge.version)

    st.button(i18n.t("pledge_form.reload", lang), key=f"{key}_reload", on_click=reload)


def _raise(error: rules.ValidationError) -> Pledge:
    raise error


# -- session state ---------------------------------------------------------------------


def _prefill(key: str, value: Any) -> str:
    """Put a widget's first value in session state once (a rerun keeps what was typed)."""
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def _rows(key: str, initial: list[rules.CommitmentDraft]
          ) -> tuple[list[str], dict[str, rules.CommitmentDraft]]:
    """The draft's row tokens and each row's first values, made once per draft."""
    if f"{key}__rows" not in st.session_state:
        first = {f"r{n}": row for n, row in enumerate(initial)}
        st.session_state[f"{key}__rows"] = list(first)
        st.session_state[f"{key}__first"] = first
        st.session_state[f"{key}__next"] = len(first)
    return st.session_state[f"{key}__rows"], st.session_state[f"{key}__first"]


def _add_row(key: str) -> None:
    token = f"r{st.session_state[f'{key}__next']}"
    st.session_state[f"{key}__next"] += 1
    st.session_state[f"{key}__rows"] = [*st.session_state[f"{key}__rows"], token]


def _remove_row(key: str, token: str) -> None:
    st.session_state[f"{key}__rows"] = [r for r in st.session_state[f"{key}__rows"]
                                        if r != token]


def _forget_rows(key: str) -> None:
    """A draft started afresh: its rows and each row's remembered kind are forgotten."""
    for name in [k for k in st.session_state if str(k).startswith(f"{key}_r")
                 and str(k).endswith("__kind")]:
        del st.session_state[name]
    for suffix in ("__rows", "__first", "__next"):
        st.session_state.pop(f"{key}{suffix}", None)


def _label(lang: str) -> Callable[[str], str]:
    t = i18n.catalog(lang)
    return lambda name: t[f"pledge_form.field.{name}"]

