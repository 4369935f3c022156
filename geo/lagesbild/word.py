"""The lägesbild and the plan as a Word document (DOCX), for the council's decision.

The same page as the HTML (:mod:`geo.lagesbild.blocks`): headings in Word's heading styles
(a reader's navigation pane and a screen reader find them), tables with a header row that
repeats on every page, the document's language (Swedish or English) on its default text
and its title in the core properties. The plan is printed landscape. Figures link to the
map as in the HTML, under ``map_base``.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from geo.lagesbild.blocks import Cell, Heading, Items, Page, Paragraph, Table
from geo.lagesbild.document import Document
from geo.lagesbild.render import page_of

#: Word's language tags of the UI languages.
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
#: The plan colours' swatch (the same as the HTML's); the words say the colour too.
SWATCH = {"green": RGBColor(0x1A, 0x7F, 0x37), "yellow": RGBColor(0xB3, 0x86, 0x00),
          "red": RGBColor(0xC6, 0x28, 0x28)}
LINK_COLOUR = RGBColor(0x0A, 0x5C, 0x99)
#: Points of Heading 1, 2, 3 (the page's h2, h3, h4): the template's are nearly equal.
HEADING_SIZES = (16, 13, 11)
_GREY = RGBColor(0x44, 0x44, 0x44)


def docx(doc: Document, part: str = "lagesbild", *, map_base: str = "") -> bytes:
    """The part (``lagesbild`` or ``plan``) as DOCX bytes."""
    page = page_of(doc, part)
    word = new_document()
    _setup(word, page)
    word.add_paragraph(page.kicker.upper(), style="Subtitle")
    word.add_heading(page.title, level=0)
    if page.subtitle:
        word.add_paragraph(page.subtitle)
    if page.facts:
        _facts(word, page.facts)
    base = map_base.rstrip("/")
    for block in page.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=min(block.level - 1, 9))
        elif isinstance(block, Paragraph):
            _paragraph(word, block)
        elif isinstance(block, Items):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(word, block, base)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _setup(word: WordDocument, page: Page) -> None:
    """Language, title, the page's size and orientation, a readable default font."""
    tag = LANGUAGE_TAGS.get(page.lang, "sv-SE")
    word.core_properties.title = page.title
    word.core_properties.language = tag
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) \
        if defaults is not None else None
    for style in (run_defaults, word.styles["Normal"].element.get_or_add_rPr()):
        if style is None:
            continue
        lang = style.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            style.append(lang)
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), tag)
    word.styles["Normal"].font.name = "Calibri"
    word.styles["Normal"].font.size = Pt(10.5)
    for level, size in enumerate(HEADING_SIZES, start=1):  # each level smaller than the last
        word.styles[f"Heading {level}"].font.size = Pt(size)
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if page.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin = section.bottom_margin = Cm(1.8)


def _facts(word: WordDocument, facts: tuple[tuple[str, str], ...]) -> None:
    table = word.add_table(rows=0, cols=2)
    for label, value in facts:
        cells = table.add_row().cells
        run = cells[0].paragraphs[0].add_run(label)
        run.font.color.rgb = _GREY
        cells[1].paragraphs[0].add_run(value)
    table.columns[0].width = Cm(5)
    for row in table.rows:
        row.cells[0].width = Cm(5)
    word.add_paragraph()


def _paragraph(word: WordDocument, block: Paragraph) -> None:
    if block.style == "note":  # framed as in the HTML: a tinted box with a blue rule
        para = word.add_paragraph()
        para.add_run(block.text)
        props = para._p.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        left = OxmlElement("w:left")
        for name, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "6"),
                            ("w:color", "0072B2")):
            left.set(qn(name), value)
        border.append(left)
        props.append(border)
        _shade_element(props, "EEF4FA")
        return
    para = word.add_paragraph()
    run = para.add_run(block.text)
    para.paragraph_format.keep_with_next = block.style == "explain"  # it explains what follows
    if block.style == "source":
        para.paragraph_format.space_after = Pt(12)
    if block.style in ("explain", "source"):
        run.font.size = Pt(9 if block.style == "explain" else 8)
        run.font.color.rgb = _GREY


def _table(word: WordDocument, block: Table, base: str) -> None:
    """A table whose first row is its header, repeated on each page; rows never split."""
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    _repeat_header(header)
    for i, (cell, name) in enumerate(zip(header.cells, block.columns, strict=True)):
        para = cell.paragraphs[0]
        run = para.add_run(name)
        run.bold, run.font.size = True, Pt(8.5 if block.dense else 9)
        _shade(cell, "EEF1F4")
        if block.is_numeric(i):
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in block.rows:
        cells = table.add_row()
        _keep_row(cells)
        for i, (target, cell) in enumerate(zip(cells.cells, row, strict=True)):
            _cell(target.paragraphs[0], cell, base, block.is_numeric(i))
            for line in cell.lines:
                small = target.add_paragraph().add_run(line)
                small.font.size = Pt(7.5 if block.dense else 8)
            for link in cell.after:
                _hyperlink(target.add_paragraph(), link.text, base + link.url, Pt(8))
            for run in target.paragraphs[0].runs:  # smaller than the text, as in the HTML
                run.font.size = Pt(8.5 if block.dense else 9.5)
    _widths(table, block.widths or tuple(2 if block.is_numeric(i) else 3
                                         for i in range(len(block.columns))), word)


def _cell(para: WordParagraph, cell: Cell, base: str, numeric: bool) -> None:
    if numeric:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if cell.colour:
        swatch = para.add_run("\u25cf ")
        swatch.font.color.rgb = SWATCH.get(cell.colour, _GREY)
    if len(cell.links) == 1:
        _hyperlink(para, cell.text, base + cell.links[0].url)
        return
    para.add_run(cell.text)
    for i, link in enumerate(cell.links):
        para.add_run("\n" if i == 0 else ", ")
        _hyperlink(para, link.text, base + link.url)


def _hyperlink(para: WordParagraph, text: str, url: str, size: Pt | None = None) -> None:
    """A link run (python-docx has no API for one: the element is made by hand)."""
    rel = para.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = para.add_run(text)
    if size is not None:
        run.font.size = size
    run.font.color.rgb = LINK_COLOUR
    run.font.underline = True
    link.append(run._r)
    para._p.append(link)


def _repeat_header(row: object) -> None:
    tr = row._tr  # type: ignore[attr-defined]
    props = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _keep_row(row: object) -> None:
    props = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    props.append(OxmlElement("w:cantSplit"))


def _shade(cell: object, fill: str) -> None:
    _shade_element(cell._tc.get_or_add_tcPr(), fill)  # type: ignore[attr-defined]


def _shade_element(props: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _widths(table: WordTable, widths: tuple[int, ...], word: WordDocument) -> None:
    """Relative widths over the page's text width (Word reads each cell's, LibreOffice the grid)."""
    section = word.sections[-1]
    usable = int(section.page_width or 0) - int(section.left_margin or 0) \
        - int(section.right_margin or 0)
    total = sum(widths)
    table.autofit = False
    for column, share in zip(table.columns, widths, strict=True):
        column.width = usable * share // total  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, share in zip(row.cells, widths, strict=True):
            cell.width = usable * share // total
