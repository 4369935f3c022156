"""The PostGIS store's non-map tables: pledges, count-only activities, users.

A mixin of :class:`~geo.store.postgis.store.PostGISStore` (as :mod:`geo.store.gpkg.tables` is of
the GeoPackage store): it uses the store's ``_transaction``, ``_connect`` and ``_log_many``,
so these writes count up the data version and write their history in the same transaction.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.access.auth import User
from geo.domain.model import ActivityCount, Commitment, Pledge, ValidationError, utc_now
from geo.store.base import StaleVersionError
from geo.store.postgis.steps import PostGISSteps

_PLEDGE_COLUMNS = ("id", "kommun_kod", "kommun", "police_area", "title", "period_start",
                   "period_end", "signed_date", "follow_up", "problem", "goals",
                   "source_document", "other_sources", "source_title", "source_date",
                   "source_publisher", "source_url", "version", "archived", "updated_at",
                   "updated_by")
_JSON_COLUMNS = ("goals", "other_sources")
_COMMITMENT_COLUMNS = ("id", "pledge_id", "text", "kind", "target", "unit", "target_period",
                       "responsible", "measure")
_COUNT_COLUMNS = ("kommun_kod", "pledge_id", "commitment_id", "kind", "month", "count")


def to_pg(value: Any) -> Any:
    """One field value as PostgreSQL stores it (native dates, booleans; UTC to the ms)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def _marks(names: tuple[str, ...]) -> str:
    return ", ".join(f"CAST(:{n} AS jsonb)" if n in _JSON_COLUMNS else f":{n}" for n in names)


