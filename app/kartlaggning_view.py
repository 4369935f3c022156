"""The kartläggning on the Lägesbild page: every figure in a table of its part, with its map link.

Each part is a Markdown table (a real HTML table: read by screen readers, searched by the
browser), one row per figure, with the figure's number, the link "Visa på kartan" to the
map filtered to exactly the records it counts (one link per municipality of a police
area), and under the table the figures' source, years and geographic level. A figure
without a link says why (catalog ``situation.note.*``). Every text from the store (area
codes, imported survey areas) is escaped before it reaches Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import streamlit as st

from geo import config, formats, i18n
from geo.escape import markdown_text as md
from geo.situation import recurring
from geo.situation.model import Figure, Kartlaggning, Trend

#: The parts in the order of the page (catalog ``lagesbild_page.part.<code>``).
PARTS = ("places", "places_year", "places_area", "findings", "findings_by_party",
         "activities", "counted_activities", "watch", "recurring", "survey", "crime")
#: A section's data code → the part shown beside it (codes of geo.domain.lagesbild).
SECTION_PARTS = {"activities": "activities", "counted_activities": "counted_activities",
                 "survey": "survey", "findings_by_party": "findings_by_party",
                 "watch": "watch"}


@dataclass(frozen=True)
class Shown:
    """What every table needs: the kartläggning, the language and the municipalities' names."""

    k: Kartlaggning
    lang: str
    names: Mapping[str, str]

    def t(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    def years(self, span: tuple[int, int]) -> str:
        return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"

    def number(self, figure: Figure) -> str:
        if figure.measure == "watch_share":
            return f"{formats.number(round(figure.value * 100, 1), self.lang)} %"
        return formats.number(figure.value, self.lang)

    def code(self, group: str, value: str | None) -> str:
        """A breakdown code as words (a category's name, a party's), else the code itself."""
        if value is None:
            return ""
        if group == "kommun":
            return self.names.get(value, value)
        return i18n.catalog(self.lang).get(f"{group}.{value}", value)

    def links(self, figure: Figure, common_note: str = "") -> str:
        """The figure's map links as Markdown, or its note (nothing when the table says it)."""
        if not figure.links:
            return "–" if figure.note == common_note else md(
                self.t(f"situation.note.{figure.note}"))
        suffix = "" if self.lang == config.DEFAULT_LANGUAGE else f"&lang={self.lang}"
        if len(figure.links) == 1:
            return f"[{self.t('situation.link')}]({_local(figure.links[0].url)}{suffix})"
        return " · ".join(
            f"[{md(self.t('situation.links', kommun=self.names.get(k, k)))}]"
            f"({_local(link.url)}{suffix})"
            for link in figure.links for k in (link.filter.kommun_kod,))


def _local(url: str) -> str:
    """Only the app's own path and query (a figure's link never leaves the app)."""
    parts = urlsplit(url)
    return f"{parts.path or '/'}?{parts.query}".replace(" ", "%20").replace(")", "%29")


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells are escaped Markdown already (a link is one)."""
    lines = ["| " + " | ".join(md(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def _meta(s: Shown, figures: Sequence[Figure], common_note: str = "") -> None:
    """Under a table: each figure's source, years and level (one line per kind), and its note."""
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for f in figures:  # the years a source and level cover in the table, first to last
        low, high = spans.get((f.source, f.level), f.years)
        spans[(f.source, f.level)] = (min(low, f.years[0]), max(high, f.years[1]))
    for (source, level), years in spans.items():
        st.caption(s.t("lagesbild_page.meta", source=s.t(f"situation.source.{source}"),
                       years=s.years(years), level=_level(s, level)))
    if common_note:
        st.caption(s.t(f"situation.note.{common_note}"))


def _level(s: Shown, level: str) -> str:
    return i18n.catalog(s.lang).get(f"situation.level.{level}", level)


def _common_note(figures: Sequence[Figure]) -> str:
    """The note every unlinked figure of a table shares (said once under it), or ""."""
    notes = {f.note for f in figures if not f.links}
    return next(iter(notes)) if len(notes) == 1 and all(not f.links for f in figures) else ""


def _show(s: Shown, headers: Sequence[str], rows: list[tuple[list[str], Sequence[Figure]]]
          ) -> None:
    """The table of one part: each row's cells, then its figures' links; and the meta lines."""
    figures = [f for _, fs in rows for f in fs]
    if not rows:
        st.caption(s.t("lagesbild_page.none"))
        return
    note = _common_note(figures)
    link_columns = max(len(fs) for _, fs in rows)
    st.markdown(_table(headers, [cells + [s.links(f, note) for f in fs]
                                 + ["–"] * (link_columns - len(fs)) for cells, fs in rows]))
    _meta(s, figures, note)


def _trend_rows(s: Shown, trends: Sequence[Trend], label: Callable[[Trend], str]
                ) -> list[tuple[list[str], Sequence[Figure]]]:
    return [([md(label(tr)), s.number(tr.current), s.number(tr.previous),
              formats.signed(tr.change, s.lang)], (tr.current, tr.previous)) for tr in trends]




def _trend_headers(s: Shown, first: str) -> list[str]:
    now, before = s.years(s.k.years), s.years(s.k.previous_years)
    return [first, now, before, s.t("lagesbild_page.column.change"),
            f"{s.t('lagesbild_page.column.map')} {now}",
            f"{s.t('lagesbild_page.column.map')} {before}"]


def places(s: Shown) -> None:
    _show(s, _trend_headers(s, s.t("situation.by.category")), _trend_rows(
        s, s.k.places_by_category, lambda tr: s.code("category", tr.current.get("category"))
        or s.t("lagesbild_page.all_categories")))


def places_year(s: Shown) -> None:
    _show(s, [s.t("situation.by.category"), s.t("situation.by.year"),
              s.t("lagesbild_page.column.value"), s.t("lagesbild_page.column.map")],
          [([md(s.code("category", f.get("category"))), str(f.get("year")), s.number(f)], (f,))
           for f in s.k.places_by_category_year])


def places_area(s: Shown) -> None:
    if s.k.area_level is None:
        return
    _show(s, _trend_headers(s, s.t("situation.by.area")), _trend_rows(
        s, s.k.places_by_area,
        lambda tr: tr.current.get("area") or s.t("lagesbild_page.outside_areas")))


def findings(s: Shown) -> None:
    _show(s, [s.t("lagesbild_page.column.measure"), s.t("lagesbild_page.column.value"),
              s.t("lagesbild_page.column.map")],
          [([md(s.t(f"situation.measure.{f.measure}")), s.number(f)], (f,))
           for f in s.k.findings])
    st.caption(s.t("situation.late_rule", day=s.k.as_of.isoformat()))


def findings_by_party(s: Shown) -> None:
    _show(s, [s.t("situation.by.party"), s.t("lagesbild_page.column.measure"),
              s.t("lagesbild_page.column.value"), s.t("lagesbild_page.column.map")],
          [([md(s.code("party", f.get("party"))), md(s.t(f"situation.measure.{f.measure}")),
             s.number(f)], (f,)) for f in s.k.findings_by_party])


def _kinds(s: Shown, figures: Sequence[Figure]) -> None:
    _show(s, [s.t("situation.by.kind"), s.t("lagesbild_page.column.value"),
              s.t("lagesbild_page.column.map")],
          [([md(s.code("activity_kind", f.get("kind"))), s.number(f)], (f,)) for f in figures])


def activities(s: Shown) -> None:
    _kinds(s, s.k.activities)


def counted_activities(s: Shown) -> None:
    _kinds(s, s.k.counted_activities)


def watch(s: Shown) -> None:
    rows = []
    for f in s.k.watch:
        area = f.get("area")
        label = s.t(f"situation.measure.{f.measure}")
        if area is not None:
            kommun = f.get("kommun")
            label += f": {area}" + (f" ({s.code('kommun', kommun)})"
                                    if len(s.k.kommuner) > 1 else "")
        rows.append(([md(label), s.number(f)], (f,)))
    _show(s, [s.t("lagesbild_page.column.what"), s.t("lagesbild_page.column.value"),
              s.t("lagesbild_page.column.map")], rows)
    if len(s.k.watch) > 1:
        st.caption(s.t("situation.note.share_of_area"))


def recurring_places(s: Shown) -> None:
    _show(s, [s.t("lagesbild_page.column.place"), s.t("lagesbild_page.column.records"),
              s.t("lagesbild_page.column.categories"), s.t("lagesbild_page.column.span"),
              s.t("lagesbild_page.column.map")],
          [([s.t("lagesbild_page.recurring_n", n=n), s.number(p.figure),
             md(", ".join(s.code("category", c) for c in p.categories)),
             f"{p.first.isoformat()} – {p.last.isoformat()}"], (p.figure,))
           for n, p in enumerate(s.k.recurring, start=1)])
    st.caption(s.t("situation.recurring_rule", distance=formats.number(s.k.distance_m, s.lang),
                   count=recurring.MIN_RECORDS))


def survey(s: Shown) -> None:
    several = len(s.k.kommuner) > 1
    headers = [s.t("situation.by.area"), s.t("situation.by.year"),
               s.t("lagesbild_page.column.measure"), s.t("lagesbild_page.column.result")]
    _show(s, [*headers, *([s.t("situation.by.kommun")] if several else [])],
          [([md(f.get("area")), str(f.get("year")), md(s.t(f"situation.measure.{f.measure}")),
             s.number(f), *([md(s.code("kommun", f.get("kommun")))] if several else [])], ())
           for f in s.k.survey])
    if s.k.survey:
        _meta(s, s.k.survey, s.k.survey[0].note)


def crime(s: Shown) -> None:
    if not s.k.crime:
        for note in s.k.notes:
            st.caption(s.t(f"situation.note.{note}"))
        return
    _show(s, [s.t("situation.by.kommun"), s.t("situation.by.year"),
              s.t("situation.measure.reported_crimes")],
          [([md(s.code("kommun", f.get("kommun"))), str(f.get("year")), s.number(f)], ())
           for f in s.k.crime])
    _meta(s, s.k.crime, s.k.crime[0].note)


SHOW: dict[str, Callable[[Shown], None]] = {
    "places": places, "places_year": places_year, "places_area": places_area,
    "findings": findings, "findings_by_party": findings_by_party, "activities": activities,
    "counted_activities": counted_activities, "watch": watch, "recurring": recurring_places,
    "survey": survey, "crime": crime,
}


def part(s: Shown, code: str, *, heading: bool = True) -> None:
    """One part of the kartläggning under its heading."""
    if code == "places_area" and s.k.area_level is None:
        return
    if heading:
        st.subheader(s.t(f"lagesbild_page.part.{code}"))
    SHOW[code](s)


def show(s: Shown) -> None:
    """Every part of the kartläggning, in order (the per-year table folded away)."""
    for code in PARTS:
        if code == "places_year":
            with st.expander(s.t("lagesbild_page.part.places_year")):
                part(s, code, heading=False)
        else:
            part(s, code)
