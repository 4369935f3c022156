"""The lägesbild and the plan for Tomelilla on the example data, in every format and language."""

from __future__ import annotations

import io
import re
import subprocess

import docx as python_docx
import pytest

from geo import i18n, lagesbild
from geo.urlstate import parse_filter
from tests.lagesbild.conftest import AS_OF, OVERRIDER, SCRIPT, UPDATER
from tests.report.test_pdf_tagging import structure

MAP = "https://karta.tomelilla.se"
PARTS = lagesbild.PARTS
LANGS = ("sv", "en")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("part", PARTS)
def test_html_is_self_contained_and_escapes_every_user_text(docs, part, lang):
    page = lagesbild.html(docs[(lang, False)], part, map_base=MAP)
    assert "<script" not in page.lower()  # neither ours nor the user's
    assert "&lt;script&gt;" in page  # the section text / plan row is there, escaped
    addresses = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', page)
    outside = [a for a in addresses if re.match(r"(?i)(https?:)?//", a)]
    assert all(a.startswith(f"{MAP}/?kommun=1270") for a in outside), outside
    assert not re.search(r"(?i)\bsrc\s*=|@import|url\(", page)  # nothing loaded from anywhere
    if part == "lagesbild":
        assert len(outside) > 50  # every count of the kartläggning links to the map
    assert f'lang="{lang}"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_lagesbild_has_the_laws_three_parts_and_says_where_each_figure_comes_from(
        docs, lang):
    page = lagesbild.html(docs[(lang, False)], "lagesbild")
    for part in ("mapping", "other", "analysis"):
        assert f"<h2>{i18n.t(f'lagesbild_doc.part.{part}', lang)}</h2>" in page
    tables = page.count('<table class="data')
    sources = len(re.findall(r'<p class="source">', page))
    assert tables >= 9 and sources == tables  # each table with its source, years, level
    assert "<h3>De största förändringarna</h3>" in page  # the analysis' own headings
    assert "<li>Brott som inte anmäls.</li>" in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_plan_names_each_colour_in_words_and_the_override(docs, lang):
    page = lagesbild.html(docs[(lang, False)], "plan")
    for colour in ("green", "red", "yellow"):
        assert i18n.t(f"plan_colour.{colour}", lang) in page
    assert OVERRIDER in page and UPDATER in page  # the internal version names them
    assert i18n.t("plan_doc.effect_heading", lang) in page
    assert "Skillnaden är 0,4 &lt;script&gt;" in page
    doc = docs[(lang, False)]
    linked = next(r for r in doc.plan.rows if r.place_ids)
    flt, layers = parse_filter(doc.row_maps[linked.id])  # the row's records on the map
    assert set(flt.ids) == set(linked.place_ids) and layers == ("unsafe_places",)
    assert f'href="{doc.row_maps[linked.id]}"'.replace("&", "&amp;") in page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_public_version_names_nobody(docs, lang, fmt):
    doc = docs[(lang, True)]
    assert doc.kartlaggning.public
    for part in PARTS:
        text = _text(doc, part, fmt)
        assert OVERRIDER not in text and UPDATER not in text, (part, fmt)
        assert i18n.t("lagesbild_doc.public", lang) in text


def test_the_swedish_documents_say_nothing_in_english(docs):
    english = i18n.catalog("en")
    swedish = i18n.catalog("sv")
    own = [v for k, v in english.items() if k.startswith(("lagesbild_doc.", "plan_doc."))
           and v != swedish.get(k) and len(v) > 12 and "{" not in v]
    for part in PARTS:
        page = lagesbild.html(docs[("sv", True)], part)
        assert not [v for v in own if v in page], part


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("part", PARTS)
def test_the_docx_reads_back_with_headings_and_the_plan_table(docs, part, lang):
    data = lagesbild.docx(docs[(lang, False)], part, map_base=MAP)
    word = python_docx.Document(io.BytesIO(data))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    title = word.core_properties.title
    assert title and word.core_properties.language == ("sv-SE" if lang == "sv" else "en-GB")
    if part == "lagesbild":
        assert [h for h in headings if h in {i18n.t(f"lagesbild_doc.part.{p}", lang)
                                             for p in ("mapping", "other", "analysis")}]
        assert len(headings) >= 12
        return
    assert i18n.t("plan_doc.matrix", lang) in headings
    matrix = next(t for t in word.tables if t.rows[0].cells[0].text ==
                  i18n.t("plan_doc.column.number", lang))
    assert [c.text for c in matrix.rows[0].cells][1] == i18n.t("plan_doc.column.problem", lang)
    assert len(matrix.rows) == 1 + len(docs[(lang, False)].plan.rows)
    assert SCRIPT in matrix.rows[1].cells[1].text  # the text itself, as written
    header = matrix.rows[0]._tr.trPr
    assert header is not None and "tblHeader" in header.xml  # repeated on each page
    assert word.sections[0].page_width > word.sections[0].page_height  # landscape