class PostGISAttributeTables(PostGISSteps):
    """Pledges, commitments, count-only activities and users."""

    def replace_pledges(self, pledges: list[Pledge], user: str) -> None:
        """Replace every pledge and commitment (they come from ``data/pledges.yaml``).

        Each pledge is stored as given (its version and archive flag too); a source
        document stays with its pledge if the pledge is still there.
        """
        kept = [p.id for p in pledges]
        with self._transaction() as conn:
            conn.execute(sa.text("DELETE FROM commitments"))
            conn.execute(sa.text("DELETE FROM pledge_documents WHERE NOT pledge_id = ANY(:kept)"),
                         {"kept": kept})
            conn.execute(sa.text("DELETE FROM pledges WHERE id NOT IN "
                                 "(SELECT pledge_id FROM pledge_documents)"))
            for pledge in pledges:
                self._write_pledge(conn, pledge, insert=True, replace=True)
            self._log_many(conn, [(user, "pledges", "*", "replace", None,
                                   json.dumps({"pledges": len(pledges)}), "")])

    def pledges(self) -> list[Pledge]:
        """All pledges (archived too), ordered by start of period, with their commitments."""
        with self._connect() as conn:
            return _pledges(conn, "", {})

    def pledge(self, pledge_id: str) -> Pledge | None:
        """One pledge with its commitments, or None."""
        with self._connect() as conn:
            return self._read_pledge(conn, pledge_id)

    def pledge_document(self, pledge_id: str) -> tuple[str, str, bytes] | None:
        """The pledge's source document: name, media type and bytes; or None."""
        with self._connect() as conn:
            row = conn.execute(sa.text("SELECT name, media_type, data FROM pledge_documents "
                                       "WHERE pledge_id = :id"), {"id": pledge_id}).first()
        return None if row is None else (row[0], row[1], bytes(row[2]))

    def _read_pledge(self, conn: Connection, pledge_id: str, *, lock: bool = False
                     ) -> Pledge | None:
        """One pledge; ``lock`` holds its row to the end of the transaction."""
        found = _pledges(conn, "WHERE id = :id" + (" FOR UPDATE" if lock else ""),
                         {"id": pledge_id})
        return found[0] if found else None

    def _write_pledge(self, conn: Connection, pledge: Pledge, *, insert: bool,
                      expected_version: int | None = None, replace: bool = False) -> None:
        """Insert or rewrite the pledge's row, then store its commitments afresh."""
        row = {**{n: to_pg(getattr(pledge, n)) for n in _PLEDGE_COLUMNS},
               **{n: json.dumps(list(getattr(pledge, n)), ensure_ascii=False)
                  for n in _JSON_COLUMNS}}
        if insert:
            upsert = (" ON CONFLICT (id) DO UPDATE SET "
                      + ", ".join(f"{n} = excluded.{n}" for n in _PLEDGE_COLUMNS)
                      ) if replace else ""
            try:
                conn.execute(sa.text(f"INSERT INTO pledges ({', '.join(_PLEDGE_COLUMNS)}) "
                                     f"VALUES ({_marks(_PLEDGE_COLUMNS)}){upsert}"), row)
            except sa.exc.IntegrityError as error:  # created meanwhile by another session
                raise ValidationError("id", f"a pledge {pledge.id!r} exists already",
                                      "duplicate_id", id=pledge.id) from error
        else:
            assignments = ", ".join(f"{n} = {m}" for n, m in
                                    zip(_PLEDGE_COLUMNS, _marks(_PLEDGE_COLUMNS).split(", "),
                                        strict=True))
            result = conn.execute(sa.text(
                f"UPDATE pledges SET {assignments} WHERE id = :id AND version = :expected"),
                {**row, "expected": expected_version})
            if result.rowcount != 1:  # cannot happen under the row lock; refuse loudly
                raise StaleVersionError("pledges", pledge.id, expected_version or 0, -1, "",
                                        None)
        conn.execute(sa.text("DELETE FROM commitments WHERE pledge_id = :id"), {"id": pledge.id})
        commitments = [{**{n: to_pg(getattr(c, n)) for n in _COMMITMENT_COLUMNS},
                        "pledge_id": pledge.id, "position": position}
                       for position, c in enumerate(pledge.commitments)]
        if commitments:
            conn.execute(sa.text(
                f"INSERT INTO commitments (position, {', '.join(_COMMITMENT_COLUMNS)}) "
                f"VALUES (:position, {_marks(_COMMITMENT_COLUMNS)})"), commitments)

    def _commitment_owners(self, conn: Connection, ids: list[str]) -> dict[str, str]:
        """Which pledge holds each of the commitment ``ids`` that exist."""
        rows = conn.execute(sa.text("SELECT id, pledge_id FROM commitments WHERE id = ANY(:ids)"),
                            {"ids": ids}).all()
        return {r[0]: r[1] for r in rows}

    def _write_document(self, conn: Connection, pledge_id: str, name: str, media_type: str,
                        data: bytes, user: str) -> None:
        """Keep one source document per pledge (a new one replaces the old)."""
        conn.execute(sa.text(
            "INSERT INTO pledge_documents VALUES (:id, :name, :media_type, :data, :at, :by) "
            "ON CONFLICT (pledge_id) DO UPDATE SET name = excluded.name, "
            "media_type = excluded.media_type, data = excluded.data, "
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by"
        ), {"id": pledge_id, "name": name, "media_type": media_type, "data": data,
            "at": to_pg(utc_now()), "by": user})

    def add_counts(self, counts: list[ActivityCount], user: str) -> int:
        """Store count-only activities in one transaction."""
        now = to_pg(utc_now())
        with self._transaction() as conn:
            if counts:
                conn.execute(sa.text(
                    "INSERT INTO activity_counts (id, kommun_kod, pledge_id, commitment_id, "
                    "kind, month, count, updated_at, updated_by, version) VALUES (:id, "
                    ":kommun_kod, :pledge_id, :commitment_id, :kind, :month, :count, :at, "
                    ":user, :version)"
                ), [{"id": c.id, **{n: to_pg(getattr(c, n)) for n in _COUNT_COLUMNS},
                     "at": now, "user": user, "version": c.version} for c in counts])
            self._log_many(conn, [(user, "activity_counts", "*", "create", None,
                                   json.dumps({"counts": len(counts)}), "")])
        return len(counts)

    def counts(self, kommun_kod: str) -> pd.DataFrame:
        """Count-only activities of one municipality, by month (never a place)."""
        with self._connect() as conn:
            rows = conn.execute(sa.text(
                f"SELECT {', '.join(_COUNT_COLUMNS)} FROM activity_counts "
                'WHERE kommun_kod = :kommun ORDER BY month, kind COLLATE "C"'),
                {"kommun": kommun_kod}).all()
        return pd.DataFrame([tuple(r) for r in rows], columns=list(_COUNT_COLUMNS))

    # -- users ----------------------------------------------------------------------------

    def save_user(self, user: User, password_hash: str | None, by: str) -> None:
        """Add or change a user (``password_hash`` None keeps the current password)."""
        with self._transaction() as conn:
            old = conn.execute(sa.text("SELECT role FROM users WHERE email = :email FOR UPDATE"),
                               {"email": user.email}).first()
            conn.execute(sa.text(
                "INSERT INTO users VALUES (:email, :name, :role, CAST(:kommuner AS jsonb), "
                ":hash, :at, :by) ON CONFLICT (email) DO UPDATE SET name = excluded.name, "
                "role = excluded.role, kommuner = excluded.kommuner, "
                "password_hash = coalesce(excluded.password_hash, users.password_hash), "
                "updated_at = excluded.updated_at, updated_by = excluded.updated_by"
            ), {"email": user.email, "name": user.name, "role": user.role.value,
                "kommuner": json.dumps(list(user.kommuner)), "hash": password_hash,
                "at": to_pg(utc_now()), "by": by})
            after = {"email": user.email, "role": user.role.value,
                     "kommuner": list(user.kommuner)}
            self._log_many(conn, [(by, "users", user.email, "update" if old else "create",
                                   json.dumps({"role": old[0]}) if old else None,
                                   json.dumps(after), "")])

    def user(self, email: str) -> tuple[User, str | None] | None:
        """A user and their password hash, or None."""
        with self._connect() as conn:
            row = conn.execute(sa.text("SELECT * FROM users WHERE email = :email"),
                               {"email": email}).mappings().first()
        return None if row is None else (_user(row), row["password_hash"])

    def users(self) -> list[User]:
        """Every user, by e-mail."""
        with self._connect() as conn:
            rows = conn.execute(sa.text('SELECT * FROM users ORDER BY email COLLATE "C"')
                                ).mappings().all()
        return [_user(r) for r in rows]

    def remove_user(self, email: str, by: str) -> bool:
        """Remove a user; True when there was one."""
        with self._transaction() as conn:
            removed = conn.execute(sa.text("DELETE FROM users WHERE email = :email"),
                                   {"email": email}).rowcount
            if removed:
                self._log_many(conn, [(by, "users", email, "delete", None, None, "")])
        return bool(removed)


