"""Page pieces that only show what ``geo/`` computed: legend, counts, table, details."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from geo import i18n
from geo.domain import layers as geolayers
from geo.domain.filters import PLEDGE_ALL, PLEDGE_NONE
from geo.domain.model import LAYERS
from geo.domain.pledge import Pledge
from geo.editing import pledge_form
from geo.escape import inert
from geo.io import csvwrite


def pledge_short_titles(pledges: Mapping[str, Pledge], lang: str) -> dict[str, str]:
    """"Tomelilla 2020", "Staffanstorp 2018–2019" (marked when archived): for a choice."""
    return {pid: pledge_form.label(pledge, lang) for pid, pledge in pledges.items()}


def pledge_option_label(lang: str, titles: Mapping[str, str]) -> Callable[[str], str]:
    """The label of a pledge filter's option: all, none, or the pledge's short title."""
    special = {PLEDGE_ALL: i18n.t("filters.pledge_all", lang),
               PLEDGE_NONE: i18n.t("filters.pledge_none", lang)}
    return lambda value: special.get(value, titles.get(value, value))


def _swatch(colour: str, text: str, *, shape: str = "circle") -> str:
    radius = "50%" if shape == "circle" else "2px"
    height = "4px" if shape == "line" else "14px"
    return (
        f'<div style="display:flex;align-items:center;gap:.5em;margin:2px 0">'
        f'<span style="display:inline-block;width:14px;height:{height};border-radius:{radius};'
        f'background:{colour};border:1px solid #222"></span><span>{inert(text)}</span></div>'
    )


def legend(lang: str, layers: list[str]) -> None:
    """The legend of the shown layers (colours from the one palette, names from the catalog)."""
    t = i18n.catalog(lang)
    parts = [f"<strong>{inert(t['legend.heading'])}</strong>"]
    for heading, entries in geolayers.legend(lang, layers):
        if entries:
            parts.append(f"<div><em>{inert(heading)}</em></div>")
            parts += [_swatch(colour, text, shape=shape) for text, colour, shape in entries]
    text, colour, shape = geolayers.boundary_legend(lang)
    parts.append(_swatch(colour, text, shape=shape))
    st.html("".join(parts))


def counts_row(lang: str, numbers: Mapping[str, int], unplaced: Mapping[str, int]) -> None:
    """One metric per layer: how many features the selection holds."""
    t = i18n.catalog(lang)
    columns = st.columns(len(LAYERS))
    for column, layer in zip(columns, LAYERS, strict=True):
        help_text = None
        if unplaced.get(layer):
            help_text = i18n.t("counts.unplaced", lang, n=unplaced[layer])
        column.metric(t[f"layers.{layer}"], numbers.get(layer, 0), help=help_text)


def feature_table(lang: str, rows: pd.DataFrame) -> None:
    """The features the map shows, one row each, with a CSV download."""
    t = i18n.catalog(lang)
    st.subheader(f"{t['table.heading']} ({len(rows)})")
    st.dataframe(rows, hide_index=True, width="stretch", height=360,
                 column_config={"id": None}, key="feature_table")
    # The CSV is made on each run, not when the button is pressed: Streamlit's deferred
    # download (a callable) keeps the button disabled until the server answers over the
    # websocket, and on a busy server that answer was seen never to come (the button stayed
    # disabled, no file). Tens of milliseconds for 10,000 rows buy a button that works.
    # Written for Swedish Excel by the one CSV writer (BOM, ";", the formula guard).
    st.download_button(t["table.download"], table_csv(rows),
                       file_name="trygghetskartan.csv", mime=csvwrite.MEDIA_TYPE)


def table_csv(rows: pd.DataFrame, dialect: str = csvwrite.DEFAULT) -> bytes:
    """The map's table as the file its download button gives (:mod:`geo.io.csvwrite`)."""
    return csvwrite.write_frame(rows, dialect)