@pytest.mark.parametrize("part", PARTS)
def test_the_pdf_is_tagged(docs, part):
    facts, kinds, alts = structure(lagesbild.pdf(docs[("sv", True)], part))
    assert facts["marked"] == "True" and facts["lang"] == "sv"
    assert facts["title"] and facts["display_title"] == "True"
    assert kinds["H1"] == 1 and kinds["H2"] >= 2
    for needed in ("P", "Table", "TR", "TH", "TD"):
        assert kinds[needed] > 0, f"no {needed} in the structure tree"
    assert not alts  # no figures without a text


def test_without_texts_the_sections_and_analysis_say_they_are_not_written(store):
    doc = lagesbild.document(store, ["1270"], 2021, 2021, lang="sv", public=True,
                             as_of=AS_OF)
    page = lagesbild.html(doc, "lagesbild")
    assert i18n.t("lagesbild_doc.other_none", "sv") in page
    assert doc.analysis or i18n.t("lagesbild_doc.analysis_none", "sv") in page


def _text(doc: lagesbild.Document, part: str, fmt: str) -> str:
    if fmt == "html":
        return lagesbild.html(doc, part)
    if fmt == "docx":
        word = python_docx.Document(io.BytesIO(lagesbild.docx(doc, part)))
        cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
        return "\n".join([*(p.text for p in word.paragraphs), *cells])
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], check=True, timeout=60,
                          input=lagesbild.pdf(doc, part), capture_output=True).stdout.decode()


def test_plain_text_becomes_headings_paragraphs_and_lists():
    from geo.lagesbild.blocks import Heading, Items, Paragraph, paragraphs

    text = ("Analys\n\nDe största förändringarna\nPlatserna ökade.\n\n- En.\n- Två.\n\n"
            "Vi höll tre möten. Alla kom\n\n[Skriv här: vad hände?]")
    assert paragraphs(text) == [Heading(3, "Analys"), Heading(3, "De största förändringarna"),
                                Paragraph("Platserna ökade."), Items(("En.", "Två.")),
                                Paragraph("Vi höll tre möten. Alla kom"),
                                Paragraph("[Skriv här: vad hände?]")]


def test_a_police_area_links_each_figure_to_each_municipality(store):
    from geo.spatial import police

    area = police.area("Ystad")
    doc = lagesbild.document(store, [], 2021, 2021, lang="sv", public=True, as_of=AS_OF,
                             police_area="Ystad")
    page = lagesbild.html(doc, "lagesbild", map_base=MAP)
    assert "<h1>Lägesbild för lokalpolisområde Ystad 2021</h1>" in page
    first = page.index('<span class="maplinks">')
    links = re.findall(r'href="[^"]*\?kommun=(\d{4})', page[first:page.index("</span>", first)])
    assert links == list(area.kommun_koder)


def test_the_public_version_holds_no_personal_or_internal_text(tmp_path):
    from tests import fixture_data

    store = fixture_data.build(tmp_path / "fixture.gpkg")
    for public in (True, False):
        doc = lagesbild.document(store, ["1270"], 2020, 2020, lang="sv", public=public,
                                 as_of=AS_OF)
        for fmt in ("html", "docx"):
            text = _text(doc, "lagesbild", fmt)
            assert not [p for p in fixture_data.PRIVATE_TEXTS if p in text], (public, fmt)
    internal = doc.kartlaggning.places_by_category[0].current.value  # the loop's last
    public = lagesbild.document(store, ["1270"], 2020, 2020, lang="sv", public=True,
                                as_of=AS_OF).kartlaggning.places_by_category[0].current.value
    assert public <= internal
