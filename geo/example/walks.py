"""Example safety walks and their findings, and the follow-up of findings chosen for action.

A pledge that asks for N chosen findings per walk gets exactly that many chosen on
each of its walks (one walk a year gets one more), and all but one of them are done
by an activity within the pledge period.
"""

from __future__ import annotations

from datetime import date, timedelta

from geo.domain.enums import ActivityKind, FindingStatus, Party, TargetPeriod
from geo.domain.model import Activity, Commitment, Finding, Pledge, SafetyWalk
from geo.example.context import EXAMPLE_USER, Context, commitment_id, stamp
from geo.example.texts import (
    FINDING_CATEGORIES,
    FINDING_PHRASES,
    ORGANISERS,
    SPOTS,
    WALK_MONTHS,
    WALK_PARTS,
)
from geo.example.towns import Municipality


def walks(ctx: Context, place: Municipality, year: int) -> None:
    """2–4 walks a year (times scale), each with 5–15 findings along its route."""
    rng = ctx.rng
    count = rng.randint(2, 4) * ctx.scale
    per_walk = _per_walk_rule(ctx, place.code, year)
    extra_walk = rng.randrange(count) if per_walk else -1
    ruled: list[tuple[SafetyWalk, range]] = []
    for index in range(count):
        town = place.main if rng.random() < 0.6 else place.town()
        latest = per_walk[0].period_end - timedelta(days=60) if per_walk else None
        walk_date = _walk_date(ctx, year, latest)
        pledge = ctx.pledge_on(place.code, walk_date)
        pledge_id = ctx.link(place.code, walk_date)
        if pledge is not None and commitment_id(pledge, ActivityKind.SAFETY_WALK):
            pledge_id = pledge.id  # the walks are what a walk commitment counts
        part = rng.choice(WALK_PARTS) if town is place.main else "centrum"
        walk = SafetyWalk(
            **ctx.common(place.code, walk_date),
            geometry=place.route(town),
            pledge_id=pledge_id,
            walk_date=walk_date,
            name=f"Trygghetsvandring {town.name} {part}",
            organisers=rng.choice(ORGANISERS),
            participants=rng.randint(8, 40),
        )
        ctx.data.walks.append(walk)
        if per_walk and pledge is per_walk[0]:
            selected = int(per_walk[1].target or 2) + (1 if index == extra_walk else 0)
            ruled.append((walk, _findings(ctx, place, walk, selected=selected)))
        else:
            _findings(ctx, place, walk, selected=None)
    if per_walk and ruled:
        _walk_actions(ctx, place, per_walk[0], ruled)


def _per_walk_rule(ctx: Context, code: str, year: int) -> tuple[Pledge, Commitment] | None:
    """The pledge (active in ``year``) that asks for N chosen findings per walk."""
    for pledge in ctx.pledges:
        if pledge.kommun_kod != code or year not in pledge.years:
            continue
        for commitment in pledge.commitments:
            if (commitment.kind is ActivityKind.SAFETY_WALK
                    and commitment.target_period is TargetPeriod.PER_WALK):
                return pledge, commitment
    return None


def _walk_date(ctx: Context, year: int, latest: date | None) -> date:
    """A walk date in spring or autumn, not after ``latest`` (room for follow-up)."""
    months = [m for m in WALK_MONTHS
              if latest is None or latest.year != year or date(year, m, 28) <= latest]
    month = ctx.rng.choice(months or [3])
    return date(year, month, ctx.rng.randint(1, 28))


