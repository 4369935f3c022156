"""The public map's selection never shows a count-only activity (a home visit, a concern talk).

The model refuses such a record with a place; an old or hand-edited store could still hold
one. ``geo.map.view.select(public=True)`` is what the public map, its table, the OGC API and
the open data read, so the row is dropped there; staff (Registrera) still see the row to mend it.
"""

from __future__ import annotations

from geo import config
from geo.domain.filters import Filter
from geo.map.view import select
from tests.ogcapi import store as ogcstore


def test_a_forced_home_visit_row_is_not_on_the_public_map(tmp_path):
    store = ogcstore.build(tmp_path / "forced.gpkg")
    hidden_id = ogcstore.add_home_visit_row(store)
    flt = Filter("1270", config.FIRST_YEAR, config.LAST_YEAR)
    public = select(store, flt, ("activities",), public=True)["activities"]
    staff = select(store, flt, ("activities",), public=False)["activities"]
    assert hidden_id in set(staff["id"])  # staff see it, to correct it
    assert hidden_id not in set(public["id"])
    assert len(public) == len(staff) - 1  # nothing else dropped
