"""Deterministic example data around the real towns of the pledges' municipalities.

The pledges are real; the places, walks, findings, watch areas and activities are
not. They are generated here, from one seeded random generator, so that the same
pledges, boundaries, seed and scale always give identical records (the shipped
example data can be rebuilt and tests can rely on it). Every geometry lies inside
the real municipality boundary and near a real town centre, and the records follow
the pledges' commitments so that follow-up shows a mix of targets met and not met.

``scale`` multiplies the volumes (unsafe places, walks with their findings, watch
areas, ordinary activities) for load tests; the records that decide whether a
commitment's target is met (meetings, dispatches, police-hour totals, counts per
month) stay the same at every scale, so the follow-up story does not change.

The modules, one responsibility each: ``towns`` (boundaries, town centres and drawing
geometries inside them), ``texts`` (weights and Swedish phrases), ``context`` (the
run's state and basic draws), ``places``, ``walks``, ``watch_areas`` and
``activities`` (one layer each), ``pledge_work`` (what the commitments ask for) and
``generator`` (:func:`generate`, which runs them in order).
"""

from geo.example.context import EXAMPLE_USER, PLEDGE_LINK_SHARE, ExampleData
from geo.example.generator import generate
from geo.example.towns import MAX_TRIES, METRES_PER_DEGREE, TOWNS, Town, municipality_boundaries

__all__ = [
    "EXAMPLE_USER",
    "MAX_TRIES",
    "METRES_PER_DEGREE",
    "PLEDGE_LINK_SHARE",
    "TOWNS",
    "ExampleData",
    "Town",
    "generate",
    "municipality_boundaries",
]
