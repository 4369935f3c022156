"""The store contract, records: create, get and list on every backend.

Tested only through the Store interface, over every backend of tests/store/conftest.py.
"""

from __future__ import annotations

from datetime import datetime

import geopandas as gpd
import pytest
from shapely.geometry import MultiPolygon

from geo.domain.filters import Filter
from geo.domain.model import FEATURE_TYPES
from tests.store.helpers import LAYERS, STORE_FIELDS, SWEDISH_TEXT, assert_same_fields

# -- create and get -----------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_create_then_get_returns_the_same_values(store, make_record, layer):
    record = make_record(layer)
    before = datetime.now().astimezone()
    created = store.create(record, "anna.svensson")
    got = store.get(layer, record.id)
    assert got is not None
    assert_same_fields(got, record, skip=STORE_FIELDS)
    assert_same_fields(got, created)
    assert got.version == 1
    assert got.updated_by == "anna.svensson"
    assert got.created_at is not None and got.updated_at is not None
    assert abs((got.created_at - before).total_seconds()) < 3600
    assert got.updated_at >= got.created_at


def test_unicode_text_survives_the_round_trip(store, make_record):
    place = store.create(make_record("unsafe_places", description=SWEDISH_TEXT), "åke")
    got = store.get("unsafe_places", place.id)
    assert got.description == SWEDISH_TEXT
    assert got.updated_by == "åke"
    assert list(store.list("unsafe_places")["description"]) == [SWEDISH_TEXT]


def test_polygon_watch_area_comes_back_as_multipolygon(store, make_record):
    area = store.create(make_record("watch_areas"), "anna")
    got = store.get("watch_areas", area.id)
    assert isinstance(got.geometry, MultiPolygon)
    assert got.geometry.equals(area.geometry)


def test_activity_without_place_round_trips(store, make_record):
    activity = make_record("activities", geometry=None, kind="police_hours")
    store.create(activity, "anna")
    got = store.get("activities", activity.id)
    assert got.geometry is None
    assert_same_fields(got, activity, skip=STORE_FIELDS)


def test_get_of_a_missing_id_is_none(store, make_record):
    assert store.get("walks", make_record("walks").id) is None


def test_create_many_stores_all(store, make_record):
    records = [make_record("findings", number=n) for n in range(1, 6)]
    assert store.create_many(records, "anna") == 5
    listed = store.list("findings")
    assert set(listed["id"]) == {r.id for r in records}
    assert sorted(listed["number"]) == [1, 2, 3, 4, 5]
    for record in records:
        assert store.get("findings", record.id).version == 1


def test_create_many_with_a_bad_record_stores_nothing(store, make_record):
    first = make_record("walks")
    duplicate = make_record("walks", id=first.id)
    with pytest.raises(Exception):  # noqa: B017 - backend-specific integrity error
        store.create_many([first, duplicate], "anna")
    assert len(store.list("walks")) == 0
    assert store.history() == []


# -- list -------------------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_list_returns_a_wgs84_geodataframe_with_the_right_rows(store, make_record, layer):
    date_field = FEATURE_TYPES[layer].DATE_FIELD
    mine = [
        make_record(layer, **{date_field: "2018-03-01"}),
        make_record(layer, **{date_field: "2018-11-30"}),
    ] if layer != "findings" else [
        make_record(layer, found_date="2018-03-01", status="new", completed_date=None,
                    due_date=None),
        make_record(layer, found_date="2018-11-30", status="new", completed_date=None,
                    due_date=None),
    ]
    if layer == "watch_areas":
        mine = [r.replace(end_date=None) for r in mine]
    other_kommun = make_record(layer, kommun_kod="1263")
    for record in [*mine, other_kommun]:
        store.create(record, "anna")

    everything = store.list(layer)
    assert isinstance(everything, gpd.GeoDataFrame)
    assert everything.crs is not None and everything.crs.to_epsg() == 4326
    assert set(everything["id"]) == {r.id for r in [*mine, other_kommun]}

    listed = store.list(layer, Filter("1270", 2018, 2018))
    assert isinstance(listed, gpd.GeoDataFrame)
    assert listed.crs.to_epsg() == 4326
    assert set(listed["id"]) == {r.id for r in mine}
    by_id = listed.set_index("id")
    for record in mine:
        row = by_id.loc[record.id]
        assert row["kommun_kod"] == "1270"
        assert row["version"] == 1
        assert row.geometry.equals_exact(record.geometry, 1e-9)
