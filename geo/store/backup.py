"""Backups: one consistent moment of a whole store in a GeoPackage file, and its restore.

A backup is a copy (:func:`geo.store.transfer.copy`, the one place that knows how a store
is copied: every table, compared field by field afterwards) from a *snapshot* of the store
into a new GeoPackage, so that every table comes from the same moment even while editors
write:

- a GeoPackage store is first copied page by page by SQLite's online backup API in one step,
  which reads under one read transaction (writers go on in the WAL meanwhile);
- a PostGIS store is read in one ``REPEATABLE READ, READ ONLY`` transaction
  (:mod:`geo.store.postgis.snapshot`).

The file is written under a temporary name beside the destination, checked (each table equal
to the snapshot, the row counts read again from the finished file, ``PRAGMA
integrity_check``), made one self-contained file (rollback journal, no ``-wal``) and only then
renamed: a backup exists whole or not at all.

A restore reads the file like any file a user brings: what it is is told by its content
(:mod:`geo.io.sniff`), then it must be an intact SQLite file with a store's schema and nothing
more that could run (no trigger or view a new store lacks). It is read from a private copy
(brought up to date if an older version made it) into a store that must be empty; the copy's
comparison and the counts afterwards must agree, else the target is emptied again.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from geo import config
from geo.domain.model import utc_now
from geo.io import sniff
from geo.io.errors import Refused
from geo.store import transfer
from geo.store.base import Store, StoreError
from geo.store.gpkg.store import GeoPackageStore

#: Tables a store's file must have to be read as a backup (every version had them).
REQUIRED_TABLES = ("store_meta", "history")


class BackupError(Exception):
    """A refusal with a catalog code (``backup.msg.<code>``): no path, no Python words."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Count:
    """One table's rows on each side: the snapshot (or backup) and the file (or store)."""

    table: str
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


@dataclass
class Result:
    """What a backup or a restore wrote and checked."""

    copy: transfer.CopyReport
    counts: list[Count]
    history: tuple[int, int | None, str | None]  # rows, last seq, its time (as stored)
    integrity: str | None  # None: the store is no file (PostGIS checks itself)
    taken_at: datetime
    seconds: float = 0.0
    left_out: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.copy.ok and all(c.ok for c in self.counts) and self.integrity in ("ok", None)

    @property
    def rows(self) -> int:
        return sum(c.target for c in self.counts)


# -- backup -------------------------------------------------------------------------------


def backup(source: Store, out: str | Path) -> Result:
    """Write a verified snapshot of ``source`` to ``out``; returned unwritten when not ok."""
    out = Path(out)
    started = time.perf_counter()
    if not reachable(source):
        raise BackupError("no_store")
    if isinstance(source, GeoPackageStore) and _same_file(source.path, out):
        raise BackupError("same_file")
    if not out.parent.is_dir():
        raise BackupError("no_folder")
    try:
        work = tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent)
    except OSError:
        raise BackupError("cannot_write") from None
    with work as folder:
        part = Path(folder) / "backup.gpkg"
        target = GeoPackageStore(part)
        target.initialize()
        taken_at = utc_now()
        with snapshot(source, Path(folder)) as frozen:
            report = transfer.copy(frozen, target)
        integrity = seal(part)
        written = data_counts(file_counts(part))
        counts = [Count(c.table, c.source, written[c.table]) for c in report.checks]
        result = Result(report, counts, history_mark(part), integrity, taken_at,
                        left_out=report.left_out)
        if result.ok:
            os.replace(part, out)
            _sync_folder(out.parent)
    result.seconds = time.perf_counter() - started
    return result


@contextmanager
def snapshot(store: Store, work: Path) -> Iterator[Store]:
    """``store`` frozen at one moment for as long as the block runs (see the module doc)."""
    if isinstance(store, GeoPackageStore):
        frozen = GeoPackageStore(work / "snapshot.gpkg")
        source = sqlite3.connect(store.path, timeout=config.BUSY_TIMEOUT_S)
        try:
            copy = sqlite3.connect(frozen.path)
            try:
                source.backup(copy)  # all pages in one step: one read transaction
            finally:
                copy.close()
        finally:
            source.close()
        frozen.initialize()  # a file made by an older version is brought up to date
        yield frozen
        return
    from geo.store.postgis import snapshot as pg_snapshot  # SQLAlchemy only when needed
    from geo.store.postgis.store import PostGISStore

    if not isinstance(store, PostGISStore):
        raise TypeError(f"no snapshot for {type(store).__name__}")
    with pg_snapshot.snapshot(store) as pinned:
        yield pinned


def seal(path: Path) -> str:
    """Make the file one self-contained file (no ``-wal``), on disk; its integrity check."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    return integrity(path)


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of a GeoPackage: ``ok``, or its first findings."""
    conn = sqlite3.connect(path)
    try:
        verdict = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    return "ok" if verdict == ["ok"] else "; ".join(verdict[:3])


