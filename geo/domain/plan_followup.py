"""A plan row's follow-up colour, computed from the records it links to.

Brå's matrix ends in a follow-up: green, yellow or red. Here each linked record gets a
state by the rules the rest of the app already uses, and the row takes the worst of them:

walk finding
    *done* (status ``done``, as :mod:`geo.domain.followup` counts ``findings_done``) by its
    due date → green; done after it → red (``done_late``); open and past its due date, as
    :func:`geo.domain.lifecycle.is_overdue` says → red (``overdue``); still open → yellow;
    *not done* → red; *forwarded* to another party → yellow (handed on, not done by us).
    The due date is the finding's own, else the row's.
unsafe place
    *resolved* by the due date (its ``resolved_date``) → green; resolved after it → red;
    active past the due date → red; active → yellow. The due date is the row's.
pledge commitment
    its status from :func:`geo.domain.followup.commitment_progress` on the same day:
    *met* → green, *on track* → yellow, *behind* or *not met* → red (behind the plan is
    late); without a target in numbers it gives no colour.

Row: red if any link is red, else yellow if any is yellow, else green if any is green;
no colour (None) when nothing linked can be scored. A deleted or missing record gives no
colour and is reported as ``missing``. An override (:class:`~geo.domain.plan.PlanRow`)
replaces the computed colour; both are kept, so a page shows that it was set by hand.
"today" is always given by the caller: nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from geo.domain import followup
from geo.domain.enums import FindingStatus, PlaceStatus, PlanColour
from geo.domain.lifecycle import is_overdue
from geo.domain.model import Finding, Pledge, UnsafePlace
from geo.domain.plan import Plan, PlanRow
from geo.store.base import Store

GREEN, YELLOW, RED = PlanColour.GREEN, PlanColour.YELLOW, PlanColour.RED
#: A pledge commitment's status as a colour (None: no target to score against).
COMMITMENT_COLOURS: dict[followup.Status, PlanColour | None] = {
    followup.Status.MET: GREEN,
    followup.Status.ON_TRACK: YELLOW,
    followup.Status.BEHIND: RED,
    followup.Status.NOT_MET: RED,
    followup.Status.NO_TARGET: None,
}
_RANK = {RED: 3, YELLOW: 2, GREEN: 1}


@dataclass(frozen=True)
class LinkState:
    """One linked record's part in the colour: its layer, id, colour and the rule's name."""

    layer: str
    record_id: str
    colour: PlanColour | None
    #: ``done_on_time``, ``done_late``, ``open``, ``overdue``, ``not_done``, ``forwarded``,
    #: ``resolved``, ``met``, ``on_track``, ``behind``, ``not_met``, ``no_target``, ``missing``
    #: (catalog ``plan.state.<reason>``).
    reason: str


@dataclass(frozen=True)
class RowFollowUp:
    """A row's computed colour, the states it came from, and the colour to show."""

    row: PlanRow
    computed: PlanColour | None
    links: tuple[LinkState, ...]

    @property
    def colour(self) -> PlanColour | None:
        """The override when one is set, else the computed colour."""
        return self.row.colour_override or self.computed

    @property
    def overridden(self) -> bool:
        return self.row.colour_override is not None


@dataclass(frozen=True)
class PlanRecords:
    """What a plan's follow-up reads: linked records by id, pledges and their records."""

    findings: dict[str, Finding] = field(default_factory=dict)
    places: dict[str, UnsafePlace] = field(default_factory=dict)
    pledges: dict[str, Pledge] = field(default_factory=dict)
    pledge_records: dict[str, followup.PledgeRecords] = field(default_factory=dict)


