"""Writing an import in one transaction, and the ledger of files already imported.

The records, their history rows and the ledger row are written in one transaction,
or not at all: a process killed halfway leaves nothing. Each store does it its own
way behind :meth:`~geo.store.base.Store.import_records`: the GeoPackage through the
bulk path of :mod:`geo.store.gpkg.imports` (the rows ``create_many`` writes, fast),
PostGIS through its own insert (:mod:`geo.store.postgis.imports`).

The ledger (table ``io_imports``) remembers each imported file's SHA-256, layer and
municipality, so a second import of the same file is recognised at once; the
stable row ids alone already make it create nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from geo import formats
from geo.domain.model import Feature, utc_now
from geo.store import Store, schema
from geo.store.base import ImportEntry


def previous_import(store: Store, sha256: str, layer: str, kommun_kod: str
                    ) -> dict[str, Any] | None:
    """The ledger row of this file, layer and municipality, if it was imported before."""
    return store.imported_file(sha256, layer, kommun_kod)


def existing_ids(store: Store, layer: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` the store already holds in ``layer`` (one query)."""
    return store.existing_ids(layer, ids)


def write(store: Store, records: list[Feature], user: str, *, sha256: str, file_name: str,
          layer: str, kommun_kod: str, progress: Callable[[float], None] | None = None) -> int:
    """Insert ``records`` (all of ``layer``) and the ledger row, all or nothing."""
    entry = ImportEntry(sha256=sha256, layer=layer, kommun_kod=kommun_kod, file_name=file_name,
                        imported_at=schema.to_db(utc_now()), user=user, created=len(records))
    return store.import_records(layer, records, user, entry, progress)


def imported_at(row: dict[str, Any]) -> str:
    """When a ledger row was written, for messages (``2024-05-01 10:12``)."""
    try:
        return formats.moment(datetime.fromisoformat(row["imported_at"].replace("Z", "+00:00")))
    except (KeyError, ValueError, AttributeError):
        return "?"


def timer() -> Callable[[], float]:
    """Seconds since the call (for the report)."""
    started = time.perf_counter()
    return lambda: time.perf_counter() - started
