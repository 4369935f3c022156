"""A backup taken while four processes write is one moment of the store, on both backends.

Four processes (forked: spawned ones would spend seconds each importing geo) write through
the store's normal path (each write: a record and its history row in one transaction) while
:func:`geo.store.backup.backup` runs. The backup, restored into an empty store of the same
backend, equals the backup in every table, and nothing in it is half-written: every
record's versions 1…n have one history row each and every history row has its record.
Read table after table without a snapshot, such a backup has history rows for versions
its records do not have yet (and its own check fails: seen when this test was written).

The PostGIS case uses the throw-away cluster of :mod:`tests.store.pg_server` (skipped, with
the reason, where PostgreSQL and PostGIS are not installed).
"""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.domain.model import FEATURE_TYPES, UnsafePlace
from geo.store import GeoPackageStore, Store, open_store, transfer
from geo.store import backup as backups
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture

WRITERS = 4
#: A writer stops by itself after this many records (should the test not stop it).
MOST_WRITES = 2000


def _write(start, stop, done, location: str, worker: int) -> None:
    """Create records and update the one made before, until told to stop."""
    store = open_store(location)
    user = f"skrivare-{worker}"
    previous = None
    start.wait()
    for n in range(MOST_WRITES):
        if stop.is_set():
            break
        place = store.create(UnsafePlace(
            kommun_kod="1270", geometry=Point(13.8 + worker * 0.05, 55.4 + n * 1e-4),
            category="lighting", source="web_form", reported_date="2024-05-01",
            description=f"Skrivare {worker}, nr {n}"), user)
        if previous is not None:
            store.update("unsafe_places", previous.id, {"description": f"Ändrad av {worker}"},
                         previous.version, user)
        previous = place
        with done.get_lock():
            done.value += 1
    getattr(store, "close", lambda: None)()


def _until(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.02)


def backup_while_writing(location: str, out: Path) -> tuple[backups.Result, int, int]:
    """Back up ``location`` while WRITERS processes write; the writes before and after."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(WRITERS + 1, timeout=120)
    stop, done = context.Event(), context.Value("i", 0)
    processes = [context.Process(target=_write, args=(start, stop, done, location, worker))
                 for worker in range(WRITERS)]
    for process in processes:
        process.start()
    try:
        start.wait()
        _until(lambda: done.value >= 4 * WRITERS, "the first writes")
        before = done.value
        source = open_store(location)
        result = backups.backup(source, out)
        getattr(source, "close", lambda: None)()
        after = done.value
        _until(lambda: done.value >= after + WRITERS, "writes after the backup")
    finally:
        stop.set()
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.terminate()
    assert [p.exitcode for p in processes] == [0] * WRITERS
    return result, before, after


def exports(store: Store) -> dict[str, list[dict]]:
    return {table: transfer.export(store, table) for table in transfer.TABLES}


def half_written(rows: dict[str, list[dict]]) -> list[str]:
    """Records whose versions and history rows do not match one to one."""
    versions: dict[tuple[str, str], list[int]] = defaultdict(list)
    for entry in rows["history"]:
        if entry["layer"] in FEATURE_TYPES:
            versions[(entry["layer"], entry["record_id"])].append(entry["after"]["version"])
    records = {(layer, row["id"]): row["version"] for layer in FEATURE_TYPES
               for row in rows[layer]}
    problems = [f"{key}: version {version}, history of versions {sorted(versions[key])}"
                for key, version in records.items()
                if sorted(versions.get(key, [])) != list(range(1, version + 1))]
    problems += [f"{key}: history of a record not there" for key in set(versions) - set(records)]
    return problems


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def _locations(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    """A source and an empty target of ``backend``."""
    if backend == "gpkg":
        return [str(tmp_path / "store.gpkg"), str(tmp_path / "restored.gpkg")]
    cluster = request.getfixturevalue("pg_cluster")  # skips where PostGIS cannot run
    urls = [cluster.new_database(), cluster.new_database()]
    for url in urls:
        request.addfinalizer(lambda url=url: cluster.drop_database(url))
    return urls


@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_a_backup_taken_during_four_writers_restores_whole(backend, request, tmp_path):
    location, restored_at = _locations(backend, request, tmp_path)
    source = open_store(location)
    source.initialize()
    getattr(source, "close", lambda: None)()  # no pooled connection for the writers to share
    out = tmp_path / "nattlig.gpkg"

    result, before, after = backup_while_writing(location, out)

    assert result.ok, [c for c in result.copy.checks if not c.ok]
    assert after > before, "no write ran while the backup was taken"
    assert integrity(out) == ["ok"] and result.integrity == "ok"
    assert not Path(f"{out}-wal").exists()  # one self-contained file
    backed_up = exports(GeoPackageStore(shutil.copy(out, tmp_path / "read.gpkg")))
    written = len([e for e in backed_up["history"] if e["user"].startswith("skrivare-")])
    live = exports(open_store(location))
    assert 0 < written < len(live["history"])  # a moment between the first and last write
    assert half_written(backed_up) == []

    target = open_store(restored_at)
    restore = backups.restore(out, target)
    assert restore.ok, [c for c in restore.copy.checks if not c.ok]
    restored = exports(target)
    getattr(target, "close", lambda: None)()
    for table in transfer.TABLES:
        check = transfer.compare(table, backed_up[table], restored[table])
        assert check.ok, check.examples
    assert half_written(restored) == []
    if backend == "gpkg":
        assert integrity(Path(restored_at)) == ["ok"]


def test_the_check_finds_what_a_backup_without_a_snapshot_gets():
    """The test's own check: a record read before its last change, history read after."""
    history = [{"layer": "unsafe_places", "record_id": "a", "after": {"version": v}}
               for v in (1, 2)]
    assert half_written({"history": history, **{layer: [] for layer in FEATURE_TYPES},
                         "unsafe_places": [{"id": "a", "version": 1}]}) == [
        "('unsafe_places', 'a'): version 1, history of versions [1, 2]"]
