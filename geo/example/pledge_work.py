"""Example follow-up of the pledges: the activities and counts each commitment asks for.

The volumes are chosen so that follow-up shows a mix: some targets met (start-up and
contact-person meetings), some just missed (police hours, information meetings, a
dispatch every month, weekly meetings). The totals that decide whether a target
is met do not grow with ``scale``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from shapely.geometry.base import BaseGeometry

from geo.domain.enums import COUNT_ONLY_KINDS, ActivityKind, PlaceStatus, TargetPeriod
from geo.domain.model import Activity, ActivityCount, Commitment, Pledge
from geo.example.context import EXAMPLE_USER, Context, commitment_id, stamp
from geo.example.texts import DISPATCH_TOPICS, MEASURES, MONTH_NAMES, OTHER_TITLES


def commitment_records(ctx: Context, pledge: Pledge) -> None:
    """The records a pledge's commitments are followed up with."""
    for commitment in pledge.commitments:
        kind = commitment.kind
        if kind in COUNT_ONLY_KINDS:
            _counts(ctx, pledge, commitment)
        elif kind is ActivityKind.POLICE_HOURS:
            _police_hours(ctx, pledge, commitment)
        elif kind is ActivityKind.WATCH_STARTUP_MEETING:
            _startup_meetings(ctx, pledge, commitment)
        elif kind in (ActivityKind.INFORMATION_MEETING, ActivityKind.WATCH_CONTACT_MEETING):
            _meetings(ctx, pledge, commitment)
        elif kind is ActivityKind.DISPATCH:
            _dispatches(ctx, pledge, commitment)
        elif kind is ActivityKind.VISIBLE_PRESENCE:
            _presence(ctx, pledge, commitment)
        elif kind is ActivityKind.OTHER:
            _other(ctx, pledge, commitment)
        # safety walks are the walks themselves (linked in walks.walks())
    if any(c.id.endswith("-unsafe-places") or c.kind is ActivityKind.PHYSICAL_MEASURE
           for c in pledge.commitments):
        _measures_at_places(ctx, pledge)


# -- helpers -------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    """Last day of a month."""
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _months(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) of every month that ``first``..``last`` touches."""
    result = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _day_in_month(ctx: Context, first: date, last: date, year: int, month: int) -> date:
    """A day of the month, within ``first``..``last``."""
    return ctx.day_in(max(first, date(year, month, 1)), min(last, _month_end(year, month)))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split ``total`` into ``parts`` positive whole numbers of similar size."""
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [max(1, int(w * scale)) for w in weights]
    i = 0
    while sum(shares) != total:
        step = 1 if sum(shares) < total else -1
        if shares[i % parts] + step >= 1:
            shares[i % parts] += step
        i += 1
    return shares


def _street_suffix(name: str) -> str:
    """The part of a watch area's name after "Grannsamverkan"."""
    return name.removeprefix("Grannsamverkan ")


def _activity(ctx: Context, pledge: Pledge, commitment: Commitment | None, kind: ActivityKind,
              day: date, title: str, *, geometry: BaseGeometry | None = None,
              quantity: float | None = None, unit: str = "", description: str = "") -> None:
    """Add one activity that belongs to ``pledge`` (and ``commitment``)."""
    ctx.data.activities.append(Activity(
        **ctx.common(pledge.kommun_kod, day),
        geometry=geometry, pledge_id=pledge.id,
        commitment_id=commitment.id if commitment else None, kind=kind,
        activity_date=day, title=title, quantity=quantity, unit=unit,
        description=description,
    ))


# -- per kind of commitment ----------------------------------------------------------