def _findings(ctx: Context, place: Municipality, walk: SafetyWalk, *,
              selected: int | None) -> range:
    """5–15 findings along the route, numbered in walk order.

    ``selected`` is the number of findings to choose for action (a per-walk rule);
    None lets chance decide. Returns the findings' positions in ``data.findings``.
    """
    rng = ctx.rng
    count = rng.randint(5, 15)
    fractions = sorted(rng.random() for _ in range(count))
    chosen = set(rng.sample(range(count), selected)) if selected is not None else set()
    age = ctx.years[-1] - walk.walk_date.year
    result = []
    for number, fraction in enumerate(fractions, start=1):
        category = rng.choices(list(FINDING_CATEGORIES),
                               list(FINDING_CATEGORIES.values()))[0]
        description, action, party = rng.choice(FINDING_PHRASES[category])
        is_selected = (number - 1 in chosen) if selected is not None else rng.random() < 0.3
        if selected is not None:  # per-walk rule: the chosen ones are settled later
            status = FindingStatus.PLANNED if is_selected else _rule_status(ctx)
        else:
            status = _status(ctx, age, is_selected)
        completed = None
        if status is FindingStatus.DONE:
            room = (min(ctx.last_day, walk.walk_date + timedelta(days=330))
                    - walk.walk_date).days
            if room < 14:
                status = FindingStatus.PLANNED
            else:
                completed = walk.walk_date + timedelta(days=rng.randint(14, room))
        finding = Finding(
            **ctx.common(place.code, walk.walk_date, completed),
            geometry=place.near_route(walk.geometry, fraction),
            pledge_id=walk.pledge_id,
            walk_id=walk.id,
            number=number,
            found_date=walk.walk_date,
            category=category,
            description=f"{description} vid {rng.choice(SPOTS)}",
            proposed_action=action,
            responsible=party,
            priority=rng.choice((1, 2, 2, 3)),
            selected=is_selected,
            status=status,
            due_date=walk.walk_date + timedelta(days=182 + rng.randint(-20, 20)),
            completed_date=completed,
            status_reason=NOT_DONE_REASONS[number % len(NOT_DONE_REASONS)]
            if status is FindingStatus.NOT_DONE else "",
            forwarded_to=FORWARD_PARTIES[number % len(FORWARD_PARTIES)]
            if status is FindingStatus.FORWARDED else None,
        )
        result.append(finding)
    start = len(ctx.data.findings)
    ctx.data.findings.extend(result)
    return range(start, len(ctx.data.findings))


#: Why a finding was closed without action, and who it was handed to (example texts).
NOT_DONE_REASONS = (
    "Åtgärden ryms inte i årets budget; tas upp i nästa års plan.",
    "Vid närmare kontroll bedömdes platsen inte behöva åtgärdas.",
)
FORWARD_PARTIES = (Party.PROPERTY_OWNER, Party.ROAD_AUTHORITY, Party.HOUSING_COMPANY)


def _status(ctx: Context, age: int, selected: bool) -> FindingStatus:
    """Older findings, and chosen ones, are more often done."""
    done = min(0.9, 0.25 + 0.12 * age + (0.15 if selected else 0.0))
    rejected = 0.03 if selected else 0.1
    r = ctx.rng.random()
    if r < done:
        return FindingStatus.DONE
    if r < done + rejected:  # closed without action here: not done, or handed on
        return FindingStatus.NOT_DONE if r < done + rejected / 2 else FindingStatus.FORWARDED
    return FindingStatus.PLANNED if r < done + rejected + (1 - done - rejected) / 2 \
        else FindingStatus.ASSESSED if r < done + rejected + 3 * (1 - done - rejected) / 4 \
        else FindingStatus.NEW


def _rule_status(ctx: Context) -> FindingStatus:
    """A finding not chosen under a per-walk rule: mostly left open or planned."""
    return ctx.rng.choices(
        (FindingStatus.NEW, FindingStatus.PLANNED, FindingStatus.FORWARDED,
         FindingStatus.DONE), (4, 3, 2, 1),
    )[0]


def _walk_actions(ctx: Context, place: Municipality, pledge: Pledge,
                  ruled: list[tuple[SafetyWalk, range]]) -> None:
    """Chosen findings are done within the pledge period, by an activity; one stays open."""
    rng = ctx.rng
    findings = ctx.data.findings
    chosen = [(w, i) for w, positions in ruled for i in positions if findings[i].selected]
    still_open = rng.randrange(len(chosen))
    for index, (walk, position) in enumerate(chosen):
        finding = findings[position]
        if index == still_open:
            findings[position] = finding.replace(status=FindingStatus.IN_PROGRESS)
            continue
        room = (pledge.period_end - walk.walk_date).days
        completed = walk.walk_date + timedelta(days=rng.randint(14, max(14, room)))
        activity_id = ctx.new_id()
        kind = (ActivityKind.VISIBLE_PRESENCE if finding.responsible is Party.POLICE
                else ActivityKind.PHYSICAL_MEASURE)
        ctx.data.activities.append(Activity(
            id=activity_id, kommun_kod=place.code, created_at=stamp(completed),
            updated_at=stamp(completed), updated_by=EXAMPLE_USER,
            geometry=finding.geometry, pledge_id=pledge.id,
            commitment_id=commitment_id(pledge, kind), kind=kind,
            activity_date=completed, title=finding.proposed_action,
            finding_id=finding.id,
            description=f"Utvald åtgärd efter {walk.name.lower()}: {finding.description}.",
        ))
        findings[position] = finding.replace(
            status=FindingStatus.DONE, completed_date=completed, activity_id=activity_id,
            updated_at=stamp(completed),
        )
