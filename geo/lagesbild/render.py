"""The lägesbild and the plan as a self-contained HTML page and as a tagged PDF.

The HTML has its styles inline, no script and no outside request: the only addresses in
it are the figures' links to the map, put after ``map_base`` (the public map's address
for the municipality's website, empty for the app's own pages). Every text is escaped
(Jinja's autoescape). The PDF is the same page through WeasyPrint's PDF/UA variant
(:func:`geo.report.pdfwrite.write_pdf`).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from geo import i18n
from geo.lagesbild import content, planpage
from geo.lagesbild.blocks import Page
from geo.lagesbild.document import Document
from geo.report.pdfwrite import write_pdf
from geo.report.render import _page_counter

#: The two documents: the lägesbild (the law's three parts) and the åtgärdsplan alone.
PARTS = ("lagesbild", "plan")

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True,
)


def page_of(doc: Document, part: str) -> Page:
    """The worded page of one part (``lagesbild`` or ``plan``)."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r} (known: {', '.join(PARTS)})")
    return content.page(doc) if part == "lagesbild" else planpage.page(doc)


def html(doc: Document, part: str = "lagesbild", *, map_base: str = "") -> str:
    """One HTML file: styles inline, no script, links only to the map under ``map_base``."""
    page = page_of(doc, part)
    footer = page.title.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return _ENV.get_template("document.html.j2").render(
        page=page, map_base=map_base.rstrip("/"), footer=Markup(footer),
        t_map=i18n.t("situation.link", doc.lang),
        page_counter=Markup(_page_counter(i18n.t("lagesbild_doc.page", doc.lang))),
    )


def pdf(doc: Document, part: str = "lagesbild", *, map_base: str = "") -> bytes:
    """The HTML page as a tagged PDF (PDF/UA-1: language, title, headings, table headers)."""
    return write_pdf(html(doc, part, map_base=map_base))
