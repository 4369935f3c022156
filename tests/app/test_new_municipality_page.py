"""Löften on the README's empty store (issue 15, "Ny kommun"): the admin made by the README's
``geo user add`` is offered the first pledge's form; the public is told there is nothing yet."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from tests.app.conftest import APP
from tests.newkommun import EXPORT, commands, project_folder, run

ADMIN = "admin@strangnas.se"
#: The README's example pledge of Strängnäs (2019).
PLEDGE_FILE = Path(__file__).resolve().parents[2] / "data" / "examples" / "strangnas-2019.yaml"


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store after the README's first two steps (an empty store, its first admin)."""
    folder = tmp_path_factory.mktemp("newkommun")
    db = folder / "strangnas.gpkg"
    lines = commands("sv")
    assert lines[0] == EXPORT
    work = project_folder(folder / "work")
    for line in lines[1:3]:  # geo init, geo user add
        run(line, work, db)
    return db


def loften(db: Path, monkeypatch: pytest.MonkeyPatch, email: str | None) -> AppTest:
    """Löften for a signed-in ``email`` or the public."""
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    if email:
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.run()
    at.switch_page("views/pledges.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_readmes_admin_writes_the_first_pledge_on_an_empty_store(empty_store, monkeypatch):
    at = loften(empty_store, monkeypatch, ADMIN)
    assert [b.label for b in at.button if b.label == i18n.t("pledge_form.create", "sv")]
    kommun = [s for s in at.selectbox if s.label == i18n.t("pledge_form.field.kommun_kod", "sv")]
    assert len(kommun) == 1 and len(kommun[0].options) == 290  # the admin may choose any
    assert any("Strängnäs" in option for option in kommun[0].options)


def test_the_public_sees_that_there_is_no_pledge_yet(empty_store, monkeypatch):
    at = loften(empty_store, monkeypatch, None)
    assert [i.value for i in at.info] == [i18n.t("notices.no_features", "sv")]
    assert not [b for b in at.button if b.label == i18n.t("pledge_form.create", "sv")]


def test_the_map_opens_on_the_municipality_of_the_stores_own_pledge(
        empty_store, monkeypatch, tmp_path):
    """A store holding only Strängnäs's pledge opens on Strängnäs and the pledge's year,
    not on the example data's Tomelilla 2020 (the defaults follow the data)."""
    import shutil

    from geo.cli import main as cli

    db = tmp_path / "strangnas.gpkg"
    shutil.copy(empty_store, db)
    assert cli.main(["pledge", "import", str(PLEDGE_FILE), "--db", str(db)]) == 0
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert (at.selectbox(key="kommun").value, at.selectbox(key="year").value) == ("0486", 2019)
