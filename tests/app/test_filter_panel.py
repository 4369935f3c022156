"""The one filter panel (app.filter_panel) and the one URL preamble (app.urlsync.UrlState).

The map and the export draw the same panel: a link opens the same Filter on both, with
the same rules; every page with URL parameters warns in Swedish about a value it ignores.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import cached
from geo import i18n
from geo.domain.filters import Filter
from geo.escape import markdown_text
from tests import fixture_data as fx
from tests.app.conftest import APP
from tests.app.test_map_page import metric_counts

EXPORT = "views/data_io.py"


@pytest.fixture
def link(fixture_db: Path, monkeypatch: pytest.MonkeyPatch):
    """Open a page from a shared link: a fresh session whose first run is that page."""
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(fixture_db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")

    def open_(path: str, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for name, value in params.items():
            at.query_params[name] = value
        at.switch_page(path).run()
        assert not at.exception
        return at

    return open_


@pytest.mark.parametrize("params, expected", [
    ({"kommun": "1270", "year": "2020"}, fx.EXPECTED_ALL_2020),
    ({"kommun": "1270", "year": "2020", "pledge": "tomelilla-2020"}, fx.EXPECTED_PLEDGE_2020),
])
def test_a_link_opens_the_same_filter_on_the_map_and_the_export(link, params, expected):
    for path in ("views/map.py", EXPORT):
        at = link(path, **params)
        assert metric_counts(at) == expected, path
        assert at.selectbox(key="kommun").value == "1270"


def test_a_link_with_only_a_pledge_opens_its_municipality_and_years_on_both_pages(link):
    for path in ("views/map.py", EXPORT):
        at = link(path, pledge="staffanstorp-2018-2019")
        assert (at.selectbox(key="kommun").value, at.selectbox(key="year").value,
                at.selectbox(key="year_to").value) == ("1230", 2018, 2019), path
        assert at.selectbox(key="pledge").value == "staffanstorp-2018-2019", path
        assert not at.warning, path  # the pledge is the municipality's: nothing dropped


def test_the_export_drops_a_foreign_pledge_with_the_maps_notice(link):
    at = link(EXPORT, kommun="1263", year="2020", pledge="tomelilla-2020")
    assert at.selectbox(key="pledge").value == "all"
    notice = i18n.t("filters.pledge_dropped", "sv", pledge="Tomelilla 2020", kommun="Svedala")
    assert notice in [w.value for w in at.warning]


def test_years_in_the_wrong_order_count_the_first_year_with_a_notice_on_both_pages(link):
    for path in ("views/map.py", EXPORT):
        at = link(path, kommun="1270", year="2020", year_to="2019")
        assert metric_counts(at) == fx.EXPECTED_ALL_2020, path
        assert i18n.t("notices.year_order", "sv", year=2020) in [i.value for i in at.info], path


@pytest.mark.parametrize("path, name", [
    ("views/map.py", "kommun"), (EXPORT, "category"), ("views/coverage.py", "kommun"),
    ("views/region.py", "measure"), ("views/meeting.py", "m_kommun"),
    ("views/pledges.py", "pledge"),
])
def test_every_page_warns_in_swedish_about_a_value_it_ignores(app, path, name):
    at = app()  # a session on the map, then a link to the page (as from another page)
    at.query_params[name] = "okänt"
    at.switch_page(path).run()
    assert not at.exception
    notice = i18n.t("notices.unknown_value", "sv", name=markdown_text(name), value="okänt")
    assert notice in [w.value for w in at.warning]


def test_the_filter_itself_keys_the_cache(monkeypatch):
    """Equal Filters share one entry; a Filter differing in any field has its own."""
    reads: list[Filter] = []
    monkeypatch.setattr(cached, "store", lambda location: None)
    monkeypatch.setattr(cached.view, "select",
                        lambda store, flt, public: reads.append(flt) or {"n": len(reads)})
    cached.frames.clear()
    first = Filter("1270", 2020, 2020, categories=("lighting",))
    assert cached.frames("loc", "v1", first) == {"n": 1}
    assert cached.frames("loc", "v1", Filter("1270", 2020, 2020, categories=("lighting",))) \
        == {"n": 1}
    for other in (Filter("1270", 2020, 2020), Filter("1270", 2020, 2021, categories=("lighting",)),
                  Filter("1270", 2020, 2020, categories=("lighting",), commitment="c-1")):
        cached.frames("loc", "v1", other)
    assert reads == [first, Filter("1270", 2020, 2020),
                     Filter("1270", 2020, 2021, categories=("lighting",)),
                     Filter("1270", 2020, 2020, categories=("lighting",), commitment="c-1")]
    cached.frames.clear()
