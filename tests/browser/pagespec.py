"""What each page of the app must show, per role and language (issue 7's browser matrix).

One :class:`PageSpec` per page of ``dashboard.py``'s navigation: who may open it, the
sidebar link that opens it, its heading, the filters the keyboard must reach, and a
check of what a user sees there (counts, tables, download buttons, the drawn map).
``tests/browser/test_pages_browser.py`` runs every spec for every role that has the
page, in Swedish and in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geo import i18n
from geo.domain.model import LAYERS
from geo.domain.pledge_files import load_pledges
from tests import fixture_data as fx
from tests.browser.conftest import drawn, map_frame

#: The roles the matrix runs as: the public and an editor; the admin for the admin's page.
ROLES = ("public", "editor")
ACCOUNTS = {"editor": fx.EDITOR, "admin": fx.ADMIN}
#: The view every session starts from (the fixture's records are Tomelilla's, 2020).
START_QUERY = "?kommun=1270&year=2020&pledge=tomelilla-2020"
PLEDGE_TITLE = next(p.title for p in load_pledges() if p.id == "tomelilla-2020")

Check = Callable[[Any, dict[str, str], str], None]


@dataclass(frozen=True)
class PageSpec:
    """One page: who sees it, how it is reached, what it must show."""

    name: str
    url_path: str
    nav_key: str
    heading: Callable[[str], str | re.Pattern[str]]
    check: Check
    filters: Callable[[dict[str, str], str], list[str]]
    roles: tuple[str, ...] = ROLES
    #: whether the page shows a map (the page is ready once it is drawn)
    has_map: bool = True
    #: the roles that must not find the page in the sidebar
    hidden_from: tuple[str, ...] = ()

    def nav(self, lang: str, role: str) -> str:
        """The page's link text in the sidebar (the import page is named by the role)."""
        key = self.nav_key
        if self.name == "data_io" and role == "public":
            key = "io.page.title_export"
        return i18n.t(key, lang)


def metric(main: Any, label: str) -> str:
    """The value of the metric labelled ``label`` (exactly), as shown."""
    box = main.locator("[data-testid=stMetric]").filter(
        has=main.page.get_by_text(label, exact=True))
    return box.locator("[data-testid=stMetricValue]").first.inner_text()


FEATURES_JS = """() => {
  // features (of any layer) in the feature groups on the map
  let n = 0;
  const walk = (l) => { if (l.feature) n += 1; if (l.eachLayer) l.eachLayer(walk); };
  window.feature_group.filter((g) => window.map.hasLayer(g)).forEach(walk);
  return n;
}"""


def drawn_map(page: Any, groups: int) -> dict[str, int]:
    """Features per data layer on the page's map, once ``groups`` feature groups arrived."""
    frame = map_frame(page)
    frame.wait_for_function(f"() => window.feature_group.length >= {groups}", timeout=30_000)
    assert frame.evaluate("() => window.map.getContainer().offsetHeight") > 300
    return drawn(frame)


