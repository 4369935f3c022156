"""The store contract, views and tables: the public view, pledges, counts, meta, schema.

Tested only through the Store interface, over every backend of tests/store/conftest.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import MultiPolygon, Polygon

from geo.domain.filters import Filter
from geo.domain.model import FEATURE_TYPES, ActivityCount
from geo.domain.pledge_files import load_pledges
from tests.store.helpers import LAYERS

# -- public view ------------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_public_list_has_only_public_fields(store, make_record, layer):
    record = make_record(layer, visibility="public")
    store.create(record, "anna")
    public = store.list(layer, public=True)
    assert set(public.columns) == {*FEATURE_TYPES[layer].PUBLIC_FIELDS, "geometry"}
    assert len(public) == 1
    assert public.crs.to_epsg() == 4326
    assert "updated_by" not in public.columns
    filtered = store.list(layer, Filter("1270", 2015, 2022), public=True)
    assert set(filtered.columns) == set(public.columns)
    assert list(filtered["id"]) == [record.id]


@pytest.mark.parametrize("layer", LAYERS)
def test_public_list_leaves_out_internal_records(store, make_record, layer):
    shown = store.create(make_record(layer, visibility="public"), "anna")
    hidden = store.create(make_record(layer, visibility="internal"), "anna")
    assert set(store.list(layer)["id"]) == {shown.id, hidden.id}
    assert list(store.list(layer, public=True)["id"]) == [shown.id]
    flt = Filter("1270", 2015, 2022)
    assert list(store.list(layer, flt, public=True)["id"]) == [shown.id]
    store.update(layer, hidden.id, {"visibility": "public"}, 1, "bo")
    assert set(store.list(layer, public=True)["id"]) == {shown.id, hidden.id}


def test_public_watch_areas_never_show_the_contact_person(store, make_record):
    area = make_record("watch_areas", visibility="public")
    store.create(area, "anna")
    public = store.list("watch_areas", public=True)
    assert "contact_person" not in public.columns
    assert not public.astype(str).apply(
        lambda column: column.str.contains("070-123", regex=False)).any().any()
    assert "contact_person" in store.list("watch_areas").columns


# -- pledges and counts -----------------------------------------------------------------


def test_replace_pledges_round_trips_the_real_pledges(store):
    pledges = load_pledges()
    assert len(pledges) == 4
    store.replace_pledges(pledges, "admin")
    got = {p.id: p for p in store.pledges()}
    assert got.keys() == {p.id for p in pledges}
    for pledge in pledges:
        stored = got[pledge.id]
        assert [c.id for c in stored.commitments] == [c.id for c in pledge.commitments]
        assert stored == pledge
    assert [p.period_start for p in store.pledges()] == sorted(p.period_start for p in pledges)


def test_replace_pledges_replaces(store):
    pledges = load_pledges()
    store.replace_pledges(pledges, "admin")
    store.replace_pledges(pledges[:1], "admin")
    assert store.pledges() == pledges[:1]


def test_add_counts_and_read_them_per_municipality(store):
    counts = [
        ActivityCount(kommun_kod="1270", pledge_id="tomelilla-2020", kind="home_visit",
                      month="2020-02", count=3),
        ActivityCount(kommun_kod="1270", pledge_id="tomelilla-2020", kind="concern_talk",
                      month="2020-01", count=1),
        ActivityCount(kommun_kod="1263", kind="home_visit", month="2020-01", count=7),
    ]
    assert store.add_counts(counts, "anna") == 3
    tomelilla = store.counts("1270")
    rows = sorted(zip(tomelilla["month"], tomelilla["kind"], tomelilla["count"], strict=True))
    assert rows == [("2020-01", "concern_talk", 1), ("2020-02", "home_visit", 3)]
    assert set(tomelilla["kommun_kod"]) == {"1270"}
    assert not {"geometry", "geom", "lat", "lon", "x", "y"} & set(tomelilla.columns)
    assert len(store.counts("0138")) == 0
    assert int(store.counts("1263")["count"].sum()) == 7


def test_initialize_is_idempotent(store, make_record):
    assert store.exists()
    place = store.create(make_record("unsafe_places"), "anna")
    store.initialize()
    assert store.exists()
    assert store.get("unsafe_places", place.id) is not None
    assert len(store.history()) == 1


def test_meta_round_trips(store):
    assert store.meta("contents") is None
    store.set_meta("contents", "example")
    assert store.meta("contents") == "example"
    store.set_meta("contents", "own data")
    assert store.meta("contents") == "own data"


def test_records_keep_their_dates(store, make_record):
    walk = store.create(make_record("walks", walk_date=date(2019, 12, 31)), "anna")
    assert store.get("walks", walk.id).walk_date == date(2019, 12, 31)
    assert store.get("walks", walk.id).years() == range(2019, 2020)


def test_watch_area_geometry_update_accepts_a_polygon(store, make_record):
    area = store.create(make_record("watch_areas"), "anna")
    square = Polygon([(14.0, 56.0), (14.1, 56.0), (14.1, 56.1), (14.0, 56.1)])
    store.update("watch_areas", area.id, {"geometry": square}, 1, "bo")
    got = store.get("watch_areas", area.id).geometry
    assert isinstance(got, MultiPolygon)
    assert got.equals(square)
