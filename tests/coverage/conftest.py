from __future__ import annotations

from pathlib import Path

import pytest

from tests.coverage import fixture


@pytest.fixture(scope="session")
def coverage_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("coverage") / "coverage.gpkg"
    fixture.build(path)
    return path
