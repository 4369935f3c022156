"""An import killed halfway through its write leaves nothing and a sound GeoPackage."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from bench.import_bench import make_csv
from tests.io.conftest import KOMMUN, digest

ROOT = Path(__file__).resolve().parents[2]
#: Runs the CLI with the io commands registered (whether or not geo.cli.main lists them yet).
CLI = ("import sys; from geo.cli import main as cli; "
       "cli.EXTENSIONS = tuple(dict.fromkeys((*cli.EXTENSIONS, 'geo.io.cli'))); "
       "sys.exit(cli.main(sys.argv[1:]))")
ROWS = 25_000


def run_cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLI, *args], cwd=ROOT, **kwargs)


@pytest.mark.slow
def test_killed_import_writes_nothing(store, tmp_path):
    source = tmp_path / "stora.csv"
    source.write_bytes(make_csv(ROWS))
    before = digest(store.path)
    process = run_cli("import", str(source), "--layer", "unsafe_places", "--kommun", KOMMUN,
                      "--db", str(store.path), "--progress", stderr=subprocess.PIPE,
                      stdout=subprocess.DEVNULL, text=True)
    seen = []
    for line in process.stderr:  # wait until rows are being written inside the transaction
        seen.append(line.strip())
        if line.startswith("progress: write") and 75 <= int(line.split()[-1][:-1]) < 95:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, seen
    assert Path(f"{store.path}-wal").exists()  # the uncommitted pages were really written
    with closing(sqlite3.connect(store.path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM unsafe_places").fetchone()[0] == 0
    assert digest(store.path) == before
    # the store is usable: the same import, run to the end, writes every row once
    done = run_cli("import", str(source), "--layer", "unsafe_places", "--kommun", KOMMUN,
                   "--db", str(store.path), "--json", stdout=subprocess.PIPE, text=True)
    out, _ = done.communicate(timeout=120)
    assert done.returncode == 0, out[-2000:]
    assert len(store.list("unsafe_places")) == ROWS
    with closing(sqlite3.connect(store.path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM rtree_unsafe_places_geom").fetchone()[0] == ROWS
