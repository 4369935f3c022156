"""The state of one example-data run and the basic draws every layer shares.

One :class:`Context` holds the seeded random generator, the volumes, the pledges,
the municipalities and the records made so far (:class:`ExampleData`). The layer
modules (places, walks, watch areas, activities, pledge work) take it as their
first argument and draw from it in a fixed order.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.domain.enums import ActivityKind
from geo.domain.model import (
    Activity,
    ActivityCount,
    Commitment,
    Feature,
    Finding,
    Pledge,
    SafetyWalk,
    UnsafePlace,
    WatchArea,
)
from geo.example.towns import Municipality

#: ``updated_by`` of every generated record, so that example data can be told apart.
EXAMPLE_USER = "exempeldata"
#: Share of records dated inside a pledge period that are linked to the pledge.
PLEDGE_LINK_SHARE = 0.85


@dataclass
class ExampleData:
    """Everything :func:`generate` makes: the map features and the count-only records."""

    unsafe_places: list[UnsafePlace] = field(default_factory=list)
    walks: list[SafetyWalk] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    watch_areas: list[WatchArea] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    counts: list[ActivityCount] = field(default_factory=list)

    def features(self) -> list[Feature]:
        """Return every map feature, walks before their findings, for one bulk insert."""
        return [*self.unsafe_places, *self.walks, *self.findings, *self.watch_areas,
                *self.activities]


def stamp(day: date) -> datetime:
    """Midday UTC of ``day``: a timestamp that follows from the record, not the clock."""
    return datetime.combine(day, time(12), tzinfo=UTC)


class Context:
    """One run's random generator, volumes, pledges, municipalities and records."""

    def __init__(self, pledges: list[Pledge], boundaries: dict[str, BaseGeometry], scale: int,
                 seed: int, years: tuple[int, int]) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.years = range(years[0], years[1] + 1)
        self.first_day = date(years[0], 1, 1)
        self.last_day = date(years[1], 12, 31)
        self.pledges = pledges
        self.data = ExampleData()
        self.places: dict[str, Municipality] = {}
        for pledge in pledges:
            if pledge.kommun_kod not in self.places:
                if pledge.kommun_kod not in boundaries:
                    raise KeyError(f"no boundary for municipality {pledge.kommun_kod}")
                self.places[pledge.kommun_kod] = Municipality(
                    pledge.kommun_kod, pledge.kommun, boundaries[pledge.kommun_kod], self.rng
                )
        self.street_names: dict[str, set[str]] = {code: set() for code in self.places}

    def new_id(self) -> str:
        """A UUID (version 4 layout) drawn from the seeded generator."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day_in(self, first: date, last: date) -> date:
        """A day drawn uniformly from ``first``..``last``."""
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def days_in(self, first: date, last: date, count: int) -> list[date]:
        """``count`` days drawn from ``first``..``last``, in date order."""
        return sorted(self.day_in(first, last) for _ in range(count))

    def day_in_year(self, year: int) -> date:
        """A day of ``year``."""
        return self.day_in(date(year, 1, 1), date(year, 12, 31))

    def pledge_on(self, code: str, day: date) -> Pledge | None:
        """The pledge of municipality ``code`` whose period contains ``day``."""
        for pledge in self.pledges:
            if pledge.kommun_kod == code and pledge.period_start <= day <= pledge.period_end:
                return pledge
        return None

    def link(self, code: str, day: date) -> str | None:
        """A pledge id for a record dated ``day``: most records in a pledge period get it."""
        pledge = self.pledge_on(code, day)
        if pledge is None:
            return None
        return pledge.id if self.rng.random() < PLEDGE_LINK_SHARE else None

    def common(self, code: str, day: date, updated: date | None = None) -> dict[str, Any]:
        """Fields every generated feature shares (id, municipality, timestamps)."""
        return {
            "id": self.new_id(), "kommun_kod": code, "created_at": stamp(day),
            "updated_at": stamp(updated or day), "updated_by": EXAMPLE_USER,
        }

    def period(self, pledge: Pledge) -> tuple[date, date] | None:
        """The part of a pledge period inside the example years, or None."""
        first = max(pledge.period_start, self.first_day)
        last = min(pledge.period_end, self.last_day)
        return (first, last) if first <= last else None

    def span(self, pledge: Pledge) -> tuple[date, date]:
        """:meth:`period` for a pledge known to overlap the example years."""
        period = self.period(pledge)
        if period is None:
            raise ValueError(f"{pledge.id} lies outside the example years")
        return period


def find_commitment(pledge: Pledge, kind: ActivityKind) -> Commitment | None:
    """The pledge's (first) commitment of ``kind``, or None."""
    for commitment in pledge.commitments:
        if commitment.kind is kind:
            return commitment
    return None


def commitment_id(pledge: Pledge, kind: ActivityKind) -> str | None:
    """The id of the pledge's (first) commitment of ``kind``, or None."""
    commitment = find_commitment(pledge, kind)
    return commitment.id if commitment else None
