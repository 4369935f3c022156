"""How each pledge commitment is counted: defined once, here, for the page and the report.

A commitment names its measure (:class:`~geo.domain.enums.Measure`, the name used in pledge
files); left out, the measure follows from the kind (:func:`geo.domain.pledge.default_measure`).
Each measure's label is in the catalog (``measure.<name>``). The measures:

``activities``
    Activities linked to the commitment (``commitment_id``), dated in the period:
    information sessions, watch start-up and contact-person meetings, measures.
``hours``
    The linked activities' ``quantity`` added up (police hours).
``walks``
    Safety walks linked to the pledge, held in the period.
``units``
    "At least N a month/week": the months (weeks) of the period with at least N
    linked activities; the target is every month (week) of the period.
``walk_rule``
    Per safety walk of the pledge: N findings selected (the commitment's target; two,
    as Tomelilla's, without one), all done by the end of the walk's year. A walk meets
    it or is flagged (fewer or more than N selected; a selected finding not done).
``new_watch_areas``
    Neighbourhood-watch areas of the municipality started in the period.
``findings_done``
    Findings of the pledge's walks completed (status done) in the period.
``places_resolved``
    Unsafe places of the municipality resolved in the period.
``count_only``
    Home visits and concern talks: totals per month and quarter, never a place.
``none``
    Promised without a number: the linked activities are reported, not scored.

A target given "per year" or "per quarter" is multiplied by the number of years
(quarters) the pledge covers. Status: *met* when achieved reaches the target;
before the period ends *on track* when the achieved share is at least the share
of the period that has passed, else *behind*; after it, *not met*.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

import pandas as pd

from geo.domain import periods
from geo.domain.enums import FindingStatus, Measure, PlaceStatus, TargetPeriod
from geo.domain.filters import Filter
from geo.domain.model import Commitment, Pledge
from geo.domain.periods import Period
from geo.domain.validation import EARLIEST_DATE
from geo.spatial import public
from geo.store.base import Store


class Status(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NOT_MET = "not_met"
    NO_TARGET = "no_target"


class WalkFlag(StrEnum):
    FEWER_SELECTED = "fewer_selected"
    MORE_SELECTED = "more_selected"
    NOT_DONE_BY_YEAR_END = "not_done_by_year_end"
    PENDING = "pending"


#: Per ``walk_rule`` without a target: how many findings each walk must select and complete.
SELECTED_PER_WALK = 2


@dataclass(frozen=True)
class PledgeRecords:
    """The public records a pledge's follow-up counts (frames as the store lists them)."""

    walks: pd.DataFrame
    findings: pd.DataFrame
    activities: pd.DataFrame
    watch_areas: pd.DataFrame
    counts: pd.DataFrame
    #: the municipality's unsafe places (``places_resolved``); none by default
    places: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["id", "status", "resolved_date"]))


@dataclass(frozen=True)
class WalkCheck:
    """One safety walk under Tomelilla's rule."""

    walk_id: str
    name: str
    walk_date: date
    selected: tuple[tuple[int, str, str, date | None], ...]  # number, description, status, done
    flags: tuple[WalkFlag, ...]

    @property
    def ok(self) -> bool:
        return not self.flags


@dataclass(frozen=True)
class Progress:
    """A commitment's progress as of a date: number, target, status, where it came from."""

    commitment: Commitment
    measure: str
    achieved: float
    target: float | None
    status: Status
    elapsed: float
    per_quarter: dict[str, float] = field(default_factory=dict)
    layer: str | None = None
    record_ids: tuple[str, ...] = ()
    walks: tuple[WalkCheck, ...] = ()
    per_month: dict[str, float] = field(default_factory=dict)
    #: per ``walk_rule``: the findings each walk must select
    per_walk: int | None = None

    @property
    def share(self) -> float | None:
        """Achieved as a share of the target (None without a target)."""
        if not self.target:
            return None
        return min(self.achieved / self.target, 1.0)


def measure_of(commitment: Commitment) -> Measure:
    """How a commitment is counted (its own measure, or the default of its kind)."""
    return commitment.measure or Measure.ACTIVITIES


#: The measures that count activities linked to the commitment (the others count walks,
#: watch areas, findings, places or monthly counts): only these commitments are offered
#: when an activity is registered. ``none`` reports its linked activities without a target.
ACTIVITY_MEASURES = frozenset({Measure.ACTIVITIES, Measure.HOURS, Measure.UNITS, Measure.NONE})


def counts_activities(commitment: Commitment) -> bool:
    """Whether an activity linked to ``commitment`` is counted towards it."""
    return measure_of(commitment) in ACTIVITY_MEASURES