def file_counts(path: Path) -> dict[str, int]:
    """Rows per table of :data:`transfer.TABLES` in a finished file, read by plain SQLite."""
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in transfer.TABLES}
    finally:
        conn.close()


def data_counts(counts: dict[str, int]) -> dict[str, int]:
    """Rows per table a copy moves: a store's own meta keys (its id) left out."""
    return {table: counts.get(table, 0) - (len(transfer.OWN_META) if table == "store_meta"
                                           else 0)
            for table in transfer.TABLES}


def history_mark(path: Path) -> tuple[int, int | None, str | None]:
    """The history's rows, its last number and that entry's time, read from the file."""
    conn = sqlite3.connect(path)
    try:
        rows, last = conn.execute("SELECT count(*), max(seq) FROM history").fetchone()
        at = conn.execute("SELECT at FROM history WHERE seq = ?", (last,)).fetchone()
    finally:
        conn.close()
    return rows, last, at[0] if at else None


def reachable(store: Store) -> bool:
    """True when the store exists; a database that does not answer is a refusal."""
    try:
        return store.exists()
    except StoreError:
        raise BackupError("unreachable") from None


def _same_file(store_path: Path, out: Path) -> bool:
    return out.exists() and store_path.exists() and os.path.samefile(store_path, out)


def _sync_folder(folder: Path) -> None:
    """Put the rename on disk too (a crash right after leaves the new file, not none)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# -- restore ------------------------------------------------------------------------------


def restore(path: str | Path, target: Store) -> Result:
    """Read the backup at ``path`` into the empty store ``target`` and check it there.

    Nothing touches the target until the backup has passed :func:`open_backup`. A target
    that is not empty is refused unchanged; once the copy has begun, a failure or a
    difference empties the target again (``clear``), so no half restore is left for the app
    to open. (The app must not write to the target meanwhile: a restore goes into a new store
    that nothing uses yet.)
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trygghetskartan-restore-") as folder:
        source = open_backup(Path(path), Path(folder))
        expected = data_counts(file_counts(source.path))
        mark = history_mark(source.path)
        reachable(target)
        target.initialize()
        present = target.row_counts()
        if not transfer.is_empty(present):
            raise BackupError("not_empty", rows=sum(data_counts(present).values()))
        try:
            report = transfer.copy(source, target)
            restored = data_counts(target.row_counts())
        except BaseException:
            target.clear()  # empty again, as it was: a half restore is never left behind
            raise
        counts = [Count(t, expected[t], restored[t]) for t in transfer.TABLES]
        checked = integrity(target.path) if isinstance(target, GeoPackageStore) else None
        result = Result(report, counts, mark, checked, utc_now(), left_out=report.left_out)
        if not result.ok:
            target.clear()
    result.seconds = time.perf_counter() - started
    return result


def open_backup(path: Path, work: Path) -> GeoPackageStore:
    """A private, checked copy of the backup at ``path`` as a store, up to date."""
    if not path.is_file():
        raise BackupError("not_a_file")
    copy = work / "backup.gpkg"
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        kind = sniff.sniff(head)
        if kind != sniff.GEOPACKAGE:
            raise BackupError("not_gpkg")
        shutil.copyfile(path, copy)
        if Path(f"{path}-wal").is_file():  # a store file copied while in use: recent pages
            shutil.copyfile(f"{path}-wal", f"{copy}-wal")
    except Refused:
        raise BackupError("not_gpkg") from None
    except OSError:
        raise BackupError("unreadable") from None
    check_schema(copy, work)
    store = GeoPackageStore(copy)
    store.initialize()
    conn = sqlite3.connect(copy)
    try:
        for table in transfer.TABLES:
            present = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            try:
                transfer.check_columns(table, present)
            except StoreError:
                raise BackupError("newer_version") from None
    finally:
        conn.close()
    return store


def check_schema(path: Path, work: Path) -> None:
    """Refuse a damaged file, or one that is not a store or holds code a store lacks."""
    try:
        conn = sqlite3.connect(path)
        try:
            verdict = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            objects = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
            tables = {name for kind, name, _ in objects if kind == "table"}
            has_id = set(REQUIRED_TABLES) <= tables and conn.execute(
                "SELECT 1 FROM store_meta WHERE key = 'store_id'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise BackupError("damaged") from None
    if verdict != ["ok"]:
        raise BackupError("damaged")
    if not has_id:
        raise BackupError("not_a_backup")
    known = store_code(work)
    for kind, name, sql in objects:
        if kind in ("trigger", "view") and known.get(name) != _normal(sql):
            raise BackupError("not_a_backup")


def store_code(work: Path) -> dict[str, str]:
    """The triggers and views a new store has, by name (their SQL, spaces normalised)."""
    fresh = GeoPackageStore(work / "new-store.gpkg")
    fresh.initialize()
    conn = sqlite3.connect(fresh.path)
    try:
        return {name: _normal(sql) for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')")}
    finally:
        conn.close()


def _normal(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()
