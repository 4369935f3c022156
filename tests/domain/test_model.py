"""The domain records: valid values are accepted and coerced, bad ones refused by field."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from geo import config
from geo.domain.enums import ActivityKind, Category, FindingStatus, TargetPeriod, Visibility
from geo.domain.model import (
    FEATURE_TYPES,
    Activity,
    ActivityCount,
    Commitment,
    Finding,
    Pledge,
    SafetyWalk,
    UnsafePlace,
    ValidationError,
    WatchArea,
)

LAYERS = tuple(FEATURE_TYPES)
BOWTIE = Polygon([(13.0, 55.5), (14.0, 56.0), (14.0, 55.5), (13.0, 56.0)])


def count_fields(**overrides):
    return {
        "kommun_kod": "1270",
        "pledge_id": "tomelilla-2020",
        "commitment_id": "tomelilla-2020-home-visits",
        "kind": "home_visit",
        "month": "2020-03",
        "count": 4,
        **overrides,
    }


def commitment_fields(**overrides):
    return {
        "id": "tomelilla-2020-walks",
        "pledge_id": "tomelilla-2020",
        "text": "Genomföra trygghetsvandringar",
        "kind": "safety_walk",
        "target": 2,
        "unit": "vandringar",
        "target_period": "year",
        "responsible": "both",
        **overrides,
    }


def pledge_fields(**overrides):
    return {
        "id": "tomelilla-2020",
        "kommun_kod": "1270",
        "kommun": "Tomelilla",
        "police_area": "LPO Österlen",
        "title": "Medborgarlöfte 2020",
        "period_start": "2020-01-01",
        "period_end": "2020-12-31",
        "signed_date": "2020-02-10",
        "follow_up": "quarterly",
        "problem": "Otrygghet i centrum",
        "goals": ("Ökad trygghet",),
        "source_document": "medborgarlofte-2020.pdf",
        **overrides,
    }


# -- valid records ----------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_each_feature_constructs_and_coerces(layer, record_fields):
    fields = record_fields(layer)
    record = FEATURE_TYPES[layer](**fields)
    assert record.LAYER == layer
    assert record.kommun_kod == "1270"
    assert record.visibility is Visibility.INTERNAL
    assert record.version == 1
    day = getattr(record, record.DATE_FIELD)
    assert type(day) is date
    assert day.isoformat() == fields[record.DATE_FIELD]


def test_unsafe_place_coerces_codes_and_keeps_leading_zero(record_fields):
    place = UnsafePlace(**record_fields("unsafe_places", kommun_kod="0138"))
    assert place.kommun_kod == "0138"
    assert place.category is Category.LIGHTING
    assert place.reported_date == date(2020, 3, 4)


def test_finding_constructs(record_fields):
    finding = Finding(**record_fields("findings"))
    assert finding.status is FindingStatus.DONE
    assert finding.completed_date == date(2020, 6, 1)
    assert finding.selected is True


def test_activity_without_place_is_allowed(record_fields):
    activity = Activity(**record_fields("activities", geometry=None, kind="police_hours"))
    assert activity.geometry is None
    assert activity.kind is ActivityKind.POLICE_HOURS


def test_walk_constructs(record_fields):
    walk = SafetyWalk(**record_fields("walks"))
    assert walk.participants == 14


def test_activity_count_constructs():
    count = ActivityCount(**count_fields())
    assert count.kind is ActivityKind.HOME_VISIT
    assert count.month == "2020-03"
    assert count.count == 4
    assert ActivityCount(**count_fields(kind="concern_talk")).kind is ActivityKind.CONCERN_TALK


def test_commitment_constructs():
    commitment = Commitment(**commitment_fields())
    assert commitment.target == 2.0
    assert commitment.target_period is TargetPeriod.YEAR
    assert commitment.kind is ActivityKind.SAFETY_WALK


def test_pledge_constructs_with_commitments():
    commitment = Commitment(**commitment_fields())
    pledge = Pledge(**pledge_fields(commitments=(commitment,)))
    assert pledge.period_start == date(2020, 1, 1)
    assert pledge.commitments == (commitment,)
    assert list(pledge.years) == [2020]


# -- refusals -------------------------------------------------------------------------

FEATURE_REFUSALS = [
    ("unsafe_places", {"kommun_kod": "127"}, "kommun_kod"),
    ("unsafe_places", {"kommun_kod": "12700"}, "kommun_kod"),
    ("unsafe_places", {"category": "bogus"}, "category"),
    ("unsafe_places", {"source": "rumour"}, "source"),
    ("unsafe_places", {"status": "done"}, "status"),
    ("unsafe_places", {"visibility": "secret"}, "visibility"),
    ("unsafe_places", {"reported_date": "2020-13-01"}, "reported_date"),
    ("unsafe_places", {"pledge_id": "Robert'); DROP"}, "pledge_id"),
    ("unsafe_places", {"geometry": Point(55.5, 13.9)}, "geometry"),
    ("unsafe_places", {"geometry": LineString([(13.9, 55.5), (14.0, 55.6)])}, "geometry"),
    ("unsafe_places", {"geometry": None}, "geometry"),
    ("findings", {"geometry": Polygon([(13.9, 55.5), (14, 55.5), (14, 55.6)])}, "geometry"),
    ("watch_areas", {"geometry": BOWTIE}, "geometry"),
    ("watch_areas", {"geometry": Point(13.9, 55.5)}, "geometry"),
    ("watch_areas", {"start_date": "2019-01-02", "end_date": "2019-01-01"}, "end_date"),
    ("watch_areas", {"households": -3}, "households"),
    ("watch_areas", {"name": "   "}, "name"),
    ("walks", {"participants": -1}, "participants"),
    ("walks", {"participants": 2.5}, "participants"),
    ("walks", {"walk_date": None}, "walk_date"),
    ("findings", {"status": "done", "completed_date": None}, "completed_date"),
    ("findings", {"status": "new", "completed_date": "2020-06-01"}, "completed_date"),
    ("findings", {"completed_date": "2020-04-14"}, "completed_date"),
    ("findings", {"due_date": "2020-04-01"}, "due_date"),
    ("findings", {"priority": 4}, "priority"),
    ("findings", {"number": 0}, "number"),
    ("findings", {"selected": "maybe"}, "selected"),
    ("findings", {"walk_id": "walk-7"}, "walk_id"),
    ("findings", {"activity_id": "not-a-uuid"}, "activity_id"),
    ("activities", {"finding_id": "not-a-uuid"}, "finding_id"),
    ("activities", {"kind": "home_visit"}, "kind"),
    ("activities", {"kind": "concern_talk", "geometry": None}, "kind"),
    ("activities", {"quantity": -1}, "quantity"),
    ("activities", {"title": ""}, "title"),
    ("activities", {"id": "42"}, "id"),
]


@pytest.mark.parametrize(
    ("layer", "overrides", "field"),
    FEATURE_REFUSALS,
    ids=[f"{layer}-{field}-{next(iter(o.values()))!r}" for layer, o, field in FEATURE_REFUSALS],
)
def test_bad_feature_value_is_refused_naming_the_field(layer, overrides, field, record_fields):
    with pytest.raises(ValidationError) as caught:
        FEATURE_TYPES[layer](**record_fields(layer, **overrides))
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "safety_walk"}, "kind"),
        ({"kind": "police_hours"}, "kind"),
        ({"month": "2020-13"}, "month"),
        ({"month": "2020-1"}, "month"),
        ({"month": "2020-03-01"}, "month"),
        ({"count": -1}, "count"),
        ({"kommun_kod": "127"}, "kommun_kod"),
    ],
)
def test_bad_activity_count_is_refused(overrides, field):
    with pytest.raises(ValidationError) as caught:
        ActivityCount(**count_fields(**overrides))
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id": "svedala-2017-walks"}, "id"),
        ({"kind": "bogus"}, "kind"),
        ({"target": -2}, "target"),
        ({"target_period": "decade"}, "target_period"),
        ({"responsible": "nobody"}, "responsible"),
        ({"text": ""}, "text"),
    ],
)
def test_bad_commitment_is_refused(overrides, field):
    with pytest.raises(ValidationError) as caught:
        Commitment(**commitment_fields(**overrides))
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kommun_kod": "127"}, "kommun_kod"),
        ({"period_end": "2019-12-31"}, "period_end"),
        ({"period_start": "2020-02-30"}, "period_start"),
        ({"follow_up": "never"}, "follow_up"),
        ({"id": "Tomelilla 2020"}, "id"),
    ],
)
def test_bad_pledge_is_refused(overrides, field):
    with pytest.raises(ValidationError) as caught:
        Pledge(**pledge_fields(**overrides))
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("layer", "field", "limit"),
    [
        ("unsafe_places", "description", config.MAX_LONG_TEXT),
        ("findings", "proposed_action", config.MAX_LONG_TEXT),
        ("walks", "name", config.MAX_SHORT_TEXT),
        ("watch_areas", "contact_person", config.MAX_SHORT_TEXT),
        ("activities", "title", config.MAX_SHORT_TEXT),
    ],
)
def test_text_up_to_the_limit_is_kept_and_over_it_refused(layer, field, limit, record_fields):
    record_type = FEATURE_TYPES[layer]
    kept = record_type(**record_fields(layer, **{field: "ö" * limit}))
    assert getattr(kept, field) == "ö" * limit
    with pytest.raises(ValidationError) as caught:
        record_type(**record_fields(layer, **{field: "ö" * (limit + 1)}))
    assert caught.value.field == field


# -- geometry and years -----------------------------------------------------------------


def test_polygon_watch_area_is_stored_as_multipolygon(record_fields):
    fields = record_fields("watch_areas")
    area = WatchArea(**fields)
    assert isinstance(area.geometry, MultiPolygon)
    assert len(area.geometry.geoms) == 1
    assert area.geometry.geoms[0].equals(fields["geometry"])


@pytest.mark.parametrize(
    ("layer", "day", "year"),
    [
        ("unsafe_places", "2019-12-31", 2019),
        ("walks", "2020-01-01", 2020),
        ("findings", "2018-07-15", 2018),
        ("activities", "2021-12-31", 2021),
    ],
)
def test_point_feature_belongs_to_the_year_of_its_date(layer, day, year, record_fields):
    record_type = FEATURE_TYPES[layer]
    overrides = {record_type.DATE_FIELD: day}
    if layer == "findings":
        overrides.update(status="new", completed_date=None, due_date=None)
    record = record_type(**record_fields(layer, **overrides))
    assert list(record.years()) == [year]


def test_watch_area_belongs_to_every_year_its_span_touches(record_fields):
    area = WatchArea(**record_fields("watch_areas", start_date="2017-05-01",
                                     end_date="2019-02-01"))
    assert list(area.years()) == [2017, 2018, 2019]


def test_watch_area_ending_on_new_years_day_touches_that_year(record_fields):
    area = WatchArea(**record_fields("watch_areas", start_date="2018-12-31",
                                     end_date="2019-01-01"))
    assert list(area.years()) == [2018, 2019]


def test_open_watch_area_runs_to_this_year(record_fields):
    area = WatchArea(**record_fields("watch_areas", start_date="2016-03-01", end_date=None))
    assert list(area.years()) == list(range(2016, date.today().year + 1))


# -- replace ----------------------------------------------------------------------------


def test_replace_returns_a_changed_copy(record_fields):
    place = UnsafePlace(**record_fields("unsafe_places"))
    changed = place.replace(category="drugs", reported_date="2021-02-03")
    assert changed.category is Category.DRUGS
    assert changed.reported_date == date(2021, 2, 3)
    assert changed.id == place.id
    assert place.category is Category.LIGHTING


@pytest.mark.parametrize(
    ("layer", "changes", "field"),
    [
        ("unsafe_places", {"kommun_kod": "12"}, "kommun_kod"),
        ("unsafe_places", {"category": "bogus"}, "category"),
        ("findings", {"status": "new"}, "completed_date"),
        ("watch_areas", {"end_date": "2016-01-01"}, "end_date"),
        ("activities", {"geometry": Point(55.5, 13.9)}, "geometry"),
    ],
)
def test_replace_revalidates(layer, changes, field, make_record):
    record = make_record(layer)
    with pytest.raises(ValidationError) as caught:
        record.replace(**changes)
    assert caught.value.field == field


def test_replace_converts_a_watch_area_polygon(make_record):
    area = make_record("watch_areas")
    square = Polygon([(14.0, 56.0), (14.1, 56.0), (14.1, 56.1), (14.0, 56.1)])
    moved = area.replace(geometry=square)
    assert isinstance(moved.geometry, MultiPolygon)
    assert moved.geometry.geoms[0].equals(square)
