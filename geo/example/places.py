"""Example unsafe places: reported spots (a few small areas) in the towns, year by year."""

from __future__ import annotations

from shapely.geometry.base import BaseGeometry

from geo.enums import PlaceStatus
from geo.example.context import Context
from geo.example.texts import PLACE_CATEGORIES, PLACE_PHRASES, SOURCES, SPOTS
from geo.example.towns import Municipality
from geo.model import UnsafePlace


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
        ctx.data.unsafe_places.append(UnsafePlace(
            **ctx.common(place.code, reported),
            geometry=geometry,
            pledge_id=ctx.link(place.code, reported),
            category=category,
            source=rng.choices(list(SOURCES), list(SOURCES.values()))[0],
            reported_date=reported,
            status=(PlaceStatus.RESOLVED if rng.random() < resolved_share
                    else PlaceStatus.ACTIVE),
            description=text,
        ))
