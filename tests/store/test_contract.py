"""The store contract: what every backend must do, tested only through the Store interface."""

from __future__ import annotations

from datetime import date, datetime

import geopandas as gpd
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon

from geo.filters import Filter
from geo.model import FEATURE_TYPES, ActivityCount, ValidationError
from geo.pledges import load_pledges
from geo.store import NotFoundError, StaleVersionError, StoreError

LAYERS = tuple(FEATURE_TYPES)
STORE_FIELDS = ("created_at", "updated_at", "updated_by", "version")
SWEDISH_TEXT = "Åsa Öberg, Ängelholmsvägen"

#: Per layer, an update a user would make (the first key is checked in ``list`` too).
UPDATE_CHANGES = {
    "unsafe_places": {"description": "Belysningen är lagad", "status": "active"},
    "walks": {"participants": 21, "organisers": "Polisen"},
    "findings": {"proposed_action": "Byt armaturen", "priority": 3},
    "watch_areas": {"households": 57, "end_date": None},
    "activities": {"title": "Informationsmöte i Brösarp", "quantity": 3.0},
}
ELSEWHERE = Point(14.1, 55.7)


def assert_same_fields(actual, expected, skip=()):
    for name in type(expected).field_names():
        if name in skip:
            continue
        got, want = getattr(actual, name), getattr(expected, name)
        if name == "geometry":
            assert (got is None) == (want is None), name
            if want is not None:
                assert got.geom_type == want.geom_type
                assert got.equals_exact(want, 1e-12), name
        else:
            assert got == want, f"{name}: {got!r} != {want!r}"


def _unchanged(store, layer, record):
    now = store.get(layer, record.id)
    assert now is not None
    assert_same_fields(now, record)


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


# -- update -----------------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_update_with_the_right_version_applies(store, make_record, layer):
    record = store.create(make_record(layer), "anna")
    changes = UPDATE_CHANGES[layer]
    updated = store.update(layer, record.id, changes, 1, "bo.berg")
    assert updated.version == 2
    got = store.get(layer, record.id)
    assert got.version == 2
    assert got.updated_by == "bo.berg"
    assert got.created_at == record.created_at
    assert got.updated_at >= record.updated_at
    expected = record.replace(**changes)
    assert_same_fields(got, expected, skip=STORE_FIELDS)
    row = store.list(layer).set_index("id").loc[record.id]
    assert row["version"] == 2
    name, value = next(iter(changes.items()))
    assert row[name] == value


def test_update_can_move_the_geometry(store, make_record):
    place = store.create(make_record("unsafe_places"), "anna")
    store.update("unsafe_places", place.id, {"geometry": ELSEWHERE}, 1, "bo")
    assert store.get("unsafe_places", place.id).geometry.equals(ELSEWHERE)
    listed = store.list("unsafe_places")
    assert listed.geometry.iloc[0].equals(ELSEWHERE)


def test_stale_update_is_refused_and_names_who_changed_it(store, make_record):
    place = store.create(make_record("unsafe_places"), "anna")
    store.update("unsafe_places", place.id, {"description": "första"}, 1, "bo.berg")
    after_bo = store.get("unsafe_places", place.id)
    with pytest.raises(StaleVersionError) as caught:
        store.update("unsafe_places", place.id, {"description": "andra"}, 1, "carl")
    assert "bo.berg" in str(caught.value)
    assert caught.value.current == 2
    _unchanged(store, "unsafe_places", after_bo)
    assert len(store.history(record_id=place.id)) == 2


def test_update_of_a_missing_record_is_not_found(store, make_record):
    missing = make_record("walks")
    with pytest.raises(NotFoundError):
        store.update("walks", missing.id, {"name": "x"}, 1, "anna")
    assert store.get("walks", missing.id) is None
    assert store.history() == []


@pytest.mark.parametrize("changes", [{"id": "00000000-0000-4000-8000-000000000000"},
                                     {"version": 9}])
def test_update_refuses_to_change_id_or_version(store, make_record, changes):
    walk = store.create(make_record("walks"), "anna")
    with pytest.raises((ValueError, StoreError)):
        store.update("walks", walk.id, changes, 1, "bo")
    _unchanged(store, "walks", walk)
    assert store.get("walks", "00000000-0000-4000-8000-000000000000") is None


