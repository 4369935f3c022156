"""Meeting mode under AppTest: both languages, stepping changes the list, the URL keeps the date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.survey import results as survey
from tests import fixture_data
from tests.apptest import page_runner

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "meeting.py")


@pytest.fixture
def meeting_page(fixture_db: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the meeting page alone (as st.navigation would) with URL parameters."""
    return page_runner(PAGE, fixture_db, monkeypatch)


def _frame_texts(at: AppTest) -> str:
    return " ".join(df.value.to_csv() for df in at.dataframe)


@pytest.mark.parametrize("lang,heading,first", [("sv", "Sedan förra mötet", "Nya otrygga platser"),
                                                ("en", "Since the last meeting",
                                                 "New unsafe places")])
def test_runs_in_both_languages(meeting_page, lang: str, heading: str, first: str) -> None:
    at = meeting_page(lang, since="2020-09-01", until="2020-12-31")
    assert not at.exception
    assert heading in at.title[0].value
    assert any(first in s.value for s in at.subheader)


def test_stepping_changes_the_shown_list_and_url(meeting_page) -> None:
    at = meeting_page("en", m_kommun="1270", m_pledge="all", since="2020-09-01",
                      until="2020-12-31")
    # step 1: new unsafe places since 1 Sept 2020: only the public "Klotter" (30 Nov)
    assert at.subheader[0].value == "New unsafe places (1)"
    assert "Klotter" in _frame_texts(at)
    at.button(key="next").click().run()  # places resolved: none
    assert at.subheader[0].value == "Unsafe places resolved (0)"
    at.button(key="next").click().run()  # new findings: the two from the 10 Sept walk
    assert at.subheader[0].value == "New findings from safety walks (2)"
    texts = _frame_texts(at)
    assert "Skymd gångväg" in texts and "Klotter" not in texts
    assert fixture_data.PAYLOAD in texts  # shown as text in a dataframe, never as HTML
    at.button(key="prev").click().run()
    assert at.subheader[0].value == "Unsafe places resolved (0)"
    assert at.query_params["since"] in ("2020-09-01", ["2020-09-01"])
    assert at.query_params["step"] in ("1", ["1"])
    assert not at.exception


def test_no_private_text_and_the_other_views_run(meeting_page) -> None:
    at = meeting_page("sv", since="2020-01-01", until="2020-12-31", step="7")
    assert at.subheader[0].value.startswith("Försenade brister")
    for key in ("compare", "survey"):
        at.segmented_control(key="view").set_value(key).run()
        assert not at.exception, key
    markdown = " ".join(m.value for m in at.markdown) + _frame_texts(at)
    for private in fixture_data.PRIVATE_TEXTS:
        assert private not in markdown


def test_the_progress_step_shows_the_pledge(meeting_page) -> None:
    at = meeting_page("en", m_pledge="tomelilla-2020", since="2020-09-01", until="2020-12-31",
                      step="8")
    assert at.subheader[0].value == "How is the pledge going?"
    assert "Commitment" in at.dataframe[0].value.columns


def _js_text(component) -> str:
    """The layers' JavaScript with its JSON string escapes (``\\u0026`` …) read back."""
    layer = json.loads(component.proto.json_args)["feature_group"]
    return layer.encode("ascii", "backslashreplace").decode("unicode_escape")


@pytest.fixture
def survey_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The meeting page on a store of its own with the DeSO test fixtures imported."""
    db = tmp_path / "survey.gpkg"
    store = fixture_data.build(db)
    folder = Path(__file__).resolve().parents[1] / "data" / "survey"
    for kind in ("deso", "district"):
        survey.import_table(store, survey.read_table(folder / f"{kind}_good.csv"), "1270", kind,
                            areas=survey.read_areas(folder / f"{kind}_areas.geojson"))
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["lang"] = "en"
    for name, value in {"since": "2020-09-01", "until": "2020-12-31", "view": "survey",
                        "m_pledge": "all"}.items():
        at.query_params[name] = value
    return at.run()


def test_the_survey_view_shows_areas_activities_and_the_caveat(survey_page) -> None:
    at = survey_page
    assert not at.exception
    assert any("not proof of effect" in w.value for w in at.warning)
    assert not any("example data, made up" in i.value for i in at.info)  # imported, not example
    table = at.dataframe[-1].value
    assert table.iloc[:, 0].tolist() == ["1270C0030", "1270B0020", "1270A0010"]
    assert table["Activities in the area the same year"].tolist() == [0, 0, 1]
    (component,) = at.get("component_instance")
    layer = _js_text(component)
    assert "1270A0010: 21.5 % · activities: 1" in layer  # the hover label
    at.selectbox(key="m_survey_kind").set_value("district").run()
    assert "<b>Öster</b> & ${x}" in at.dataframe[-1].value.iloc[:, 0].tolist()  # as text
    (component,) = at.get("component_instance")
    layer = _js_text(component)
    assert "&lt;b&gt;Öster&lt;/b&gt; &amp; &#36;&#123;x&#125;: 31.5 %" in layer  # inert
    assert "<b>" not in layer and "${x}" not in layer
    assert not at.exception


@pytest.mark.parametrize("email,shown", [(fixture_data.EDITOR[0], True), (None, False)])
def test_only_editors_of_the_municipality_see_the_survey_import(meeting_page, email, shown):
    """(``meeting_page`` points the app at the fixture store; the run is set up here.)"""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["lang"] = "en"
    if email:
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.query_params["view"] = "survey"
    at.run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert ("Import survey results" in labels) is shown


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31", "1989-12-31"])
def test_a_date_out_of_range_in_the_url_gives_a_notice_and_the_default(meeting_page, since):
    """``/mote?since=0001-01-01`` showed a traceback with server paths."""
    at = meeting_page(since=since)
    assert not at.exception
    shown = [warning.value.replace("\\", "") for warning in at.warning]  # Markdown escapes
    assert any(since in value and "Okänt värde" in value for value in shown)
    assert at.date_input(key="since").value.year >= 1990
