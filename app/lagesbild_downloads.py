"""The lägesbild's documents on the page: HTML, PDF and Word, internal or public, on request.

The PDF takes seconds: the documents are made when the user asks ("Skapa dokumenten"),
under a spinner, and cached on plain values (:mod:`app.lagesbild_cache`), so the three
buttons are there at once on the reruns after. They hold the *saved* texts: what is typed
but not saved is not in them (the page says so).
"""

from __future__ import annotations

import logging

import streamlit as st

from app import lagesbild_cache as cache
from geo import i18n
from geo.domain.lagesbild import Lagesbild
from geo.editing import lagesbild_form as rules

#: The request last made (its key): the buttons stay while the key is the same.
ASKED_KEY = "_lb_docs_asked"
FORMATS = (("html", "text/html", "download_html"), ("pdf", "application/pdf", "download_pdf"),
           ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "download_docx"))


def panel(location: str, version: str, scope: rules.Scope, years: tuple[int, int], units: str,
          record: Lagesbild, saved: bool, internal: bool, lang: str, file_scope: str) -> None:
    """The version choice, "Skapa dokumenten", and the three downloads once made."""
    t = i18n.catalog(lang)
    st.subheader(t["lagesbild_page.downloads"])
    st.caption(t["lagesbild_page.downloads_note"])
    if not saved:
        st.caption(t["lagesbild_page.downloads_unsaved"])
    versions = ["internal", "public"] if internal else ["public"]
    chosen = st.radio(t["lagesbild_page.downloads_version"], versions, horizontal=True,
                      key="lb_doc_version",
                      format_func=lambda v: t[f"lagesbild_page.version.{v}"])
    as_of = cache.today()
    key = (location, version, scope.kommuner, *years, as_of, units, scope.police_area,
           record.id if saved else None, record.version if saved else None, lang,
           chosen == "public")
    if st.button(t["lagesbild_page.downloads_make"], key="lb_doc_make",
                 icon=":material/description:"):
        st.session_state[ASKED_KEY] = key
    if st.session_state.get(ASKED_KEY) != key:
        return
    made = {}
    with st.spinner(t["lagesbild_page.downloads_making"]):
        for fmt, _, _ in FORMATS:
            try:
                made[fmt] = cache.document(*key, fmt)
            except Exception:  # noqa: BLE001 - a renderer's failure: logged, said in one line
                logging.getLogger("trygghetskartan").exception("lagesbild %s failed", fmt)
                st.error(t["lagesbild_page.downloads_failed"], icon=":material/error:")
                return
    name = i18n.t("lagesbild_page.file_name", lang, scope=file_scope,
                  years=rules.years_text(*years), version=chosen)
    for column, (fmt, mime, label) in zip(st.columns(3), FORMATS, strict=True):
        column.download_button(t[f"lagesbild_page.{label}"], made[fmt],
                               file_name=f"{name}.{fmt}", mime=mime, key=f"lb_doc_{fmt}",
                               icon=":material/download:")
