"""Registrera's defaults follow the data and the pledge in view (issue 14, item 10)."""

from __future__ import annotations

from datetime import date

import pytest

from app.forms import forget, opened_version, reopen
from geo import config, editing
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

