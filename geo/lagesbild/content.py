"""The lägesbild worded: the law's three parts as a :class:`~geo.lagesbild.blocks.Page`.

1. *Kartläggning*: each group of figures is a table whose numbers link to the map filtered
   to exactly their records, with a line under it naming the source, the years and the
   geographic level of its figures (read from the figures, never assumed).
2. *Annan information*: the coordinator's sections, each with the table of the data it
   names beside it (:data:`geo.domain.lagesbild.SECTION_DATA`).
3. *Analys*: her text, else the drafted skeleton, said to be a draft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from babel.numbers import format_decimal

from geo import formats, i18n
from geo.domain.enums import Party
from geo.lagesbild.blocks import Block, Cell, Heading, Items, MapLink, Page, Paragraph, Table
from geo.lagesbild.blocks import paragraphs as text_blocks
from geo.lagesbild.document import Document
from geo.situation import Figure, Kartlaggning, Trend, recurring
from geo.situation.model import NOTE_NOTHING
from geo.spatial import boundaries

_FINDING_COLUMNS = ("opened", "done", "late", "forwarded")
#: A section's data longer than this is not printed again beside it (the survey by area).
_BESIDE_ROWS = 12


class Words:
    """The catalog, number and date formats, and municipality names of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.catalog = i18n.catalog(lang)
        self.names = boundaries.names()

    def __call__(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    def number(self, value: float) -> str:
        return formats.number(value, self.lang)

    def share(self, value: float) -> str:
        """A percentage with one decimal always (``38,0``): a column of shares lines up."""
        return format_decimal(value, format="#,##0.0", locale=formats.LOCALES[self.lang])

    def change(self, value: float) -> str:
        """A signed change: ``+5``, ``−4`` (a minus sign, not a hyphen), ``0``."""
        return formats.signed(value, self.lang)

    def day(self, value: object) -> str:
        return formats.long_date(value, self.lang) if value else ""  # type: ignore[arg-type]

    def kommun(self, code: str) -> str:
        return self.names.get(code, code)

    def place(self, k: Kartlaggning) -> str:
        """Whom the document is for: ``Tomelilla kommun`` or the police area's name."""
        if k.police_area:
            return self("lagesbild_doc.police_area", name=k.police_area)
        return formats.listing([formats.municipality(self.kommun(c), self.lang)
                                for c in k.kommuner], self.lang)


def years(span: tuple[int, int]) -> str:
    """``2020`` or ``2020–2021``."""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}\u2013{span[1]}"


def page(doc: Document) -> Page:
    """The lägesbild of ``doc`` in its language."""
    w = Words(doc.lang)
    k = doc.kartlaggning
    title = doc.texts.title if doc.texts is not None else w(
        "lagesbild_doc.title", place=w.place(k), years=years(k.years))
    blocks: list[Block] = [Paragraph(w("lagesbild_doc.about"), "explain")]
    if doc.example:
        blocks.append(Paragraph(w("lagesbild_doc.example_note"), "note"))
    blocks += [Heading(2, w("lagesbild_doc.part.mapping")),
               Paragraph(w("lagesbild_doc.mapping_intro"), "explain")]
    for _, make in TABLES:
        blocks += make(k, w)
    blocks += _other(doc, w)
    blocks += _analysis(doc, w)
    return Page(doc.lang, w("lagesbild_doc.kicker"), title, w("lagesbild_doc.subtitle"),
                facts(doc, w), tuple(blocks))


def facts(doc: Document, w: Words) -> tuple[tuple[str, str], ...]:
    """Whom, which years, as of when, and the record's status when there is one."""
    k = doc.kartlaggning
    rows = []
    if k.police_area:
        rows.append((w("lagesbild_doc.fact.police_area"), k.police_area))
    rows.append((w("lagesbild_doc.fact.kommuner" if len(k.kommuner) > 1
                   else "lagesbild_doc.fact.kommun"),
                 formats.listing([w.kommun(c) for c in k.kommuner], doc.lang)))
    rows.append((w("lagesbild_doc.fact.period"), years(k.years)))
    rows.append((w("lagesbild_doc.fact.previous"), years(k.previous_years)))
    rows.append((w("lagesbild_doc.fact.as_of"), w.day(doc.as_of)))
    if doc.texts is not None:
        rows.append((w("lagesbild_doc.fact.status"), i18n.enum_label(doc.texts.status, w.lang)))
        if doc.texts.decided_date:
            rows.append((w("lagesbild_doc.fact.decided"), w.day(doc.texts.decided_date)))
        if doc.texts.next_revision:
            rows.append((w("lagesbild_doc.fact.next_revision"), w.day(doc.texts.next_revision)))
        rows.append((w("lagesbild_doc.fact.version"), str(doc.texts.version)))
    rows.append((w("lagesbild_doc.fact.version_kind"),
                 w("lagesbild_doc.public" if doc.public else "lagesbild_doc.internal")))
    return tuple(rows)


