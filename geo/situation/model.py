"""The kartläggning's typed result: figures, each with its links, source, years and level.

A page and the HTML/PDF/DOCX renderers read these values; nothing here draws or words
anything. Every text is a catalog key (``geo/locales/situation.*.yaml``) or a code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from geo.domain.filters import Filter
from geo.urlstate import map_url

#: Where a figure's number comes from (catalog ``situation.source.<code>``).
SOURCE_STORE = "store"
SOURCE_COUNTS = "counts"
SOURCE_COVERAGE = "coverage"
SOURCE_SURVEY = "survey"
SOURCE_CRIME = "bra"

#: The geographic levels a figure is stated at (catalog ``situation.level.<code>``):
#: the unit kinds of :mod:`geo.coverage.units` (``deso``, ``regso``, ``file`` = own
#: districts, ``grid1000``/``grid250`` = SCB squares) besides these.
LEVEL_KOMMUN = "kommun"
LEVEL_POLICE_AREA = "police_area"
LEVEL_PLACE = "place"

#: Why a figure has no link to the map (catalog ``situation.note.<code>``).
NOTE_COUNT_ONLY = "count_only"
NOTE_SURVEY = "survey_page"
NOTE_CRIME = "not_on_map"
NOTE_NO_CRIME_DATA = "no_crime_data"
NOTE_OUTSIDE = "outside_areas"
NOTE_SHARE = "share_of_area"
NOTE_NOTHING = "nothing"


@dataclass(frozen=True)
class Link:
    """The map filtered to exactly the records a figure counts (in one municipality)."""

    filter: Filter
    layers: tuple[str, ...]

    @property
    def url(self) -> str:
        """The map page's link (``/?kommun=…&year=…&layers=…``), codes only."""
        return map_url(self.filter, self.layers)


@dataclass(frozen=True)
class Figure:
    """One number of the kartläggning and where it comes from.

    ``records`` is how many records its ``links`` show together (one link per
    municipality): for a count it is ``value``; for a share (watch-area coverage) it is
    the records the share is measured from. ``by`` names the breakdown as
    ``(dimension, code)`` pairs, such as ``(("category", "lighting"), ("year", "2020"))``.
    A figure without links says why in ``note``.
    """

    measure: str
    value: float
    records: int
    years: tuple[int, int]
    level: str
    source: str = SOURCE_STORE
    by: tuple[tuple[str, str], ...] = ()
    links: tuple[Link, ...] = ()
    note: str = ""

    def get(self, dimension: str) -> str | None:
        """The code of one breakdown dimension (``category``, ``year``, ``area`` …)."""
        return dict(self.by).get(dimension)


@dataclass(frozen=True)
class Trend:
    """A figure for the period beside the same figure for the previous period."""

    current: Figure
    previous: Figure

    @property
    def change(self) -> float:
        return self.current.value - self.previous.value


@dataclass(frozen=True)
class RecurringPlace:
    """Reports and findings within the distance of each other: one place that recurs.

    ``centre`` is the records' mean position (longitude, latitude; storage CRS) and
    ``figure`` counts them, with the link to exactly them.
    """

    figure: Figure
    centre: tuple[float, float]
    categories: tuple[str, ...]
    first: date
    last: date


@dataclass(frozen=True)
class Kartlaggning:
    """The lägesbild's mapping for municipalities and a period (with the previous one)."""

    kommuner: tuple[str, ...]
    police_area: str | None
    years: tuple[int, int]
    previous_years: tuple[int, int]
    as_of: date
    public: bool
    #: units used for the area figures (``deso``, ``regso``, ``file``, ``grid1000`` …)
    area_level: str | None
    distance_m: float
    places_by_category: tuple[Trend, ...] = ()
    places_by_category_year: tuple[Figure, ...] = ()
    places_by_area: tuple[Trend, ...] = ()
    findings: tuple[Figure, ...] = ()
    findings_by_party: tuple[Figure, ...] = ()
    activities: tuple[Figure, ...] = ()
    counted_activities: tuple[Figure, ...] = ()
    watch: tuple[Figure, ...] = ()
    recurring: tuple[RecurringPlace, ...] = ()
    survey: tuple[Figure, ...] = ()
    crime: tuple[Figure, ...] = ()
    #: Notes for whole sections (``situation.note.<code>``), such as no crime data.
    notes: tuple[str, ...] = field(default=())

    def figures(self) -> Iterator[Figure]:
        """Every figure, in the order of the sections."""
        for trend in (*self.places_by_category, *self.places_by_area):
            yield trend.current
            yield trend.previous
        yield from self.places_by_category_year
        yield from self.findings
        yield from self.findings_by_party
        yield from self.activities
        yield from self.counted_activities
        yield from self.watch
        yield from (r.figure for r in self.recurring)
        yield from self.survey
        yield from self.crime

    def unlinked(self) -> list[Figure]:
        """The figures without a map link (each says why in its ``note``)."""
        return [f for f in self.figures() if not f.links]