@pytest.mark.parametrize(
    ("layer", "changes", "field"),
    [
        ("unsafe_places", {"category": "bogus"}, "category"),
        ("findings", {"status": "new"}, "completed_date"),
        ("watch_areas", {"end_date": "2010-01-01"}, "end_date"),
        ("walks", {"geometry": Point(55.5, 13.9)}, "geometry"),
    ],
)
def test_update_that_breaks_validation_changes_nothing(store, make_record, layer, changes,
                                                       field):
    record = store.create(make_record(layer), "anna")
    with pytest.raises(ValidationError) as caught:
        store.update(layer, record.id, changes, 1, "bo")
    assert caught.value.field == field
    _unchanged(store, layer, record)
    assert [h.action for h in store.history(record_id=record.id)] == ["create"]
    # The untouched version still accepts a good update.
    assert store.update(layer, record.id, UPDATE_CHANGES[layer], 1, "bo").version == 2


# -- delete and history -------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_delete_removes_and_is_recorded(store, make_record, layer):
    keep = store.create(make_record(layer), "anna")
    gone = store.create(make_record(layer), "anna")
    store.delete(layer, gone.id, 1, "bo", reason="dubblett")
    assert store.get(layer, gone.id) is None
    assert set(store.list(layer)["id"]) == {keep.id}
    last = store.history(record_id=gone.id)[-1]
    assert (last.action, last.user, last.layer, last.reason) == ("delete", "bo", layer,
                                                                 "dubblett")
    assert last.before["id"] == gone.id and last.before["deleted_at"] is None
    # a soft delete: the record is kept, marked, with the reason, for the history
    assert last.after["deleted_reason"] == "dubblett" and last.after["version"] == 2
    kept = store.get(layer, gone.id, deleted=True)
    assert kept.deleted_at is not None and kept.deleted_reason == "dubblett"


def test_delete_requires_a_reason(store, make_record):
    walk = store.create(make_record("walks"), "anna")
    with pytest.raises(ValueError, match="reason"):
        store.delete("walks", walk.id, 1, "bo", reason=" ")
    assert store.get("walks", walk.id).version == 1


def test_delete_refuses_a_stale_version_and_a_missing_id(store, make_record):
    walk = store.create(make_record("walks"), "anna")
    store.update("walks", walk.id, {"name": "ny"}, 1, "bo")
    with pytest.raises(StaleVersionError):
        store.delete("walks", walk.id, 1, "carl", reason="fel")
    assert store.get("walks", walk.id).version == 2
    with pytest.raises(NotFoundError):
        store.delete("walks", make_record("walks").id, 1, "carl", reason="fel")


def test_history_has_one_entry_per_change(store, make_record):
    area = store.create(make_record("watch_areas"), "anna")
    other = store.create(make_record("walks"), "anna")
    store.update("watch_areas", area.id, {"households": 60}, 1, "bo")
    store.delete("watch_areas", area.id, 2, "carl", reason="avslutat")

    entries = store.history(record_id=area.id)
    assert [(e.action, e.user) for e in entries] == [
        ("create", "anna"), ("update", "bo"), ("delete", "carl")]
    create, update, delete = entries
    assert {e.layer for e in entries} == {"watch_areas"}
    assert create.before is None and create.after["version"] == 1
    assert create.after["households"] == 42
    assert update.before["version"] == 1 and update.after["version"] == 2
    assert update.before["households"] == 42 and update.after["households"] == 60
    assert delete.before["version"] == 2 and delete.after["deleted_reason"] == "avslutat"
    assert create.at <= update.at <= delete.at
    assert create.seq < update.seq < delete.seq

    assert [e.record_id for e in store.history("walks")] == [other.id]
    assert len(store.history()) == 4


def test_data_version_changes_on_writes_only(store, make_record):
    seen = [store.data_version()]

    def changed():
        now = store.data_version()
        assert now not in seen
        seen.append(now)

    def unchanged():
        assert store.data_version() == seen[-1]

    place = store.create(make_record("unsafe_places"), "anna")
    changed()
    store.get("unsafe_places", place.id)
    store.list("unsafe_places")
    store.list("unsafe_places", Filter("1270", 2020, 2020), public=True)
    store.history()
    store.pledges()
    store.counts("1270")
    unchanged()
    store.update("unsafe_places", place.id, {"status": "active"}, 1, "bo")
    changed()
    store.create_many([make_record("walks"), make_record("walks")], "anna")
    changed()
    store.delete("unsafe_places", place.id, 2, "bo", reason="dubblett")
    changed()
    store.replace_pledges(load_pledges(), "admin")
    changed()
    store.add_counts([ActivityCount(kommun_kod="1270", kind="home_visit", month="2020-01",
                                    count=2)], "anna")
    changed()
    unchanged()


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


# -- whole-store operations: counts per municipality, copy rows, clear ----------------------


