"""The GeoPackage store's own steps that its mixins use, declared so mypy checks the mixins.

:class:`~geo.store.gpkg.store.GeoPackageStore` defines each of them; the mixins
(:mod:`geo.store.gpkg.tables`, :mod:`geo.store.gpkg.bulk`, :mod:`geo.store.survey_tables`)
inherit these declarations.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

import geopandas as gpd

from geo.domain.filters import Filter


class GpkgSteps:
    """The backend steps a GeoPackage mixin needs (defined by the store)."""

    path: Path

    def _connect(self) -> sqlite3.Connection:
        """A connection to the file (a context manager that commits, not one that closes)."""
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """A write transaction yielding a connection; committed at the end, rolled back on error."""
        raise NotImplementedError

    def _log(self, conn: sqlite3.Connection, user: str, layer: str, record_id: str,
             action: str, before: str | None, after: str | None, reason: str = "") -> None:
        """Append one history row in the caller's transaction."""
        raise NotImplementedError

    def list(self, layer: str, flt: Filter | None = None, *, public: bool = False
             ) -> gpd.GeoDataFrame:
        """The layer's features as a GeoDataFrame."""
        raise NotImplementedError