# -- the kartläggning's tables -------------------------------------------------------------

def figure_cell(f: Figure, w: Words) -> Cell:
    """A figure's number linked to the map; for a police area, a link per municipality."""
    return Cell(w.number(f.value), tuple(
        MapLink(w.kommun(link.filter.kommun_kod), link.url)
        for link in f.links))


def source_line(figures: Iterable[Figure], w: Words) -> Paragraph:
    """Where a table's figures come from, which years and at what level (from the figures)."""
    found = list(figures)
    sources = list(dict.fromkeys(w(f"situation.source.{f.source}") for f in found))
    spans = list(dict.fromkeys(years(f.years) for f in found))
    levels = list(dict.fromkeys(w(f"situation.level.{f.level}") for f in found))
    notes = list(dict.fromkeys(w(f"situation.note.{f.note}") for f in found
                               if f.note and f.note != NOTE_NOTHING))  # an empty cell says it
    text = w("lagesbild_doc.source_line", sources=formats.listing(sources, w.lang),
             years=formats.listing(spans, w.lang), levels=formats.listing(levels, w.lang))
    return Paragraph(" ".join([text, *notes]), "source")


def _table(caption: str, columns: Sequence[str], rows: Sequence[tuple[Cell, ...]],
           figures: list[Figure], w: Words, numeric_from: int = 1,
           widths: tuple[int, ...] = ()) -> list[Block]:
    """A captioned table with its source line, or a line saying there is nothing."""
    if not rows:
        return [Heading(3, caption), Paragraph(w("lagesbild_doc.nothing"))]
    numeric = tuple(i >= numeric_from for i in range(len(columns)))
    return [Heading(3, caption), Table(caption, tuple(columns), tuple(rows), numeric, widths),
            source_line(figures, w)]


def _trends(k: Kartlaggning, trends: Sequence[Trend], caption: str, first: str,
            label: Callable[[Figure], str], w: Words) -> list[Block]:
    """A trend table: the label, this period, the previous one and the change."""
    rows = [(Cell(label(t.current)), figure_cell(t.current, w), figure_cell(t.previous, w),
             Cell(w.change(t.change))) for t in trends]
    columns = (w(first), years(k.years), years(k.previous_years),
               w("lagesbild_doc.column.change"))
    return _table(w(caption), columns, rows,
                  [f for t in trends for f in (t.current, t.previous)], w)


def places_by_category(k: Kartlaggning, w: Words) -> list[Block]:
    def label(f: Figure) -> str:
        code = f.get("category")
        return i18n.label("category", code, w.lang) if code else w(
            "lagesbild_doc.all_categories")

    return _trends(k, k.places_by_category, "lagesbild_doc.table.places_category",
                   "lagesbild_doc.column.category", label, w)


def places_by_year(k: Kartlaggning, w: Words) -> list[Block]:
    figures = k.places_by_category_year
    spans = sorted({int(f.get("year") or 0) for f in figures})
    rows = []
    for code in dict.fromkeys(f.get("category") or "" for f in figures):
        by_year = {int(f.get("year") or 0): f for f in figures if f.get("category") == code}
        rows.append((Cell(i18n.label("category", code, w.lang)),
                     *(figure_cell(by_year[y], w) if y in by_year else Cell("")
                       for y in spans)))
    return _table(w("lagesbild_doc.table.places_year"),
                  (w("lagesbild_doc.column.category"), *map(str, spans)), rows, list(figures), w)