def _fill(store, make_record):
    """A store with one of everything a copy must keep, deleted records and hashes too."""
    from geo.auth import User

    store.replace_pledges(load_pledges(), "admin")
    kept = [store.create(make_record(layer, visibility="public"), "anna") for layer in LAYERS]
    store.update("walks", kept[1].id, {"participants": 3}, 1, "bo")
    gone = store.create(make_record("unsafe_places"), "anna")
    store.delete("unsafe_places", gone.id, 1, "bo", reason="dubblett")
    store.add_counts([ActivityCount(kommun_kod="1270", kind="home_visit", month="2020-01",
                                    count=2)], "anna")
    store.save_user(User(email="åsa@kommun.se", name=SWEDISH_TEXT, role="editor",
                         kommuner=("1270", "1263")), "$argon2id$v=19$hash", "admin")
    store.set_meta("contents", "own data")


def test_export_clear_import_gives_back_every_row(store, make_record):
    from geo.store import transfer

    _fill(store, make_record)
    before = {table: transfer.export(store, table) for table in transfer.TABLES}
    counts = store.row_counts()
    assert counts["unsafe_places"] == 2 and counts["users"] == 1 and counts["pledges"] == 4
    assert counts["history"] == len(store.history())
    deleted = [r for r in before["unsafe_places"] if r["deleted_at"] is not None]
    assert len(deleted) == 1 and deleted[0]["deleted_reason"] == "dubblett"
    assert before["users"][0]["password_hash"] == "$argon2id$v=19$hash"

    store.clear()
    assert transfer.is_empty(store.row_counts())
    for table in transfer.TABLES:
        store.import_rows(table, before[table])
    assert store.row_counts() == counts
    for table in transfer.TABLES:
        check = transfer.compare(table, before[table], transfer.export(store, table))
        assert check.ok, check.examples
    assert store.get("unsafe_places", deleted[0]["id"], deleted=True).deleted_reason == "dubblett"
    assert store.user("åsa@kommun.se")[1] == "$argon2id$v=19$hash"
    assert store.meta("contents") == "own data"
    # the history goes on after the copied entries
    last = store.history()[-1].seq
    store.create(make_record("walks"), "carl")
    assert store.history()[-1].seq > last


def test_clear_empties_the_store_and_makes_it_a_new_one(store, make_record):
    _fill(store, make_record)
    identity, version = store.meta("store_id"), store.data_version()
    store.clear()
    assert all(len(store.list(layer)) == 0 for layer in LAYERS)
    assert store.history() == [] and store.pledges() == [] and store.users() == []
    assert store.meta("contents") is None
    assert store.meta("store_id") not in (None, identity)
    assert store.data_version() != version
    place = store.create(make_record("unsafe_places"), "anna")  # still a working store
    assert [e.record_id for e in store.history()] == [place.id]


def test_counts_by_kommun_agree_with_the_public_lists(store, make_record):
    records = [
        make_record("unsafe_places", visibility="public", reported_date="2020-02-01"),
        make_record("unsafe_places", visibility="public", reported_date="2020-12-31"),
        make_record("unsafe_places", visibility="public", reported_date="2019-12-31"),
        make_record("unsafe_places", visibility="internal", reported_date="2020-05-01"),
        make_record("unsafe_places", visibility="public", kommun_kod="1263",
                    reported_date="2020-05-01"),
        make_record("walks", visibility="public", kommun_kod="1263"),
        # spans: 2017–2019 (not 2020), open since 2019 (in 2020), ends 2020-01-01 (in 2020)
        make_record("watch_areas", visibility="public"),
        make_record("watch_areas", visibility="public", start_date="2019-01-01", end_date=None),
        make_record("watch_areas", visibility="public", start_date="2018-01-01",
                    end_date="2020-01-01"),
    ]
    store.create_many(records, "anna")
    gone = store.create(make_record("walks", visibility="public", kommun_kod="1263"), "anna")
    store.delete("walks", gone.id, 1, "bo", reason="fel")

    expected = {"1270": {"unsafe_places": 2, "watch_areas": 2},
                "1263": {"unsafe_places": 1, "walks": 1}}
    assert store.counts_by_kommun(2020) == expected
    assert store.counts_by_kommun(2020, ["1263", "0138"]) == {"1263": expected["1263"]}
    assert store.counts_by_kommun(2020, []) == {}
    assert store.counts_by_kommun(2019) == {"1270": {"unsafe_places": 1, "watch_areas": 3}}
    for code, layers in expected.items():
        listed = {layer: len(store.list(layer, Filter(code, 2020, 2020), public=True))
                  for layer in LAYERS}
        assert {k: n for k, n in listed.items() if n} == layers
