"""Calendar periods for follow-up: a year, a quarter, the months and weeks inside a span."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_PERIOD_RE = re.compile(r"^(\d{4})(?:[Qq]([1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A closed span of days with a label such as ``2019Q2`` or ``2019``."""

    start: date
    end: date
    label: str

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = date(year, 3 * quarter - 2, 1)
        return cls(first, _month_end(date(year, 3 * quarter, 1)), f"{year}Q{quarter}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def clip(self, other: Period) -> Period:
        """The part of this period inside ``other`` (same label)."""
        return Period(max(self.start, other.start), min(self.end, other.end), self.label)

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.label

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous_quarter(self) -> Period:
        """The quarter before this period's start."""
        day = self.start - timedelta(days=1)
        return Period.quarter(day.year, (day.month - 1) // 3 + 1)


def parse(text: str) -> Period:
    """``2019Q2`` → that quarter; ``2019`` → that year; anything else is refused."""
    match = _PERIOD_RE.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a quarter (e.g. 2019Q2) or a year (e.g. 2019)")
    year, quarter = int(match.group(1)), match.group(2)
    return Period.quarter(year, int(quarter)) if quarter else Period.year(year)


def quarters(span: Period) -> list[Period]:
    """The calendar quarters that overlap ``span``, in order."""
    result: list[Period] = []
    year, quarter = span.start.year, (span.start.month - 1) // 3 + 1
    while True:
        period = Period.quarter(year, quarter)
        if period.start > span.end:
            return result
        result.append(period)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def months(span: Period) -> list[Period]:
    """The calendar months that overlap ``span``."""
    result, first = [], span.start.replace(day=1)
    while first <= span.end:
        result.append(Period(first, _month_end(first), first.strftime("%Y-%m")))
        first = _month_end(first) + timedelta(days=1)
    return result


def weeks(span: Period) -> list[Period]:
    """ISO weeks (Monday–Sunday) that belong to ``span``: those whose Thursday is in it.

    That is the ISO rule for which year a week belongs to, so a week split over the
    period's edge is counted once, by the period holding most of it.
    """
    result, monday = [], span.start - timedelta(days=span.start.weekday())
    while monday <= span.end:
        if span.contains(monday + timedelta(days=3)):
            year, week, _ = monday.isocalendar()
            result.append(Period(monday, monday + timedelta(days=6), f"{year}-W{week:02d}"))
        monday += timedelta(days=7)
    return result


def years(span: Period) -> list[Period]:
    """The calendar years that overlap ``span``."""
    return [Period.year(y) for y in range(span.start.year, span.end.year + 1)]


def _month_end(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)
