"""Issue 19 in Chromium: an editor writes Tomelilla's åtgärdsplan; a second user meets a
conflict and keeps what she typed; a colour is set by hand with a reason.

One journey on the real app and store: sign in, reload (still signed in), Åtgärdsplan,
a new plan, a row linked to the two walk findings (one done, one open: yellow, in
words), the admin's stale save refused with her text kept, the editor's colour set by
hand, and the row still there after a reload. Screenshots at 1400×1000 and 1920×1080.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo import i18n
from tests import fixture_data as fx
from tests.browser import axe
from tests.browser.conftest import choose, recording_page, screenshot, sign_in, wait_idle
from tests.browser.english import english_leaks
from tests.browser.test_journeys_browser import pick_in_multiselect

pytestmark = pytest.mark.browser

SV = "sv"
FINDINGS = ("Brist nr 1 (2020-09-10): " + fx.PAYLOAD, "Brist nr 2 (2020-09-10): Skymd gångväg")


def t(key: str, **values: str) -> str:
    return i18n.t(key, SV, **values)


def main(page):
    return page.locator("[data-testid=stMain]")


def open_plan_page(page) -> None:
    page.locator("[data-testid=stSidebarNav]").get_by_role(
        "link", name=t("plan_page.nav")).click()
    page.get_by_role("heading", name=t("plan_page.heading"), exact=True).wait_for(
        timeout=30_000)
    wait_idle(page)


def type_into(locator, text: str) -> None:
    """Type as a person does (inside a form nothing reruns until it is sent)."""
    locator.scroll_into_view_if_needed()
    locator.click()
    locator.press_sequentially(text)
    expect(locator).to_have_value(text)


def row_form(page):
    return main(page).locator("[data-testid=stForm]").filter(
        has=page.get_by_role("button", name=t("plan_page.save_row")))


def test_an_editor_writes_a_plan_and_a_second_user_keeps_her_text(browser, writable_app_url):
    editor = recording_page(browser)
    editor.set_viewport_size({"width": 1400, "height": 1000})
    editor.goto(writable_app_url)
    sign_in(editor, *fx.EDITOR)
    editor.reload()  # the sign-in survives a reload
    open_plan_page(editor)
    expect(main(editor).get_by_text(t("plan_page.none_yet", kommun="Tomelilla"))).to_be_visible()

    # a new plan
    new = main(editor).locator("[data-testid=stForm]").filter(
        has=editor.get_by_role("button", name=t("plan_page.create")))
    type_into(new.get_by_label(t("plan.fields.title"), exact=True), "Åtgärdsplan Tomelilla 2021")
    new.get_by_role("button", name=t("plan_page.create")).click()
    main(editor).get_by_text(t("plan_page.created", title="Åtgärdsplan Tomelilla 2021")
                             ).wait_for(timeout=30_000)
    wait_idle(editor)

    # a row linked to the two findings of the fixture's walk
    form = row_form(editor)
    type_into(form.get_by_label(t("plan.fields.problem"), exact=True),
              "Mörk och skymd gångväg vid skolan")
    findings = form.get_by_label(t("plan.fields.finding_ids"), exact=True)
    for finding in FINDINGS:
        pick_in_multiselect(editor, findings, finding)
    type_into(form.get_by_label(t("plan.fields.action"), exact=True),
              "Ny belysning och röjning längs gångvägen")
    form.get_by_role("button", name=t("plan_page.save_row")).click()
    main(editor).get_by_text(t("plan_page.row_saved")).wait_for(timeout=30_000)
    wait_idle(editor)
    table = main(editor).locator("[data-testid=stTable]")
    expect(table).to_contain_text("Ny belysning och röjning längs gångvägen")
    expect(table).to_contain_text(t("plan_colour.yellow"))  # the colour in words
    card = main(editor).get_by_text(t("plan_page.links")).locator("..")
    expect(card).to_contain_text(t("plan.state.done_on_time"))
    expect(card).to_contain_text(t("plan.state.open"))
    table.scroll_into_view_if_needed()
    screenshot(editor, "plan_1_row_saved_1400")
    assert editor.evaluate("() => globalThis.X") is None  # the finding's payload stayed text

    # the admin opens the same plan (version 2) ...
    admin = recording_page(browser)
    admin.set_viewport_size({"width": 1400, "height": 1000})
    admin.goto(writable_app_url)
    sign_in(admin, *fx.ADMIN)
    open_plan_page(admin)
    # ... the editor sets the row's colour by hand meanwhile (version 3) ...
    override = main(editor).locator("[data-testid=stExpander]").filter(
        has_text=t("plan_page.override")).first
    override.get_by_text(t("plan_page.override"), exact=True).click()
    choose(override.get_by_label(t("plan_page.override_colour"), exact=True),
           t("plan_colour.red"))
    type_into(override.get_by_label(t("plan_page.override_reason"), exact=True),
              "Gångvägen är avstängd tills vidare")
    override.get_by_role("button", name=t("plan_page.override_save")).click()
    main(editor).get_by_text(t("plan_page.override_saved")).wait_for(timeout=30_000)
    wait_idle(editor)
    expect(main(editor).locator("[data-testid=stTable]")).to_contain_text(
        t("plan_page.by_hand_badge", colour=t("plan_colour.red")))
    expect(main(editor)).to_contain_text("Gångvägen är avstängd tills vidare")
    editor.set_viewport_size({"width": 1920, "height": 1080})
    main(editor).get_by_text(t("plan_page.rows")).scroll_into_view_if_needed()
    screenshot(editor, "plan_2_by_hand_1920")

    # ... and her save, from version 2, is refused; what she typed stays
    form = row_form(admin)
    problem = form.get_by_label(t("plan.fields.problem"), exact=True)
    type_into(problem, "Otrygg busshållplats på torget")
    type_into(form.get_by_label(t("plan.fields.action"), exact=True), "Flytta hållplatsen")
    form.get_by_role("button", name=t("plan_page.save_row")).click()
    wait_idle(admin)
    conflict = main(admin).locator("[data-testid=stAlertContentError]")
    expect(conflict).to_contain_text("Planen har sparats av " + fx.EDITOR[0], timeout=30_000)
    expect(problem).to_have_value("Otrygg busshållplats på torget")
    conflict.scroll_into_view_if_needed()
    screenshot(admin, "plan_3_conflict_1400")
    assert english_leaks(admin) == []

    editor.reload()  # the plan and its row are stored
    open_plan_page(editor)
    expect(main(editor).locator("[data-testid=stTable]")).to_contain_text(
        "Ny belysning och röjning längs gångvägen")
    assert english_leaks(editor) == []
    # the badges' colours and the cards pass axe (WCAG 2.1 AA) with the whole page in view
    editor.set_viewport_size({"width": 1600, "height": 5000})
    wait_idle(editor)
    found = axe.violations(editor)
    assert found == [], "axe-core, WCAG 2.1 A/AA:\n" + axe.report(found)
    for page in (editor, admin):
        page.context.close()
