"""The Lägesbild page in Chromium, on the real app and store, as a coordinator uses it.

An editor of Tomelilla signs in (and is still signed in after a reload), opens Lägesbild,
finds a figure, follows its map link (the map says it shows a lägesbild's records and
counts exactly the figure's), comes back, writes a section and the analysis, saves, and
finds her text after a reload. A second user who opened the same version saves after her
and is told so, her own text kept. The Word and PDF buttons give files.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from geo import i18n
from tests import fixture_data as fx
from tests.browser.conftest import (
    download,
    recording_page,
    screenshot,
    sign_in,
    wait_idle,
)
from tests.browser.english import english_leaks

pytestmark = pytest.mark.browser
SV = "sv"
HEADING = "Lägesbild för Tomelilla, 2019–2020"
PROBE = re.compile(r"/(loften|lagesbild)/_stcore/(health|host-config)$")
NOT_FOUND = "Failed to load resource: the server responded with a status of 404"


def t(key: str, **values: object) -> str:
    return i18n.t(key, SV, **values)


def open_lagesbild(page) -> None:
    page.locator("[data-testid=stSidebarNav]").get_by_role(
        "link", name=t("lagesbild_page.nav"), exact=True).click()
    page.get_by_role("heading", name=HEADING).wait_for(timeout=60_000)
    wait_idle(page)


def tab(page, name: str):
    page.get_by_role("tab", name=t(f"lagesbild_page.tabs.{name}")).click()
    wait_idle(page)
    return page.get_by_role("tabpanel", name=t(f"lagesbild_page.tabs.{name}"))


def write(field, text: str) -> None:
    """Replace a field's text as a person does, then leave it (Streamlit takes it then)."""
    field.scroll_into_view_if_needed()
    field.click()
    field.press("Control+a")
    field.press_sequentially(text)
    expect(field).to_have_value(text)
    field.press("Tab")


def section_text(panel, n: int = 0):
    return panel.get_by_label(t("lagesbild_page.section_text"), exact=True).nth(n)


def save(page) -> None:
    wait_idle(page)
    page.get_by_role("button", name=t("lagesbild_page.save"), exact=True).click()
    wait_idle(page)


def both_sizes(page, name: str) -> None:
    """Screenshots at 1400×1000 and at 1920×1080 (then back to 1400×1000)."""
    screenshot(page, f"{name}_1400")
    page.set_viewport_size({"width": 1920, "height": 1080})
    wait_idle(page)
    screenshot(page, f"{name}_1920")
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_a_coordinator_writes_the_lagesbild_beside_its_figures(browser, writable_app_url):
    url = writable_app_url
    page = recording_page(browser)
    page.set_viewport_size({"width": 1400, "height": 1000})
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(url)
    sign_in(page, *fx.EDITOR)
    page.reload()  # still signed in
    page.get_by_role("button", name=t("auth.logout")).wait_for(timeout=30_000)
    open_lagesbild(page)

    # a figure: physical measures carried out in 2019–2020 (one), and its map link (a new tab)
    main = page.locator("[data-testid=stMain]")
    row = main.locator("table tr", has=page.get_by_text(
        i18n.label("activity_kind", "physical_measure", SV), exact=True)).first
    expect(row.locator("td").nth(1)).to_have_text("1")
    both_sizes(page, "lagesbild_1_kartlaggning")
    with page.context.expect_page() as opened:
        row.get_by_role("link", name=t("situation.link")).click()
    shown = opened.value
    shown.get_by_text(t("situation.map_filtered")).wait_for(timeout=60_000)
    wait_idle(shown)
    activities = shown.locator("[data-testid=stMetric]", has_text=t("layers.activities"))
    expect(activities.locator("[data-testid=stMetricValue]")).to_have_text("1")
    screenshot(shown, "lagesbild_2_map_of_a_figure")
    shown.close()  # back to the lägesbild, where nothing was lost

    other = tab(page, "other")
    write(section_text(other), "Dialog med skolan i mars.")
    wait_idle(page)
    analysis = tab(page, "analysis").get_by_label(t("lagesbild_page.analysis_label"),
                                                  exact=True)
    expect(analysis).not_to_have_value("")  # the drafted skeleton, to be edited
    screenshot(page, "lagesbild_2b_analysis_draft")
    write(analysis, "Belysningen är det största problemet.")
    save(page)
    page.get_by_text(t("lagesbild_page.saved", version=1)).wait_for(timeout=30_000)
    both_sizes(page, "lagesbild_3_saved")
    assert english_leaks(page) == []

    page.reload()
    page.get_by_role("heading", name=HEADING).wait_for(timeout=60_000)
    wait_idle(page)
    expect(section_text(tab(page, "other"))).to_have_value("Dialog med skolan i mars.")

    # a second user opens version 1; the first saves version 2; the second saves after her
    second = recording_page(browser)
    second.set_viewport_size({"width": 1400, "height": 1000})
    second.goto(url)
    sign_in(second, *fx.ADMIN)
    second.goto(f"{url}/lagesbild?kommun=1270")
    second.get_by_role("heading", name=HEADING).wait_for(timeout=60_000)
    wait_idle(second)
    theirs = section_text(tab(second, "other"))
    expect(theirs).to_have_value("Dialog med skolan i mars.")
    write(section_text(page.get_by_role("tabpanel", name=t("lagesbild_page.tabs.other"))),
          "Dialog med skolan och polisen.")
    save(page)
    page.get_by_text(t("lagesbild_page.saved", version=2)).wait_for(timeout=30_000)
    write(theirs, "Hennes text om föreningarna.")
    save(second)
    second.get_by_text("Någon annan (redaktor@tomelilla.se) sparade").wait_for(timeout=30_000)
    expect(section_text(second.get_by_role("tabpanel", name=t("lagesbild_page.tabs.other")))
           ).to_have_value("Hennes text om föreningarna.")
    both_sizes(second, "lagesbild_4_conflict")
    second.context.close()

    # the documents of the saved version: Word and PDF
    decision = tab(page, "decision")
    decision.get_by_role("button", name=t("lagesbild_page.downloads_make")).click()
    word = decision.get_by_role("button", name=t("lagesbild_page.download_docx"))
    word.wait_for(timeout=120_000)
    both_sizes(page, "lagesbild_5_downloads")
    made = download(page, word)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(
        open(made.path(), "rb").read())).paragraphs)
    assert "Dialog med skolan och polisen." in text
    pdf = download(page, decision.get_by_role("button", name=t("lagesbild_page.download_pdf")))
    assert open(pdf.path(), "rb").read(5) == b"%PDF-"
    # a reload on /lagesbild asks /lagesbild/_stcore/… first (Streamlit's probe for a base
    # path; 404, then the root): those are the only failed requests, and no script failed
    assert [u for u in failed if not PROBE.search(u)] == []
    assert [e for e in page.console_errors if not e.startswith(NOT_FOUND)] == []
    page.context.close()
