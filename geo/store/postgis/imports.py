"""The PostGIS store's side of a file import: new records and a ledger row in one transaction.

The records go in through the store's own insert (the same rows and history as
``create_many``) and the ledger row (table ``io_imports``, as in the GeoPackage) is
written by a hook inside that same transaction: a failed or interrupted import
leaves neither. The ledger table comes with the schema (migration 0005); ``geo copy``
leaves it out, as it does the GeoPackage's (:data:`geo.store.transfer.NOT_COPIED`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.domain.model import FEATURE_TYPES, Feature

if TYPE_CHECKING:
    from geo.store.postgis.store import PostGISStore

LEDGER = "io_imports"
_COLUMNS = ("sha256", "layer", "kommun_kod", "file_name", "imported_at", "user", "created")


def import_records(store: PostGISStore, records: list[Feature], user: str,
                   entry: tuple[Any, ...]) -> int:
    """Insert ``records`` and the ledger row ``entry`` (``_COLUMNS``), all or nothing."""

    def add_to_ledger(conn: Connection) -> None:
        names = ", ".join(f'"{c}"' for c in _COLUMNS)
        conn.execute(sa.text(
            f"INSERT INTO {LEDGER} ({names}) VALUES ({', '.join(':' + c for c in _COLUMNS)}) "
            "ON CONFLICT (sha256, layer, kommun_kod) DO UPDATE SET file_name = "
            "excluded.file_name, imported_at = excluded.imported_at, \"user\" = excluded.\"user\", "
            "created = excluded.created"), dict(zip(_COLUMNS, entry, strict=True)))

    return len(store._insert_many(records, user, then=add_to_ledger))


def ledger_row(store: PostGISStore, sha256: str, layer: str, kommun_kod: str
               ) -> dict[str, Any] | None:
    """The ledger row of this file, layer and municipality, if it was imported before."""
    with store._connect() as conn:
        row = conn.execute(sa.text(
            f"SELECT * FROM {LEDGER} WHERE sha256 = :sha256 AND layer = :layer AND "
            "kommun_kod = :kommun"), {"sha256": sha256, "layer": layer, "kommun": kommun_kod}
        ).mappings().first()
    return None if row is None else dict(row)


def existing_ids(store: PostGISStore, layer: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` the layer already holds (deleted records too: their ids are taken)."""
    if layer not in FEATURE_TYPES:
        raise KeyError(layer)
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    with store._connect() as conn:
        return set(conn.execute(sa.text(f'SELECT id FROM "{layer}" WHERE id = ANY(:ids)'),
                                {"ids": wanted}).scalars())
