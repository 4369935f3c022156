"""Issue 14, item 5 in AppTest: each page's own choice wins on that page.

The map's pledge filter (key ``pledge``) and the pledge Löften shows (``followup_pledge``)
are different choices; a pledge of another municipality is dropped with a notice; "år mot
år" in meeting mode counts both years on the same terms.
"""

from __future__ import annotations

from geo import i18n
from tests import fixture_data as fx
from tests.app.test_map_page import metric_counts


def test_a_pledge_chosen_on_loften_is_not_the_maps_filter(app):
    at = app(kommun="1270", year="2020")
    assert at.selectbox(key="pledge").value == "all"
    at.switch_page("views/pledges.py").run()
    assert not at.exception
    at.selectbox(key="followup_pledge").set_value("tomelilla-2020").run()
    at.switch_page("views/map.py").run()
    assert not at.exception
    assert at.selectbox(key="pledge").value == "all"
    assert metric_counts(at) == fx.EXPECTED_ALL_2020
    at.switch_page("views/pledges.py").run()  # and Löften still shows its own choice
    assert at.selectbox(key="followup_pledge").value == "tomelilla-2020"


def test_loften_opens_on_the_maps_pledge_the_first_time(app):
    at = app(kommun="1230", year="2019")
    at.switch_page("views/pledges.py").run()
    assert at.selectbox(key="followup_pledge").value == "staffanstorp-2018-2019"


def test_choosing_another_municipality_drops_the_pledge_with_a_notice(app):
    at = app(kommun="1270", year="2020", pledge="tomelilla-2020")
    assert metric_counts(at) == fx.EXPECTED_PLEDGE_2020
    at.selectbox(key="kommun").set_value("1263").run()
    assert not at.exception
    assert at.selectbox(key="kommun").value == "1263"
    assert at.selectbox(key="pledge").value == "all"
    notice = i18n.t("filters.pledge_dropped", "sv", pledge="Tomelilla 2020", kommun="Svedala")
    assert notice in [w.value for w in at.warning]
    assert sum(metric_counts(at).values()) == 0
    assert at.query_params.get("pledge") is None or at.query_params["pledge"] == []


def test_a_link_with_a_foreign_pledge_shows_the_municipality_and_says_so(app):
    at = app(kommun="1263", year="2020", pledge="tomelilla-2020")
    assert not at.exception
    assert at.selectbox(key="kommun").value == "1263"
    assert at.selectbox(key="pledge").value == "all"
    assert len(at.warning) == 1


def test_year_against_year_counts_every_record_in_both_years(app):
    at = app()
    at.query_params.update(m_kommun="1270", m_pledge="tomelilla-2020", view="compare",
                           since="2020-09-01", until="2020-12-31")
    at.switch_page("views/meeting.py").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "2019" in d.value.columns)
    places = table[table[i18n.t("meeting.layer", "sv")]
                   == i18n.t("layers.unsafe_places", "sv")].iloc[0]
    assert int(places["2019"]) == fx.EXPECTED_ALL_2019["unsafe_places"]
    assert int(places["2020"]) == fx.EXPECTED_ALL_2020["unsafe_places"]
    assert i18n.t("meeting.compare_terms_all", "sv") in [c.value for c in at.caption]
