"""The filter: refuses bad values, and its SQL form selects what its Python form selects."""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import date

import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.domain.filters import PLEDGE_ALL, PLEDGE_NONE, Filter
from geo.domain.model import (
    FEATURE_TYPES,
    Activity,
    Finding,
    SafetyWalk,
    UnsafePlace,
    ValidationError,
    WatchArea,
)
from geo.domain.pledge_files import load_pledges
from geo.store import GeoPackageStore

KOMMUNER = ("1270", "1263")
PLEDGES = (None, "tomelilla-2020", "svedala-2017")
#: The commitments the activities count for (None: counted for none).
COMMITMENTS = (None, "tomelilla-2020-a", "tomelilla-2020-b")
#: Dates placed on the year boundaries, where an off-by-one would show.
DAYS = ("01-01", "06-15", "12-31")
YEARS = range(2016, 2022)
PARTIES = ("municipality", "police", "property_owner", "road_authority")
KINDS = ("visible_presence", "dispatch")
#: Due dates: none, the day found, half a year on (late or not depending on the day asked).
DUES = (lambda y, d: None, lambda y, d: f"{y}-{d}", lambda y, d: f"{y + 1}-06-30")

# -- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kommun_kod": "127"}, "kommun_kod"),
        ({"kommun_kod": "1270' OR '1'='1"}, "kommun_kod"),
        ({"year_from": 2020, "year_to": 2019}, "year_to"),
        ({"year_from": 1800}, "year_from"),
        ({"year_to": "2020"}, "year_to"),
        ({"pledge": "Robert'); DROP"}, "pledge"),
        ({"pledge": ""}, "pledge"),
        ({"categories": ("bogus",)}, "categories"),
        ({"categories": ["lighting"]}, "categories"),
        ({"place_statuses": ("done",)}, "place_statuses"),
        ({"finding_statuses": ("active",)}, "finding_statuses"),
        ({"finding_statuses": ("open' OR 1=1 --",)}, "finding_statuses"),
        ({"kinds": ("lighting",)}, "kinds"),
        ({"responsible": ("nobody",)}, "responsible"),
        ({"late_on": "2020-01-01"}, "late_on"),
        ({"ids": ("1' OR '1'='1",)}, "ids"),
        ({"ids": ["6b11ac6a-6ab7-40ad-ac1e-952760000000"]}, "ids"),
    ],
)
def test_filter_refuses_bad_values(kwargs, field):
    values = {"kommun_kod": "1270", "year_from": 2020, "year_to": 2020, **kwargs}
    with pytest.raises(ValidationError) as caught:
        Filter(**values)
    assert caught.value.field == field


def test_filter_for_pledge_takes_its_municipality_and_years():
    pledge = {p.id: p for p in load_pledges()}["staffanstorp-2018-2019"]
    flt = Filter.for_pledge(pledge)
    assert flt == Filter("1230", 2018, 2019, pledge="staffanstorp-2018-2019")
    narrowed = Filter.for_pledge(pledge, categories=("lighting",))
    assert narrowed.categories == ("lighting",)
    assert narrowed.year_from == 2018 and narrowed.year_to == 2019


def test_equal_filters_hash_equal():
    a = Filter("1270", 2018, 2019, categories=("lighting", "drugs"))
    b = Filter("1270", 2018, 2019, categories=("lighting", "drugs"))
    assert a == b and hash(a) == hash(b)
    assert {a: 1}[b] == 1


# -- where() and matches() agree on a real store ------------------------------------------

WATCH_SPANS = [
    ("2017-05-01", "2019-02-01"),
    ("2016-03-01", None),
    ("2018-06-01", "2019-01-01"),  # ends exactly on New Year's Day
    ("2019-12-31", None),  # starts exactly on New Year's Eve
    ("2019-12-31", "2020-01-01"),
    ("2015-01-01", "2016-12-31"),
    ("2020-01-01", "2020-01-01"),
    ("2021-12-31", "2021-12-31"),
    ("2012-01-01", "2015-12-31"),  # before every filter below
]


