"""The GeoPackage store's non-map tables: pledges, count-only activities, users.

A mixin of :class:`~geo.store.gpkg.GeoPackageStore`: it uses the store's
``_transaction``, ``_connect`` and ``_log``, so these writes follow the same
one-writer, history-in-the-same-transaction path as the map layers.
"""

from __future__ import annotations

import json

import pandas as pd

from geo.auth import User
from geo.model import ActivityCount, Commitment, Pledge, utc_now
from geo.store import schema


class AttributeTables:
    """Pledges, commitments, count-only activities and users."""

    def replace_pledges(self, pledges: list[Pledge], user: str) -> None:
        """Replace every pledge and commitment (they come from ``data/pledges.yaml``)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM commitments")
            conn.execute("DELETE FROM pledges")
            for p in pledges:
                row = {
                    "id": p.id, "kommun_kod": p.kommun_kod, "kommun": p.kommun,
                    "police_area": p.police_area, "title": p.title,
                    "period_start": schema.to_db(p.period_start),
                    "period_end": schema.to_db(p.period_end),
                    "signed_date": schema.to_db(p.signed_date), "follow_up": p.follow_up.value,
                    "problem": p.problem, "goals": json.dumps(list(p.goals), ensure_ascii=False),
                    "source_document": p.source_document,
                    "other_sources": json.dumps(list(p.other_sources)),
                    "source_title": p.source_title, "source_date": schema.to_db(p.source_date),
                    "source_publisher": p.source_publisher,
                }  # named: an upgraded file has the added columns last
                conn.execute(f"INSERT INTO pledges ({', '.join(row)}) "
                             f"VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
                for position, c in enumerate(p.commitments):
                    conn.execute(
                        "INSERT INTO commitments VALUES (?,?,?,?,?,?,?,?,?)",
                        (c.id, p.id, position, c.text, c.kind.value, c.target, c.unit,
                         c.target_period.value, c.responsible.value),
                    )
            self._log(conn, user, "pledges", "*", "replace", None,
                      json.dumps({"pledges": len(pledges)}))

    def pledges(self) -> list[Pledge]:
        """All pledges, ordered by start of period, with their commitments."""
        conn = self._connect()
        try:
            pledge_rows = conn.execute("SELECT * FROM pledges ORDER BY period_start, id").fetchall()
            commitment_rows = conn.execute(
                "SELECT * FROM commitments ORDER BY pledge_id, position"
            ).fetchall()
        finally:
            conn.close()
        commitments: dict[str, list[Commitment]] = {}
        for r in commitment_rows:
            values = {k: r[k] for k in r.keys() if k != "position"}
            commitments.setdefault(r["pledge_id"], []).append(Commitment(**values))
        result = []
        for r in pledge_rows:
            values = {k: r[k] for k in r.keys()}
            values["goals"] = tuple(json.loads(values["goals"] or "[]"))
            values["other_sources"] = tuple(json.loads(values["other_sources"] or "[]"))
            result.append(Pledge(**values, commitments=tuple(commitments.get(r["id"], []))))
        return result

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
