"""Writing an import in one transaction, and the ledger of files already imported.

The records, their history rows and the ledger row are written in one transaction,
or not at all: a process killed halfway leaves nothing. On a GeoPackage the bulk
path of :mod:`geo.store.gpkg_import` writes them (the rows equal those of
``create_many``; a test compares both) inside one ``BEGIN IMMEDIATE`` transaction,
the same lock every writer queues on. On PostGIS :mod:`geo.store.postgis_import`
does the same through the store's own insert.

The ledger (table ``io_imports``) remembers each imported file's SHA-256, layer and
municipality, so a second import of the same file is recognised at once; the
stable row ids alone already make it create nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from geo.model import Feature, utc_now
from geo.store import GeoPackageStore, Store, gpkg_import, schema

LEDGER = gpkg_import.LEDGER


def _postgis(store: Store) -> Any:
    """The PostGIS import module when ``store`` is a PostGIS store (imported lazily)."""
    if type(store).__name__ != "PostGISStore":
        return None
    from geo.store import postgis_import

    return postgis_import


def previous_import(store: Store, sha256: str, layer: str, kommun_kod: str
                    ) -> dict[str, Any] | None:
    """The ledger row of this file, layer and municipality, if it was imported before."""
    if isinstance(store, GeoPackageStore):
        if not store.path.exists():
            return None
        conn = store._connect()
        try:
            return gpkg_import.ledger_row(conn, sha256, layer, kommun_kod)
        finally:
            conn.close()
    postgis = _postgis(store)
    return postgis.ledger_row(store, sha256, layer, kommun_kod) if postgis else None


def existing_ids(store: Store, layer: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` the store already holds in ``layer`` (one query)."""
    if isinstance(store, GeoPackageStore):
        conn = store._connect()
        try:
            return gpkg_import.existing_ids(conn, layer, ids)
        finally:
            conn.close()
    postgis = _postgis(store)
    if postgis:
        return postgis.existing_ids(store, layer, ids)
    return {i for i in dict.fromkeys(ids) if store.get(layer, i) is not None}


def write(store: Store, records: list[Feature], user: str, *, sha256: str, file_name: str,
          layer: str, kommun_kod: str, progress: Callable[[float], None] | None = None) -> int:
    """Insert ``records`` (all of ``layer``) and the ledger row, all or nothing."""
    entry = (sha256, layer, kommun_kod, file_name, schema.to_db(utc_now()), user, len(records))
    if isinstance(store, GeoPackageStore):
        with store._transaction() as conn:
            created = gpkg_import.insert_records(conn, layer, records, user, progress)
            gpkg_import.add_to_ledger(conn, entry)
        return created
    postgis = _postgis(store)
    if postgis:
        return postgis.import_records(store, records, user, entry)
    return store.create_many(records, user)


def imported_at(row: dict[str, Any]) -> str:
    """When a ledger row was written, for messages (``2024-05-01 10:12``)."""
    try:
        return datetime.fromisoformat(row["imported_at"].replace("Z", "+00:00")).strftime(
            "%Y-%m-%d %H:%M")
    except (KeyError, ValueError, AttributeError):
        return "?"


def timer() -> Callable[[], float]:
    """Seconds since the call (for the report)."""
    started = time.perf_counter()
    return lambda: time.perf_counter() - started
