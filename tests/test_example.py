"""The example data: deterministic, inside the real boundaries, and telling the pledges' story."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.prepared import prep

from geo.domain.enums import COUNT_ONLY_KINDS, ActivityKind, FindingStatus, PlaceStatus
from geo.domain.model import Feature, Pledge, WatchArea
from geo.domain.pledge_files import load_pledges
from geo.example import EXAMPLE_USER, TOWNS, ExampleData, generate, municipality_boundaries
from geo.store import GeoPackageStore

CODES = ("1270", "1263", "1230", "0138")
YEARS = range(2016, 2022)


@pytest.fixture(scope="module")
def pledges() -> list[Pledge]:
    return load_pledges()


@pytest.fixture(scope="module")
def boundaries(pledges: list[Pledge]) -> dict[str, BaseGeometry]:
    return municipality_boundaries(p.kommun_kod for p in pledges)


@pytest.fixture(scope="module")
def data(pledges: list[Pledge], boundaries: dict[str, BaseGeometry]) -> ExampleData:
    return generate(pledges, boundaries)


def _of(records: list, code: str, year: int | None = None) -> list:
    """Records of one municipality (and year, by the record's own date)."""
    return [r for r in records if r.kommun_kod == code
            and (year is None or getattr(r, r.DATE_FIELD).year == year)]


def _metres(geometry: BaseGeometry) -> tuple[float, float]:
    """Width and height of a geometry's bounding box in metres."""
    minx, miny, maxx, maxy = geometry.bounds
    lat = (miny + maxy) / 2
    return ((maxx - minx) * 111_320 * math.cos(math.radians(lat)), (maxy - miny) * 111_320)


# -- determinism ------------------------------------------------------------------------


def test_same_input_gives_identical_records(pledges, boundaries, data):
    again = generate(pledges, boundaries)
    assert again == data
    assert [f.id for f in again.features()] == [f.id for f in data.features()]


def test_another_seed_gives_other_records(pledges, boundaries, data):
    other = generate(pledges, boundaries, seed=1)
    assert other != data
    assert not {f.id for f in other.features()} & {f.id for f in data.features()}


def test_ids_are_unique_and_records_are_marked_as_example(data):
    features = data.features()
    ids = [f.id for f in features] + [c.id for c in data.counts]
    assert len(ids) == len(set(ids))
    for feature in features:
        assert feature.updated_by == EXAMPLE_USER
        assert feature.created_at.date() == getattr(feature, feature.DATE_FIELD)
        assert feature.updated_at >= feature.created_at


def test_features_put_walks_before_their_findings(data):
    layers = [f.LAYER for f in data.features()]
    assert max(i for i, x in enumerate(layers) if x == "walks") < layers.index("findings")


def test_bad_arguments_are_refused(pledges, boundaries):
    with pytest.raises(ValueError):
        generate(pledges, boundaries, scale=0)
    with pytest.raises(KeyError):
        generate(pledges, {"1270": boundaries["1270"]})
    with pytest.raises(KeyError):
        municipality_boundaries(["9999"])


# -- places -----------------------------------------------------------------------------


def test_town_centres_lie_inside_their_municipality(boundaries):
    for code in CODES:
        for town in TOWNS[code]:
            assert boundaries[code].contains(Point(town.lon, town.lat)), town.name


@pytest.mark.parametrize("layer", ["unsafe_places", "walks", "findings", "watch_areas",
                                   "activities"])
def test_every_geometry_lies_inside_its_municipality(data, boundaries, layer):
    inside = {code: prep(geometry) for code, geometry in boundaries.items()}
    records: list[Feature] = getattr(data, layer)
    assert {r.kommun_kod for r in records} == set(CODES)
    for record in records:
        if record.geometry is not None:
            assert inside[record.kommun_kod].contains(record.geometry), (layer, record.id)


def test_geometries_have_the_intended_shapes(data):
    for walk in data.walks:
        assert walk.geometry.geom_type == "LineString"
        assert 4 <= len(walk.geometry.coords) <= 8
    for area in data.watch_areas:
        width, height = _metres(area.geometry)
        assert 100 <= max(width, height) <= 520, area.name
    for place in data.unsafe_places:
        if place.geometry.geom_type == "Polygon":
            assert max(_metres(place.geometry)) < 150


# -- volumes and years --------------------------------------------------------------------


def test_volumes_per_municipality_and_year(data):
    for code in CODES:
        for year in YEARS:
            assert 15 <= len(_of(data.unsafe_places, code, year)) <= 40, (code, year)
            walks = _of(data.walks, code, year)
            assert 2 <= len(walks) <= 4, (code, year)
            assert _of(data.activities, code, year), (code, year)
    per_walk = Counter(f.walk_id for f in data.findings)
    assert set(per_walk) == {w.id for w in data.walks}
    assert all(5 <= n <= 15 for n in per_walk.values())


def test_record_fields_are_within_their_ranges(data):
    assert all(8 <= w.participants <= 40 for w in data.walks)
    assert all(w.name.startswith("Trygghetsvandring ") for w in data.walks)
    assert all(10 <= a.households <= 80 for a in data.watch_areas)
    assert all(a.name.startswith("Grannsamverkan ") for a in data.watch_areas)
    assert all(a.contact_person.startswith("Kontaktperson ") for a in data.watch_areas)
    assert all(1 <= f.priority <= 3 for f in data.findings)
    assert {f.status for f in data.findings} == set(FindingStatus)
    assert any(f.selected for f in data.findings) and not all(f.selected for f in data.findings)
    categories = Counter(p.category.value for p in data.unsafe_places)
    top = {c for c, _ in categories.most_common(4)}
    assert top == {"lighting", "vegetation", "youth_gathering", "vandalism"}
    assert len({p.source for p in data.unsafe_places}) == 5


def test_older_unsafe_places_are_more_often_resolved(data):
    def share(year: int) -> float:
        places = [p for p in data.unsafe_places if p.reported_date.year == year]
        return sum(p.status is PlaceStatus.RESOLVED for p in places) / len(places)

    assert share(2016) > share(2019) > share(2021)


def test_findings_follow_their_walk(data):
    walks = {w.id: w for w in data.walks}
    by_walk: dict[str, list] = {}
    for finding in data.findings:
        by_walk.setdefault(finding.walk_id, []).append(finding)
    for walk_id, findings in by_walk.items():
        walk = walks[walk_id]
        findings.sort(key=lambda f: f.number)
        assert [f.number for f in findings] == list(range(1, len(findings) + 1))
        for finding in findings:
            assert finding.found_date == walk.walk_date
            assert finding.pledge_id == walk.pledge_id
            assert finding.due_date is not None
            assert 150 <= (finding.due_date - walk.walk_date).days <= 210
            assert walk.geometry.distance(finding.geometry) < 0.002  # about 100 m


def test_completed_date_is_set_exactly_when_done(data):
    for finding in data.findings:
        done = finding.status is FindingStatus.DONE
        assert (finding.completed_date is not None) == done
        if done:
            assert finding.completed_date > finding.found_date


def test_watch_areas_active_grow_every_year(data):
    def active(code: str, year: int) -> int:
        return sum(year in a.years() for a in _of(data.watch_areas, code))

    for code in CODES:
        counts = [active(code, year) for year in YEARS]
        assert counts == sorted(counts) and counts[0] < counts[-1], (code, counts)
        assert 2 <= len(_of(data.watch_areas, code, 2016)) <= 4
    assert any(a.end_date for a in data.watch_areas)


# -- pledge links -------------------------------------------------------------------------


def test_records_in_a_pledge_period_are_mostly_linked(data, pledges):
    linked = total = 0
    for place in data.unsafe_places:
        pledge = next((p for p in pledges if p.kommun_kod == place.kommun_kod
                       and p.period_start <= place.reported_date <= p.period_end), None)
        if pledge is None:
            assert place.pledge_id is None
        else:
            total += 1
            linked += place.pledge_id == pledge.id
            assert place.pledge_id in (None, pledge.id)
    assert 0.75 <= linked / total <= 0.95


def test_watch_areas_started_in_a_pledge_period_carry_it(data, pledges):
    for area in data.watch_areas:
        pledge = next((p for p in pledges if p.kommun_kod == area.kommun_kod
                       and p.period_start <= area.start_date <= p.period_end), None)
        assert area.pledge_id == (pledge.id if pledge else None)
    tomelilla_2020 = _of(data.watch_areas, "1270", 2020)
    assert len(tomelilla_2020) >= 2
    assert all(a.pledge_id == "tomelilla-2020" for a in tomelilla_2020)


def test_activity_commitments_match_their_kind(data, pledges):
    commitments = {c.id: c for p in pledges for c in p.commitments}
    for activity in data.activities:
        assert activity.kind not in COUNT_ONLY_KINDS
        assert activity.title
        if activity.commitment_id:
            commitment = commitments[activity.commitment_id]
            assert commitment.kind is activity.kind
            assert activity.pledge_id == commitment.pledge_id


# -- the pledges' stories -----------------------------------------------------------------


def _commitment_activities(data: ExampleData, commitment_id: str) -> list:
    return [a for a in data.activities if a.commitment_id == commitment_id]


def test_tomelilla_2020_two_chosen_findings_per_walk(data):
    walks = _of(data.walks, "1270", 2020)
    assert all(w.pledge_id == "tomelilla-2020" for w in walks)
    selected = Counter(f.walk_id for f in data.findings if f.selected)
    per_walk = sorted(selected[w.id] for w in walks)
    assert per_walk == [2] * (len(walks) - 1) + [3]
    chosen = [f for f in data.findings if f.selected and f.walk_id in {w.id for w in walks}]
    still_open = [f for f in chosen if f.status is not FindingStatus.DONE]
    assert len(still_open) == 1 and still_open[0].status is FindingStatus.IN_PROGRESS
    activities = {a.id: a for a in data.activities}
    for finding in chosen:
        if finding.status is FindingStatus.DONE:
            assert finding.completed_date <= date(2020, 12, 31)
            assert activities[finding.activity_id].finding_id == finding.id


def test_svedala_2017_police_hours_fall_short_of_4000(data):
    hours = _commitment_activities(data, "svedala-2017-police-hours")
    assert all(a.geometry is None and a.unit == "timmar" for a in hours)
    assert all(a.kind is ActivityKind.POLICE_HOURS for a in hours)
    assert 3000 < sum(a.quantity for a in hours) < 4000


def test_svedala_2017_three_watch_startup_meetings(data):
    meetings = _commitment_activities(data, "svedala-2017-watch-startup")
    assert len(meetings) == 3
    assert all(m.activity_date.year == 2017 and m.geometry is not None for m in meetings)


def test_staffanstorp_2018_2019_commitments(data):
    assert len(_commitment_activities(data, "staffanstorp-2018-2019-info-meetings")) == 4
    assert len(_commitment_activities(data, "staffanstorp-2018-2019-watch-contacts")) == 1
    dispatches = _commitment_activities(data, "staffanstorp-2018-2019-app-dispatch")
    months = {a.activity_date.strftime("%Y-%m") for a in dispatches}
    assert len(dispatches) == len(months) == 22
    walks = [w for w in data.walks if w.kommun_kod == "1230" and w.walk_date.year in (2018, 2019)]
    assert len(walks) >= 2 and all(w.pledge_id == "staffanstorp-2018-2019" for w in walks)


def test_tyreso_2018_measures_at_unsafe_places(data):
    places = {p.geometry.wkb: p for p in _of(data.unsafe_places, "0138", 2018)}
    measures = [a for a in _of(data.activities, "0138", 2018)
                if a.kind is ActivityKind.PHYSICAL_MEASURE and a.geometry.wkb in places]
    assert len(measures) >= 4
    for measure in measures:
        place = places[measure.geometry.wkb]
        assert place.status is PlaceStatus.RESOLVED
        assert measure.pledge_id == "tyreso-2018"
        assert measure.activity_date >= place.reported_date


def test_counts_are_monthly_and_never_placed(data):
    assert data.counts
    for count in data.counts:
        assert not hasattr(count, "geometry")
        assert count.kind in COUNT_ONLY_KINDS
        assert 0 <= count.count <= 6
    by_commitment = Counter(c.commitment_id for c in data.counts)
    assert by_commitment == {"tomelilla-2020-home-visits": 12, "svedala-2017-concern-talks": 12}
    assert {c.kind for c in data.counts} == {ActivityKind.HOME_VISIT, ActivityKind.CONCERN_TALK}


# -- scale and storage --------------------------------------------------------------------


def test_scale_two_roughly_doubles(pledges, boundaries, data):
    double = generate(pledges, boundaries, scale=2)
    for layer in ("unsafe_places", "walks", "watch_areas"):
        ratio = len(getattr(double, layer)) / len(getattr(data, layer))
        assert 1.6 <= ratio <= 2.4, (layer, ratio)
    assert len(double.counts) == len(data.counts)
    hours = _commitment_activities(double, "svedala-2017-police-hours")
    assert 3000 < sum(a.quantity for a in hours) < 4000


def test_round_trip_through_a_geopackage(data, tmp_path: Path):
    store = GeoPackageStore(tmp_path / "t.gpkg")
    store.initialize()
    assert store.create_many(data.features(), "test") == len(data.features())
    assert store.add_counts(data.counts, "test") == len(data.counts)
    for layer in ("unsafe_places", "walks", "findings", "watch_areas", "activities"):
        assert len(store.list(layer)) == len(getattr(data, layer)), layer
    assert sum(len(store.counts(code)) for code in CODES) == len(data.counts)
    walk = data.walks[0]
    stored = store.get("walks", walk.id)
    assert stored is not None and stored.geometry.equals(walk.geometry)
    area = store.get("watch_areas", data.watch_areas[0].id)
    assert isinstance(area, WatchArea) and area.contact_person.startswith("Kontaktperson")
