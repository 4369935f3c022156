"""Make user-entered text inert before it reaches HTML or map JavaScript.

folium puts tooltip and popup values into the page as HTML, some inside
JavaScript template literals where ``${...}`` runs, and branca renders map scripts
as Jinja templates where ``{% ... %}`` is read; so besides the HTML characters,
``$``, the backtick, the backslash and the braces become entities too.

Text in a CSV or XLSX file is code too, to a spreadsheet: :func:`spreadsheet_cell`
is the one formula guard, called by :mod:`geo.io.csvwrite` (the Excel dialect) and
nowhere else for CSV.
"""

from __future__ import annotations

import html
from typing import Any

_JS_ENTITIES = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;",
                              "{": "&#123;", "}": "&#125;"})


def inert(value: object) -> str:
    """Return ``value`` as text that HTML and JS template literals show but never run."""
    text = "" if value is None else str(value)
    return html.escape(text, quote=True).translate(_JS_ENTITIES)


#: Every character Streamlit's Markdown reads as markup (CommonMark may escape any ASCII
#: punctuation): links and images ``[]()!``, emphasis, code, headings, lists, tables,
#: LaTeX ``$``, HTML ``<>`` and entities ``&``, directives and icons ``:``.
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]()#!|~+-.{}$<>:&"})


def markdown_text(value: object) -> str:
    """``value`` as text for an element that renders Markdown (title, caption, notice).

    Every Markdown character is backslash-escaped, so ``![x](http://...)`` is shown,
    never fetched, and ``**bold**`` stays two stars. Where an element can be plain
    (``st.text``, a dataframe, ``st.html`` with :func:`inert`), prefer that.
    """
    return ("" if value is None else str(value)).translate(_MARKDOWN)


#: A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell starting with these as
#: a formula (``=HYPERLINK(...)``, ``+1``, ``-1+1``, ``@SUM(A1)``), or shifts it (tab, CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV/XLSX cell value that a spreadsheet shows and never runs as a formula.

    The formula guard of the Excel CSV dialect (:mod:`geo.io.csvwrite`; XLSX stores
    text cells as text instead): text starting with :data:`FORMULA_START` gets a
    leading apostrophe. Only text is touched: a number
    (a negative one too) is written as the number it is, so numeric columns stay
    numeric; a number that arrives as text is guarded like any text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unguarded(text: str) -> str:
    """The text :func:`spreadsheet_cell` guarded, as it was typed (the import reads it).

    Only an apostrophe in front of a formula start is the guard's; any other leading
    apostrophe is the text's own.
    """
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
