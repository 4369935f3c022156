"""An office's unsafe-places CSV into the app, in Chromium, as Tomelilla's coordinator.

The file is as Excel in Swedish saves it (``;``, Windows-1252, ``N``/``E`` in SWEREF 99 TM,
``Plats``, ``Beskrivning``, ``Kategori``, ``Datum``, ``Ärendenr``, no column saying where the
reports came from). The mapping step names the columns' fields in Swedish, keeps ``Plats``
as other information and asks for Källa with its Swedish values; with "Medborgardialog"
chosen the dry run and the import pass, and Registrera shows a place with its case number
and ``Plats`` kept. No English on the way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo import i18n
from tests import fixture_data as fx
from tests.browser.conftest import (
    choose,
    click_map_at,
    open_registrera,
    running_app,
    screenshot,
    sign_in,
    table_rows,
    wait_idle,
)
from tests.browser.english import english_leaks
from tests.data.office.make_office import HERE, PLACES, TOMELILLA

pytestmark = pytest.mark.browser
OFFICE = HERE / "places_excel_cp1252_tm.csv"
#: What the file holds that is the user's data, not the interface's language.
ALLOWED = tuple(word for place in PLACES for word in place) + ("Plats", "Beskrivning",
                                                                "Kategori", "Datum",
                                                                "Ärendenr", "N", "E")


def t(key: str, **values) -> str:
    return i18n.t(key, "sv", **values)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    with running_app(tmp_path_factory.mktemp("office_import")) as url:
        yield url


def test_the_office_file_imports_with_its_source_chosen_in_swedish(browser, app,
                                                                  tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(app)
        sign_in(page, *fx.EDITOR)
        page.get_by_role("link", name=t("io.page.nav")).click()
        wait_idle(page)
        main = page.locator("[data-testid=stMain]").get_by_role("tabpanel").first  # Import
        main.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(OFFICE)
        # the mapping step: each column with its field's Swedish name
        required = main.get_by_label(t("io.page.fixed_required", field=t("fields.source")),
                                     exact=True)
        required.wait_for(timeout=60_000)
        wait_idle(page)
        expect(main.get_by_label("Kategori", exact=True)).to_have_value("Kategori (category)")
        expect(main.get_by_label("Ärendenr", exact=True)).to_have_value(
            f"{t('fields.case_number')} (case_number)")
        expect(main.get_by_label("Plats", exact=True)).to_have_value(t("io.page.keep_extra"))
        assert english_leaks(page, ALLOWED) == []
        choose(required, i18n.label("place_source", "citizen_dialogue", "sv"))
        wait_idle(page)
        main.get_by_role("button", name=t("io.page.dry_run")).click()
        main.get_by_text("Provkörning: 4 av 4 rader giltiga", exact=False).wait_for(
            timeout=60_000)
        wait_idle(page)
        assert english_leaks(page, ALLOWED) == []
        main.get_by_role("button", name=t("io.page.import"), exact=True).click()
        main.get_by_text("Importerade 4 nya otrygga platser", exact=False).wait_for(
            timeout=60_000)
        wait_idle(page)
        expect(main.get_by_text(t("io.msg.line_extra", columns="Plats"), exact=False)
               ).to_be_visible()
        expect(main.get_by_text(t("io.msg.line_fixed", field="Källa", value="Medborgardialog"),
                                exact=False)).to_be_visible()
        assert english_leaks(page, ALLOWED) == []
        shot = screenshot(page, "import_office_csv")
        assert shot.stat().st_size > 10_000

        # Registrera: the place at Stortorget, its case number and Plats kept
        open_registrera(page)
        year = page.get_by_label(t("filters.year"), exact=True)
        if "2024" not in (year.input_value() or ""):
            choose(year, "2024")
        wait_idle(page)
        click_map_at(page, *TOMELILLA[0])
        page.get_by_text(t("edit.selected"), exact=False).first.wait_for(timeout=30_000)
        wait_idle(page)
        case = page.get_by_label(t("fields.case_number"), exact=True)
        expect(case).to_have_value(PLACES[0][4])
        extra = page.get_by_text(t("fields.extra"), exact=True)
        extra.wait_for(timeout=30_000)
        table = page.locator("[data-testid=stDataFrame]").filter(
            has_text=t("io.page.extra_column")).first
        assert ["Plats", PLACES[0][0]] in table_rows(table)
        assert english_leaks(page, ALLOWED) == []
        case.scroll_into_view_if_needed()
        screenshot(page, "import_office_registrera")
    finally:
        context.close()
