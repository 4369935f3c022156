"""The Åtgärdsplan page's downloads: the plan as HTML, PDF and Word (:mod:`geo.lagesbild`).

The document reads the whole kartläggning and every row's "did it help?", so the files
are made only when asked for ("Gör filerna"), once per plan version, day, language and
public or staff version. The staff version names who changed the plan; the public one
holds public data only. Each file taken leaves one audit line (who, what, which format).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from app import cached, plan_form
from geo import audit, i18n, lagesbild
from geo.domain.plan import Plan
from geo.lagesbild import Document

#: Format → (media type, file ending).
FORMATS = {"html": ("text/html", "html"), "pdf": ("application/pdf", "pdf"),
           "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "docx")}


@st.cache_resource(show_spinner=False, max_entries=4)
def _document(location: str, version: str, plan_id: str, kommun_kod: str, year: int,
              lang: str, public: bool, today: date) -> Document:
    """The plan's document (kept as an object: the renderers read it, nothing pickles it)."""
    return lagesbild.document(cached.store(location), [kommun_kod], year, year, lang=lang,
                              public=public, as_of=today, plan_id=plan_id)


@st.cache_data(show_spinner=False, max_entries=12)
def _file(location: str, version: str, plan_id: str, kommun_kod: str, year: int, lang: str,
          public: bool, today: date, fmt: str) -> bytes:
    doc = _document(location, version, plan_id, kommun_kod, year, lang, public, today)
    made = {"html": lagesbild.html, "pdf": lagesbild.pdf, "docx": lagesbild.docx}[fmt](
        doc, "plan")
    return made.encode("utf-8") if isinstance(made, str) else made


def _taken(key: tuple[str, str, str, str, int, str, bool, date], fmt: str, size: int,
           actor: audit.Actor | None) -> None:
    """The audit line of a file taken (the download button's callback)."""
    lagesbild.log_export(_document(*key), "plan", fmt, size, actor=actor)


def downloads(location: str, version: str, plan: Plan, today: date, lang: str) -> None:
    """"Ladda ner planen": the public or staff version, made when asked for."""
    t = i18n.catalog(lang)
    st.subheader(t["plan_page.downloads"])
    public = st.toggle(t["plan_page.download_public"], key=f"plan_public_{plan.id}",
                       help=t["plan_page.download_public_help"])
    if not plan_form.when_asked(f"plan_files_{plan.id}", t["plan_page.download_make"],
                                ":material/description:"):
        return
    year = (plan.decided_date or today).year
    key = (location, version, plan.id, plan.kommun_kod, year, lang, public, today)
    columns = st.columns(len(FORMATS))
    with st.spinner(t["plan_page.download_making"]):
        for column, (fmt, (media_type, ending)) in zip(columns, FORMATS.items(), strict=True):
            data = _file(*key, fmt)
            column.download_button(
                t[f"plan_page.download_{fmt}"], data, mime=media_type,
                file_name=f"atgardsplan-{plan.kommun_kod}-{plan.id[:8]}"
                          f"{'-offentlig' if public else ''}.{ending}",
                key=f"plan_download_{fmt}", icon=":material/download:",
                on_click=_taken, args=(key, fmt, len(data), audit.current()))
