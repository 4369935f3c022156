"""An office's unsafe-places CSV into the app and back out, in Chromium, as Tomelilla's coordinator.

The file is as Excel in Swedish saves it (``;``, Windows-1252, ``N``/``E`` in SWEREF 99 TM,
``Plats``, ``Beskrivning``, ``Kategori``, ``Datum``, ``Ärendenr``, no column saying where the
reports came from). The mapping step names the columns' fields in Swedish, keeps ``Plats``
as other information and asks for Källa with its Swedish values; with "Medborgardialog"
chosen the dry run and the import pass, and Registrera shows a place with its case number
and ``Plats`` kept. After a reload, the staff export gives the file back as Swedish Excel
reads it: ``;``, the case numbers, ``Plats`` among the other information, and ``N``/``E`` in
SWEREF 99 TM to the centimetre. No English on the way.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo import i18n
from tests import fixture_data as fx
from tests.browser.conftest import (
    choose,
    click_map_at,
    download,
    open_registrera,
    running_app,
    screenshot,
    sign_in,
    table_rows,
    wait_idle,
)
from tests.browser.english import english_leaks
from tests.data.office.make_office import HERE, PLACES, TOMELILLA
from tests.io.test_office_round_trip import as_swedish_excel

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

        # After a reload, out again: the staff export as Swedish Excel opens it
        page.reload()
        page.get_by_role("button", name=t("auth.logout")).wait_for(timeout=60_000)  # still in
        wait_idle(page)
        page.get_by_role("link", name=t("io.page.nav")).click()
        export_tab = page.get_by_role("tab", name=t("io.page.export_tab"))
        export_tab.wait_for(timeout=60_000)
        wait_idle(page)
        export_tab.click()
        panel = page.locator("[data-testid=stMain]").get_by_role("tabpanel").last
        choose(panel.get_by_label(t("filters.year"), exact=True), "2024")
        choose(panel.get_by_label(t("io.page.format"), exact=True), t("io.formats.csv"))
        panel.get_by_text(t("csv.staff_export"), exact=True).click()
        wait_idle(page)
        choose(panel.get_by_label(t("csv.coords.label"), exact=True),
               t("csv.coords.sweref99tm"))
        wait_idle(page)
        assert english_leaks(page, ALLOWED) == []
        screenshot(page, "export_office_staff")
        button = panel.get_by_role("button", name=t(
            "io.page.download", what=t("layers.unsafe_places"), format=t("io.formats.csv")))
        rows = as_swedish_excel(download(page, button).path().read_bytes())
        head = rows[0]
        by_case = {row[head.index(t("csv.header.case_number"))]: row for row in rows[1:]}
        assert set(by_case) >= {place[4] for place in PLACES}
        sent = {row["Ärendenr"]: row for row in csv.DictReader(io.StringIO(
            OFFICE.read_bytes().decode("cp1252")), delimiter=";")}
        for case_number, row in sent.items():
            back = by_case[case_number]
            assert json.loads(back[head.index(t("csv.header.extra"))]) == {"Plats": row["Plats"]}
            for axis in ("N", "E"):
                assert abs(float(back[head.index(axis)].replace(",", "."))
                           - float(row[axis].replace(",", "."))) < 0.01
    finally:
        context.close()
