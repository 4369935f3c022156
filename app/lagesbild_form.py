"""The lägesbild's written parts on the page: the form's state across reruns, and its save.

Streamlit reruns the page on every change, and forgets a widget's value when a run does
not draw it (the user went to the map and came back). So each draft has its own widget
keys (``lbf_<id>_<version>_…``), prefilled once — from a mirror of what was typed when
there is one, else from the record — and every run copies the typed values into that
mirror (a plain Session State value, which Streamlit keeps). The sections are tokens kept
in Session State, so "Lägg till avsnitt" and "Ta bort" keep what was typed in the others.

The version the form started from is kept per record (as :mod:`app.forms` keeps a map
record's): a save that meets a newer version is refused with who and when, the typed text
stays, and the user chooses to overwrite or to load the saved version. The rules (the
draft → a record, the refusals) are :mod:`geo.editing.lagesbild_form`'s.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from app import kartlaggning_view as view
from geo import formats, i18n
from geo.access.auth import User
from geo.domain import validation
from geo.domain.enums import PlanStatus
from geo.domain.lagesbild import SECTION_DATA, Lagesbild
from geo.editing import lagesbild_form as rules
from geo.escape import markdown_text as md
from geo.store import StaleVersionError, Store

#: Record id → the version its form started from (0: not saved yet).
OPENED_KEY = "_lb_opened"
#: Widget key → what was typed (kept while the page is not drawn).
MIRROR_KEY = "_lb_mirror"
#: A message for the next run (a save reruns the page).
FLASH_KEY = "_lb_flash"
#: A save that met a newer version: record id, its version now, who and when.
CONFLICT_KEY = "_lb_conflict"
#: A new lägesbild's id per scope and years, stable across reruns until it is saved.
NEW_IDS_KEY = "_lb_new_ids"


def record_for(store: Store, scope: rules.Scope, year_from: int, year_to: int,
               scope_name: str, lang: str) -> tuple[Lagesbild, bool]:
    """The saved lägesbild of the scope and years, or a new one (and whether it is saved)."""
    saved = rules.find(store.lagesbilder(scope.kommun_kod), scope, year_from, year_to)
    if saved is not None:
        return saved, True
    record = rules.new_record(scope, year_from, year_to, scope_name, lang)
    ids = st.session_state.setdefault(NEW_IDS_KEY, {})
    record.id = ids.setdefault((scope, year_from, year_to), record.id)
    return record, False


class Form:
    """The draft of one record at the version it was opened at; its widgets draw into it."""

    def __init__(self, record: Lagesbild, saved: bool, lang: str, writable: bool) -> None:
        opened = st.session_state.setdefault(OPENED_KEY, {})
        self.record, self.saved, self.lang, self.writable = record, saved, lang, writable
        self.started = opened.setdefault(record.id, record.version) if saved else 0
        self.key = f"lbf_{record.id}_{self.started}"
        self.first = rules.draft_of(record)
        self.t = i18n.catalog(lang)
        self._mirror: dict[str, Any] = st.session_state.setdefault(MIRROR_KEY, {})

    def _prefill(self, name: str, value: Any) -> str:
        key = f"{self.key}_{name}"
        if key not in st.session_state:
            st.session_state[key] = self._mirror.get(key, value)
        return key

    def keep(self) -> None:
        """Copy what was typed into the mirror (call after every widget is drawn)."""
        for key in [k for k in st.session_state if str(k).startswith(f"{self.key}_")]:
            self._mirror[key] = st.session_state[key]

    # -- widgets ---------------------------------------------------------------------------

    def title(self) -> str:
        return st.text_input(self.t["lagesbild_page.field.title"], disabled=not self.writable,
                             key=self._prefill("title", self.first.title))

    def decision(self) -> tuple[PlanStatus, date | None, date | None]:
        """Status, decision date and next revision, side by side."""
        t, earliest, latest = self.t, *validation.date_range()
        status_column, decided_column, revision_column = st.columns(3)
        status = status_column.selectbox(
            t["lagesbild_page.field.status"], list(PlanStatus), disabled=not self.writable,
            key=self._prefill("status", self.first.status),
            format_func=lambda s: i18n.label("plan_status", s, self.lang))
        days = []
        for column, name, current in ((decided_column, "decided_date", self.first.decided_date),
                                      (revision_column, "next_revision",
                                       self.first.next_revision)):
            days.append(column.date_input(
                t[f"lagesbild_page.field.{name}"], value=None, format="YYYY-MM-DD",
                min_value=min(earliest, current or earliest),
                max_value=max(latest, current or latest), disabled=not self.writable,
                key=self._prefill(name, current)))
        return status, days[0], days[1]

    def analysis(self, drafted: str) -> str:
        """The analysis; the drafted skeleton when nothing is written yet."""
        key = self._prefill("analysis", self.first.analysis or drafted)
        if not self.first.analysis and drafted and st.session_state[key] == drafted:
            st.caption(self.t["lagesbild_page.analysis_drafted"])
        text = st.text_area(self.t["lagesbild_page.analysis_label"], key=key, height=480,
                            help=self.t["lagesbild_page.analysis_help"],
                            disabled=not self.writable)
        if self.writable and drafted:
            st.button(self.t["lagesbild_page.analysis_redraft"], key=f"{self.key}_redraft",
                      icon=":material/restart_alt:",
                      on_click=lambda: st.session_state.update({key: drafted}))
        return text

    def sections(self, shown: view.Shown) -> list[rules.SectionDraft]:
        """Each section: heading and text on the left, the app's data beside it."""
        t = self.t
        tokens = self._tokens()
        drafts = []
        for token in tokens:
            first = self._first_sections().get(token) or rules.SectionDraft(token)
            with st.container(border=True):
                text_column, data_column = st.columns([3, 2])
                with text_column:
                    title = st.text_input(t["lagesbild_page.section_title"],
                                          key=self._prefill(f"{token}_title", first.title),
                                          disabled=not self.writable)
                    text = st.text_area(t["lagesbild_page.section_text"], height=200,
                                        key=self._prefill(f"{token}_text", first.text),
                                        disabled=not self.writable)
                with data_column:
                    data = st.selectbox(
                        t["lagesbild_page.section_data"], list(SECTION_DATA),
                        key=self._prefill(f"{token}_data", first.data),
                        disabled=not self.writable,
                        format_func=lambda c: t[f"lagesbild_page.data.{c or 'none'}"])
                    if data:
                        st.markdown(f"**{t['lagesbild_page.section_data_heading']}**")
                        view.part(shown, view.SECTION_PARTS[data], heading=False)
                    if self.writable:
                        st.button(t["lagesbild_page.section_remove"], key=f"{self.key}_{token}_rm",
                                  icon=":material/delete:", on_click=self._remove, args=(token,))
            drafts.append(rules.SectionDraft(first.key, title, text, data))
        if not tokens:
            st.caption(t["lagesbild_page.section_none"])
        if self.writable:
            st.button(t["lagesbild_page.section_add"], key=f"{self.key}_add", icon=":material/add:",
                      on_click=self._add)
        return drafts

    # -- the sections' tokens (kept in Session State, never widgets) ---------------------------

    def _tokens(self) -> list[str]:
        rows = f"{self.key}__rows"
        if rows not in st.session_state:
            st.session_state[rows] = [s.key for s in self.first.sections]
            st.session_state[f"{self.key}__first"] = {s.key: s for s in self.first.sections}
        return list(st.session_state[rows])

    def _first_sections(self) -> dict[str, rules.SectionDraft]:
        return st.session_state[f"{self.key}__first"]

    def _add(self) -> None:
        draft = rules.Draft(sections=[rules.SectionDraft(k) for k in self._tokens()])
        token = rules.new_section_key(draft)
        self._first_sections()[token] = rules.SectionDraft(
            token, self.t["lagesbild_page.section.new"])
        st.session_state[f"{self.key}__rows"] = [*self._tokens(), token]

    def _remove(self, token: str) -> None:
        st.session_state[f"{self.key}__rows"] = [k for k in self._tokens() if k != token]

    # -- saving ------------------------------------------------------------------------------

    def status_line(self) -> None:
        """Whether and when the record was saved, and the previous run's message."""
        if message := st.session_state.pop(FLASH_KEY, None):
            st.success(message, icon=":material/check_circle:")
        if not self.saved:
            st.caption(self.t["lagesbild_page.new_record"])
        elif self.record.updated_at is not None:
            st.caption(i18n.t("lagesbild_page.saved_by", self.lang, version=self.record.version,
                              when=formats.moment(self.record.updated_at),
                              who=md(self.record.updated_by or "–")))

    def save(self, store: Store, user: User, draft: rules.Draft,
             expected: int | None = None, target: str | None = None) -> None:
        """Save the draft; a refusal or a newer version is said here, the text stays."""
        try:
            built = rules.build(self.record, draft)
            if target is not None:  # overwriting a lägesbild someone else saved meanwhile
                built.id = target
            elif self.started == 0 and (there := rules.find(
                    store.lagesbilder(self.record.kommun_kod),
                    rules.Scope((self.record.kommun_kod,), self.record.police_area),
                    self.record.year_from, self.record.year_to)) is not None:
                self._conflict(there.id, there.version, there.updated_by, there.updated_at)
                return
            saved = store.save_lagesbild(
                built, user.email, expected if target is not None
                else (self.started or None))
        except rules.Refusal as refusal:
            st.error(i18n.t("lagesbild_page.not_saved", self.lang,
                            reason=refusal.text(self.lang)), icon=":material/error:")
        except StaleVersionError as error:
            self._conflict(self.record.id, error.current, error.updated_by, error.updated_at)
        else:
            st.session_state.pop(CONFLICT_KEY, None)
            st.session_state[OPENED_KEY][saved.id] = saved.version
            st.session_state[FLASH_KEY] = i18n.t("lagesbild_page.saved", self.lang,
                                                 version=saved.version)
            st.rerun()

    def _conflict(self, record_id: str, current: int, who: str, when: Any) -> None:
        st.session_state[CONFLICT_KEY] = {"form": self.key, "id": record_id, "current": current,
                                          "who": who or "?",
                                          "when": formats.moment(when) if when else ""}

    def conflict(self, store: Store, user: User, draft: rules.Draft) -> None:
        """The refusal of a stale save, kept until the user chooses what to do."""
        found = st.session_state.get(CONFLICT_KEY)
        if not found or found["form"] != self.key:
            return
        st.error(i18n.t("lagesbild_page.conflict", self.lang, who=md(found["who"]),
                        when=found["when"]), icon=":material/sync_problem:")
        overwrite, reload = st.columns(2)
        if overwrite.button(self.t["lagesbild_page.conflict_overwrite"],
                            key=f"{self.key}_overwrite", icon=":material/save:"):
            self.save(store, user, draft, expected=found["current"], target=found["id"])
        if reload.button(self.t["lagesbild_page.conflict_reload"], key=f"{self.key}_reload",
                         icon=":material/refresh:"):
            st.session_state.pop(CONFLICT_KEY, None)
            st.session_state[OPENED_KEY][found["id"]] = found["current"]
            st.rerun()