def _point(i: int) -> Point:
    return Point(13.5 + (i % 50) * 0.01, 55.4 + (i // 50) * 0.01)


def _records() -> list:
    records = []
    rng = random.Random(20201)
    categories = ["lighting", "drugs", "vegetation", "traffic"]
    for i, (kommun, year, day, pledge) in enumerate(
        itertools.product(KOMMUNER, YEARS, DAYS, PLEDGES)
    ):
        when = f"{year}-{day}"
        base = {"kommun_kod": kommun, "pledge_id": pledge, "geometry": _point(i)}
        status = rng.choice(["active", "resolved"])
        records.append(UnsafePlace(**base, category=rng.choice(categories), source="survey",
                                   reported_date=when, status=status,
                                   resolved_date=when if status == "resolved" else None,
                                   description=f"place {when}"))
        walk = SafetyWalk(**{**base, "geometry": LineString([(13.5, 55.5), (13.6, 55.6)])},
                          walk_date=when, name=f"walk {when}")
        records.append(walk)
        status = rng.choice(["new", "planned", "done", "in_progress"])
        records.append(Finding(**base, walk_id=walk.id, found_date=when,
                               category=rng.choice(categories),
                               status=status,
                               completed_date=f"{year}-12-31" if status == "done" else None,
                               responsible=PARTIES[i % len(PARTIES)],
                               due_date=DUES[i % len(DUES)](year, day)))
        records.append(Activity(**{**base, "geometry": None if i % 3 == 0 else _point(i)},
                                kind=KINDS[i % len(KINDS)], activity_date=when,
                                title=f"activity {when}",
                                commitment_id=COMMITMENTS[i // len(PLEDGES) % len(COMMITMENTS)]))
    square = Polygon([(13.8, 55.4), (13.9, 55.4), (13.9, 55.5), (13.8, 55.5)])
    for kommun, (start, end), pledge in itertools.product(KOMMUNER, WATCH_SPANS, PLEDGES):
        records.append(WatchArea(kommun_kod=kommun, pledge_id=pledge, geometry=square,
                                 name=f"{start}..{end}", start_date=start, end_date=end))
    return records


#: Made once: the store holds them and a filter names some of their (random) ids.
RECORDS = _records()


@pytest.fixture(scope="module")
def populated(tmp_path_factory):
    store = GeoPackageStore(tmp_path_factory.mktemp("filters") / "filters.gpkg")
    store.initialize()
    records = RECORDS
    store.create_many(records, "tester")
    return store, records


def _filters() -> list[Filter]:
    spans = [(y, y) for y in range(2015, 2023)] + [(2016, 2018), (2019, 2020), (2016, 2021)]
    filters = [
        Filter(kommun, a, b, pledge=pledge)
        for kommun, (a, b), pledge in itertools.product(
            KOMMUNER, spans, (PLEDGE_ALL, PLEDGE_NONE, "tomelilla-2020", "svedala-2017")
        )
    ]
    extras = [
        {"categories": ("lighting",)},
        {"categories": ("drugs", "traffic")},
        {"place_statuses": ("active",)},
        {"finding_statuses": ("done", "in_progress")},
        {"finding_statuses": ("new",), "categories": ("vegetation",), "place_statuses": (
            "resolved",)},
        {"commitment": "tomelilla-2020-a"},
        {"commitment": "tomelilla-2020-b", "categories": ("drugs",)},
        {"kinds": ("dispatch",)},
        {"responsible": ("police", "property_owner")},
        {"late_on": date(2019, 1, 1)},
        {"late_on": date(2020, 6, 15), "responsible": ("municipality",),
         "finding_statuses": ("new", "planned")},
        {"ids": tuple(sorted(r.id for r in RECORDS[::7]))},  # every layer has some
    ]
    for extra, (a, b), pledge in itertools.product(
        extras, [(2018, 2018), (2016, 2021)], (PLEDGE_ALL, "tomelilla-2020")
    ):
        filters.append(Filter("1270", a, b, pledge=pledge, **extra))
    return filters


FILTERS = _filters()


def _filter_id(f: Filter) -> str:
    parts = [f.kommun_kod, f"{f.year_from}-{f.year_to}", f.pledge]
    for name in ("categories", "place_statuses", "finding_statuses", "commitment", "kinds",
                 "responsible", "late_on"):
        value = getattr(f, name)
        if value:
            parts.append(str(value) if isinstance(value, str | date) else "+".join(value))
    if f.ids:
        parts.append(f"{len(f.ids)}ids")
    return "/".join(parts)


@pytest.mark.parametrize("flt", FILTERS, ids=[_filter_id(f) for f in FILTERS])
def test_where_and_matches_select_the_same_records(flt, populated):
    store, records = populated
    for layer in FEATURE_TYPES:
        listed = store.list(layer, flt)
        expected = {r.id for r in records if r.LAYER == layer and flt.matches(r)}
        assert set(listed["id"]) == expected, layer
        assert len(listed) == len(expected), f"{layer}: duplicate rows"


def test_the_comparison_is_not_vacuous(populated):
    """Many filters select something, and none selects everything of a layer."""
    _, records = populated
    for layer in FEATURE_TYPES:
        total = sum(r.LAYER == layer for r in records)
        sizes = [sum(r.LAYER == layer and f.matches(r) for r in records) for f in FILTERS]
        assert sum(s > 0 for s in sizes) > len(FILTERS) // 3, layer
        assert max(sizes) < total, layer
    # Every code a filter asks for is present, so category and status filters are exercised.
    places = [r for r in records if r.LAYER == "unsafe_places"]
    findings = [r for r in records if r.LAYER == "findings"]
    for kommun, pledge in itertools.product(KOMMUNER, PLEDGES):
        for group in (places, findings):
            mine = [r for r in group if r.kommun_kod == kommun and r.pledge_id == pledge]
            assert {r.category.value for r in mine} >= {"lighting", "drugs", "traffic",
                                                        "vegetation"}
        assert {r.status.value for r in places if r.kommun_kod == kommun} == {
            "active", "resolved"}
        assert {r.status.value for r in findings if r.kommun_kod == kommun} == {
            "new", "planned", "done", "in_progress"}
        assert {r.commitment_id for r in records if r.LAYER == "activities"
                and r.kommun_kod == kommun and r.pledge_id == pledge} == set(COMMITMENTS)


def _watch_names(store, flt) -> set[str]:
    return set(store.list("watch_areas", flt)["name"])


def test_watch_areas_by_hand(populated):
    store, _ = populated
    y2018 = _watch_names(store, Filter("1270", 2018, 2018))
    y2019 = _watch_names(store, Filter("1270", 2019, 2019))
    y2020 = _watch_names(store, Filter("1270", 2020, 2020))
    y2021 = _watch_names(store, Filter("1270", 2021, 2021))
    assert "2017-05-01..2019-02-01" in y2018
    assert "2017-05-01..2019-02-01" not in y2020
    assert "2016-03-01..None" in y2021
    assert "2018-06-01..2019-01-01" in y2019
    assert "2018-06-01..2019-01-01" not in y2020
    assert "2019-12-31..None" in y2019
    assert "2019-12-31..None" not in y2018
    assert "2019-12-31..2020-01-01" in y2019 and "2019-12-31..2020-01-01" in y2020
    assert "2020-01-01..2020-01-01" in y2020 and "2020-01-01..2020-01-01" not in y2019
    assert "2012-01-01..2015-12-31" not in y2018 | y2019 | y2020 | y2021
    assert y2018 == {
        "2017-05-01..2019-02-01", "2016-03-01..None", "2018-06-01..2019-01-01",
    }


def test_point_features_on_year_boundaries_by_hand(populated):
    store, _ = populated
    y2019 = set(store.list("unsafe_places", Filter("1270", 2019, 2019))["description"])
    assert y2019 == {"place 2019-01-01", "place 2019-06-15", "place 2019-12-31"}
    span = store.list("walks", Filter("1263", 2019, 2020, pledge=PLEDGE_NONE))
    assert sorted(span["name"]) == [
        "walk 2019-01-01", "walk 2019-06-15", "walk 2019-12-31",
        "walk 2020-01-01", "walk 2020-06-15", "walk 2020-12-31",
    ]
    assert span["pledge_id"].isna().all()
    assert set(span["kommun_kod"]) == {"1263"}


def test_pledge_and_category_by_hand(populated):
    store, records = populated
    flt = Filter("1270", 2016, 2021, pledge="svedala-2017", categories=("lighting",))
    listed = store.list("findings", flt)
    assert len(listed) > 0
    assert set(listed["pledge_id"]) == {"svedala-2017"}
    assert set(listed["category"]) == {"lighting"}
    # Walks and watch areas have no category: the category filter leaves them alone.
    walks = store.list("walks", flt)
    assert len(walks) == sum(
        r.LAYER == "walks" and r.kommun_kod == "1270" and r.pledge_id == "svedala-2017"
        for r in records
    )


def test_matches_on_a_single_record():
    place = UnsafePlace(id=str(uuid.uuid4()), kommun_kod="1270", geometry=Point(13.9, 55.5),
                        category="drugs", source="police", reported_date=date(2020, 12, 31),
                        status="active")
    assert Filter("1270", 2020, 2020).matches(place)
    assert not Filter("1270", 2021, 2021).matches(place)
    assert not Filter("1263", 2020, 2020).matches(place)
    assert Filter("1270", 2020, 2020, pledge=PLEDGE_NONE).matches(place)
    assert not Filter("1270", 2020, 2020, pledge="tomelilla-2020").matches(place)
    assert not Filter("1270", 2020, 2020, categories=("lighting",)).matches(place)
    assert not Filter("1270", 2020, 2020, place_statuses=("resolved",)).matches(place)
    # A finding-status filter does not apply to unsafe places.
    assert Filter("1270", 2020, 2020, finding_statuses=("new",)).matches(place)


def test_a_first_visit_opens_on_the_newest_current_pledge():
    from dataclasses import replace

    from geo.domain.filters import start_view
    from geo.domain.pledge_files import load_pledges

    seeds = load_pledges()
    today = date(2026, 12, 5)
    fallback = ("0180", 2026)
    # the seeds' newest is Tomelilla 2020
    assert start_view(seeds, today, fallback) == ("1270", 2020)
    # archived, or not begun yet, it gives way to the next newest (Tyresö and Staffanstorp
    # both began on 2018-01-01: the later id, Tyresö 2018)
    archived = [replace(p, archived=True) if p.id == "tomelilla-2020" else p for p in seeds]
    assert start_view(archived, today, fallback) == ("0138", 2018)
    assert start_view(seeds, date(2019, 6, 1), fallback) == ("0138", 2018)
    # a pledge over two years opens on its last year, but never on a year still to come
    staffanstorp = [p for p in seeds if p.id == "staffanstorp-2018-2019"]
    assert start_view(staffanstorp, today, fallback) == ("1230", 2019)
    assert start_view(staffanstorp, date(2018, 3, 1), fallback) == ("1230", 2018)
    assert start_view([], today, fallback) == fallback
