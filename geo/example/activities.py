"""Example everyday activities: the ones no commitment of the day's pledge counts."""

from __future__ import annotations

from geo.domain.enums import ActivityKind
from geo.domain.model import Activity
from geo.example.context import Context
from geo.example.texts import GENERIC_KINDS, GENERIC_TITLES
from geo.example.towns import Municipality


def generic_activities(ctx: Context, place: Municipality, year: int) -> None:
    """3–8 everyday activities a year (times scale), none of a kind a pledge counts."""
    rng = ctx.rng
    for _ in range(rng.randint(3, 8) * ctx.scale):
        day = ctx.day_in_year(year)
        pledge = ctx.pledge_on(place.code, day)
        counted = {c.kind for c in pledge.commitments} if pledge else set()
        kinds = [k for k in GENERIC_KINDS if k not in counted]
        if not kinds:
            continue
        kind = rng.choices(kinds, [GENERIC_KINDS[k] for k in kinds])[0]
        town = place.town()
        quantity, unit = _quantity(ctx, kind)
        ctx.data.activities.append(Activity(
            **ctx.common(place.code, day),
            geometry=place.point_in(town),
            pledge_id=ctx.link(place.code, day),
            kind=kind,
            activity_date=day,
            title=rng.choice(GENERIC_TITLES[kind]).format(ort=town.name),
            quantity=quantity,
            unit=unit,
        ))


def _quantity(ctx: Context, kind: ActivityKind) -> tuple[float | None, str]:
    """A plausible quantity and unit for an activity of ``kind``."""
    rng = ctx.rng
    if kind in (ActivityKind.INFORMATION_MEETING, ActivityKind.WATCH_STARTUP_MEETING,
                ActivityKind.WATCH_CONTACT_MEETING, ActivityKind.OTHER):
        return float(rng.randint(8, 60)), "deltagare"
    if kind is ActivityKind.VISIBLE_PRESENCE:
        return float(rng.randint(2, 8)), "timmar"
    return None, ""