def pledge_period(pledge: Pledge) -> Period:
    return Period(pledge.period_start, pledge.period_end, pledge.id)


def progress(pledge: Pledge, records: PledgeRecords, as_of: date) -> list[Progress]:
    """Every commitment's progress counting records dated up to ``as_of``."""
    return [commitment_progress(pledge, c, records, as_of) for c in pledge.commitments]


def commitment_progress(pledge: Pledge, commitment: Commitment, records: PledgeRecords,
                        as_of: date) -> Progress:
    """One commitment's progress (the rule from :func:`measure_of`)."""
    span = pledge_period(pledge)
    upto = Period(span.start, min(as_of, span.end), span.label)
    elapsed = max(0.0, min(1.0, ((upto.end - span.start).days + 1) / span.days))
    measure = measure_of(commitment)
    quarters = [q for q in periods.quarters(span) if q.start <= upto.end]
    if measure is Measure.WALK_RULE:
        needed = walk_rule_size(commitment)
        checks = walk_checks(pledge, records, as_of, needed)
        achieved, target = float(sum(c.ok for c in checks)), float(len(checks))
        per_quarter = {q.label: float(sum(c.ok for c in checks if q.contains(c.walk_date)))
                       for q in quarters}
        return replace(_finish(commitment, measure, achieved, target, elapsed,
                               as_of >= span.end, per_quarter, "findings",
                               tuple(c.walk_id for c in checks), walks=checks),
                       per_walk=needed)
    if measure is Measure.COUNT_ONLY:
        monthly = _count_only_months(commitment, records.counts, upto)
        per_quarter = {q.label: float(sum(v for m, v in monthly.items()
                                          if q.contains(date.fromisoformat(m + "-01"))))
                       for q in quarters}
        return Progress(commitment, measure, float(sum(monthly.values())), None,
                        Status.NO_TARGET, elapsed, per_quarter, None, (), (), monthly)
    frame, layer, date_column = _counted_frame(commitment, records, measure)
    dates = days(frame, date_column)
    mask = pd.Series([d is not None and span.start <= d <= upto.end for d in dates],
                     index=frame.index, dtype=bool)
    in_span, in_dates = frame[mask], list(dates[mask])
    ids = tuple(in_span["id"])
    if measure is Measure.UNITS:
        units = (periods.months if commitment.target_period is TargetPeriod.MONTH
                 else periods.weeks)(span)
        per_unit = commitment.target or 1
        met_units = [u for u in units if u.start <= upto.end
                     and sum(u.contains(d) for d in in_dates) >= per_unit]
        per_quarter = {q.label: float(sum(q.contains(min(max(u.start, span.start), span.end))
                                          for u in met_units))
                       for q in quarters}
        return _finish(commitment, measure, float(len(met_units)), float(len(units)), elapsed,
                       as_of >= span.end, per_quarter, layer, ids)
    values = (in_span["quantity"].fillna(0).astype(float) if measure is Measure.HOURS
              else pd.Series(1.0, index=in_span.index))
    per_quarter = {q.label: float(values[[q.contains(d) for d in in_dates]].sum())
                   for q in quarters}
    total = None if measure is Measure.NONE else _total_target(pledge, commitment)
    return _finish(commitment, measure, float(values.sum()), total,
                   elapsed, as_of >= span.end, per_quarter, layer, ids)


def walk_rule_size(commitment: Commitment) -> int:
    """How many findings each walk must select and complete under ``walk_rule``."""
    return int(commitment.target) if commitment.target else SELECTED_PER_WALK


def walk_checks(pledge: Pledge, records: PledgeRecords, as_of: date,
                needed: int = SELECTED_PER_WALK) -> list[WalkCheck]:
    """Each of the pledge's walks (up to ``as_of``): ``needed`` findings selected and done."""
    span = pledge_period(pledge)
    walks = records.walks
    walk_dates = days(walks, "walk_date")
    checks = []
    for row, walk_day in zip(walks.itertuples(index=False), list(walk_dates), strict=True):
        if not span.start <= walk_day <= min(as_of, span.end):
            continue
        year_end = date(walk_day.year, 12, 31)
        own = records.findings[(records.findings["walk_id"] == row.id)
                               & records.findings["selected"].astype(bool)]
        selected = tuple(
            (int(f.number), str(f.description or ""), str(f.status), _day_or_none(f.completed_date))
            for f in own.sort_values("number").itertuples(index=False)
        )
        flags = []
        if len(selected) < needed:
            flags.append(WalkFlag.FEWER_SELECTED)
        if len(selected) > needed:
            flags.append(WalkFlag.MORE_SELECTED)
        done_in_year = [s for s in selected if s[2] == FindingStatus.DONE.value
                        and s[3] is not None and s[3] <= min(year_end, as_of)]
        if len(done_in_year) < len(selected):
            flags.append(WalkFlag.NOT_DONE_BY_YEAR_END if as_of >= year_end
                         else WalkFlag.PENDING)
        checks.append(WalkCheck(row.id, str(row.name), walk_day, selected, tuple(flags)))
    return checks


