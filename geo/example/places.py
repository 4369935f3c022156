"""Example unsafe places: reported spots (a few small areas) in the towns, year by year."""

from __future__ import annotations

from datetime import timedelta

from shapely.geometry.base import BaseGeometry

from geo.domain.enums import PlaceStatus
from geo.domain.model import UnsafePlace
from geo.example.context import Context, stamp
from geo.example.texts import PLACE_CATEGORIES, PLACE_PHRASES, SOURCES, SPOTS
from geo.example.towns import Municipality

#: How long after its report an example place is resolved.
RESOLVED_AFTER = timedelta(days=45)


def unsafe_places(ctx: Context, place: Municipality, year: int) -> None:
    """15–40 places a year (times scale); the older, the more often resolved."""
    rng = ctx.rng
    age = ctx.years[-1] - year
    resolved_share = min(0.85, 0.15 + 0.13 * age)
    for _ in range(rng.randint(15, 40) * ctx.scale):
        town = place.town()
        category = rng.choices(list(PLACE_CATEGORIES), list(PLACE_CATEGORIES.values()))[0]
        geometry: BaseGeometry = (
            place.small_area(town, rng.uniform(20.0, 60.0)) if rng.random() < 0.05
            else place.point_in(town)
        )
        reported = ctx.day_in_year(year)
        text = (f"{rng.choice(PLACE_PHRASES[category])} vid {rng.choice(SPOTS)} "
                f"i {town.name}.")
        common = ctx.common(place.code, reported)  # the random draws in their old order
        pledge_id = ctx.link(place.code, reported)
        source = rng.choices(list(SOURCES), list(SOURCES.values()))[0]
        resolved = rng.random() < resolved_share
        # resolved some weeks after it was reported (no draw: the data stay as they were)
        resolved_on = min(reported + RESOLVED_AFTER, ctx.last_day) if resolved else None
        if resolved_on is not None:
            common["updated_at"] = stamp(resolved_on)
        ctx.data.unsafe_places.append(UnsafePlace(
            **common,
            geometry=geometry,
            pledge_id=pledge_id,
            category=category,
            source=source,
            reported_date=reported,
            status=PlaceStatus.RESOLVED if resolved else PlaceStatus.ACTIVE,
            resolved_date=resolved_on,
            description=text,
        ))
