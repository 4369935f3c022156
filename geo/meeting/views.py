"""The meeting page's other two views as data: year against year, and the survey outcomes.

Built here (no Streamlit) so the page, the printed brief and ``python -m geo snapshot``
show the same numbers: the page passes its cached frames, the CLI reads the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo import i18n
from geo.domain.filters import PLEDGE_ALL, Filter
from geo.domain.model import LAYERS
from geo.map import view
from geo.store.base import Store
from geo.survey import map as survey_map
from geo.survey import results as survey

Frames = Mapping[str, gpd.GeoDataFrame]


@dataclass(frozen=True)
class Comparison:
    """Two years' counts per layer and their change; the map shows ``shown``'s records.

    ``terms`` says on screen and on paper what both years count (:data:`COMPARE_PLEDGE`).
    """

    year_b: int
    year_a: int
    shown: int
    table: pd.DataFrame
    frames: Frames
    terms: str = ""


@dataclass(frozen=True)
class SurveyOutcome:
    """One year's shares per area, beside the activities done there the same year."""

    year: int
    measure: str
    kind: str
    kinds: list[str]
    years: list[int]
    areas: gpd.GeoDataFrame
    activities: list[int]
    table: pd.DataFrame
    example: bool
    placed: gpd.GeoDataFrame

    def shading(self) -> list[tuple[object, str]]:
        """(polygon, fill) per area, for the printed map."""
        return [(g, survey_map.colour(float(s)))
                for g, s in zip(self.areas.geometry, self.areas[self.measure], strict=True)]


#: What "year against year" counts in both years: every public record of the
#: municipality. A pledge runs for its own years, so its records in another year are
#: none by definition: filtering 2019 by a 2020 pledge showed zeros for 2019 (issue 14).
COMPARE_PLEDGE = PLEDGE_ALL


def compare_filter(kommun_kod: str, year: int) -> Filter:
    """The filter of one compared year (the same terms for both; the page's cache key)."""
    return Filter(kommun_kod, year, year, COMPARE_PLEDGE)


def comparison(frames: Mapping[int, Frames], year_b: int, year_a: int, shown: int,
               lang: str) -> Comparison:
    """Counts per layer in each year and the change (``frames`` keyed by year).

    Both years' frames must be selected on the same terms (:func:`compare_filter`,
    :func:`year_frames` with the default pledge).
    """
    t = i18n.catalog(lang)
    counts = {year: view.counts(frames[year]) for year in (year_b, year_a)}
    table = pd.DataFrame({
        t["meeting.layer"]: [t[f"layers.{layer}"] for layer in LAYERS],
        str(year_b): [counts[year_b][layer] for layer in LAYERS],
        str(year_a): [counts[year_a][layer] for layer in LAYERS],
        t["meeting.change"]: [f"{counts[year_a][layer] - counts[year_b][layer]:+d}"
                              for layer in LAYERS],
    })
    return Comparison(year_b, year_a, shown, table, frames[shown],
                      terms=t["meeting.compare_terms_all"])


def year_frames(store: Store, kommun_kod: str, year: int,
                pledge_id: str = COMPARE_PLEDGE) -> Frames:
    """One year's public features (what the page's cached frames hold)."""
    return view.select(store, Filter(kommun_kod, year, year, pledge_id), public=True)


def kinds(results: pd.DataFrame) -> list[str]:
    """The kinds of area with results, imported ones before example ones (the default)."""
    imported = results["source"] != "example"
    order = results.assign(example=~imported).sort_values(["example", "area_kind"])
    return list(dict.fromkeys(order["area_kind"]))


def survey_year(years: list[int], until_year: int | None) -> int:
    """The survey of the period under discussion: the latest at or before ``until_year``.

    ``years`` are sorted; with no ``until_year`` the latest, and with none that early
    the first (the page and ``geo snapshot`` start from the same year).
    """
    if until_year is None:
        return years[-1]
    earlier = [y for y in years if y <= until_year]
    return earlier[-1] if earlier else years[0]


def outcome(store: Store, kommun_kod: str, year: int | None, measure: str, lang: str,
            activities: gpd.GeoDataFrame | None = None, kind: str | None = None,
            until_year: int | None = None) -> SurveyOutcome | None:
    """The survey view of ``year`` (None: :func:`survey_year`), or None without results.

    One kind of area at a time (``kind``; default: an imported kind before the example),
    so squares and districts never overlap on the map. ``activities`` are that year's
    public activities (read from the store when not given).
    """
    everything = survey.load(store, kommun_kod)
    if everything.empty:
        return None
    available = kinds(everything)
    kind = kind if kind in available else available[0]
    results = everything[everything["area_kind"] == kind]
    years = sorted(int(y) for y in results["year"].unique())
    year = year if year in years else survey_year(years, until_year)
    areas = survey.shapes(store, results[results["year"] == year])
    if activities is None:
        activities = year_frames(store, kommun_kod, year)["activities"]
    done = survey.activities_per_area(areas, activities)
    before = results[results["year"] == year - 1]
    earlier = (before.drop_duplicates("area_id").set_index("area_id")[measure]
               if len(before) else None)
    table = survey_map.rows(areas, measure, done, lang, earlier)
    return SurveyOutcome(year, measure, kind, available, years, areas, done, table,
                         example=bool((results["source"] == "example").any()),
                         placed=activities[activities.geometry.notna()])
