"""The PostGIS store's side of a file import: new records and a ledger row in one transaction.

A mixin of :class:`~geo.store.postgis.store.PostGISStore`. The records go in through the
store's own insert (the same rows and history as ``create_many``) and the ledger row
(table ``io_imports``, as in the GeoPackage) is written by a hook inside that same
transaction: a failed or interrupted import leaves neither. The ledger table comes with the
schema (migration 0005); ``geo copy`` leaves it out, as it does the GeoPackage's
(:data:`geo.store.transfer.NOT_COPIED`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import astuple
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.domain.model import FEATURE_TYPES, Feature
from geo.store.base import ImportEntry

LEDGER = "io_imports"
_COLUMNS = ("sha256", "layer", "kommun_kod", "file_name", "imported_at", "user", "created")


class PostGISImports:
    """``import_records``, ``imported_file`` and ``existing_ids`` on the store's own steps."""

    # -- the backend's steps ----------------------------------------------------------------

    def _connect(self) -> AbstractContextManager[Connection]:
        """A connection for reads."""
        raise NotImplementedError

    def _insert_many(self, records: list[Feature], user: str,
                     then: Callable[[Connection], None] | None = None) -> list[Feature]:
        """Insert records and their history; ``then(conn)`` runs in the same transaction."""
        raise NotImplementedError

    # -- the import's operations --------------------------------------------------------------

    def import_records(self, layer: str, records: list[Feature], user: str,
                       entry: ImportEntry, progress: Callable[[float], None] | None = None
                       ) -> int:
        """Insert a file's new records and its ledger row in one transaction, all or nothing.

        Through the store's own insert, with the ledger row written by a hook in the same
        transaction.
        """
        row = astuple(entry)

        def add_to_ledger(conn: Connection) -> None:
            names = ", ".join(f'"{c}"' for c in _COLUMNS)
            conn.execute(sa.text(
                f"INSERT INTO {LEDGER} ({names}) VALUES "
                f"({', '.join(':' + c for c in _COLUMNS)}) "
                "ON CONFLICT (sha256, layer, kommun_kod) DO UPDATE SET file_name = "
                "excluded.file_name, imported_at = excluded.imported_at, \"user\" = "
                "excluded.\"user\", created = excluded.created"),
                dict(zip(_COLUMNS, row, strict=True)))

        created = len(self._insert_many(records, user, then=add_to_ledger))
        if progress:
            progress(1.0)
        return created

    def imported_file(self, sha256: str, layer: str, kommun_kod: str
                      ) -> dict[str, Any] | None:
        """The ledger row of a file imported before into ``layer`` of ``kommun_kod``."""
        with self._connect() as conn:
            row = conn.execute(sa.text(
                f"SELECT * FROM {LEDGER} WHERE sha256 = :sha256 AND layer = :layer AND "
                "kommun_kod = :kommun"), {"sha256": sha256, "layer": layer, "kommun": kommun_kod}
            ).mappings().first()
        return None if row is None else dict(row)

    def existing_ids(self, layer: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` the layer holds (deleted records too: their ids are taken)."""
        if layer not in FEATURE_TYPES:
            raise KeyError(layer)
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        with self._connect() as conn:
            return set(conn.execute(sa.text(f'SELECT id FROM "{layer}" WHERE id = ANY(:ids)'),
                                    {"ids": wanted}).scalars())
