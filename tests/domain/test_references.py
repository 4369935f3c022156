"""References shown by name and date, never by id (issue 14, item 6)."""

from __future__ import annotations

import pandas as pd

from geo import i18n
from geo.domain import references
from geo.domain.model import Activity, Finding, SafetyWalk
from geo.domain.pledge_files import load_pledges
from geo.map import view
from geo.urlstate import Param, parse


def _walk(name: str = "Centrum") -> SafetyWalk:
    from shapely.geometry import LineString
    return SafetyWalk(kommun_kod="1270", walk_date="2020-09-10", name=name,
                      geometry=LineString([(13.95, 55.54), (13.96, 55.55)]))


def _finding(walk: SafetyWalk) -> Finding:
    from shapely.geometry import Point
    return Finding(kommun_kod="1270", walk_id=walk.id, number=3, found_date="2020-09-10",
                   category="lighting", description="Trasig lampa", geometry=Point(13.95, 55.54))


def test_a_findings_walk_is_named_by_date_and_name_not_id():
    walk = _walk()
    finding = _finding(walk)
    lookup = {("walks", walk.id): walk}
    names = references.labels(finding, "sv", lambda layer, i: lookup.get((layer, i)), {})
    assert names == {"walk_id": "2020-09-10, Centrum"}
    pairs = dict(view.details(finding, "sv", {}, references=names))
    assert pairs[i18n.t("fields.walk_id", "sv")] == "2020-09-10, Centrum"
    assert walk.id not in " ".join(pairs.values())


def test_in_english_and_a_walk_not_public():
    walk = _walk("Old town")
    finding = _finding(walk)
    assert references.labels(finding, "en", lambda *_: walk, {}) == {
        "walk_id": "2020-09-10, Old town"}
    assert references.labels(finding, "sv", lambda *_: None, {}) == {
        "walk_id": i18n.t("references.not_shown", "sv")}


def test_an_activity_names_its_commitment_and_finding():
    pledge = next(p for p in load_pledges() if p.commitments)
    commitment = pledge.commitments[0]
    finding = _finding(_walk())
    activity = Activity(kommun_kod=pledge.kommun_kod, pledge_id=pledge.id,
                        commitment_id=commitment.id, finding_id=finding.id,
                        kind="physical_measure", activity_date="2020-11-01", title="Ny lampa")
    names = references.labels(activity, "sv", lambda *_: finding, {commitment.id: commitment})
    assert names["finding_id"] == "Brist nr 3 (2020-09-10): Trasig lampa"
    assert names["commitment_id"] == references.cut(commitment.text)
    assert len(references.cut("x" * 500)) == references.MAX_TEXT


def test_registrera_names_the_chosen_record_and_lists_its_references():
    from shapely.geometry import Point, Polygon

    from geo.domain.model import UnsafePlace, WatchArea

    walk = _walk()
    finding = _finding(walk).replace(pledge_id="tomelilla-2020")
    pairs = references.panel(finding, "sv", lambda *_: walk, {},
                             {"tomelilla-2020": "Medborgarlöfte Tomelilla 2020"})
    assert pairs == [("Medborgarlöfte", "Medborgarlöfte Tomelilla 2020"),
                     ("Vandring", "2020-09-10, Centrum")]
    assert references.panel(finding, "sv", lambda *_: walk, {}, {},
                            skip=("pledge_id",)) == [("Vandring", "2020-09-10, Centrum")]
    place = UnsafePlace(kommun_kod="1270", category="lighting", source="survey",
                        reported_date="2020-03-01", geometry=Point(13.95, 55.54))
    assert references.name_of(place, "sv") == "Belysning (2020-03-01)"
    area = WatchArea(kommun_kod="1270", name="Ekvägen", start_date="2019-02-01",
                     geometry=Polygon([(13.9, 55.5), (13.91, 55.5), (13.91, 55.51)]))
    assert references.name_of(area, "sv") == "Ekvägen (sedan 2019-02-01)"
    frame = pd.DataFrame([{"id": walk.id, "walk_date": pd.Timestamp("2020-09-10"),
                           "name": "Centrum"}])
    assert references.walk_names(frame, "sv") == {walk.id: "2020-09-10, Centrum"}


def test_a_url_parameter_may_set_a_widget_of_another_name():
    spec = Param(["a", "b"], key="followup_pledge")
    assert parse({"pledge": ["b"]}, {"pledge": spec}) == ({"pledge": "b"}, [])
    assert spec.state_key("pledge") == "followup_pledge"
    assert Param(["a"]).state_key("pledge") == "pledge"


def test_a_pledge_of_another_municipality_is_foreign():
    from geo.domain.filters import PLEDGE_ALL, foreign_pledge

    pledges = {p.id: p for p in load_pledges()}
    assert foreign_pledge("tomelilla-2020", "1263", pledges) is pledges["tomelilla-2020"]
    assert foreign_pledge("tomelilla-2020", "1270", pledges) is None
    assert foreign_pledge(PLEDGE_ALL, "1263", pledges) is None
    assert foreign_pledge("none", "1263", pledges) is None
