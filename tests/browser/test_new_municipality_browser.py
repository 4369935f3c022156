"""Issue 15: a new municipality, from an empty store to its public site, as the README says.

The README's section "Ny kommun" is read and its commands are run as written, in a folder of
their own (``.venv``, ``geo`` and ``data/examples`` linked in, the store named by
``TRYGGHETSKARTAN_DB`` instead of the README's ``export``): an empty store, the first admin,
the municipality's code, Strängnäs's 2019 pledge. Then in Chromium, at 1400×1000 and in
Swedish: the admin signs in and reloads, imports the first file (three watch areas, two
started in 2019) on "Import och export", sees the pledge on Löften at 2 / 8 new watch areas,
and downloads the report, which equals what the README's ``geo report`` writes. Last, the
README's ``geo publish`` writes the site, and Chromium opens it from disk: the pledge's
page shows the same progress. Each step leaves a screenshot
(``artifacts/journey-newkommun-sv-<nn>-<step>.png``) and no English on the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from geo import i18n
from tests.browser.conftest import (
    choose,
    map_frame,
    screenshot,
    serve,
    sign_in,
    wait_idle,
)
from tests.browser.english import english_leaks
from tests.browser.test_journeys_browser import DESK, Journey, journey_page
from tests.newkommun import EXAMPLES, EXPORT, commands, out_path, project_folder, run

pytestmark = pytest.mark.browser

WATCH_AREAS = EXAMPLES / "strangnas-grannsamverkan.geojson"
PLEDGE_ID = "strangnas-2019"
PLEDGE_TITLE = "Medborgarlöfte Strängnäs kommun 2019 (exempel)"
WATCH = "Minst 8 nya grannsamverkansområden."
WALKS = "Minst 4 trygghetsvandringar runt resecentrum."
ADMIN = ("admin@strangnas.se", "ett långt lösenord")


def commitment_box(j: Journey, text: str) -> Any:
    """The box of one commitment on Löften: the innermost block with its text and a metric."""
    return j.main.locator("[data-testid=stVerticalBlock]").filter(
        has=j.page.get_by_text(text, exact=True)).filter(
        has=j.page.locator("[data-testid=stMetric]")).last


def achieved(j: Journey, text: str) -> str:
    """The "Uppnått / Mål" figure of one commitment on Löften, as shown."""
    return commitment_box(j, text).locator("[data-testid=stMetricValue]").first.inner_text()


def test_a_new_municipality_goes_from_an_empty_store_to_its_public_site(
        browser, tmp_path: Path) -> None:
    steps = commands("sv", numbered_only=True)
    assert steps[0] == EXPORT
    importing = next(i for i, line in enumerate(steps) if " -m geo import " in line)
    report_line = next(line for line in steps if " -m geo report " in line)
    publish_line = next(line for line in steps if " -m geo publish " in line)
    folder = project_folder(tmp_path / "work")
    db = tmp_path / "strangnas.gpkg"

    # The README up to its first file: an empty store, the admin, the code, the pledge
    outputs = [run(line, folder, db) for line in steps[1:importing]]
    assert outputs[0].strip() == f"created {db}: 0 pledges"
    assert "0486 Strängnäs\n" in outputs
    assert outputs[-1].startswith(f"created {PLEDGE_ID}: 2 commitments")

    with serve(db, tmp_path / "streamlit.log") as url:
        j = Journey(journey_page(browser, DESK), "newkommun", "sv", allowed=(ADMIN[0],))
        page = j.page
        try:
            # 1. The app at the README's address: Strängnäs 2019, nothing on the map yet
            page.goto(f"{url}/?kommun=0486&year=2019")
            wait_idle(page)
            expect(j.sidebar.get_by_label(j.t("filters.kommun"), exact=True)).to_have_value(
                "Strängnäs (0486)")
            map_frame(page).wait_for_function(  # the map has fitted Strängnäs's boundary
                "() => window.map.getZoom() >= 8 && !window.map._animatingZoom", timeout=30_000)
            j.seen("start")

            # 2. The admin made by `geo user add` signs in (on Löften: the pledge, 0 / 8)
            sign_in(page, *ADMIN)
            j.sidebar.get_by_text(j.t("auth.signed_in_as", email=ADMIN[0],
                                      role=j.t("auth.role_admin"))).wait_for()
            j.main.get_by_role("heading", name=PLEDGE_TITLE).wait_for()
            assert achieved(j, WATCH) == "0 / 8"
            j.seen("signed-in")

            # 3. A reload: still signed in
            page.reload()
            page.get_by_role("button", name=j.t("auth.logout")).wait_for(timeout=60_000)
            wait_idle(page)
            j.seen("reloaded")

            # 4. The first file on "Import och export": watch areas of Strängnäs
            j.nav("io.page.nav")
            j.main.get_by_role("heading", name=j.t("io.page.title")).wait_for(timeout=30_000)
            choose(j.main.get_by_label(j.t("io.page.layer"), exact=True),
                   j.t("layers.watch_areas"))
            wait_idle(page)
            choose(j.main.get_by_label(j.t("filters.kommun"), exact=True).first,
                   "Strängnäs (0486)")
            wait_idle(page)
            uploader = j.main.locator("[data-testid=stFileUploader]").first
            uploader.locator("input[type=file]").set_input_files(WATCH_AREAS)
            j.main.get_by_text(re.compile(r"^3 rader lästa")).wait_for(timeout=60_000)
            wait_idle(page)
            j.seen("file-read")
            j.main.get_by_role("button", name=j.t("io.page.dry_run")).click()
            j.main.locator("[data-testid=stAlertContentSuccess]").wait_for(timeout=60_000)
            wait_idle(page)
            j.seen("dry-run")
            j.main.get_by_role("button", name=j.t("io.page.import"), exact=True).click()
            j.main.locator("[data-testid=stAlertContentSuccess]").filter(
                has_text="Importerade 3 nya").wait_for(timeout=60_000)
            wait_idle(page)
            new = j.main.locator("[data-testid=stMetric]").filter(
                has=page.get_by_text(j.t("io.page.n_new"), exact=True))
            assert new.locator("[data-testid=stMetricValue]").inner_text() == "3"
            j.seen("imported")

            # 5. Löften: the pledge and its progress, two new watch areas of eight
            j.nav("followup.nav")
            j.main.get_by_role("heading", name=PLEDGE_TITLE).wait_for(timeout=30_000)
            wait_idle(page)
            options = j.sidebar.get_by_label(j.t("followup.pledge"), exact=True)
            expect(options).to_have_value("Strängnäs 2019")
            assert achieved(j, WATCH) == "2 / 8"
            assert achieved(j, WALKS) == "0 / 4"
            j.seen("loften", focus=commitment_box(j, WATCH))

            # 6. The report for 2019, as the README's `geo report` writes it
            button = j.main.get_by_role("button", name=j.t("followup.download_html"))
            with page.expect_download(timeout=60_000) as download:
                button.click()
            assert download.value.suggested_filename == f"{PLEDGE_ID}-2019.html"
            saved = tmp_path / "downloaded.html"
            download.value.save_as(saved)
            run(report_line, folder, db)
            written = folder / out_path(report_line)
            assert saved.read_bytes() == written.read_bytes()
            report_text = saved.read_text(encoding="utf-8")
            assert WATCH in report_text and "8 grannsamverkansområden" in report_text
            j.seen("report", focus=button)
            j.finish()
        finally:
            j.close()
    shown = j.steps  # the site's screenshots follow the app's

    # 7. The public site, written by the README's `geo publish`, opened from disk
    run(publish_line, folder, db)
    site = folder / out_path(publish_line)
    site_page = journey_page(browser, DESK)
    try:
        site_page.goto((site / "index.html").as_uri())
        site_page.get_by_role("link", name=re.compile(re.escape(PLEDGE_TITLE))).wait_for()
        screenshot(site_page, f"journey-newkommun-sv-{shown + 1:02d}-site")
        assert english_leaks(site_page) == []
        site_page.get_by_role("link", name=re.compile(re.escape(PLEDGE_TITLE))).click()
        site_page.get_by_role("heading", name=PLEDGE_TITLE).wait_for()
        site_page.get_by_role("heading", name="Läget vid slutet av fjärde kvartalet 2019",
                              exact=True).wait_for()
        row = site_page.get_by_role("row").filter(has_text=WATCH)
        cells = [c.strip() for c in row.get_by_role("cell").all_inner_texts()]
        assert cells[:4] == [WATCH, "8 grannsamverkansområden", "2",
                             i18n.t("followup_status.not_met", "sv")]
        screenshot(site_page, f"journey-newkommun-sv-{shown + 2:02d}-site-pledge")
        assert english_leaks(site_page) == []
        assert site_page.console_errors == []
    finally:
        site_page.context.close()
