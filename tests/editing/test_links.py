"""Linking an activity or walk to a pledge and commitment on Registrera (issue 14, item 2)."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import LineString

from geo import i18n
from geo.access.auth import User
from geo.domain import followup
from geo.domain.model import Activity, SafetyWalk, ValidationError
from geo.domain.pledge_files import load_pledges
from geo.editing import links
from geo.editing import writes as editing
from tests import fixture_data as fx

PLEDGES = load_pledges()
BY_ID = {p.id: p for p in PLEDGES}
STAFFANSTORP = BY_ID["staffanstorp-2018-2019"]
INFO_MEETINGS = "staffanstorp-2018-2019-info-meetings"
STAFFANSTORP_EDITOR = User(email="eva@staffanstorp.se", role="editor", kommuner=("1230",))


def activity(**extra) -> Activity:
    values = {"kommun_kod": "1230", "kind": "information_meeting",
              "activity_date": "2019-05-02", "title": "Informationsmöte om grannsamverkan",
              **extra}
    return Activity(**values)


def test_the_pledges_of_the_year_in_view_are_offered_the_running_one_first():
    choice = links.pledge_choice(PLEDGES, "1230", 2019, date(2019, 12, 31), "sv")
    assert choice.options == ("staffanstorp-2018-2019", None)
    assert choice.default == "staffanstorp-2018-2019" and choice.index == 0
    assert choice.label("staffanstorp-2018-2019") == "Staffanstorp 2018–2019"
    assert choice.label(None) == i18n.t("links.no_pledge", "sv") == "Inget medborgarlöfte"


def test_no_pledge_runs_in_the_year_so_none_is_offered_and_chosen():
    choice = links.pledge_choice(PLEDGES, "1230", 2020, date(2020, 12, 31), "sv")
    assert choice.options == (None,) and choice.default is None


def test_another_municipality_s_pledges_are_never_offered():
    choice = links.pledge_choice(PLEDGES, "1270", 2019, date(2019, 6, 1), "sv")
    assert "staffanstorp-2018-2019" not in choice.options


def test_an_existing_record_keeps_its_own_link_also_none():
    linked = activity(pledge_id="staffanstorp-2018-2019", activity_date="2019-05-02")
    assert links.pledge_choice(PLEDGES, "1230", 2019, linked.activity_date, "sv",
                               record=linked).default == "staffanstorp-2018-2019"
    unlinked = activity()
    choice = links.pledge_choice(PLEDGES, "1230", 2019, unlinked.activity_date, "sv",
                                 record=unlinked)
    assert choice.default is None and "staffanstorp-2018-2019" in choice.options


def test_the_commitment_whose_kind_is_the_activity_s_is_the_default():
    choice = links.commitment_choice(STAFFANSTORP, "information_meeting", "sv")
    assert choice.default == INFO_MEETINGS
    assert choice.label(INFO_MEETINGS).startswith("Minst fem informationstillfällen")
    assert all(len(choice.label(o)) <= 80 for o in choice.options)
    assert choice.options[-1] is None


def test_no_default_commitment_when_none_or_several_match():
    assert links.commitment_choice(STAFFANSTORP, "physical_measure", "sv").default is None
    two = STAFFANSTORP.commitments[1]
    pledge = type(STAFFANSTORP)(**{**vars(STAFFANSTORP), "commitments": (
        *STAFFANSTORP.commitments, type(two)(**{**vars(two), "id": two.id + "-extra"}))})
    assert links.commitment_choice(pledge, "information_meeting", "sv").default is None


def test_only_commitments_that_count_activities_are_offered():
    offered = links.commitment_choice(STAFFANSTORP, "other", "sv").options
    assert "staffanstorp-2018-2019-safety-walks" not in offered  # walks count walk records
    assert set(offered) - {None} == {c.id for c in STAFFANSTORP.commitments
                                      if followup.counts_activities(c)}
    home_visits = BY_ID["tomelilla-2020"].commitments[1]
    assert not followup.counts_activities(home_visits)
    assert links.commitment_choice(None, "other", "sv").options == (None,)


def test_an_existing_activity_keeps_its_commitment_until_its_pledge_changes():
    own = activity(pledge_id=STAFFANSTORP.id, commitment_id="staffanstorp-2018-2019-sig",
                   kind="information_meeting")
    kept = links.commitment_choice(STAFFANSTORP, own.kind, "sv", record=own)
    assert kept.default == "staffanstorp-2018-2019-sig"
    none = activity(pledge_id=STAFFANSTORP.id)
    assert links.commitment_choice(STAFFANSTORP, none.kind, "sv", record=none).default is None


def test_links_that_fit_pass_and_others_are_refused_in_swedish():
    links.check(activity(pledge_id=STAFFANSTORP.id, commitment_id=INFO_MEETINGS), PLEDGES)
    links.check(activity(), PLEDGES)
    cases = {
        "pledge_foreign": activity(pledge_id="tomelilla-2020"),
        "commitment_foreign": activity(pledge_id=STAFFANSTORP.id,
                                       commitment_id="tomelilla-2020-walk-actions"),
        "commitment_without_pledge": activity(commitment_id=INFO_MEETINGS),
        "outside_pledge": activity(pledge_id=STAFFANSTORP.id, activity_date="2020-02-01"),
    }
    for code, record in cases.items():
        with pytest.raises(ValidationError) as caught:
            links.check(record, PLEDGES, "Staffanstorp")
        assert caught.value.code == code
        assert caught.value.text("sv") != caught.value.message  # said in Swedish
    with pytest.raises(ValidationError, match="1230") as caught:
        links.check(cases["pledge_foreign"], PLEDGES, "Staffanstorp")
    assert caught.value.text("sv") == "hör inte till Staffanstorp"


@pytest.fixture
def store(tmp_path):
    return fx.build(tmp_path / "links.gpkg")


def test_a_linked_activity_counts_on_loften_at_once(store):
    before = _info_meetings(store)
    record = editing.new_record(store, "activities", "1230", {
        "kind": "information_meeting", "activity_date": date(2019, 12, 31),
        "title": "Informationsmöte", "pledge_id": STAFFANSTORP.id,
        "commitment_id": INFO_MEETINGS}, None)
    editing.create(store, STAFFANSTORP_EDITOR, record)
    assert _info_meetings(store) == before + 1


def _info_meetings(store) -> float:
    records = followup.load(store, STAFFANSTORP)
    commitment = next(c for c in STAFFANSTORP.commitments if c.id == INFO_MEETINGS)
    return followup.commitment_progress(STAFFANSTORP, commitment, records,
                                        STAFFANSTORP.period_end).achieved


def test_no_pledge_chosen_on_the_form_stays_none(store):
    chosen = editing.new_record(store, "activities", "1230", {
        "kind": "other", "activity_date": date(2019, 6, 1), "title": "Möte",
        "pledge_id": None}, None)
    assert chosen.pledge_id is None
    automatic = editing.new_record(store, "activities", "1230", {
        "kind": "other", "activity_date": date(2019, 6, 1), "title": "Möte"}, None)
    assert automatic.pledge_id == STAFFANSTORP.id  # an import or a form without the choice


def test_a_forged_link_is_refused_on_create_and_update(store):
    forged = activity(pledge_id="tomelilla-2020")
    with pytest.raises(ValidationError, match="pledge_id"):
        editing.create(store, STAFFANSTORP_EDITOR, forged)
    saved = editing.create(store, STAFFANSTORP_EDITOR, activity(pledge_id=STAFFANSTORP.id))
    with pytest.raises(ValidationError, match="commitment_id"):
        editing.update(store, STAFFANSTORP_EDITOR, "activities", saved.id,
                       {"commitment_id": "tomelilla-2020-walk-actions"}, saved.version)
    with pytest.raises(ValidationError, match="activity_date"):
        editing.update(store, STAFFANSTORP_EDITOR, "activities", saved.id,
                       {"activity_date": date(2021, 3, 1)}, saved.version)
    updated = editing.update(store, STAFFANSTORP_EDITOR, "activities", saved.id,
                             {"commitment_id": INFO_MEETINGS}, saved.version)
    assert updated.commitment_id == INFO_MEETINGS
    walk = SafetyWalk(kommun_kod="1230", walk_date="2019-04-01", name="Centrum",
                      pledge_id="svedala-2017",
                      geometry=LineString([(13.21, 55.64), (13.22, 55.645)]))
    with pytest.raises(ValidationError, match="pledge_id"):
        editing.create_walk(store, STAFFANSTORP_EDITOR, walk, [])
