"""What both backends do the same way: update and delete with the optimistic version check.

Both stores change a record in one flow, so that a conflict, a refusal and the history
entry are the same whichever database holds the data: read the record inside the write
transaction (PostGIS locks the row; a GeoPackage already holds the file's write lock),
refuse when its version is not the one the caller read, write the whole row with the version
counted up, and append the history row in the same transaction. A backend supplies the four
steps (:class:`WriteSteps` and :class:`VersionedWrites` name them); the flow lives here once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from contextlib import AbstractContextManager
from typing import Any

from geo.domain.model import Feature, Pledge, ValidationError, utc_now
from geo.io import guard  # the one door for a user's file
from geo.store import audited, schema
from geo.store.base import NotFoundError, StaleVersionError

#: Fields an update may not set: the store keeps them.
KEPT_BY_STORE = frozenset({"id", "version", "created_at", "updated_at", "updated_by"})


class WriteSteps:
    """The two steps every shared write flow uses; each backend's store defines them.

    Every store class deriving from it has its public writes wrapped so that each leaves
    one line in the audit log (:mod:`geo.store.audited`), whichever backend and caller.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        audited.wrap(cls)

    def _transaction(self) -> AbstractContextManager[Any]:
        """A write transaction yielding a connection; committed at the end, rolled back on error."""
        raise NotImplementedError

    def _log(self, conn: Any, user: str, layer: str, record_id: str, action: str,
             before: str | None, after: str | None, reason: str = "") -> None:
        """Append one history row in the caller's transaction."""
        raise NotImplementedError


class VersionedWrites(WriteSteps):
    """``update`` and ``delete`` for a backend that provides :class:`WriteSteps` and two more."""

    # -- the backend's steps ----------------------------------------------------------------

    def _read(self, conn: Any, layer: str, record_id: str, *, lock: bool = False
              ) -> Feature | None:
        """One record, soft-deleted or not (``lock``: held to the end of the transaction)."""
        raise NotImplementedError

    def _rewrite(self, conn: Any, record: Feature, expected_version: int) -> None:
        """Write every column of a record that is still at ``expected_version``."""
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


# -- pledges: saved whole, with the same version check and history as the map's records ----

#: The history's layer of a pledge (its record id is the pledge's id).
PLEDGE_LAYER = "pledges"


def pledge_json(pledge: Pledge | None) -> str | None:
    """A pledge with its commitments as JSON for the history (every field, plain values)."""
    return dataclass_json(pledge)