def findingLinkState(finding: Finding, row_due: date | None, today: date) -> LinkState:
    """A walk finding's colour (the rules in the module docstring)."""
    due = finding.due_date or row_due
    status = finding.status
    if status is FindingStatus.DONE:
        late = due is not None and finding.completed_date is not None \
            and finding.completed_date > due
        return LinkState("findings", finding.id, RED if late else GREEN,
                      "done_late" if late else "done_on_time")
    if status is FindingStatus.NOT_DONE:
        return LinkState("findings", finding.id, RED, "not_done")
    if status is FindingStatus.FORWARDED:
        return LinkState("findings", finding.id, YELLOW, "forwarded")
    if is_overdue(status, due, today):
        return LinkState("findings", finding.id, RED, "overdue")
    return LinkState("findings", finding.id, YELLOW, "open")


def placeLinkState(place: UnsafePlace, due: date | None, today: date) -> LinkState:
    """An unsafe place's colour (the rules in the module docstring)."""
    if place.status is PlaceStatus.RESOLVED:
        late = due is not None and place.resolved_date is not None and place.resolved_date > due
        return LinkState("unsafe_places", place.id, RED if late else GREEN,
                      "done_late" if late else "resolved")
    if due is not None and due < today:
        return LinkState("unsafe_places", place.id, RED, "overdue")
    return LinkState("unsafe_places", place.id, YELLOW, "open")


def commitmentLinkState(row: PlanRow, records: PlanRecords, today: date) -> LinkState | None:
    """The linked commitment's colour from its progress today; None when the row has none."""
    if row.commitment_id is None or row.pledge_id is None:
        return None
    pledge = records.pledges.get(row.pledge_id)
    commitment = next((c for c in pledge.commitments if c.id == row.commitment_id), None) \
        if pledge is not None else None
    if pledge is None or commitment is None:
        return LinkState("commitments", row.commitment_id, None, "missing")
    progress = followup.commitment_progress(pledge, commitment,
                                            records.pledge_records[pledge.id], today)
    return LinkState("commitments", commitment.id, COMMITMENT_COLOURS[progress.status],
                  progress.status.value)


def row_followup(row: PlanRow, records: PlanRecords, today: date) -> RowFollowUp:
    """The row's colour computed from its linked records as of ``today``."""
    states: list[LinkState] = []
    for finding_id in row.finding_ids:
        finding = records.findings.get(finding_id)
        states.append(findingLinkState(finding, row.due_date, today) if finding is not None
                      else LinkState("findings", finding_id, None, "missing"))
    for place_id in row.place_ids:
        place = records.places.get(place_id)
        states.append(placeLinkState(place, row.due_date, today) if place is not None
                      else LinkState("unsafe_places", place_id, None, "missing"))
    pledged = commitmentLinkState(row, records, today)
    if pledged is not None:
        states.append(pledged)
    return RowFollowUp(row, worst(s.colour for s in states), tuple(states))


def worst(colours: Iterable[PlanColour | None]) -> PlanColour | None:
    """Red before yellow before green; None when no colour was given."""
    scored = [c for c in colours if c is not None]
    return max(scored, key=_RANK.__getitem__) if scored else None


def load(store: Store, plan: Plan) -> PlanRecords:
    """The records the plan's rows link to, each read once (a deleted one is left out)."""
    findings = {i: r for i in {i for row in plan.rows for i in row.finding_ids}
                if isinstance(r := store.get("findings", i), Finding)}
    places = {i: r for i in {i for row in plan.rows for i in row.place_ids}
              if isinstance(r := store.get("unsafe_places", i), UnsafePlace)}
    pledges = {i: p for i in {row.pledge_id for row in plan.rows if row.commitment_id}
               if i is not None and (p := store.pledge(i)) is not None}
    return PlanRecords(findings, places, pledges,
                       {i: followup.load(store, p) for i, p in pledges.items()})


def plan_followup(store: Store, plan: Plan, today: date) -> list[RowFollowUp]:
    """Every row's follow-up as of ``today``, in the plan's order."""
    records = load(store, plan)
    return [row_followup(row, records, today) for row in plan.rows]
