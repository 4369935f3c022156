"""Registrera's defaults follow the data and the pledge in view (issue 14, item 10)."""

from __future__ import annotations

from datetime import date

import pytest

from app.forms import forget, opened_version, reopen
from geo import config
from geo.editing import writes as editing
from tests import fixture_data as fx


def test_a_findings_due_date_stays_in_the_walks_year():
    # Tomelilla's rule: both chosen actions done the same year as the walk
    assert editing.default_due(date(2020, 9, 10)) == date(2020, 12, 31)
    assert editing.default_due(date(2020, 3, 1)) == date(2020, 3, 1) + (
        date(2020, 8, 31) - date(2020, 3, 1))
    assert editing.default_due(date(2020, 3, 1)).year == 2020


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("defaults") / "fixture.gpkg")


def test_the_year_follows_the_data_not_the_calendar(store):
    # Tomelilla's fixture data and pledge are 2020; the calendar says 2026
    assert editing.default_year(store, "1270", date(2026, 12, 5), config.FIRST_YEAR) == 2020


def test_the_year_is_this_year_while_a_pledge_runs(store):
    pledge = next(p for p in store.pledges() if p.kommun_kod == "1270")
    inside = pledge.period_start
    assert editing.default_year(store, "1270", inside, config.FIRST_YEAR) == inside.year


def test_a_municipality_without_data_opens_on_its_latest_begun_pledge_or_this_year(store):
    kommuner = {p.kommun_kod for p in store.pledges()} - {"1270"}
    for kod in kommuner:
        year = editing.default_year(store, kod, date(2026, 12, 5), config.FIRST_YEAR)
        assert config.FIRST_YEAR <= year <= 2026
    assert editing.default_year(store, "0180", date(2026, 12, 5), config.FIRST_YEAR) == 2026


def test_a_new_records_date_lies_in_the_year_in_view():
    today = date(2026, 12, 5)
    assert editing.new_record_day(2026, today) == today
    assert editing.new_record_day(2020, today) == date(2020, 12, 31)


def test_the_opened_version_survives_until_saved_or_another_record_opens():
    state: dict = {}
    assert opened_version(state, "a", 1) == 1
    assert opened_version(state, "a", 2) == 1  # another editor saved meanwhile: still 1
    assert reopen(state, "a", 3) == 3
    assert opened_version(state, "b", 7) == 7
    forget(state)
    assert opened_version(state, "a", 4) == 4


def test_a_save_against_an_older_version_is_a_conflict_before_the_rules(store):
    from geo.store import StaleVersionError

    user = store.user(fx.EDITOR[0])[0]
    findings = store.list("findings", editing.Filter("1270", 2020, 2020))
    finding = store.get("findings", findings.loc[findings["status"] == "new", "id"].iloc[0])
    editing.update(store, user, "findings", finding.id, {"status": "assessed"}, finding.version)
    # the second editor's form still says "new": the conflict, not a refused status step
    with pytest.raises(StaleVersionError) as error:
        editing.update(store, user, "findings", finding.id,
                       {"status": "new", "description": "B:s text"}, finding.version)
    assert error.value.updated_by == fx.EDITOR[0]



def test_a_click_chooses_a_record_until_the_editor_places_one():
    from geo.editing.writes import PLACE, SELECT, MapSelection, follow_click

    area, spot, inside = ("watch_areas", "w1"), (13.90, 55.50), (13.947, 55.541)
    state = MapSelection(layer="findings")
    # choosing: a click on a record opens it (the map reports the click and the feature)
    state = follow_click(state, layer="findings", clicked=inside, feature=area, feature_clicks=1)
    assert (state.mode, state.target) == (SELECT, area)
    # an empty spot while a record is open: where "move here" moves it, still open
    state = follow_click(state, layer="findings", clicked=spot, feature=area, feature_clicks=1)
    assert (state.target, state.point) == (area, spot)
    # "Ny post": the next click inside the area places a new finding, the area stays closed
    state = state.new_record()
    state = follow_click(state, layer="findings", clicked=(13.948, 55.542), feature=area,
                         feature_clicks=2)
    assert (state.mode, state.target, state.point) == (PLACE, None, (13.948, 55.542))
    # a rerun that reports nothing new changes nothing
    assert follow_click(state, layer="findings", clicked=(13.948, 55.542), feature=area,
                        feature_clicks=2) == state
    # back to choosing, then another layer tab leaves the open record
    state = follow_click(state.choose_existing(), layer="findings", clicked=inside, feature=area,
                         feature_clicks=3)
    assert state.target == area
    state = follow_click(state, layer="unsafe_places", clicked=inside, feature=area,
                         feature_clicks=3)
    assert state.target is None


def test_a_first_click_on_an_empty_spot_places_a_new_record():
    from geo.editing.writes import PLACE, MapSelection, follow_click

    state = follow_click(MapSelection(layer="findings"), layer="findings",
                         clicked=(13.9, 55.5), feature=None, feature_clicks=0)
    assert (state.mode, state.point) == (PLACE, (13.9, 55.5))
    assert state.saved_new().point is None and state.saved_new().mode == PLACE
