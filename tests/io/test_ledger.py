"""The import's bulk write equals ``create_many``, is one transaction, and leaves a ledger."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from geo.domain.model import LAYERS
from geo.io import ledger
from geo.store import GeoPackageStore

MOMENT = "2021-02-03T04:05:06.789+00:00"


def rows(path, table: str) -> dict[str, dict]:
    """Rows by id, without the columns a write stamps (fid, updated_at)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        found = {}
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            values = dict(row)
            values.pop("fid"), values.pop("updated_at")
            found[values["id"]] = values
        return found


def history(path) -> dict[str, dict]:
    with closing(sqlite3.connect(path)) as conn:
        result = {}
        for record_id, action, after in conn.execute(
                "SELECT record_id, action, after FROM history WHERE action = 'create'"):
            values = json.loads(after)
            values.pop("updated_at")
            result[record_id] = (action, values)
        return result


def rtree(path, layer: str) -> dict[str, tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0]: tuple(round(v, 6) for v in row[1:]) for row in conn.execute(
            f'SELECT t.id, r.minx, r.maxx, r.miny, r.maxy FROM "{layer}" t '
            f'JOIN "rtree_{layer}_geom" r ON r.id = t.fid')}


def schema(path) -> list:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE "
                            "'%io_imports%' ORDER BY type, name").fetchall()


@pytest.mark.parametrize("layer", LAYERS)
def test_bulk_write_equals_create_many(tmp_path, make_record, layer):
    records = [make_record(layer, created_at=MOMENT, updated_at=MOMENT, updated_by="x")
               for _ in range(7)]
    if layer == "activities":
        records.append(make_record(layer, geometry=None, kind="police_hours",
                                   created_at=MOMENT, updated_at=MOMENT))
    stores = []
    for name in ("create_many", "bulk"):
        store = GeoPackageStore(tmp_path / f"{name}.gpkg")
        store.initialize()
        stores.append(store)
    stores[0].create_many(records, "anna")
    before = schema(stores[1].path)
    assert ledger.write(stores[1], records, "anna", sha256="f" * 64, file_name="x.csv",
                        layer=layer, kommun_kod="1270") == len(records)
    a, b = (s.path for s in stores)
    assert rows(a, layer) == rows(b, layer)
    assert history(a) == history(b)
    assert rtree(a, layer) == rtree(b, layer) and len(rtree(b, layer)) == sum(
        r.geometry is not None for r in records)
    assert schema(b) == before  # the R-tree trigger is back, exactly as it was
    for record in records:  # the store and GDAL read the same records back
        written, made = (s.get(layer, record.id) for s in stores)
        assert written.replace(updated_at=None) == made.replace(updated_at=None)
    assert len(stores[1].list(layer)) == len(records)
    assert ledger.previous_import(stores[1], "f" * 64, layer, "1270")["created"] == len(records)
    with closing(sqlite3.connect(b)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM gpkg_contents WHERE table_name = "
                            "'io_imports'").fetchone()[0] == 1


def test_a_failing_write_leaves_nothing(tmp_path, make_record):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    store.initialize()
    first = make_record("unsafe_places")
    store.create(first, "anna")
    before = schema(store.path), rows(store.path, "unsafe_places")
    batch = [make_record("unsafe_places") for _ in range(12_000)] + [first]  # a repeated id
    with pytest.raises(sqlite3.IntegrityError):
        ledger.write(store, batch, "anna", sha256="a" * 64, file_name="x", layer="unsafe_places",
                     kommun_kod="1270")
    assert (schema(store.path), rows(store.path, "unsafe_places")) == before
    assert ledger.previous_import(store, "a" * 64, "unsafe_places", "1270") is None
    assert len(store.history()) == 1