def watch_indicators(records: PledgeRecords, span: Period) -> dict[str, int]:
    """Neighbourhood-watch areas started in the period, and active at its end."""
    starts = days(records.watch_areas, "start_date")
    ends = [_day_or_none(v) for v in records.watch_areas["end_date"]]
    new = sum(span.contains(d) for d in starts if d is not None)
    active = sum(d <= span.end and (e is None or e >= span.end)
                 for d, e in zip(list(starts), ends, strict=True))
    return {"new": int(new), "active_at_end": int(active)}


def status(achieved: float, target: float | None, elapsed: float, over: bool) -> Status:
    """Met / on track / behind / not met (see the module docstring)."""
    if not target:
        return Status.NO_TARGET
    if achieved >= target:
        return Status.MET
    if over:
        return Status.NOT_MET
    return Status.ON_TRACK if achieved / target >= elapsed else Status.BEHIND


def load(store: Store, pledge: Pledge) -> PledgeRecords:
    """The public records a pledge's follow-up needs, read once.

    The places are the municipality's resolved ones reported up to the period's last year:
    a place reported before the pledge and resolved during it counts in ``places_resolved``
    (by its ``resolved_date``), so the earlier years are read too.
    """
    linked = Filter.for_pledge(pledge)
    everything = Filter(pledge.kommun_kod, pledge.period_start.year, pledge.period_end.year)
    resolved = Filter(pledge.kommun_kod, EARLIEST_DATE.year, pledge.period_end.year,
                      place_statuses=(PlaceStatus.RESOLVED.value,))
    return PledgeRecords(
        walks=store.list("walks", linked, public=True),
        findings=public.generalise("findings", store.list("findings", linked, public=True)),
        activities=store.list("activities", linked, public=True),
        watch_areas=store.list("watch_areas", everything, public=True),
        counts=store.counts(pledge.kommun_kod),
        places=store.list("unsafe_places", resolved, public=True),
    )


def _finish(commitment: Commitment, measure: str, achieved: float, target: float | None,
            elapsed: float, over: bool, per_quarter: dict[str, float], layer: str | None,
            ids: tuple[str, ...], walks: list[WalkCheck] | None = None) -> Progress:
    return Progress(commitment, measure, achieved, target,
                    status(achieved, target, elapsed, over), elapsed, per_quarter, layer, ids,
                    tuple(walks or ()))


def _total_target(pledge: Pledge, commitment: Commitment) -> float | None:
    if commitment.target is None:
        return None
    span = pledge_period(pledge)
    repeats = {TargetPeriod.YEAR: len(periods.years(span)),
               TargetPeriod.QUARTER: len(periods.quarters(span))}
    return commitment.target * repeats.get(commitment.target_period, 1)


def _counted_frame(commitment: Commitment, records: PledgeRecords, measure: Measure
                   ) -> tuple[pd.DataFrame, str, str]:
    """The records a measure counts, their layer and the date that places them in time."""
    if measure is Measure.WALKS:
        return records.walks, "walks", "walk_date"
    if measure is Measure.NEW_WATCH_AREAS:
        return records.watch_areas, "watch_areas", "start_date"
    if measure is Measure.FINDINGS_DONE:
        findings = records.findings
        return findings[findings["status"] == FindingStatus.DONE.value], "findings", \
            "completed_date"
    if measure is Measure.PLACES_RESOLVED:
        places = records.places
        return places[places["status"] == PlaceStatus.RESOLVED.value], "unsafe_places", \
            "resolved_date"
    linked = records.activities[records.activities["commitment_id"] == commitment.id]
    return linked, "activities", "activity_date"


def _count_only_months(commitment: Commitment, counts: pd.DataFrame, upto: Period
                       ) -> dict[str, float]:
    mine = counts[(counts["kind"] == commitment.kind.value)
                  & ((counts["commitment_id"] == commitment.id)
                     | (counts["pledge_id"] == commitment.pledge_id))]
    totals: dict[str, float] = {}
    for month in periods.months(upto):
        rows = mine[mine["month"] == month.label]
        totals[month.label] = float(rows["count"].sum())
    return totals


def days(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column of days (``datetime.date``), aligned with the frame."""
    return pd.Series([_day_or_none(v) for v in frame[column]], index=frame.index, dtype=object)


def _day_or_none(value: object) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "date"):
        return value.date()
    return date.fromisoformat(str(value)[:10])