def details_panel(lang: str, heading: str, pairs: list[tuple[str, str]] | None) -> None:
    """Details of the clicked feature, as plain text.

    Editors type these values: ``st.table`` and ``st.markdown`` would render them as
    Markdown (an image URL makes every visitor's browser fetch it), so the panel is
    HTML built from :func:`~geo.escape.inert` text: shown, never run or fetched.
    """
    t = i18n.catalog(lang)
    st.markdown(f"**{t['details.heading']}**")
    if pairs is None:
        st.caption(t["details.hint"])
        return
    st.html(f'<div class="tk-details"><p><em>{inert(heading)}</em></p>'
            + _description_list(pairs) + "</div>")


def reference_list(pairs: list[tuple[str, str]]) -> None:
    """What a record refers to (label above name), as plain text like the details panel."""
    if pairs:
        st.html(f'<div class="tk-references">{_description_list(pairs)}</div>')


def _description_list(pairs: list[tuple[str, str]]) -> str:
    """Each label above its value, as inert HTML (empty for no pairs).

    Beside the map the column is narrow, and a two-column table broke words in the
    middle ("Tomelil la 2020").
    """
    rows = "".join(
        f'<dt style="font-weight:600;margin-top:.4em">{inert(label)}</dt>'
        f'<dd style="margin:0;white-space:pre-wrap;overflow-wrap:break-word">{inert(value)}</dd>'
        for label, value in pairs)
    return f'<dl style="margin:0">{rows}</dl>' if pairs else ""


def about_panel(lang: str, example_data: bool) -> None:
    """The "about this data" panel every public page ends with."""
    from geo import __version__, config

    t = i18n.catalog(lang)
    categories = ", ".join(t[f"category.{c}"].lower() for c in config.sensitive_categories())
    with st.expander(t["about.heading"], icon=":material/info:"):
        st.markdown(t["about.what"])
        st.markdown(t["about.public"])
        if categories:
            st.markdown(i18n.t("about.generalised", lang, categories=categories))
        st.markdown(t["about.sources"])
        if example_data:
            st.markdown(t["about.example"])
        st.caption(i18n.t("package.version", lang, version=__version__))
        statement_links(lang)


def statement_links(lang: str) -> None:
    """Links to the accessibility statement and the privacy notice (``dashboard.py``'s pages).

    A page script run on its own (``AppTest`` of one view) has no navigation to link into:
    there the links are left out, as Streamlit refuses a link to a page it does not know.
    """
    from streamlit.errors import StreamlitPageNotFoundError

    t = i18n.catalog(lang)
    for script, key in (("views/accessibility.py", "public.nav_accessibility"),
                        ("views/privacy.py", "public.nav_privacy")):
        try:
            st.page_link(script, label=t[key])
        except StreamlitPageNotFoundError:
            return  # no navigation (a view tested alone): nothing to link to


#: Session key of the notice shown on the map after a link to no page of the visitor.
LOST_LINK_KEY = "_lost_link"
#: The map's own link path: it opens the map (the default page, served at the root).
MAP_PATH = "karta"
#: The default page's reserved path. Streamlit serves the default page at ``/`` but still
#: reserves its ``url_path`` and does not resolve a link to it (a "Page not found"
#: dialog), so the map reserves a path no one links to and ``/karta`` is an alias.
DEFAULT_RESERVED_PATH = "trygghetskartan-start"
_URL_PATH = re.compile(r"^[A-Za-z0-9_.~-]{1,100}$")


