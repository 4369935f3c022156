"""One moment of a PostGIS store, for a backup: every read runs in one read-only transaction.

A backup copies table after table (:func:`geo.store.transfer.copy`) while editors keep
writing. Read each on its own connection, and a record changed between two tables' reads
would be in the backup with a history that ends one change early, or the other way round.
:func:`snapshot` opens one ``REPEATABLE READ, READ ONLY`` transaction (as ``pg_dump`` does)
and hands out a store whose every read runs on that connection: every table comes from the
snapshot taken at its first statement, whatever commits meanwhile. A write through it fails
(the transaction is read-only, and a write transaction cannot begin inside it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.store.base import StoreError
from geo.store.postgis.store import PostGISStore


class SnapshotStore(PostGISStore):
    """A PostGIS store read through one connection whose transaction is already open."""

    def __init__(self, url: str, connection: Connection) -> None:
        super().__init__(url)
        self._pinned = connection

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """The snapshot's connection (left open: the snapshot ends with :func:`snapshot`)."""
        yield self._pinned


@contextmanager
def snapshot(store: PostGISStore) -> Iterator[PostGISStore]:
    """A read-only view of ``store`` at one moment, until the ``with`` block ends."""
    try:
        connection = store.engine.connect()
    except sa.exc.OperationalError as error:
        raise StoreError(f"cannot connect to {store!r}: {error.orig}") from error
    with connection:
        connection.execution_options(isolation_level="REPEATABLE READ",
                                     postgresql_readonly=True)
        with connection.begin():
            connection.execute(sa.text("SELECT 1"))  # the snapshot is taken here
            yield SnapshotStore(store.url, connection)
