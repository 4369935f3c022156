"""Meeting mode under AppTest: both languages, stepping changes the list, the URL keeps the date."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import fixture_data

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "meeting.py")


@pytest.fixture
def meeting_page(fixture_db: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the meeting page alone (as st.navigation would) with URL parameters."""
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(fixture_db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")

    def run(lang: str = "sv", **params: str) -> AppTest:
        at = AppTest.from_file(PAGE, default_timeout=60)
        at.session_state["lang"] = lang
        for name, value in params.items():
            at.query_params[name] = value
        return at.run()

    return run


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
