"""The real app (``streamlit run``) on PostGIS, in Chromium: the map draws what it counts,
nothing private reaches the page, and an editor signs in against the database's users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geo import i18n
from geo.store import GeoPackageStore, transfer
from tests import fixture_data as fx
from tests.browser.conftest import (
    map_frame,
    screenshot,
    serve,
    sign_in,
    wait_idle,
)
from tests.browser.test_map_browser import check_pledge_map
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def postgis_app_url(tmp_path_factory: pytest.TempPathFactory,
                    pg_cluster) -> Iterator[str]:  # noqa: F811
    """The app with ``TRYGGHETSKARTAN_DB`` naming a PostGIS copy of the fixture store."""
    from geo.store.postgis.store import PostGISStore

    folder = tmp_path_factory.mktemp("postgis-app")
    fx.build(folder / "fixture.gpkg")
    url = pg_cluster.new_database()
    target = PostGISStore(url)
    try:
        target.initialize()
        report = transfer.copy(GeoPackageStore(folder / "fixture.gpkg"), target)
        assert all(check.ok for check in report.checks)
    finally:
        target.close()
    with serve(url, folder / "streamlit.log") as app_url:  # type: ignore[arg-type]
        yield app_url
    pg_cluster.drop_database(url)


def test_the_map_on_postgis_draws_what_it_counts(page, postgis_app_url):
    check_pledge_map(page, postgis_app_url, "map_postgis_tomelilla_2020")


def test_an_editor_signs_in_on_postgis_and_opens_the_editing_page(page, postgis_app_url):
    page.goto(postgis_app_url)
    sign_in(page, *fx.EDITOR)
    page.get_by_role("link", name=i18n.t("edit.nav", "sv")).click()
    page.get_by_role("heading", name=i18n.t("edit.heading", "sv")).wait_for(timeout=30_000)
    wait_idle(page)
    frame = map_frame(page)
    frame.locator(".leaflet-draw-draw-polyline").wait_for(timeout=30_000)  # drawing tools
    screenshot(page, "edit_postgis")
    assert page.console_errors == []
