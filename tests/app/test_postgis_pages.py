"""Every page of the app on PostGIS shows what it shows on GeoPackage, for the same data.

The example data lives in a GeoPackage and in its copy in PostGIS
(:mod:`tests.postgis_example`). Each page is opened with AppTest as a visitor arrives (the
entry script first, then the page), as each role that may open it, in both languages, and
every string the page sends to the browser (titles, metrics, tables, captions, widget
options, the map's layer payload) must be the same on both backends.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.domain.filters import Filter
from geo.store import GeoPackageStore, open_store, transfer
from tests import fixture_data as fx
from tests.app.conftest import APP
from tests.app.test_map_page import metric_counts, page_text
from tests.postgis_example import example_stores, pg_cluster  # noqa: F401 - fixtures

#: page → the roles that open it here (every page at least once; role limits: test_roles)
PAGES = {
    "views/map.py": ("public", "editor"),
    "views/pledges.py": ("public", "admin"),  # the admin: the pledge editor too
    "views/coverage.py": ("public",),
    "views/meeting.py": ("public",),
    "views/region.py": ("public",),
    "views/data_io.py": ("public", "editor"),
    "views/edit.py": ("editor",),
    "views/users.py": ("admin",),
}
ROLES = {"public": None, "editor": fx.EDITOR[0], "admin": fx.ADMIN[0]}
CASES = [(page, role) for page, roles in PAGES.items() for role in roles]
#: Names Streamlit makes up per run for files and downloads: not the page's content.
RANDOM_IDS = re.compile(r'("deferredFileId": "|/media/)[0-9a-f]{32}')


def open_page(monkeypatch, location: str, page: str, role: str, lang: str = "sv",
              **params: str) -> AppTest:
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", location)
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    if ROLES[role]:
        at.user = {"is_logged_in": True, "email": ROLES[role], "email_verified": True}
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    """What the page shows: its elements, the rows of its tables, its map's layers."""
    tables = [frame.value.to_csv() for frame in at.dataframe]
    maps = [json.loads(c.proto.json_args).get("feature_group", "")
            for c in at.get("component_instance")]
    return RANDOM_IDS.sub(r"\1<id>", "\n".join([page_text(at), *tables, *maps]))


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("page", "role"), CASES)
def test_each_page_shows_the_same_on_postgis(monkeypatch, example_stores,  # noqa: F811
                                             page, role, lang):
    pages = {backend: open_page(monkeypatch, location, page, role, lang)
             for backend, location in example_stores.locations().items()}
    on_gpkg, on_postgis = (shown(at) for at in pages.values())
    assert on_postgis.splitlines() == on_gpkg.splitlines()
    assert len(on_gpkg) > 2000  # a page with content, not an error notice


def test_the_map_counts_come_from_the_database(monkeypatch, example_stores):  # noqa: F811
    """The numbers on the map page are the example data's, on both backends."""
    url = {"kommun": "1230", "year": "2018", "year_to": "2019",
           "pledge": "staffanstorp-2018-2019"}
    counts = {backend: metric_counts(open_page(monkeypatch, location, "views/map.py",
                                               "public", **url))
              for backend, location in example_stores.locations().items()}
    assert counts["postgis"] == counts["gpkg"]
    store = open_store(example_stores.postgis)
    try:
        assert counts["postgis"]["findings"] == sum(
            1 for _, row in store.list("findings", public=True).iterrows()
            if row["pledge_id"] == "staffanstorp-2018-2019")
    finally:
        store.close()


@pytest.fixture
def writable_stores(example_stores, pg_cluster, tmp_path):  # noqa: F811
    """Copies of the example stores that a test may change."""
    from geo.store.postgis.store import PostGISStore

    gpkg = tmp_path / "example.gpkg"
    shutil.copy(example_stores.gpkg, gpkg)
    url = pg_cluster.new_database()
    target = PostGISStore(url)
    target.initialize()
    transfer.copy(GeoPackageStore(gpkg), target)
    target.close()
    yield {"gpkg": str(gpkg), "postgis": url}
    pg_cluster.drop_database(url)


def _by_label(elements, label: str):
    (element,) = [e for e in elements if e.label == label]
    return element


def test_an_admin_adds_a_user_on_postgis_as_on_geopackage(monkeypatch, writable_stores):
    """A write through a page lands in the database and shows on the next run."""
    email, t = "ny.redaktor@staffanstorp.se", i18n.catalog("sv")
    tables = {}
    for backend, location in writable_stores.items():
        at = open_page(monkeypatch, location, "views/users.py", "admin")
        _by_label(at.text_input, t["users.email"]).input(email)
        _by_label(at.text_input, t["users.name"]).input("Ny Redaktör")
        _by_label(at.multiselect, t["users.kommuner"]).select("1230")
        _by_label(at.text_input, t["users.password"]).input("ett långt och bra lösenord")
        _by_label(at.get("form_submit_button"), t["users.save"]).click().run()
        assert not at.exception, backend
        assert i18n.t("users.saved", "sv", email=email) in [m.value for m in at.success]
        tables[backend] = at.run().dataframe[0].value  # the list above the form, rerun
        store = open_store(location)
        try:
            found = store.user(email)
        finally:
            getattr(store, "close", lambda: None)()
        assert found is not None and found[0].kommuner == ("1230",), backend
        assert found[1].startswith("$argon2"), backend
    assert email in tables["postgis"].to_csv()
    assert tables["postgis"].equals(tables["gpkg"])


def test_the_app_finds_postgis_through_secrets_toml(monkeypatch, writable_stores, tmp_path):
    """No TRYGGHETSKARTAN_DB: ``[connections.trygghetskartan]`` in ~/.streamlit names the
    database, and the map shows its numbers (one place fewer there than in the GeoPackage)."""
    from sqlalchemy.engine import make_url

    from geo import config

    expected = metric_counts(open_page(monkeypatch, writable_stores["gpkg"], "views/map.py",
                                       "public"))
    store = open_store(writable_stores["postgis"])
    try:
        places = store.list("unsafe_places", Filter("1270", 2020, 2020))
        place = places[places["visibility"] == "public"].iloc[0]
        store.delete("unsafe_places", place["id"], int(place["version"]), "test", "dubblett")
    finally:
        store.close()
    expected["unsafe_places"] -= 1
    url = make_url(writable_stores["postgis"])
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f'[connections.trygghetskartan]\ndialect = "postgresql"\nhost = "{url.host}"\n'
        f'port = {url.port}\ndatabase = "{url.database}"\nusername = "{url.username}"\n',
        encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path / "project")
    monkeypatch.delenv("TRYGGHETSKARTAN_DB")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert metric_counts(at) == expected


def test_the_pledge_editor_opens_on_postgis(monkeypatch, example_stores):  # noqa: F811
    """An admin's Löften on PostGIS: the editor's tabs, prefilled from the stored pledge."""
    at = open_page(monkeypatch, example_stores.locations()["postgis"], "views/pledges.py",
                   "admin", pledge="tomelilla-2020")
    assert [tab.label for tab in at.tabs] == ["Uppföljning", "Redigera löfte", "Nytt löfte"]
    titles = [w.value for w in at.text_input if w.key and w.key.endswith("_title")]
    assert titles[0] == at.header[0].value
