"""Editors' journeys on Registrera, walked in the browser as a person does (issue 14).

- two editors open the same finding; the one who saves second gets the conflict, with
  who and when, and keeps what they typed (item 1);
- an editor leaves a selected record with "Ny post" and places a new one (item 3).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo import i18n
from tests import fixture_data as fx
from tests.browser.conftest import (
    click_map_at,
    open_registrera,
    recording_page,
    screenshot,
    sign_in,
    wait_idle,
)

pytestmark = pytest.mark.browser

#: The fixture's finding number 2 ("Skymd gångväg", status new).
FINDING = (fx.TOMELILLA[0] + 0.004, fx.TOMELILLA[1] + 0.003)


def open_edit_page(page, url: str) -> None:
    """Sign in as Tomelilla's editor and open Registrera on the findings layer."""
    page.goto(url)
    sign_in(page, *fx.EDITOR)
    open_findings_2020(page)


def open_findings_2020(page) -> None:
    """Registrera (signed in), year 2020, the findings layer (also used by tests/deploy)."""
    open_registrera(page)
    year = page.get_by_label(i18n.t("filters.year", "sv"), exact=True)
    if "2020" not in (year.text_content() or "") + (year.input_value() or ""):
        year.click()
        page.get_by_role("option", name="2020", exact=True).click()
        wait_idle(page)
    page.locator("[data-testid=stButtonGroup]").get_by_text(
        i18n.t("layers.findings", "sv")).click()
    wait_idle(page)


def open_finding(page) -> None:
    click_map_at(page, *FINDING)
    page.get_by_text(i18n.t("edit.selected", "sv"), exact=False).first.wait_for(timeout=30_000)
    wait_idle(page)


def edit_form(page):
    return page.locator("[data-testid=stForm]").first


def test_second_editor_gets_the_conflict_and_keeps_what_they_typed(browser, writable_app_url):
    editor_a, editor_b = recording_page(browser), recording_page(browser)
    try:
        for page in (editor_a, editor_b):
            open_edit_page(page, writable_app_url)
            open_finding(page)
        # A sets the status to "Bedömd" and saves
        form_a = edit_form(editor_a)
        status = form_a.get_by_label(i18n.t("fields.status", "sv"), exact=True)
        # scrolled to first, as a person does: opened by a click that had to scroll it into
        # view, the list closed again at once (seen since the panel names the finding's walk
        # and the field lies below the fold)
        status.scroll_into_view_if_needed()
        status.click()
        editor_a.get_by_role("option", name=i18n.label("finding_status", "assessed", "sv"),
                             exact=True).click()
        wait_idle(editor_a)
        form_a.get_by_role("button", name=i18n.t("edit.save", "sv")).click()
        editor_a.get_by_text(i18n.t("edit.saved", "sv", what=i18n.t("layers.findings", "sv"))
                             ).wait_for(timeout=30_000)
        wait_idle(editor_a)
        # B, who opened the finding before A saved, changes the description and saves
        typed = "Skymd gångväg, häcken växer över trottoaren"
        form_b = edit_form(editor_b)
        description = form_b.get_by_label(i18n.t("fields.description", "sv"), exact=True)
        description.fill(typed)
        form_b.get_by_role("button", name=i18n.t("edit.save", "sv")).click()
        wait_idle(editor_b)
        conflict = editor_b.locator("[data-testid=stAlertContentError]")
        conflict.wait_for(timeout=30_000)
        wait_idle(editor_b)
        screenshot(editor_b, "edit_conflict_second_editor")
        text = conflict.inner_text()
        assert fx.EDITOR[0] in text, text
        assert "2026" in text or "20" in text
        assert editor_b.get_by_text(i18n.t("edit.saved", "sv", what=i18n.t(
            "layers.findings", "sv"))).count() == 0
        # what B typed is still in the form
        expect(edit_form(editor_b).get_by_label(i18n.t("fields.description", "sv"),
                                                exact=True)).to_have_value(typed)
        assert editor_a.console_errors == [] and editor_b.console_errors == []
    finally:
        editor_a.context.close()
        editor_b.context.close()


#: The middle of the fixture's watch area started 2018 (drawn in 2020).
WATCH_AREA = (13.9475, 55.5415)


def test_new_record_leaves_the_selected_one_and_places_a_finding_in_a_watch_area(
        page, writable_app_url):
    open_edit_page(page, writable_app_url)
    # a click inside the watch area opens it ("Vald post")
    click_map_at(page, *WATCH_AREA)
    selected = page.get_by_role("heading", name=f"{i18n.t('edit.selected', 'sv')}: "
                                f"{i18n.t('layers.watch_areas', 'sv')}")
    selected.wait_for(timeout=30_000)
    wait_idle(page)
    screenshot(page, "edit_watch_area_selected")
    # "Ny post" leaves it; the next click inside the area places a new finding there
    page.get_by_role("button", name=i18n.t("edit.new_record", "sv")).click()
    page.get_by_role("button", name=i18n.t("edit.pick_existing", "sv")).wait_for(timeout=30_000)
    wait_idle(page)
    expect(selected).to_be_hidden(timeout=30_000)
    click_map_at(page, *WATCH_AREA, dx=12, dy=8)
    page.get_by_text(i18n.t("edit.position", "sv"), exact=False).wait_for(timeout=30_000)
    wait_idle(page)
    expect(page.get_by_text(i18n.t("edit.selected", "sv"), exact=False)).to_have_count(0)
    form = page.locator("[data-testid=stForm]").last
    form.get_by_label(i18n.t("fields.description", "sv"), exact=True).fill(
        "Mörkt vid lekplatsen inne i grannsamverkansområdet")
    form.get_by_role("button", name=i18n.t("edit.save", "sv")).click()
    page.get_by_text(i18n.t("edit.saved", "sv", what=i18n.t("layers.findings", "sv"))).wait_for(
        timeout=30_000)
    wait_idle(page)
    screenshot(page, "edit_finding_in_watch_area_saved")
    # back to choosing: a click on the area opens it again
    click_map_at(page, *WATCH_AREA)
    page.get_by_role("button", name=i18n.t("edit.pick_existing", "sv")).click()
    wait_idle(page)
    click_map_at(page, *WATCH_AREA)
    selected.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.console_errors == []