def places_by_area(k: Kartlaggning, w: Words) -> list[Block]:
    if not k.places_by_area:
        return []

    def label(f: Figure) -> str:
        return f.get("area") or w(f"situation.note.{f.note or 'outside_areas'}")

    return _trends(k, k.places_by_area, "lagesbild_doc.table.places_area",
                   "lagesbild_doc.column.area", label, w)


def findings(k: Kartlaggning, w: Words) -> list[Block]:
    """Findings opened, done, late and forwarded: all, then per responsible party."""
    by_party: dict[str, dict[str, Figure]] = {}
    for f in (*k.findings, *k.findings_by_party):
        by_party.setdefault(f.get("party") or "", {})[f.measure.removeprefix("findings_")] = f
    rows = [(Cell(i18n.label("party", Party(party), w.lang) if party
                  else w("lagesbild_doc.all_parties")),
             *(figure_cell(measures[c], w) if c in measures else Cell("")
               for c in _FINDING_COLUMNS)) for party, measures in by_party.items()]
    columns = (w("lagesbild_doc.column.party"),
               *(w(f"lagesbild_doc.column.{c}") for c in _FINDING_COLUMNS))
    blocks = _table(w("lagesbild_doc.table.findings"), columns, rows,
                    [*k.findings, *k.findings_by_party], w)
    return [*blocks, Paragraph(w("situation.late_rule", day=w.day(k.as_of)), "explain")]


def activities(k: Kartlaggning, w: Words) -> list[Block]:
    """Activities by kind; home visits and concern talks as counts without a map link."""
    figures = [*k.activities, *k.counted_activities]
    rows = [(Cell(i18n.label("activity_kind", f.get("kind"), w.lang)), figure_cell(f, w))
            for f in figures]
    return _table(w("lagesbild_doc.table.activities"),
                  (w("lagesbild_doc.column.kind"), w("lagesbild_doc.column.count")),
                  rows, figures, w)


def watch(k: Kartlaggning, w: Words) -> list[Block]:
    """Watch areas in the period, then each area's covered share (with area figures)."""
    total = [f for f in k.watch if f.measure == "watch_areas"]
    shares = [f for f in k.watch if f.measure == "watch_share"]
    rows = [(Cell(w("situation.measure.watch_areas")), figure_cell(f, w)) for f in total]
    blocks = _table(w("lagesbild_doc.table.watch"),
                    (w("lagesbild_doc.column.measure"), w("lagesbild_doc.column.count")),
                    rows, total, w)
    if not shares:
        return blocks
    share_rows = [(Cell(f.get("area") or ""),
                   Cell(w.share(100 * f.value), figure_cell(f, w).links)) for f in shares]
    caption = w("situation.measure.watch_share")
    table = _table(caption,
                   (w("lagesbild_doc.column.area"), w("lagesbild_doc.column.share")),
                   share_rows, shares, w)
    return [*blocks, Heading(4, caption), *table[1:]]


def recurring_places(k: Kartlaggning, w: Words) -> list[Block]:
    """Places that recur: where reports and findings lie close together."""
    rule = Paragraph(w("situation.recurring_rule", distance=w.number(k.distance_m),
                       count=w.number(recurring.MIN_RECORDS)), "explain")
    if not k.recurring:
        return [Heading(3, w("lagesbild_doc.table.recurring")),
                Paragraph(w("lagesbild_doc.recurring_none")), rule]
    rows = [(Cell(str(i)),
             Cell(formats.listing([i18n.label("category", c, w.lang) for c in r.categories],
                                  w.lang)),
             Cell(str(r.first)), Cell(str(r.last)), figure_cell(r.figure, w))
            for i, r in enumerate(k.recurring, start=1)]
    columns = tuple(w(f"lagesbild_doc.column.{c}")
                    for c in ("number", "categories", "first", "last", "count"))
    table = _table(w("lagesbild_doc.table.recurring"), columns, rows,
                   [r.figure for r in k.recurring], w, numeric_from=4,
                   widths=(8, 44, 18, 18, 12))
    return [*table[:1], rule, *table[1:]]


