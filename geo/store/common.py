"""What both backends do the same way: update and delete with the optimistic version check.

Both stores change a record in one flow, so that a conflict, a refusal and the history
entry are the same whichever database holds the data: read the record inside the write
transaction (PostGIS locks the row; a GeoPackage already holds the file's write lock),
refuse when its version is not the one the caller read, write the whole row with the version
counted up, and append the history row in the same transaction. A backend supplies the four
steps (:class:`VersionedWrites` names them); the flow lives here once.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from geo.model import Feature, utc_now
from geo.store import schema
from geo.store.base import NotFoundError, StaleVersionError

#: Fields an update may not set: the store keeps them.
KEPT_BY_STORE = frozenset({"id", "version", "created_at", "updated_at", "updated_by"})


class VersionedWrites:
    """``update`` and ``delete`` for a backend that provides the four steps below."""

    # -- the backend's steps ----------------------------------------------------------------

    def _transaction(self) -> AbstractContextManager[Any]:
        """A write transaction yielding a connection; committed at the end, rolled back on error."""
        raise NotImplementedError

    def _read(self, conn: Any, layer: str, record_id: str, *, lock: bool = False
              ) -> Feature | None:
        """One record, soft-deleted or not (``lock``: held to the end of the transaction)."""
        raise NotImplementedError

    def _rewrite(self, conn: Any, record: Feature, expected_version: int) -> None:
        """Write every column of a record that is still at ``expected_version``."""
        raise NotImplementedError

    def _log(self, conn: Any, user: str, layer: str, record_id: str, action: str,
             before: str | None, after: str | None, reason: str = "") -> None:
        """Append one history row in the caller's transaction."""
        raise NotImplementedError

    # -- the shared flow --------------------------------------------------------------------

    def update(self, layer: str, record_id: str, changes: dict[str, Any],
               expected_version: int, user: str) -> Feature:
        """Apply ``changes`` only if nobody changed the record since ``expected_version``."""
        forbidden = KEPT_BY_STORE & set(changes)
        if forbidden:
            raise ValueError(f"cannot change {', '.join(sorted(forbidden))}")
        with self._transaction() as conn:
            current = self._current(conn, layer, record_id, expected_version)
            updated = current.replace(
                **changes, version=current.version + 1, updated_at=utc_now(), updated_by=user
            )
            self._rewrite(conn, updated, expected_version)
            self._log(conn, user, layer, record_id, "update", schema.record_json(current),
                      schema.record_json(updated))
            return updated

    def delete(self, layer: str, record_id: str, expected_version: int, user: str,
               reason: str = "") -> None:
        """Soft-delete a record with a reason: it leaves every list, the history keeps it."""
        if not reason.strip():
            raise ValueError("a reason is required to delete a record")
        with self._transaction() as conn:
            current = self._current(conn, layer, record_id, expected_version)
            if current.deleted_at is not None:
                raise NotFoundError(f"{layer}/{record_id} is already deleted")
            now = utc_now()
            deleted = current.replace(deleted_at=now, deleted_reason=reason.strip(),
                                      version=current.version + 1, updated_at=now,
                                      updated_by=user)
            self._rewrite(conn, deleted, expected_version)
            self._log(conn, user, layer, record_id, "delete", schema.record_json(current),
                      schema.record_json(deleted), reason.strip())

    def _current(self, conn: Any, layer: str, record_id: str, expected_version: int
                 ) -> Feature:
        """The record, locked for this transaction, if it is at ``expected_version``."""
        current = self._read(conn, layer, record_id, lock=True)
        if current is None:
            raise NotFoundError(f"{layer}/{record_id} does not exist")
        if current.version != expected_version:
            raise StaleVersionError(layer, record_id, expected_version, current.version,
                                    current.updated_by, current.updated_at)
        return current
