"""The region page as the public sees it: a local police area from the police's own list.

Lokalpolisområde Ystad holds five municipalities on polisen.se (Simrishamn, Sjöbo, Skurup,
Tomelilla, Ystad); the page draws all five, names its source, and shows no note to
developers, in Swedish only.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from geo import i18n
from geo.spatial import boundaries, police
from tests.browser.conftest import choose, map_frame, screenshot, table_rows, wait_idle
from tests.browser.english import english_leaks

T = i18n.catalog("sv")
REGION_JS = """() => {
  // the municipalities shaded on the map (properties.layer "region"), by code
  const ids = [];
  const walk = (l) => {
    const p = l.feature && l.feature.properties;
    if (p && p.layer === 'region') ids.push(p.id);
    if (l.eachLayer) l.eachLayer(walk);
  };
  window.feature_group.filter((g) => window.map.hasLayer(g)).forEach(walk);
  return ids.sort();
}"""


def test_public_chooses_ystad_and_sees_its_five_municipalities(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/region")
    wait_idle(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text(T["region.kinds.police_area"], exact=True).click()
    wait_idle(page)
    option = i18n.t("region.police_area_option", "sv", name="Ystad", region="Syd")
    box = sidebar.get_by_role("combobox", name=T["region.filters.police_area"], exact=True)
    box.wait_for(timeout=30_000)
    wait_idle(page)
    choose(box, option)  # as a keyboard user picks it (reopened if a rerun closes the list)
    wait_idle(page)
    main = page.locator("[data-testid=stMain]")
    heading = re.escape(i18n.t("region.table.heading", "sv", region="Lokalpolisområde Ystad",
                               year="YEAR")).replace("YEAR", r"\d{4}")
    expect(main.get_by_role("heading", name=re.compile(f"^{heading}$"))).to_be_visible()

    codes = sorted(police.areas()["Ystad"].kommun_koder)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({REGION_JS})().length === 5", timeout=30_000)
    assert frame.evaluate(REGION_JS) == codes
    assert {"1291", "1264"} <= set(codes)  # Simrishamn and Skurup
    table = main.locator("[data-testid=stDataFrame]")
    # the table is redrawn after the map in the same run: wait for its rows, not the map's
    expect(table.locator("[role=row]:has([role=gridcell])")).to_have_count(5, timeout=30_000)
    expect(table.locator("[role=gridcell]").first).to_have_text("Simrishamn", timeout=30_000)
    names = [row[0] for row in table_rows(table)]
    assert names == ["Simrishamn", "Sjöbo", "Skurup", "Tomelilla", "Ystad"]
    assert sorted(boundaries.names()[c] for c in codes) == names

    text = main.inner_text()
    assert "handgjord" not in text and "stäm av" not in text  # the old developer note
    assert "Källa: Polisen, lokalpolisområden, hämtat" in text
    source = main.get_by_role("link", name="polisen.se")
    assert source.get_attribute("href") == police.areas()["Ystad"].source_urls[0]
    assert english_leaks(page, allowed=tuple(names)) == []
    screenshot(page, "region_police_area_ystad")
    main.get_by_text("Källa: Polisen").scroll_into_view_if_needed()
    screenshot(page, "region_police_area_ystad_source")