def _check_map(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    shown = {layer: int(metric(main, t[f"layers.{layer}"])) for layer in LAYERS}
    # the fixture's public records at least (an editor sees internal ones too), and the map
    # draws exactly what the counts say, less those without a place
    assert all(shown[k] >= n for k, n in fx.EXPECTED_PLEDGE_2020.items()), shown
    assert drawn_map(page, len(LAYERS) + 1) == {
        k: n - fx.UNPLACED_PLEDGE_2020.get(k, 0) for k, n in shown.items() if n}
    for text in (t["filters.heading"], t["legend.heading"]):
        assert page.get_by_text(text, exact=True).count() >= 1, text
    assert main.get_by_role("heading", name=re.compile(re.escape(t["table.heading"]))).count()
    assert main.locator("[data-testid=stDataFrame]").count() >= 1


def _check_pledges(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    main.get_by_role("heading", name=PLEDGE_TITLE).wait_for()
    assert main.get_by_text(t["followup.commitments"], exact=True).count() == 1
    statuses = [t[f"followup_status.{s}"] for s in ("met", "on_track", "behind", "not_met")]
    assert any(main.get_by_text(s).count() for s in statuses)
    assert main.locator("[data-testid=stDownloadButton]").count() == 3  # HTML, PDF, CSV
    assert main.get_by_role("link", name=t["followup.show_on_map"]).count() >= 1


def _check_coverage(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    assert int(metric(main, t["coverage.metrics.units"])) > 0
    assert int(metric(main, t["coverage.metrics.with_demand"])) > 0  # the fixture's places
    prefix = t["coverage.ranked.heading"].split("{")[0].strip()
    main.get_by_role("heading", name=re.compile("^" + re.escape(prefix))).wait_for()
    assert main.get_by_role("button", name=t["coverage.ranked.csv"]).count() == 1
    assert main.get_by_role("button", name=t["coverage.ranked.gpkg"]).count() == 1
    layers = drawn_map(page, 4)  # the boundary, the squares, watch areas and places
    assert layers.get("unsafe_places", 0) >= 1, layers


def _check_region(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    assert int(metric(main, t["region.metrics.municipalities"])) > 1
    assert int(metric(main, t["region.metrics.total"])) > 0  # Tomelilla's public records
    prefix = t["region.table.heading"].split(":")[-1].strip()
    main.get_by_role("heading", name=re.compile(re.escape(prefix) + "$")).wait_for()
    assert main.locator("[data-testid=stDataFrame]").count() == 1
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({FEATURES_JS})() > 1", timeout=30_000)


def _check_meeting(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    assert main.get_by_role("button", name=re.compile(re.escape(t["meeting.print"]))).count() == 1
    for key in ("meeting.previous", "meeting.next"):
        assert main.get_by_role("button", name=t[key]).count() == 1, key
    assert main.get_by_text(re.compile(re.escape(t["meeting.step_of"].split("{")[0]))).count()
    map_frame(page)


def _check_data_io(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    uploaders = main.locator("[data-testid=stFileUploader]")
    if role == "public":
        assert main.get_by_role("tab").count() == 0
        assert uploaders.count() == 0  # no import for the public
    else:
        for key in ("io.page.import_tab", "io.page.export_tab"):
            assert main.get_by_role("tab", name=t[key]).count() == 1, key
        assert uploaders.filter(has_text=t["io.page.file"]).count() == 1
        main.get_by_role("tab", name=t["io.page.export_tab"]).click()
    shown = {layer: int(metric(main, t[f"layers.{layer}"])) for layer in LAYERS}
    assert all(shown[k] >= n for k, n in fx.EXPECTED_PLEDGE_2020.items()), shown
    assert main.get_by_text(t["io.page.public_only"]).count() == 1
    assert main.locator("[data-testid=stDownloadButton]").count() >= 1


def _check_edit(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    assert main.get_by_text(t["edit.what"], exact=True).count() == 1
    for layer in LAYERS:  # one choice per layer that can be registered
        assert main.locator("[data-testid=stButtonGroup]").get_by_text(
            t[f"layers.{layer}"], exact=True).count() == 1, layer
    assert main.get_by_text(t["edit.no_position"]).count() == 1
    frame = map_frame(page)
    assert frame.locator(".leaflet-draw").count() == 1  # the drawing tools


def _check_users(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    table = main.locator("[data-testid=stDataFrame]")
    assert table.count() == 1
    # the data grid draws on a canvas; its cells are kept for screen readers in a table
    for email, _ in (fx.EDITOR, fx.ADMIN):
        table.locator("[role=gridcell]", has_text=email).wait_for(state="attached")
    form = main.locator("[data-testid=stForm]")
    assert form.get_by_text(t["users.add"]).count() == 1
    assert form.get_by_role("button", name=t["users.save"]).count() == 1


def _check_lagesbild(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")
    for name in ("mapping", "other", "analysis", "decision"):
        assert main.get_by_role("tab", name=t[f"lagesbild_page.tabs.{name}"]).count() == 1, name
    assert main.locator("table").count() >= 5  # the kartläggning's parts
    assert main.get_by_role("link", name=t["situation.link"]).count() >= 10
    assert main.get_by_role("button", name=t["lagesbild_page.save"], exact=True).count() == 1


def _check_plan(page: Any, t: dict[str, str], role: str) -> None:
    main = page.locator("[data-testid=stMain]")  # the fixture has no plan: the first is made
    assert main.get_by_text(t["plan_page.none_yet"].format(kommun="Tomelilla")).count() == 1
    assert main.get_by_role("button", name=t["plan_page.create"]).count() == 1


def _map_filters(t: dict[str, str], role: str) -> list[str]:
    return [t["filters.pledge"], t["filters.kommun"], t["filters.year"], t["filters.year_to"],
            t["filters.categories"], t["filters.place_statuses"],
            t["filters.finding_statuses"], t["filters.layers"]]


def _export_filters(t: dict[str, str], role: str) -> list[str]:
    base = [t["filters.kommun"], t["filters.year"], t["filters.year_to"], t["filters.pledge"],
            t["filters.categories"], t["filters.layers"], t["io.page.format"]]
    if role == "public":
        return base
    return [t["io.page.layer"], t["io.page.crs"], t["io.page.file"]]  # the import tab, first


SPECS: tuple[PageSpec, ...] = (
    PageSpec("map", "karta", "nav.map", lambda lang: i18n.t("app.title", lang), _check_map,
             _map_filters),
    PageSpec("pledges", "loften", "followup.nav", lambda lang: i18n.t("followup.heading", lang),
             _check_pledges,
             lambda t, role: [t["followup.pledge"], t["followup.report_period"]],
             has_map=False),
    PageSpec("coverage", "tackning", "coverage.nav", lambda lang: i18n.t("coverage.title", lang),
             _check_coverage,
             lambda t, role: [t["filters.kommun"], t["filters.year"],
                              t["coverage.filters.units"], t["coverage.filters.threshold"],
                              t["coverage.filters.population"]]),
    PageSpec("region", "region", "region.nav", lambda lang: i18n.t("region.title", lang),
             _check_region,
             lambda t, role: [t["region.filters.kind"], t["filters.year"],
                              t["region.filters.measure"]]),
    PageSpec("meeting", "mote", "meeting.nav",
             lambda lang: i18n.t("meeting.heading", lang, kommun="Tomelilla"), _check_meeting,
             lambda t, role: [t["meeting.kommun"], t["meeting.pledge"], t["meeting.since"],
                              t["meeting.until"], t["meeting.view"]]),
    PageSpec("data_io", "import-export", "io.page.nav",
             lambda lang: i18n.t("io.page.title_export", lang), _check_data_io, _export_filters,
             has_map=False),
    PageSpec("edit", "registrera", "edit.nav", lambda lang: i18n.t("edit.heading", lang),
             _check_edit,
             lambda t, role: [t["edit.kommun"], t["filters.year"], t["edit.what"]],
             roles=("editor",), hidden_from=("public",)),
    PageSpec("lagesbild", "lagesbild", "lagesbild_page.nav",
             lambda lang: i18n.t("lagesbild_page.heading", lang, scope="Tomelilla",
                                 years="2019–2020"), _check_lagesbild,
             lambda t, role: [t["lagesbild_page.filters.kommun"],
                              t["lagesbild_page.filters.year_from"],
                              t["lagesbild_page.filters.year_to"],
                              t["lagesbild_page.filters.units"]],
             roles=("editor",), hidden_from=("public",), has_map=False),
    PageSpec("users", "anvandare", "users.nav", lambda lang: i18n.t("users.heading", lang),
             _check_users,
             lambda t, role: [t["users.email"], t["users.role"], t["users.kommuner"]],
             roles=("admin",), hidden_from=("public", "editor"), has_map=False),
    PageSpec("plan", "atgardsplan", "plan_page.nav",
             lambda lang: i18n.t("plan_page.heading", lang), _check_plan,
             lambda t, role: [t["plan_page.kommun"], t["plan.fields.title"]],
             roles=("editor",), hidden_from=("public",), has_map=False),
)


def heading(spec: PageSpec, lang: str, role: str) -> str:
    """The page's main heading (the import page is titled by the role)."""
    if spec.name == "data_io" and role != "public":
        return i18n.t("io.page.title", lang)
    return str(spec.heading(lang))
