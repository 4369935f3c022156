"""The ``store`` fixture: one initialised, empty store per backend.

To run the contract tests against another backend, add one entry to ``BACKENDS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from geo.model import FEATURE_TYPES
from geo.store import GeoPackageStore, Store

BACKENDS: dict[str, Callable[[Path], Store]] = {
    "gpkg": lambda tmp_path: GeoPackageStore(tmp_path / "store.gpkg"),
}


@pytest.fixture(params=sorted(BACKENDS))
def store(request, tmp_path) -> Store:
    backend = BACKENDS[request.param](tmp_path)
    backend.initialize()
    for layer in FEATURE_TYPES:
        assert len(backend.list(layer)) == 0, f"{request.param}: {layer} is not empty"
    assert backend.history() == []
    return backend
