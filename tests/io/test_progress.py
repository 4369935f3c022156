"""A large import reports its progress (the import page draws it as a bar) and writes it all.

The file is the benchmark's (bench/import_bench.py: Windows-1252, semicolons, decimal
commas, Swedish words and dates, SWEREF 99 TM), only shorter: 25 000 rows, so the
write runs in several chunks and the R-tree is filled chunk by chunk.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from bench.import_bench import KOMMUN, make_csv
from geo.io.importer import ImportOptions, import_file
from geo.store.gpkg import format as fmt

ROWS = 25_000


def test_a_large_file_reports_progress_through_every_phase(empty_store):
    seen: list[tuple[float, str]] = []
    report = import_file(empty_store, make_csv(ROWS), ImportOptions(
        layer="unsafe_places", kommun_kod=KOMMUN, file_name="stor.csv"),
        lambda share, phase: seen.append((share, phase)))
    assert report.status == "written" and report.created == ROWS, report.to_json()
    phases = [phase for _, phase in seen]
    assert phases == sorted(phases, key=["read", "check", "write"].index)  # in that order
    assert {"read", "check", "write"} == set(phases)
    shares = [share for share, _ in seen]
    assert shares == sorted(shares) and shares[0] == 0.0 and shares[-1] == 1.0
    assert len(seen) >= 8  # several steps while checking and writing, not only start/end
    with closing(sqlite3.connect(empty_store.path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        boxes = conn.execute("SELECT t.geom, r.minx, r.maxx, r.miny, r.maxy FROM "
                             "unsafe_places t JOIN rtree_unsafe_places_geom r ON r.id = t.fid"
                             ).fetchall()
    assert len(boxes) == ROWS
    for blob, minx, maxx, miny, maxy in boxes:  # each fid's box is its own point's
        point = fmt.from_blob(blob)
        assert minx <= point.x <= maxx and miny <= point.y <= maxy
        assert maxx - minx < 1e-5 and maxy - miny < 1e-5  # float32 rounding only
    assert len(empty_store.history("unsafe_places")) == ROWS
