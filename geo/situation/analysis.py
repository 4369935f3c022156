"""The drafted *Analys* of a lägesbild: a skeleton the coordinator edits, from the kartläggning.

Brå asks the analysis to say what has changed, where, and what the data cannot show.
:func:`draft` writes that from a :class:`~geo.situation.model.Kartlaggning` as plain text
(a heading on a line of its own, then paragraphs; a blank line between them), in three
parts and a closing one for the coordinator's conclusions:

1. **The largest changes since the previous period**: the total of reported unsafe places,
   then the :data:`MOST_CHANGES` trends (per category and per area) with the largest
   absolute change, largest first, each with both numbers, both periods and the change.
2. **Areas that stand out**: an area is named when it has at least :data:`MIN_PLACES`
   places in the period and at least :data:`STANDS_OUT` times the average of the areas
   with any place reported in either period (places outside every area left out). A
   simple, explainable rule: it is said in the text, and the area's change is put beside
   the whole's.
3. **What the data cannot show**: a sentence for each source left out (no crime statistics,
   no survey, no areas), the count-only home visits and concern talks, a public version's
   public records only, who reports and where walks go, and small numbers: fewer than
   :data:`SMALL` places in a period in all, or in a category or area the text names.

Each part ends in a placeholder (``[Skriv här: …]``) for the coordinator's own judgement.
Texts are the catalog ``geo/locales/lagesbild_analysis.*.yaml``; numbers are
:func:`geo.formats.number`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo import formats
from geo.i18n import label, t
from geo.situation.model import Kartlaggning, Trend
from geo.spatial import boundaries

#: How many trends the first part names.
MOST_CHANGES = 3
#: An area stands out with at least this many places …
MIN_PLACES = 3
#: … and at least this many times the average of the areas with a place.
STANDS_OUT = 2.0
#: Below this many places in a period, the numbers are called small.
SMALL = 20

_KEY = "lagesbild_analysis"


@dataclass(frozen=True)
class StandingOut:
    """An area that stands out, with what the text says of it."""

    area: str
    count: int
    total: int
    mean: float
    change: float


def draft(k: Kartlaggning, lang: str) -> str:
    """The analysis skeleton for ``k`` in ``lang`` (``sv`` or ``en``), as plain text."""
    parts = [[t(f"{_KEY}.heading", lang), _intro(k, lang)],
             [t(f"{_KEY}.changes.heading", lang), *_changes(k, lang),
              t(f"{_KEY}.changes.placeholder", lang)],
             [t(f"{_KEY}.areas.heading", lang), *_areas(k, lang)],
             [t(f"{_KEY}.limits.heading", lang), *_limits(k, lang),
              t(f"{_KEY}.limits.placeholder", lang)],
             [t(f"{_KEY}.conclusions.heading", lang), t(f"{_KEY}.conclusions.placeholder", lang)]]
    return "\n\n".join(p for part in parts for p in part)


def largest_changes(k: Kartlaggning) -> list[Trend]:
    """The category and area trends with a change, largest absolute change first.

    Ties go to the larger current count, then categories before areas, then by code, so
    the order never depends on how the figures happened to be built.
    """
    trends = [(0, tr.current.get("category") or "", tr) for tr in k.places_by_category
              if tr.current.get("category")]
    trends += [(1, tr.current.get("area") or "", tr) for tr in k.places_by_area
               if tr.current.get("area")]
    changed = [x for x in trends if x[2].change]
    changed.sort(key=lambda x: (-abs(x[2].change), -x[2].current.value, x[0], x[1]))
    return [tr for _, _, tr in changed[:MOST_CHANGES]]


def standing_out(k: Kartlaggning) -> list[StandingOut]:
    """The areas that stand out by the rule of the module's docstring, most places first."""
    areas = [tr for tr in k.places_by_area if tr.current.get("area")]
    if not areas:
        return []
    total = int(sum(tr.current.value for tr in areas))
    mean = total / len(areas)
    found = [StandingOut(str(tr.current.get("area")), int(tr.current.value), total, mean,
                         tr.change)
             for tr in areas
             if tr.current.value >= MIN_PLACES and tr.current.value >= STANDS_OUT * mean]
    return sorted(found, key=lambda s: (-s.count, s.area))


# -- the parts -------------------------------------------------------------------------------

