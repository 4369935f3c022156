"""Stores: one interface (:mod:`geo.store.base`), one file per backend."""

from __future__ import annotations

from geo import config
from geo.store.base import HistoryEntry, NotFoundError, StaleVersionError, Store, StoreError
from geo.store.gpkg.store import GeoPackageStore

__all__ = [
    "GeoPackageStore", "HistoryEntry", "NotFoundError", "StaleVersionError", "Store",
    "StoreError", "open_store",
]


def open_store(location: str | None = None) -> Store:
    """Open the store at ``location`` (default: ``TRYGGHETSKARTAN_DB`` or the data folder)."""
    location = location or config.db_location()
    if location.startswith(("postgresql:", "postgres:", "postgresql+psycopg:")):
        try:  # SQLAlchemy loads only when needed: the package's extra `postgis`
            from geo.store.postgis.store import PostGISStore
        except ModuleNotFoundError as missing:
            raise StoreError(f"a PostgreSQL store needs {missing.name}: install "
                             "trygghetskartan[postgis] (requirements-postgis.txt)") from None
        return PostGISStore(location)
    return GeoPackageStore(location)