def requested_page_name() -> str:
    """The page path of the URL the session opened with ("" for the app's root).

    Streamlit resolves a deep link by this name in ``st.navigation``; it is not public
    API (``ScriptRunContext.pages_manager.intended_page_name``), so anything unexpected
    reads as "no page asked for".
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    if getattr(manager, "intended_page_script_hash", None):
        return ""  # a page chosen by its hash (a link in the app): the name is not used
    name = getattr(manager, "intended_page_name", None)
    return name.strip("/") if isinstance(name, str) else ""


def lost_link_pages(pages: list, lang: str) -> list:
    """A hidden page for a link that names no page of this visitor, else nothing.

    Without it ``st.navigation`` answers such a link (``/registrera`` for the public, a
    mistyped path, the map's ``/karta``) with Streamlit's English "Page not found" dialog.
    The hidden page has the link's path, so it is found; it brings the visitor to the
    default page (the map) with a notice in their language; ``/karta`` simply opens the map.
    """
    name = requested_page_name()
    known = {page.url_path for page in pages}
    if not name or name in known or not _URL_PATH.match(name):
        return []
    default = next(page for page in pages if page._default)  # noqa: SLF001 - st.Page's flag

    def lost() -> None:
        if name != MAP_PATH:
            st.session_state[LOST_LINK_KEY] = True
        st.switch_page(default)

    return [st.Page(lost, title=i18n.t("nav.map", lang), url_path=name, visibility="hidden")]


def lost_link_notice(lang: str) -> None:
    """The notice after a link to a page this visitor cannot open (shown once)."""
    if st.session_state.pop(LOST_LINK_KEY, False):
        st.info(i18n.t("notices.page_unavailable", lang), icon=":material/info:")


#: Streamlit 1.67 says some of its own texts in English only: the file uploader's ("Upload",
#: "Drag and drop file here", "200MB per file"), the skip link's ("Skip to main content"),
#: a multiselect list's first option ("Select all"), a text field's hint ("Press Enter to
#: submit form"), an empty date field's "yyyy-mm-dd", a select box's placeholder and empty list;
#: and its date picker has no locale option (its calendar follows the browser's language).
#: This script, run once in the page, sets the language the date picker sees (and has the
#: app drawn again with it) and rewrites
#: those texts from the catalog whenever Streamlit draws them (a MutationObserver, so a
#: rerun that redraws one is translated too). Only Streamlit's own texts are matched,
#: never a label.
_WIDGET_TEXTS_JS = """
<script>
(function (texts) {
  window.__tkWidgetTexts = texts;
  // The date picker's calendar (weekday names, month names, the first day of the week)
  // follows navigator.language, which Streamlit reads on every render: the interface's
  // language wins, so the Swedish calendar starts its weeks on Monday.
  const before = window.navigator.language;
  try {
    Object.defineProperty(window.navigator, 'language',
                          {configurable: true, get: () => window.__tkWidgetTexts.locale});
  } catch (e) { /* a browser that refuses: its own language stays */ }
  if (window.navigator.language !== before) {
    // Streamlit loads this script's code on demand: on a busy server the page, its date
    // fields included, may be drawn before it runs, and is not drawn again until the next
    // rerun. Streamlit's theme hook listens for "afterprint" and redraws the app from the
    // top, reading the language anew, without a rerun on the server.
    window.dispatchEvent(new Event('afterprint'));
  }
  const apply = () => {
    const t = window.__tkWidgetTexts;
    // Streamlit's skip link (the first thing the Tab key reaches), in the page's language
    document.querySelectorAll('[data-testid=stSkipToContent]').forEach((link) => {
      if (link.textContent !== t.skip) { link.textContent = t.skip; }
    });
    // The multiselect's bulk option ("Select all", "Select 3 matches"): only these two
    // texts of Streamlit's own, in an open list's options, are rewritten
    document.querySelectorAll('[role=option]').forEach((option) => {
      const walker = document.createTreeWalker(option, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.data.trim();
        const matches = text.match(/^Select (\\d+) matches$/);
        const next = text === 'Select all' ? t.selectAll
          : matches ? t.selectMatches.replace('{n}', matches[1]) : null;
        if (next !== null && node.data !== next) { node.data = next; }
      }
    });
    // A text field's hint ("Press Enter to submit form", "Press Ctrl+Enter to apply"); the
    // character count beside it ("12/200") is no text
    document.querySelectorAll('[data-testid=InputInstructions] span').forEach((span) => {
      const node = span.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) return;
      const hint = node.data.match(/^Press (.*Enter) to (submit form|apply)$/);
      if (!hint) return;
      const next = (hint[2] === 'apply' ? t.enterApply : t.enterSubmit).replace('{keys}', hint[1]);
      // only a change: writing the same text is a mutation too, and this runs on mutations
      if (node.data !== next) { node.data = next; }
    });
    // An empty date field shows its parts' letters ("yyyy-mm-dd"): in the page's language.
    // The text node is changed in place, so React still updates it as the user types.
    document.querySelectorAll(
      '[data-testid=stDateInput] [role=spinbutton][data-placeholder=true]').forEach((part) => {
      const letters = t.dateParts[part.dataset.type];
      const node = part.firstChild;
      if (letters && node && node.nodeType === Node.TEXT_NODE && node.data !== letters) {
        node.data = letters;
      }
    });
    document.querySelectorAll('[data-testid=stFileUploaderDropzone]').forEach((zone) => {
      zone.querySelectorAll('button [data-testid=stMarkdownContainer] p').forEach((p) => {
        // Streamlit's own text, or one this script wrote (marked): never a label
        if ((p.dataset.tk || t.browseAll.includes(p.textContent.trim()))
            && p.textContent !== t.browse) {
          p.textContent = t.browse; p.dataset.tk = '1';
        }
      });
      zone.querySelectorAll('[data-testid=stFileUploaderDropzoneInstructions] span')
        .forEach((span) => {
          const text = span.textContent;
          if ((span.dataset.tkDrop || t.dropAll.includes(text.trim())) && text !== t.drop) {
            span.textContent = t.drop; span.dataset.tkDrop = '1';
          }
          const m = span.dataset.tkLimit ? JSON.parse(span.dataset.tkLimit)
            : text.match(/^(\\d+(?:[.,]\\d+)?)\\s?([KMG]B) per file(.*)$/);
          if (m) {
            span.dataset.tkLimit = JSON.stringify([...m]);
            const next = t.limit.replace('{mb}', m[1] + ' ' + m[2]) + m[3];
            if (next !== text) { span.textContent = next; }
          }
        });
    });
    // the select boxes' own texts: the placeholder of an empty choice, the empty list
    document.querySelectorAll('[data-testid=stSelectbox] input[placeholder],'
                              + ' [data-testid=stMultiSelect] input[placeholder]')
      .forEach((input) => {
        const own = t.select[input.getAttribute('placeholder')];
        if (own && own !== input.getAttribute('placeholder')) {
          input.setAttribute('placeholder', own);
        }
      });
    document.querySelectorAll('[role=listbox] *, [data-baseweb=popover] *').forEach((el) => {
      if (el.children.length === 0 && el.textContent === 'No results') {
        el.textContent = t.select['No results'];
      }
    });
  };
  apply();
  if (!window.__tkWidgetObserver) {
    window.__tkWidgetObserver = new MutationObserver(apply);
    // characterData: React puts a date part's own letters back when it is emptied
    window.__tkWidgetObserver.observe(document.body,
                                      {childList: true, subtree: true, characterData: true});
  }
})(TEXTS);
</script>
"""


def widget_texts(lang: str) -> None:
    """Streamlit's own English (uploader, select boxes, skip link, hints, date fields) in ``lang``.

    See ``_WIDGET_TEXTS_JS``.
    """
    import json

    t = i18n.catalog(lang)
    texts = {
        "browse": t["uploader.browse"], "drop": t["uploader.drop"],
        "skip": t["chrome.skip_to_content"], "selectAll": t["chrome.select_all"],
        "selectMatches": t["chrome.select_matches"], "enterSubmit": t["chrome.enter_submit"],
        "enterApply": t["chrome.enter_apply"],
        "dateParts": {part: t[f"chrome.date_{part}"] for part in ("year", "month", "day")},
        "locale": {"sv": "sv-SE", "en": "en-GB"}.get(lang, "sv-SE"),
        "limit": t["uploader.limit"],
        "browseAll": ["Upload", "Browse files"],
        "dropAll": ["Drag and drop file here", "Drag and drop files here"],
        # Streamlit's English (its placeholders when nothing is chosen) → the catalog's
        "select": {"Choose an option": t["select.choose_one"],
                   "Choose options": t["select.choose_many"],
                   "No options to select": t["select.no_options"],
                   "No results": t["select.no_results"]},
    }
    payload = json.dumps(texts, ensure_ascii=False).replace("</", "<\\/")
    st.html(_WIDGET_TEXTS_JS.replace("TEXTS", payload), unsafe_allow_javascript=True)
