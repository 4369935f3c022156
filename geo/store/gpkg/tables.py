"""The GeoPackage store's non-map tables: pledges, count-only activities, users.

A mixin of :class:`~geo.store.gpkg.store.GeoPackageStore`: it uses the store's
``_transaction``, ``_connect`` and ``_log``, so these writes follow the same
one-writer, history-in-the-same-transaction path as the map layers.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pandas as pd

from geo.access.auth import User
from geo.domain.model import ActivityCount, Commitment, Pledge, utc_now
from geo.store import schema
from geo.store.base import StaleVersionError
from geo.store.gpkg.steps import GpkgSteps

#: A pledge's columns, named (an upgraded file has the added ones last).
PLEDGE_COLUMNS = ("id", "kommun_kod", "kommun", "police_area", "title", "period_start",
                  "period_end", "signed_date", "follow_up", "problem", "goals",
                  "source_document", "other_sources", "source_title", "source_date",
                  "source_publisher", "source_url", "version", "archived", "updated_at",
                  "updated_by")
_JSON_COLUMNS = ("goals", "other_sources")
COMMITMENT_COLUMNS = ("id", "pledge_id", "text", "kind", "target", "unit", "target_period",
                      "responsible", "measure")


def _column_value(pledge: Pledge, name: str) -> Any:
    value = getattr(pledge, name)
    if name in _JSON_COLUMNS:
        return json.dumps(list(value), ensure_ascii=False)
    return schema.to_db(value)


def _pledges(conn: sqlite3.Connection, where: str, args: tuple = ()) -> list[Pledge]:
    """Pledges (``where`` on the pledges table) with their commitments, in the usual order."""
    pledge_rows = conn.execute(f"SELECT {', '.join(PLEDGE_COLUMNS)} FROM pledges {where} "
                               "ORDER BY period_start, id", args).fetchall()
    ids = [r["id"] for r in pledge_rows]
    if not ids:
        return []
    commitment_rows = conn.execute(
        f"SELECT {', '.join(COMMITMENT_COLUMNS)} FROM commitments WHERE pledge_id IN "
        f"({', '.join('?' * len(ids))}) ORDER BY pledge_id, position", ids).fetchall()
    commitments: dict[str, list[Commitment]] = {}
    for r in commitment_rows:
        commitments.setdefault(r["pledge_id"], []).append(Commitment(**dict(r)))
    result = []
    for r in pledge_rows:
        values = dict(r)
        for name in _JSON_COLUMNS:
            values[name] = tuple(json.loads(values[name] or "[]"))
        values["version"] = values["version"] or 1
        values["archived"] = bool(values["archived"])
        values["updated_by"] = values["updated_by"] or ""
        values["source_url"] = values["source_url"] or ""
        result.append(Pledge(**values, commitments=tuple(commitments.get(r["id"], []))))
    return result


class GpkgAttributeTables(GpkgSteps):
    """Pledges, commitments, count-only activities and users."""

    def replace_pledges(self, pledges: list[Pledge], user: str) -> None:
        """Replace every pledge and commitment (they come from ``data/pledges.yaml``).

        Each pledge is stored as given (its version and archive flag too); a source
        document stays with its pledge if the pledge is still there.
        """
        with self._transaction() as conn:
            conn.execute("DELETE FROM commitments")
            kept = [p.id for p in pledges]
            conn.execute(f"DELETE FROM pledge_documents WHERE pledge_id NOT IN "
                         f"({', '.join('?' * len(kept))})", kept)
            conn.execute("DELETE FROM pledges WHERE id NOT IN (SELECT pledge_id FROM "
                         "pledge_documents)")
            for p in pledges:
                self._write_pledge(conn, p, insert=True, replace=True)
            self._log(conn, user, "pledges", "*", "replace", None,
                      json.dumps({"pledges": len(pledges)}))

    def pledges(self) -> list[Pledge]:
        """All pledges (archived too), ordered by start of period, with their commitments."""
        conn = self._connect()
        try:
            return _pledges(conn, "")
        finally:
            conn.close()

    def pledge(self, pledge_id: str) -> Pledge | None:
        """One pledge with its commitments, or None."""
        conn = self._connect()
        try:
            return self._read_pledge(conn, pledge_id)
        finally:
            conn.close()

    def pledge_document(self, pledge_id: str) -> tuple[str, str, bytes] | None:
        """The pledge's source document: name, media type and bytes; or None."""
        conn = self._connect()
        try:
            row = conn.execute("SELECT name, media_type, data FROM pledge_documents "
                               "WHERE pledge_id = ?", (pledge_id,)).fetchone()
        finally:
            conn.close()
        return None if row is None else (row["name"], row["media_type"], bytes(row["data"]))

    def _read_pledge(self, conn: sqlite3.Connection, pledge_id: str, *, lock: bool = False
                     ) -> Pledge | None:
        """One pledge (``lock`` needs nothing more: ``BEGIN IMMEDIATE`` holds the file)."""
        found = _pledges(conn, "WHERE id = ?", (pledge_id,))
        return found[0] if found else None

    def _write_pledge(self, conn: sqlite3.Connection, pledge: Pledge, *, insert: bool,
                      expected_version: int | None = None, replace: bool = False) -> None:
        """Insert or rewrite the pledge's row, then store its commitments afresh."""
        row = {n: _column_value(pledge, n) for n in PLEDGE_COLUMNS}
        names = ", ".join(row)  # named: an upgraded file has the added columns last
        if insert:
            upsert = (" ON CONFLICT (id) DO UPDATE SET "
                      + ", ".join(f"{n} = excluded.{n}" for n in row)) if replace else ""
            conn.execute(f"INSERT INTO pledges ({names}) "
                         f"VALUES ({', '.join('?' * len(row))}){upsert}", tuple(row.values()))
        else:
            assignments = ", ".join(f"{n} = ?" for n in row)
            cursor = conn.execute(
                f"UPDATE pledges SET {assignments} WHERE id = ? AND version = ?",
                (*row.values(), pledge.id, expected_version))
            if cursor.rowcount != 1:  # cannot happen under BEGIN IMMEDIATE; refuse loudly
                raise StaleVersionError("pledges", pledge.id, expected_version or 0, -1, "",
                                        None)
        conn.execute("DELETE FROM commitments WHERE pledge_id = ?", (pledge.id,))
        conn.executemany(
            f"INSERT INTO commitments (position, {', '.join(COMMITMENT_COLUMNS)}) "
            f"VALUES (?, {', '.join('?' * len(COMMITMENT_COLUMNS))})",
            [(position, *(schema.to_db(getattr(c, n)) for n in COMMITMENT_COLUMNS))
             for position, c in enumerate(pledge.commitments)])

    def _commitment_owners(self, conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
        """Which pledge holds each of the commitment ``ids`` that exist."""
        rows = conn.execute(f"SELECT id, pledge_id FROM commitments WHERE id IN "
                            f"({', '.join('?' * len(ids))})", ids).fetchall()
        return {r["id"]: r["pledge_id"] for r in rows}

    def _write_document(self, conn: sqlite3.Connection, pledge_id: str, name: str,
                        media_type: str, data: bytes, user: str) -> None:
        """Keep one source document per pledge (a new one replaces the old)."""
        conn.execute("INSERT OR REPLACE INTO pledge_documents VALUES (?,?,?,?,?,?)",
                     (pledge_id, name, media_type, sqlite3.Binary(data),
                      schema.to_db(utc_now()), user))

    def add_counts(self, counts: list[ActivityCount], user: str) -> int:
        """Store count-only activities in one transaction."""
        with self._transaction() as conn:
            now = schema.to_db(utc_now())
            conn.executemany(
                "INSERT INTO activity_counts VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(c.id, c.kommun_kod, c.pledge_id, c.commitment_id, c.kind.value, c.month,
                  c.count, now, user, c.version) for c in counts],
            )
            self._log(conn, user, "activity_counts", "*", "create", None,
                      json.dumps({"counts": len(counts)}))
        return len(counts)

    def counts(self, kommun_kod: str) -> pd.DataFrame:
        """Count-only activities of one municipality, by month (never a place)."""
        conn = self._connect()
        try:
            return pd.read_sql_query(
                "SELECT kommun_kod, pledge_id, commitment_id, kind, month, count "
                "FROM activity_counts WHERE kommun_kod = ? ORDER BY month, kind",
                conn, params=(kommun_kod,),
            )
        finally:
            conn.close()

    def save_user(self, user: User, password_hash: str | None, by: str) -> None:
        """Add or change a user (``password_hash`` None keeps the current password)."""
        with self._transaction() as conn:
            old = conn.execute("SELECT * FROM users WHERE email = ?", (user.email,)).fetchone()
            keep = old["password_hash"] if old is not None else None
            conn.execute(
                "INSERT OR REPLACE INTO users VALUES (?,?,?,?,?,?,?)",
                (user.email, user.name, user.role.value, json.dumps(list(user.kommuner)),
                 password_hash if password_hash is not None else keep,
                 schema.to_db(utc_now()), by),
            )
            after = {"email": user.email, "role": user.role.value,
                     "kommuner": list(user.kommuner)}
            self._log(conn, by, "users", user.email, "update" if old else "create",
                      json.dumps({"role": old["role"]}) if old else None, json.dumps(after))

    def user(self, email: str) -> tuple[User, str | None] | None:
        """A user and their password hash, or None."""
        conn = self._connect()
        try:
            row = conn.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
        finally:
            conn.close()
        if row is None:
            return None
        return _user(row), row["password_hash"]

    def users(self) -> list[User]:
        """Every user, by e-mail."""
        conn = self._connect()
        try:
            rows = conn.execute("SELECT * FROM users ORDER BY email").fetchall()
        finally:
            conn.close()
        return [_user(r) for r in rows]

    def remove_user(self, email: str, by: str) -> bool:
        """Remove a user; True when there was one."""
        with self._transaction() as conn:
            removed = conn.execute("DELETE FROM users WHERE email = ?", (email,)).rowcount
            if removed:
                self._log(conn, by, "users", email, "delete", None, None)
        return bool(removed)


def _user(row) -> User:
    return User(email=row["email"], name=row["name"] or "", role=row["role"],
                kommuner=tuple(json.loads(row["kommuner"] or "[]")))
