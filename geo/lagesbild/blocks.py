"""A document as worded blocks: headings, paragraphs, lists and tables, in one language.

:mod:`geo.lagesbild.content` and :mod:`geo.lagesbild.plan` word a
:class:`~geo.lagesbild.document.Document` into a :class:`Page`; the HTML (and so the PDF)
and the Word renderer draw the same page, so no figure or sentence exists in one format
only. Texts are plain: each renderer escapes them its own way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

#: A sentence ending inside a line: such a line is running text, never a heading.
_SENTENCE_END = re.compile(r"[.!?]\s")


@dataclass(frozen=True)
class MapLink:
    """A link to the map filtered to exactly the records behind a figure."""

    text: str
    #: The map page's own address (``/?kommun=…``); a renderer puts its base before it.
    url: str


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, links to the map, smaller lines under it, a colour code."""

    text: str
    links: tuple[MapLink, ...] = ()
    lines: tuple[str, ...] = ()
    #: A plan colour code (``green``, ``yellow``, ``red``): a swatch beside the words.
    colour: str = ""
    #: Links with their own words, under the lines (a plan row's records on the map).
    after: tuple[MapLink, ...] = ()


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    #: ``""`` running text, ``note`` (framed), ``source`` (under a table), ``explain`` (small)
    style: str = ""


@dataclass(frozen=True)
class Items:
    kind: ClassVar[str] = "items"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: Which columns hold numbers (right-aligned).
    numeric: tuple[bool, ...] = ()
    #: Relative column widths (empty: equal), for the plan's wide text columns.
    widths: tuple[int, ...] = ()
    #: Many text columns (the plan's matrix): a smaller type so a row fits a page.
    dense: bool = False

    def is_numeric(self, column: int) -> bool:
        return column < len(self.numeric) and self.numeric[column]


Block = Heading | Paragraph | Items | Table


@dataclass(frozen=True)
class Page:
    """A whole document: its title, the facts at its head, and its blocks in order."""

    lang: str
    kicker: str
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...]
    #: The plan's matrix needs the page's width: printed landscape.
    landscape: bool = False


def paragraphs(text: str) -> list[Block]:
    """Plain text as blocks: blank lines part paragraphs; a short line of its own is a heading.

    The analysis draft and the coordinator's sections are plain text (headings as lines of
    their own, ``- `` before list items); printed, they read as the page's own structure.
    """
    blocks: list[Block] = []
    for chunk in (c.strip() for c in text.replace("\r\n", "\n").split("\n\n")):
        if not chunk:
            continue
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if _is_heading(lines[0]):
            blocks.append(Heading(3, lines[0]))
            lines = lines[1:]
        items = [line[2:].strip() for line in lines if line.startswith("- ")]
        if items and len(items) == len(lines):
            blocks.append(Items(tuple(items)))
        elif lines:
            blocks.append(Paragraph(" ".join(lines)))
    return blocks


def _is_heading(line: str) -> bool:
    """A short line with no sentence in it: not an item, not a placeholder (``[Skriv …]``)."""
    return len(line) <= 80 and not line.endswith((".", ":", ";", ",", "!", "?", "]", ")")) \
        and not line.startswith(("- ", "[")) and not _SENTENCE_END.search(line)
