"""Meeting mode in Chromium: the arrow keys step through the whole agenda (a screenshot of each
step), the survey view draws its areas, and the print button downloads the PDF in one click.

The app runs on a fixture store of its own (the survey's synthetic DeSO squares imported into
it), whose changes between 1 Sep and 31 Dec 2020 are known by hand (tests/fixture_data.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geo import i18n
from geo.store import GeoPackageStore
from geo.survey import results as survey
from tests import fixture_data as fx
from tests.browser.conftest import (
    ARTIFACTS,
    choose,
    map_frame,
    running_app,
    screenshot,
    sign_in,
    upload_survey,
    wait_idle,
)
from tests.browser.english import english_leaks

pytestmark = pytest.mark.browser
SURVEY = Path(__file__).resolve().parents[1] / "data" / "survey"
#: The agenda of the fixture store, 1 Sep – 31 Dec 2020, all pledges, in Swedish.
HEADINGS = ["Nya otrygga platser (1)", "Otrygga platser åtgärdade (0)",
            "Nya brister från trygghetsvandringar (2)", "Brister som blivit klara (1)",
            "Genomförda aktiviteter (2)", "Grannsamverkan som startat (0)",
            "Grannsamverkan som avslutats (0)", "Försenade brister (0)",
            "Hur går det med löftet?"]
#: The fill of every survey area that Leaflet holds on the map (canvas: no DOM paths).
SHADED_JS = """() => {
  const fills = [];
  const walk = (layer) => {
    const p = layer.feature && layer.feature.properties;
    if (p && p.fill && layer.options && layer.options.fillColor) fills.push(p.fill);
    if (layer.eachLayer) layer.eachLayer(walk);
  };
  window.feature_group.filter((g) => window.map.hasLayer(g)).forEach(walk);
  return fills;
}"""
WINDOW = "since=2020-09-01&until=2020-12-31&m_pledge=all&m_kommun=1270"


@pytest.fixture(scope="module")
def meeting_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("meeting_app")
    with running_app(folder) as url:
        store = GeoPackageStore(folder / "fixture.gpkg")
        survey.import_table(store, survey.read_table(SURVEY / "deso_good.csv"), "1270", "deso",
                            areas=survey.read_areas(SURVEY / "deso_areas.geojson"))
        yield url


def _open(page, base: str, query: str) -> None:
    """Open the meeting page by its address, as a bookmark does.

    The first session of a freshly started server shows Streamlit's "Page not found" for
    an address below the root (the page list is not known before the first run): the
    root is opened first, then the address, and the dialog must not be there.
    """
    page.goto(base)
    wait_idle(page)
    page.goto(f"{base}/mote?{query}")
    wait_idle(page)
    assert page.get_by_text("Page not found").count() == 0


def _heading(page) -> str:
    return page.locator("[data-testid=stHeading] h3").first.inner_text()


def _press(page, key: str, old: str) -> str:
    """Press an arrow key (focus on the page, not a widget) and wait for a new heading."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)
    page.wait_for_function(
        "(old) => { const h = document.querySelector('[data-testid=stHeading] h3');"
        " return h && h.innerText !== old; }", arg=old, timeout=30_000)
    wait_idle(page)
    return _heading(page)


def test_arrow_keys_step_through_the_whole_agenda(meeting_url: str, page) -> None:
    _open(page, meeting_url, WINDOW)
    map_frame(page)
    seen = [_heading(page)]
    screenshot(page, "meeting-step-1")
    for number in range(2, len(HEADINGS) + 1):
        seen.append(_press(page, "ArrowRight", seen[-1]))
        screenshot(page, f"meeting-step-{number}")
    assert seen == HEADINGS
    assert "step=8" in page.url
    assert page.get_by_role("button", name="Nästa ▶").is_disabled()  # the last item
    assert _press(page, "ArrowLeft", seen[-1]) == HEADINGS[-2]
    assert "step=7" in page.url
    assert page.evaluate("() => window.X") is None  # the payload was shown, never run
    assert not page.dialogs


def test_survey_view_draws_the_areas_and_prints_in_one_click(meeting_url: str, page) -> None:
    _open(page, meeting_url, f"{WINDOW}&view=survey")
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({SHADED_JS})().length > 0", timeout=30_000)
    # 2020: 21.5 % and 26.5 % (20–30 %) and 31.5 % (30–40 %): three squares, two shades
    assert sorted(frame.evaluate(SHADED_JS)) == ["#E6550D", "#FD8D3C", "#FD8D3C"]
    assert page.get_by_text("Före och efter, inte bevis för effekt").is_visible()
    screenshot(page, "meeting-survey")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Skriv ut (PDF)").click()
    saved = ARTIFACTS / "meeting-survey.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes()[:5] == b"%PDF-"
    assert download.value.suggested_filename == "mote-1270-2020-09-01.pdf"




def test_editor_imports_survey_results_refused_then_kept(writable_app_url: str, page) -> None:
    page.goto(writable_app_url)
    sign_in(page, *fx.EDITOR)
    page.get_by_role("link", name=i18n.t("meeting.nav", "sv")).click()
    wait_idle(page)
    page.locator("[data-testid=stButtonGroup]").get_by_text(
        i18n.t("meeting.view_survey", "sv"), exact=True).click()
    wait_idle(page)
    page.get_by_text(i18n.t("meeting.survey_none", "sv")).wait_for()
    page.get_by_text(i18n.t("meeting.import_heading", "sv")).click()
    district = i18n.t("meeting.kind.district", "sv")
    choose(page.locator("[data-testid=stForm] [data-testid=stSelectbox] input").first,
            district)
    wait_idle(page)

    upload_survey(page, SURVEY / "district_bad.csv", SURVEY / "district_areas.geojson")
    refusal = page.locator("[data-testid=stAlertContentError]")
    refusal.wait_for(timeout=30_000)
    wait_idle(page)
    text = refusal.inner_text()
    assert i18n.t("meeting.import_refused", "sv") in text
    for named in ("1270X9", "101", "-4", "mycket"):
        assert named in text, (named, text)
    # every problem in Swedish, by the file's line (the survey's catalog, not English)
    assert "okända områdeskoder (1): 1270X9" in text and "inte tal" in text, text
    assert english_leaks(page) == []
    assert page.get_by_text(i18n.t("meeting.survey_none", "sv")).count() == 1  # nothing kept
    screenshot(page, "meeting-survey-import-refused")

    upload_survey(page, SURVEY / "district_good.csv")  # the areas' file stays in the form
    kept = i18n.t("meeting.import_kept", "sv", n=6, kind=i18n.t("meeting.kind.district", "sv"))
    page.get_by_text(kept).wait_for(timeout=30_000)
    wait_idle(page)
    # the rerun draws what was kept: three districts, the escaped name shown as text
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({SHADED_JS})().length === 3", timeout=30_000)
    table = page.locator("[data-testid=stDataFrame]").last
    assert page.get_by_text(i18n.t("meeting.survey_none", "sv")).count() == 0
    table.wait_for()
    screenshot(page, "meeting-survey-import-kept")
    assert page.evaluate("() => window.x") is None
    assert page.console_errors == []