def _years(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _signed(value: float, lang: str) -> str:
    """A change with its sign: ``+7``, ``−3`` (a true minus), ``±0``."""
    return formats.signed(value, lang, zero="±")


def _percent(share: float, lang: str) -> str:
    number = formats.number(round(share * 100), lang)
    return f"{number}\u00a0%" if lang == "sv" else f"{number}%"


def _intro(k: Kartlaggning, lang: str) -> str:
    if k.police_area:
        where = t(f"{_KEY}.where_police_area", lang, name=k.police_area)
    else:
        known = boundaries.names()
        names = [known.get(code, code) for code in k.kommuner]
        where = (formats.municipality(names[0], lang) if len(names) == 1 else
                 t(f"{_KEY}.where_kommuner", lang, names=formats.listing(names, lang)))
    return t(f"{_KEY}.intro", lang, where=where, years=_years(k.years),
             previous=_years(k.previous_years))


def _trend_sentence(key: str, name: str, trend: Trend, lang: str) -> str:
    return t(f"{_KEY}.changes.{key}", lang, name=name,
             current=formats.number(trend.current.value, lang),
             years=_years(trend.current.years),
             previous=formats.number(trend.previous.value, lang),
             previous_years=_years(trend.previous.years),
             change=_signed(trend.change, lang))


def _total(k: Kartlaggning) -> Trend | None:
    return next((tr for tr in k.places_by_category if not tr.current.get("category")), None)


def _changes(k: Kartlaggning, lang: str) -> list[str]:
    total = _total(k)
    if total is None or not (total.current.value or total.previous.value):
        return [t(f"{_KEY}.changes.none", lang)]
    result = [_trend_sentence("total", "", total, lang)]
    largest = largest_changes(k)
    if not largest:
        return [*result, t(f"{_KEY}.changes.same", lang)]
    for trend in largest:
        category = trend.current.get("category")
        if category:
            result.append(_trend_sentence("category", label("category", category, lang),
                                          trend, lang))
        else:
            result.append(_trend_sentence("area", str(trend.current.get("area")), trend,
                                          lang))
    return result


def _areas(k: Kartlaggning, lang: str) -> list[str]:
    areas = [tr for tr in k.places_by_area if tr.current.get("area")]
    if k.area_level is None or not areas:
        return [t(f"{_KEY}.areas.no_units", lang)]
    mean = sum(tr.current.value for tr in areas) / len(areas)
    result = [t(f"{_KEY}.areas.rule", lang, min=formats.number(MIN_PLACES, lang),
                mean=formats.number(mean, lang))]
    total = _total(k)
    whole_change = _signed(total.change if total else 0, lang)
    whole = t(f"{_KEY}.areas.whole_police_area" if k.police_area
              else f"{_KEY}.areas.whole_kommun", lang)
    found = standing_out(k)
    for s in found:
        result.append(t(f"{_KEY}.areas.area", lang, name=s.area,
                        count=formats.number(s.count, lang),
                        total=formats.number(s.total, lang),
                        share=_percent(s.count / s.total, lang),
                        mean=formats.number(s.mean, lang),
                        change=_signed(s.change, lang), whole_change=whole_change,
                        whole=whole))
    if not found:
        result.append(t(f"{_KEY}.areas.none", lang))
    return [*result, t(f"{_KEY}.areas.placeholder", lang)]


def _limits(k: Kartlaggning, lang: str) -> list[str]:
    """A sentence per source left out or limit that applies (see the module's docstring)."""
    key = f"{_KEY}.limits"
    result = [t(f"{key}.crime_level" if k.crime else f"{key}.no_crime", lang)]
    if not k.survey:
        result.append(t(f"{key}.no_survey", lang))
    if k.area_level is None:
        result.append(t(f"{key}.no_units", lang))
    counted = int(sum(f.value for f in k.counted_activities))
    result.append(t(f"{key}.counts_only", lang, count=formats.number(counted, lang))
                  if counted else t(f"{key}.no_counts", lang))
    if k.public:
        result.append(t(f"{key}.public", lang))
    result.append(t(f"{key}.reporting", lang))
    total = _total(k)
    current, previous = (total.current.value, total.previous.value) if total else (0.0, 0.0)
    out = {s.area for s in standing_out(k)}
    named = [*largest_changes(k), *(tr for tr in k.places_by_area if tr.current.get("area") in out)]
    if (current or previous) and min(current, previous) < SMALL:
        result.append(t(f"{key}.small", lang, current=formats.number(current, lang),
                        previous=formats.number(previous, lang)))
    elif any(min(tr.current.value, tr.previous.value) < SMALL for tr in named):
        result.append(t(f"{key}.small_parts", lang))
    return result
