from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import fixture_data

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "fixture.gpkg"
    fixture_data.build(path)
    return path


@pytest.fixture
def app(fixture_db: Path, monkeypatch: pytest.MonkeyPatch):
    """Return a function that runs the app with the given URL query parameters."""
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(fixture_db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")

    def run(**params: str | list[str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for name, value in params.items():
            at.query_params[name] = value
        return at.run()

    return run
