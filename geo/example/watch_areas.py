"""Example neighbourhood-watch areas: started every year, a few ended, named after streets."""

from __future__ import annotations

from datetime import date

from geo.domain.enums import ActivityKind
from geo.domain.model import Pledge, WatchArea
from geo.example.context import Context, find_commitment, stamp
from geo.example.texts import STREET_ENDS, STREET_PARTS, STREET_STEMS
from geo.example.towns import Municipality


def watch_areas(ctx: Context, place: Municipality) -> None:
    """Areas start every year (2–4 times scale); at most one per scale ends a year.

    So the number of active areas grows every year. A pledge with start-up meetings
    gets enough new areas in its years to hold one meeting per area.
    """
    rng = ctx.rng
    areas: list[WatchArea] = []
    for year in ctx.years:
        new = rng.randint(2, 4) * ctx.scale
        pledge = ctx.pledge_on(place.code, date(year, 7, 1))
        if pledge is not None:
            new = max(new, _startup_meetings(pledge))
        for _ in range(new):
            start = ctx.day_in_year(year)
            town = place.town()
            areas.append(WatchArea(
                **ctx.common(place.code, start),
                geometry=place.residential_area(town),
                pledge_id=(p.id if (p := ctx.pledge_on(place.code, start)) else None),
                name=f"Grannsamverkan {_street(ctx, place.code)}",
                start_date=start,
                households=rng.randint(10, 80),
                contact_person=f"Kontaktperson {len(areas) + 1}",
            ))
        if year == ctx.years[0]:
            continue
        earlier = [i for i, a in enumerate(areas)
                   if a.start_date.year < year and a.end_date is None]
        for i in rng.sample(earlier, min(len(earlier), rng.randint(0, ctx.scale))):
            end = ctx.day_in_year(year)
            areas[i] = areas[i].replace(end_date=end, updated_at=stamp(end))
    ctx.data.watch_areas.extend(areas)


def _street(ctx: Context, code: str) -> str:
    """A street name not yet used for a watch area in this municipality.

    A few fresh draws first; then a part of a used street ("Ekvägen norra"), and only
    when those run out (large scales) a numbered stage, never a house-number look.
    """
    used = ctx.street_names[code]
    names = [f"{ctx.rng.choice(STREET_STEMS)}{ctx.rng.choice(STREET_ENDS)}"
             for _ in range(10)]
    candidates = [*names, *(f"{names[0]} {part}" for part in STREET_PARTS)]
    candidate = next((c for c in candidates if c not in used), None)
    number = 2
    while candidate is None or candidate in used:
        candidate, number = f"{names[0]} etapp {number}", number + 1
    used.add(candidate)
    return candidate


def _startup_meetings(pledge: Pledge) -> int:
    """How many watch start-up meetings a pledge gets: one more than its target."""
    commitment = find_commitment(pledge, ActivityKind.WATCH_STARTUP_MEETING)
    return int(commitment.target or 1) + 1 if commitment else 0
