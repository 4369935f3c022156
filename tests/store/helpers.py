"""What the store contract tests share: the layers, a user's updates, field comparison."""

from __future__ import annotations

import multiprocessing

from shapely.geometry import Point

from geo.domain.model import FEATURE_TYPES

LAYERS = tuple(FEATURE_TYPES)
STORE_FIELDS = ("created_at", "updated_at", "updated_by", "version")
SWEDISH_TEXT = "Åsa Öberg, Ängelholmsvägen"

#: Per layer, an update a user would make (the first key is checked in ``list`` too).
UPDATE_CHANGES = {
    "unsafe_places": {"description": "Belysningen är lagad", "status": "active"},
    "walks": {"participants": 21, "organisers": "Polisen"},
    "findings": {"proposed_action": "Byt armaturen", "priority": 3},
    "watch_areas": {"households": 57, "end_date": None},
    "activities": {"title": "Informationsmöte i Brösarp", "quantity": 3.0},
}
ELSEWHERE = Point(14.1, 55.7)


def assert_same_fields(actual, expected, skip=()):
    for name in type(expected).field_names():
        if name in skip:
            continue
        got, want = getattr(actual, name), getattr(expected, name)
        if name == "geometry":
            assert (got is None) == (want is None), name
            if want is not None:
                assert got.geom_type == want.geom_type
                assert got.equals_exact(want, 1e-12), name
        else:
            assert got == want, f"{name}: {got!r} != {want!r}"


def unchanged(store, layer, record):
    now = store.get(layer, record.id)
    assert now is not None
    assert_same_fields(now, record)


def run_together(target, args_list) -> None:
    """Run ``target`` in one spawned process per argument tuple, all starting together."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(args_list), timeout=60)
    processes = [context.Process(target=target, args=(start, *args)) for args in args_list]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        if process.is_alive():  # hung: stop it rather than leave it behind
            process.terminate()
    assert [p.exitcode for p in processes] == [0] * len(processes)


def copied_whole(store, tmp_path, *tables: str):
    """``store`` copied into a new GeoPackage by :func:`transfer.copy`, every check ok."""
    from geo.store import GeoPackageStore, transfer

    copied = GeoPackageStore(tmp_path / "kopia.gpkg")
    copied.initialize()
    report = transfer.copy(store, copied)
    assert report.ok, [c.examples for c in report.checks if not c.ok]
    assert {c.table for c in report.checks} >= set(tables)
    return copied


def store_without(tmp_path, *tables: str):
    """A GeoPackage store as made before ``tables`` existed (they are dropped again)."""
    import sqlite3

    from geo.store import GeoPackageStore

    older = GeoPackageStore(tmp_path / "2025.gpkg")
    older.initialize()
    conn = sqlite3.connect(older.path)
    for table in tables:
        conn.execute(f'DROP TABLE "{table}"')
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
    conn.commit()
    marks = ", ".join("?" * len(tables))
    assert conn.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})",
                        tables).fetchone() == (0,)
    conn.close()
    return older


def assert_whole_refusals(save, read, first, second, fresh, exists_code: str) -> None:
    """A record saved whole (plan, lägesbild): what a save at the wrong version is refused.

    ``first`` is version 1 as saved, ``second`` the stored version 2, ``fresh`` a record
    never saved. Saving at version 1 again is stale and changes nothing; creating an id that
    is taken, or updating one that is not there, is refused too.
    """
    import dataclasses

    import pytest

    from geo.domain.model import ValidationError
    from geo.store import NotFoundError, StaleVersionError

    with pytest.raises(StaleVersionError):
        save(dataclasses.replace(first, title="Gammal"), "carl", 1)
    assert read(first.id) == second
    with pytest.raises(ValidationError) as caught:
        save(first, "carl", None)  # the id is taken
    assert caught.value.code == exists_code
    with pytest.raises(NotFoundError):
        save(fresh, "carl", 1)
    assert read(fresh.id) is None