def survey(k: Kartlaggning, w: Words) -> list[Block]:
    """The survey's results: one row per area, a column per measure and year."""
    keys = list(dict.fromkeys((f.measure, f.get("year") or "") for f in k.survey))
    by_area: dict[str, dict[tuple[str, str], Figure]] = {}
    for f in k.survey:
        by_area.setdefault(f.get("area") or "", {})[(f.measure, f.get("year") or "")] = f
    rows = [(Cell(area), *(Cell(w.share(cells[key].value)) if key in cells else Cell("")
                           for key in keys)) for area, cells in by_area.items()]
    columns = (w("lagesbild_doc.column.area"),
               *(f"{w(f'situation.measure.{m}')} {y}" for m, y in keys))
    return _table(w("lagesbild_doc.table.survey"), columns, rows, list(k.survey), w)


def crime(k: Kartlaggning, w: Words) -> list[Block]:
    """Reported crimes per municipality and year, or the note that none are imported."""
    if not k.crime:
        return [Heading(3, w("lagesbild_doc.table.crime")),
                *(Paragraph(w(f"situation.note.{n}")) for n in k.notes)]
    rows = [(Cell(w.kommun(f.get("kommun") or "")), Cell(f.get("year") or ""),
             figure_cell(f, w)) for f in k.crime]
    return _table(w("lagesbild_doc.table.crime"),
                  (w("lagesbild_doc.column.kommun"), w("lagesbild_doc.column.year"),
                   w("situation.measure.reported_crimes")), rows, list(k.crime), w,
                  numeric_from=2)


#: The kartläggning's tables in order; a section of *Annan information* shows one by its
#: data code (:data:`geo.domain.lagesbild.SECTION_DATA`).
TABLES: tuple[tuple[str, Callable[[Kartlaggning, Words], list[Block]]], ...] = (
    ("places_by_category", places_by_category),
    ("places_by_category_year", places_by_year),
    ("places_by_area", places_by_area),
    ("findings_by_party", findings),
    ("activities", activities),
    ("watch", watch),
    ("recurring", recurring_places),
    ("survey", survey),
    ("crime", crime),
)


def _data_beside(k: Kartlaggning, code: str, w: Words) -> list[Block]:
    """A section's data: the same table as in the kartläggning, under a smaller heading."""
    make = dict(TABLES).get("activities" if code == "counted_activities" else code)
    if make is None:
        return []
    blocks = make(k, w)
    long = next((b for b in blocks if isinstance(b, Table) and len(b.rows) > _BESIDE_ROWS), None)
    if long is not None:  # printed once is enough: the section points to it
        return [Paragraph(w("lagesbild_doc.data_see", table=long.caption), "explain")]
    return [Paragraph(w("lagesbild_doc.data_beside"), "explain"),
            *(Heading(4, b.text) if isinstance(b, Heading) else b for b in blocks)]


def _other(doc: Document, w: Words) -> list[Block]:
    blocks: list[Block] = [Heading(2, w("lagesbild_doc.part.other"))]
    sections = doc.texts.sections if doc.texts is not None else ()
    if not sections:
        return [*blocks, Paragraph(w("lagesbild_doc.other_none"), "note")]
    blocks.append(Paragraph(w("lagesbild_doc.other_intro"), "explain"))
    for section in sections:
        blocks.append(Heading(3, section.title))
        written = text_blocks(section.text)
        blocks += [Heading(4, b.text) if isinstance(b, Heading) else b for b in written] \
            or [Paragraph(w("lagesbild_doc.section_empty"))]
        blocks += _data_beside(doc.kartlaggning, section.data, w)
    return blocks


def _analysis(doc: Document, w: Words) -> list[Block]:
    blocks: list[Block] = [Heading(2, w("lagesbild_doc.part.analysis"))]
    if not doc.analysis.strip():
        return [*blocks, Paragraph(w("lagesbild_doc.analysis_none"), "note")]
    if doc.analysis_drafted:
        blocks.append(Paragraph(w("lagesbild_doc.analysis_draft"), "note"))
    written = text_blocks(doc.analysis)
    part = w("lagesbild_doc.part.analysis").split(" ", 1)[-1].casefold()
    if written and isinstance(written[0], Heading) and written[0].text.casefold() == part:
        written = written[1:]  # the text's own "Analys" under the part's heading
    return blocks + written


__all__ = ["TABLES", "Items", "Words", "facts", "figure_cell", "page", "source_line", "years"]
