"""The one filter object behind the map, the counts, the table and the export.

A :class:`Filter` is a frozen value of plain types, so it hashes and can key a
cache. It knows two equivalent forms of itself: an SQL ``WHERE`` clause per layer
(for the store) and a Python predicate over records (for tests and checks).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from geo.domain import validation as v
from geo.domain.enums import (
    OPEN_FINDING_STATUSES,
    ActivityKind,
    Category,
    FindingStatus,
    Party,
    PlaceStatus,
)
from geo.domain.layers import spec
from geo.domain.lifecycle import is_overdue
from geo.domain.model import Feature, Finding, Pledge

PLEDGE_ALL = "all"
PLEDGE_NONE = "none"
_OPEN = tuple(sorted(s.value for s in OPEN_FINDING_STATUSES))


@dataclass(frozen=True)
class Filter:
    """Which features to show: municipality, years, pledge, categories, statuses.

    Empty category or status tuples mean "all". ``pledge`` is ``"all"``, ``"none"``
    (features not linked to any pledge) or a pledge id. ``kinds``, ``responsible`` and
    ``late_on`` narrow only the layer that has the field (activities, findings); ``ids``
    narrows every layer to those records (a figure's exact set: an area, a recurring place).
    """

    kommun_kod: str
    year_from: int
    year_to: int
    pledge: str = PLEDGE_ALL
    categories: tuple[str, ...] = field(default=())
    place_statuses: tuple[str, ...] = field(default=())
    finding_statuses: tuple[str, ...] = field(default=())
    #: Only the activities counted for this pledge commitment (other layers unaffected).
    commitment: str | None = None
    #: Only the activities of these kinds (other layers unaffected).
    kinds: tuple[str, ...] = field(default=())
    #: Only the findings for these responsible parties (other layers unaffected).
    responsible: tuple[str, ...] = field(default=())
    #: Only the findings late on this day: open and past their due date
    #: (:func:`geo.domain.lifecycle.is_overdue`; other layers unaffected).
    late_on: date | None = None
    #: Only these records (ids), in every layer.
    ids: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        v.kommun_kod(self.kommun_kod)
        for name in ("year_from", "year_to"):
            year = getattr(self, name)
            if not isinstance(year, int) or not 1900 <= year <= 2100:
                raise v.ValidationError(name, f"{year!r} is not a year")
        if self.year_to < self.year_from:
            raise v.ValidationError("year_to", "is before year_from")
        if self.pledge not in (PLEDGE_ALL, PLEDGE_NONE):
            v.slug("pledge", self.pledge, optional=False)
        _check_codes("categories", self.categories, Category)
        _check_codes("place_statuses", self.place_statuses, PlaceStatus)
        _check_codes("finding_statuses", self.finding_statuses, FindingStatus)
        v.slug("commitment", self.commitment)
        _check_codes("kinds", self.kinds, ActivityKind)
        _check_codes("responsible", self.responsible, Party)
        if self.late_on is not None and type(self.late_on) is not date:
            raise v.ValidationError("late_on", f"{self.late_on!r} is not a date")
        if not isinstance(self.ids, tuple):
            raise v.ValidationError("ids", "must be a tuple of ids")
        for record_id in self.ids:
            if v.record_id(record_id, "ids") != record_id:
                raise v.ValidationError("ids", f"{record_id!r} is not a record id")

    @classmethod
    def for_pledge(cls, pledge: Pledge, **extra: object) -> Filter:
        """The view of one pledge: its municipality, its years, its records."""
        return cls(
            kommun_kod=pledge.kommun_kod,
            year_from=pledge.period_start.year,
            year_to=pledge.period_end.year,
            pledge=pledge.id,
            **extra,  # type: ignore[arg-type]
        )

    @property
    def first_day(self) -> date:
        return date(self.year_from, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year_to, 12, 31)

    def where(self, layer: str) -> str:
        """Return the SQL condition selecting this filter's features of ``layer``.

        Every value in it was validated in ``__post_init__`` (digits, slugs, enum
        codes), and is quoted besides.
        """
        start, end = date_span(layer)
        first, last = _quote(self.first_day.isoformat()), _quote(self.last_day.isoformat())
        parts = [f"kommun_kod = {_quote(self.kommun_kod)}"]
        if end is None:
            parts.append(f"{start} >= {first} AND {start} <= {last}")
        else:  # a span belongs to every year it touches
            parts.append(f"{start} <= {last} AND ({end} IS NULL OR {end} >= {first})")
        if self.pledge == PLEDGE_NONE:
            parts.append("pledge_id IS NULL")
        elif self.pledge != PLEDGE_ALL:
            parts.append(f"pledge_id = {_quote(self.pledge)}")
        for name, codes in self._codes(layer):
            parts.append(f"{name} IN ({_in_list(codes)})")
        commitment = spec(layer).commitment_field
        if commitment and self.commitment:
            parts.append(f"{commitment} = {_quote(self.commitment)}")
        if layer == "findings" and self.responsible:
            parts.append(f"responsible IN ({_in_list(self.responsible)})")
        if layer == "findings" and self.late_on is not None:
            parts.append(f"due_date IS NOT NULL AND due_date < {_quote(self.late_on.isoformat())}"
                         f" AND status IN ({_in_list(_OPEN)})")
        if self.ids:
            parts.append(f"id IN ({_in_list(self.ids)})")
        return " AND ".join(f"({p})" for p in parts)

    def matches(self, record: Feature) -> bool:
        """The same selection as :meth:`where`, for one record in Python."""
        layer = spec(record.LAYER)
        if record.kommun_kod != self.kommun_kod:
            return False
        start = getattr(record, layer.date_field)
        if layer.end_field:  # a span belongs to every year it touches
            ends = getattr(record, layer.end_field) or date.max
            if start > self.last_day or ends < self.first_day:
                return False
        elif not self.first_day <= start <= self.last_day:
            return False
        if self.pledge == PLEDGE_NONE and record.pledge_id is not None:
            return False
        if self.pledge not in (PLEDGE_ALL, PLEDGE_NONE) and record.pledge_id != self.pledge:
            return False
        if any(getattr(record, name).value not in codes
               for name, codes in self._codes(record.LAYER)):
            return False
        if (layer.commitment_field and self.commitment
                and getattr(record, layer.commitment_field) != self.commitment):
            return False
        if self.ids and record.id not in self.ids:
            return False
        return not isinstance(record, Finding) or self._finding_matches(record)

    def _finding_matches(self, record: Finding) -> bool:
        """The findings-only conditions: responsible party, late on a day."""
        if self.responsible and record.responsible.value not in self.responsible:
            return False
        return self.late_on is None or is_overdue(record.status, record.due_date, self.late_on)

    def _codes(self, layer: str) -> list[tuple[str, tuple[str, ...]]]:
        """The layer's coded fields this filter narrows, with the codes it keeps."""
        coded = (spec(layer).category, spec(layer).status)
        return [(c.field, getattr(self, c.filter_arg)) for c in coded
                if c is not None and c.filter_arg and getattr(self, c.filter_arg)]


def date_span(layer: str) -> tuple[str, str | None]:
    """The layer's (start date column, end date column or None)."""
    return spec(layer).date_field, spec(layer).end_field


def foreign_pledge(pledge: str, kommun_kod: str, pledges: Mapping[str, Pledge]
                   ) -> Pledge | None:
    """The chosen pledge when it belongs to another municipality than ``kommun_kod``.

    The municipality the user chose wins: such a pledge is dropped from the filter (the
    page says so), instead of silently showing the pledge's municipality.
    """
    chosen = pledges.get(pledge)
    return chosen if chosen is not None and chosen.kommun_kod != kommun_kod else None


def start_view(pledges: Iterable[Pledge], today: date, fallback: tuple[str, int]
               ) -> tuple[str, int]:
    """The municipality and year a first visit opens on: the newest pledge's.

    The newest current (not archived) pledge begun by ``today``, in its last year (not
    after ``today``'s); a store without one opens on ``fallback``. So a store that holds
    only Strängnäs opens on Strängnäs, whatever the example data's defaults are.
    """
    begun = [p for p in pledges if not p.archived and p.period_start <= today]
    if not begun:
        return fallback
    newest = max(begun, key=lambda p: (p.period_start, p.id))
    return newest.kommun_kod, min(newest.period_end.year, today.year)


def _check_codes(name: str, codes: tuple[str, ...], enum: type) -> None:
    if not isinstance(codes, tuple):
        raise v.ValidationError(name, "must be a tuple of codes")
    for code in codes:
        v.enum_value(name, code, enum)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join(_quote(value) for value in sorted(values))