def _counts(ctx: Context, pledge: Pledge, commitment: Commitment) -> None:
    """Home visits or concern talks: one count (0–6) per month, never a place."""
    first, last = ctx.span(pledge)
    for year, month in _months(first, last):
        month_after = _month_end(year, month) + timedelta(days=1)
        ctx.data.counts.append(ActivityCount(
            id=ctx.new_id(), kommun_kod=pledge.kommun_kod, pledge_id=pledge.id,
            commitment_id=commitment.id, kind=commitment.kind,
            month=f"{year:04d}-{month:02d}", count=ctx.rng.randint(0, 6),
            updated_at=stamp(month_after), updated_by=EXAMPLE_USER,
        ))


def _police_hours(ctx: Context, pledge: Pledge, commitment: Commitment) -> None:
    """Police hours reported without a place, summing to a little under the target."""
    rng = ctx.rng
    first, last = ctx.span(pledge)
    months = _months(first, last)
    target = commitment.target or 100.0 * len(months)
    if commitment.target_period is TargetPeriod.YEAR:
        target *= len({y for y, _ in months})
    total = round(target * rng.uniform(0.955, 0.975))
    shares = _split(total, len(months) * ctx.scale, rng)
    for i, hours in enumerate(shares):
        year, month = months[i // ctx.scale]
        day = _day_in_month(ctx, first, last, year, month)
        _activity(
            ctx, pledge, commitment, ActivityKind.POLICE_HOURS, day,
            f"Brottsförebyggande och trygghetsskapande polisarbete, "
            f"{MONTH_NAMES[month - 1]} {year}",
            quantity=float(hours), unit=commitment.unit or "timmar",
            description="Tillsyn på tider och platser där problemen är framträdande.",
        )


def _startup_meetings(ctx: Context, pledge: Pledge, commitment: Commitment) -> None:
    """One start-up meeting (target + 1: met) at each new watch area of the period."""
    rng = ctx.rng
    first, last = ctx.span(pledge)
    new_areas = [a for a in ctx.data.watch_areas
                 if a.kommun_kod == pledge.kommun_kod and first <= a.start_date <= last]
    for area in new_areas[: int(commitment.target or 1) + 1]:
        day = max(first, area.start_date - timedelta(days=rng.randint(7, 40)))
        _activity(
            ctx, pledge, commitment, ActivityKind.WATCH_STARTUP_MEETING, day,
            f"Uppstartsmöte för grannsamverkan, {_street_suffix(area.name)}",
            geometry=area.geometry.representative_point() if area.geometry else None,
            quantity=float(rng.randint(8, 30)), unit="deltagare",
            description="Polis och kommun informerar om hur grannsamverkan går till.",
        )


def _meetings(ctx: Context, pledge: Pledge, commitment: Commitment) -> None:
    """Information meetings (one short of the target) or contact-person meetings (met)."""
    rng = ctx.rng
    place = ctx.places[pledge.kommun_kod]
    first, last = ctx.span(pledge)
    target = int(commitment.target or 1)
    if commitment.kind is ActivityKind.INFORMATION_MEETING:
        count, title = max(target - 1, 1), "Informationsmöte om grannsamverkan och " \
            "DNA-märkning i {ort}"
        text = "Polisens husbil, polisens volontärer och kommunens representant på plats."
    else:
        count, title = target, "Informationsträff för kontaktpersoner i grannsamverkan, {ort}"
        text = "Kontaktpersoner i etablerade grannsamverkansområden bjöds in."
    for day in ctx.days_in(first, last, count):
        town = place.town()
        _activity(
            ctx, pledge, commitment, commitment.kind, day, title.format(ort=town.name),
            geometry=place.point_in(town), quantity=float(rng.randint(12, 60)),
            unit="deltagare", description=text,
        )


def _dispatches(ctx: Context, pledge: Pledge, commitment: Commitment) -> None:
    """One app dispatch a month, except two months (target per month: not always met)."""
    rng = ctx.rng
    first, last = ctx.span(pledge)
    months = _months(first, last)
    missing = set(rng.sample(range(len(months)), min(2, len(months) - 1)))
    for i, (year, month) in enumerate(months):
        if i in missing:
            continue
        day = _day_in_month(ctx, first, last, year, month)
        _activity(
            ctx, pledge, commitment, ActivityKind.DISPATCH, day,
            f"Utskick i grannsamverkansappen: {rng.choice(DISPATCH_TOPICS)}",
            quantity=1.0, unit=commitment.unit or "utskick",
            description="Brottsförebyggande information till anslutna grannar och företag.",
        )


def _presence(ctx: Context, pledge: Pledge, commitment: Commitment) -> None:
    """A few occasions of visible presence in residential areas (no target)."""
    rng = ctx.rng
    place = ctx.places[pledge.kommun_kod]
    first, last = ctx.span(pledge)
    for day in ctx.days_in(first, last, rng.randint(3, 5)):
        town = place.town()
        _activity(
            ctx, pledge, commitment, ActivityKind.VISIBLE_PRESENCE, day,
            f"Synlig närvaro dagtid med volontärer i {town.name}",
            geometry=place.point_in(town), quantity=float(rng.randint(2, 5)),
            unit="timmar", description="Polisens volontärer och kommunens fältgrupp.",
        )


def _other(ctx: Context, pledge: Pledge, commitment: Commitment) -> None:
    """Activities under an ``other`` commitment: weekly ones lack a few weeks."""
    rng = ctx.rng
    place = ctx.places[pledge.kommun_kod]
    first, last = ctx.span(pledge)
    suffix = commitment.id.removeprefix(pledge.id + "-")
    title = OTHER_TITLES.get(suffix, commitment.text.split(".")[0][:120])
    if commitment.target_period is TargetPeriod.WEEK:
        monday = first - timedelta(days=first.weekday())
        weeks = [monday + timedelta(weeks=w) for w in range((last - monday).days // 7 + 1)]
        skipped = set(rng.sample(range(len(weeks)), min(4, len(weeks) - 1)))
        for w, week in enumerate(weeks):
            day = week + timedelta(days=1)  # the Tuesday
            if w in skipped or not first <= day <= last:
                continue
            _activity(ctx, pledge, commitment, ActivityKind.OTHER, day,
                      title.format(ort=place.main.name))
        return
    for day in ctx.days_in(first, last, rng.randint(2, 4)):
        town = place.town()
        has_place = "{ort}" in title
        _activity(
            ctx, pledge, commitment, ActivityKind.OTHER, day, title.format(ort=town.name),
            geometry=place.point_in(town) if has_place else None,
        )


def _measures_at_places(ctx: Context, pledge: Pledge) -> None:
    """Physical measures at some of the period's unsafe places, which are then resolved.

    The measure is linked to a commitment only if the pledge has one of kind
    ``physical_measure``: an activity's commitment always has the activity's kind.
    """
    rng = ctx.rng
    first, last = ctx.span(pledge)
    latest = last - timedelta(days=30)
    places = ctx.data.unsafe_places
    candidates = [i for i, p in enumerate(places)
                  if p.kommun_kod == pledge.kommun_kod and first <= p.reported_date <= latest]
    wanted = min(len(candidates), rng.randint(4, 7) * ctx.scale)
    chosen = sorted(rng.sample(candidates, wanted))
    measure_commitment = commitment_id(pledge, ActivityKind.PHYSICAL_MEASURE)
    for i in chosen:
        spot = places[i]
        day = min(last, spot.reported_date + timedelta(days=rng.randint(10, 60)))
        ctx.data.activities.append(Activity(
            **ctx.common(pledge.kommun_kod, day),
            geometry=spot.geometry, pledge_id=pledge.id, commitment_id=measure_commitment,
            kind=ActivityKind.PHYSICAL_MEASURE, activity_date=day,
            title=MEASURES[spot.category],
            description=f"Åtgärd vid otrygg plats: {spot.description}",
        ))
        places[i] = spot.replace(status=PlaceStatus.RESOLVED, resolved_date=day,
                                 updated_at=stamp(day))