def _pledges(conn: Connection, where: str, args: dict[str, Any]) -> list[Pledge]:
    """Pledges (``where`` on the pledges table) with their commitments, in the usual order."""
    order = "" if "FOR UPDATE" in where else 'ORDER BY period_start, id COLLATE "C"'
    pledge_rows = conn.execute(sa.text(
        f"SELECT {', '.join(_PLEDGE_COLUMNS)} FROM pledges {where} {order}"), args
    ).mappings().all()
    if not pledge_rows:
        return []
    commitment_rows = conn.execute(sa.text(
        f"SELECT {', '.join(_COMMITMENT_COLUMNS)} FROM commitments "
        'WHERE pledge_id = ANY(:ids) ORDER BY pledge_id COLLATE "C", position'),
        {"ids": [r["id"] for r in pledge_rows]}).mappings().all()
    commitments: dict[str, list[Commitment]] = {}
    for r in commitment_rows:
        commitments.setdefault(r["pledge_id"], []).append(Commitment(**r))
    result = []
    for r in pledge_rows:
        values = {**r, **{n: tuple(r[n] or ()) for n in _JSON_COLUMNS},
                  "updated_at": r["updated_at"].astimezone(UTC) if r["updated_at"] else None,
                  "updated_by": r["updated_by"] or "", "source_url": r["source_url"] or ""}
        result.append(Pledge(**values, commitments=tuple(commitments.get(r["id"], []))))
    return result


def _user(row) -> User:
    return User(email=row["email"], name=row["name"] or "", role=row["role"],
                kommuner=tuple(row["kommuner"] or ()))