def dataclass_json(record: Any) -> str | None:
    """A record held whole (a pledge, a plan) as JSON for the history, nested records too."""
    if record is None:
        return None
    return json.dumps(_plain(dataclasses.asdict(record)), ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return schema.to_db(value)


class PledgeWrites(WriteSteps):
    """``save_pledge``, ``archive_pledge`` and the source document, for both backends.

    A backend supplies ``_transaction`` and ``_log`` (:class:`WriteSteps`) and
    the pledge steps below; the rules (a new id is new, an update names the version it
    read, history in the same transaction) live here once.
    """

    # -- the backend's steps ----------------------------------------------------------------

    def _read_pledge(self, conn: Any, pledge_id: str, *, lock: bool = False
                     ) -> Pledge | None:
        """One pledge with its commitments (``lock``: held to the end of the transaction)."""
        raise NotImplementedError

    def _write_pledge(self, conn: Any, pledge: Pledge, *, insert: bool,
                      expected_version: int | None = None) -> None:
        """Insert or rewrite a pledge's row and replace its commitments."""
        raise NotImplementedError

    def _write_document(self, conn: Any, pledge_id: str, name: str, media_type: str,
                        data: bytes, user: str) -> None:
        """Insert or replace the pledge's one source document."""
        raise NotImplementedError

    def _commitment_owners(self, conn: Any, ids: list[str]) -> dict[str, str]:
        """Which pledge holds each of the commitment ``ids`` that exist."""
        raise NotImplementedError

    # -- the shared flow --------------------------------------------------------------------

    def save_pledge(self, pledge: Pledge, user: str, expected_version: int | None) -> Pledge:
        """Create (``expected_version`` None) or update a pledge; return it as stored.

        A new pledge's id must be free (archived pledges keep theirs); an update applies only
        if nobody saved the pledge since ``expected_version``, else
        :class:`~geo.store.base.StaleVersionError` says who did and when, and nothing changes.
        """
        with self._transaction() as conn:
            current = self._read_pledge(conn, pledge.id, lock=True)
            owners = self._commitment_owners(conn, [c.id for c in pledge.commitments])
            for commitment_id, owner in owners.items():
                if owner != pledge.id:  # ids are the store's keys: refused, not overwritten
                    raise ValidationError("commitments", f"{commitment_id} belongs to {owner}",
                                          "commitment_taken", id=commitment_id, pledge=owner)
            now = utc_now()
            if expected_version is None:
                if current is not None:
                    raise ValidationError("id", f"a pledge {pledge.id!r} exists already",
                                          "duplicate_id", id=pledge.id)
                stored = dataclasses.replace(pledge, version=1, updated_at=now,
                                             updated_by=user)
                self._write_pledge(conn, stored, insert=True)
                self._log(conn, user, PLEDGE_LAYER, stored.id, "create", None,
                          pledge_json(stored))
                return stored
            current = _at_version(current, pledge.id, expected_version)
            stored = dataclasses.replace(pledge, version=current.version + 1, updated_at=now,
                                         updated_by=user)
            self._write_pledge(conn, stored, insert=False, expected_version=expected_version)
            self._log(conn, user, PLEDGE_LAYER, stored.id, "update", pledge_json(current),
                      pledge_json(stored))
            return stored

    def archive_pledge(self, pledge_id: str, user: str, expected_version: int) -> Pledge:
        """Archive a pledge: it stays (history, reports, its id) but is no longer current."""
        with self._transaction() as conn:
            current = _at_version(self._read_pledge(conn, pledge_id, lock=True), pledge_id,
                                  expected_version)
            stored = dataclasses.replace(current, archived=True, version=current.version + 1,
                                         updated_at=utc_now(), updated_by=user)
            self._write_pledge(conn, stored, insert=False, expected_version=expected_version)
            self._log(conn, user, PLEDGE_LAYER, pledge_id, "archive", pledge_json(current),
                      pledge_json(stored))
            return stored

    def save_pledge_document(self, pledge_id: str, name: str, media_type: str, data: bytes,
                             user: str) -> None:
        """Keep the pledge's source document (PDF or UTF-8 text, checked by its content).

        The stored media type is the one the content shows (``media_type`` as declared by a
        browser or a file name is not trusted); a refused file raises
        :class:`~geo.io.errors.Refused` and nothing is written.
        """
        sniffed = guard.read_source_document(data, declared=media_type)
        label = " ".join(str(name or "").split())[:200] or "document"
        with self._transaction() as conn:
            if self._read_pledge(conn, pledge_id, lock=True) is None:
                raise NotFoundError(f"{PLEDGE_LAYER}/{pledge_id} does not exist")
            self._write_document(conn, pledge_id, label, sniffed, data, user)
            self._log(conn, user, PLEDGE_LAYER, pledge_id, "document", None, json.dumps(
                {"name": label, "media_type": sniffed, "bytes": len(data),
                 "sha256": hashlib.sha256(data).hexdigest()}, ensure_ascii=False))


def _at_version(current: Any, record_id: str, expected_version: int,
                layer: str = PLEDGE_LAYER) -> Any:
    """The stored pledge (or plan) if it is at ``expected_version``; else the store's refusal."""
    if current is None:
        raise NotFoundError(f"{layer}/{record_id} does not exist")
    if current.version != expected_version:
        raise StaleVersionError(layer, record_id, expected_version, current.version,
                                current.updated_by, current.updated_at)
    return current


at_version = _at_version
