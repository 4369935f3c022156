"""The entry point of the example data: :func:`generate` runs the layers in a fixed order."""

from __future__ import annotations

from shapely.geometry.base import BaseGeometry

from geo import config
from geo.domain.model import Pledge
from geo.example.activities import generic_activities
from geo.example.context import Context, ExampleData
from geo.example.places import unsafe_places
from geo.example.pledge_work import commitment_records
from geo.example.walks import walks
from geo.example.watch_areas import watch_areas


def generate(
    pledges: list[Pledge],
    boundaries: dict[str, BaseGeometry],
    *,
    scale: int = 1,
    seed: int = config.EXAMPLE_SEED,
    years: tuple[int, int] = config.EXAMPLE_YEARS,
) -> ExampleData:
    """Generate example data for the municipalities of ``pledges`` over ``years`` (inclusive).

    The result depends only on the arguments: one ``random.Random(seed)`` draws every
    value, ids included, and timestamps are derived from the records' dates.

    Raises
    ------
    ValueError
        For a scale below 1 or an empty or reversed year range.
    KeyError
        When a pledge's municipality has no boundary in ``boundaries``.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if years[0] > years[1]:
        raise ValueError("years must be (first, last) with first <= last")
    return _run(Context(pledges, boundaries, scale, seed, years))


def _run(ctx: Context) -> ExampleData:
    """Generate layer by layer, municipality by municipality, in a fixed order."""
    for place in ctx.places.values():
        for year in ctx.years:
            unsafe_places(ctx, place, year)
            walks(ctx, place, year)
        watch_areas(ctx, place)
        for year in ctx.years:
            generic_activities(ctx, place, year)
    for pledge in ctx.pledges:
        if ctx.period(pledge) is not None:
            commitment_records(ctx, pledge)
    return ctx.data
