"""Shared by the hostile-upload tests: targets, a loopback listener, what a refusal may say."""

from __future__ import annotations

import http.server
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.data.hostile.make_hostile import SECRET_MARKER, Targets, build


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f"id,secret\n1,{SECRET_MARKER}-from-the-network\n".encode())

    do_HEAD = do_POST = do_GET  # noqa: N815

    def log_message(self, *args) -> None:
        pass


@contextmanager
def listener() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on a free loopback port; yields its URL and the paths it was asked."""
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def make_targets(folder: Path, url: str, store: Path | None = None) -> Targets:
    """A secret CSV and (unless given) a store-like GeoPackage, both holding the marker."""
    folder.mkdir(parents=True, exist_ok=True)
    secret = folder / "secrets.csv"
    secret.write_text(f"id,secret\n1,{SECRET_MARKER}\n", encoding="utf-8")
    if store is None:
        store = folder / "store.gpkg"
        with sqlite3.connect(store) as conn:
            conn.execute("CREATE TABLE users (email TEXT, password_hash TEXT)")
            conn.execute("INSERT INTO users VALUES (?, ?)", (f"{SECRET_MARKER}@x.se", "hash"))
        conn.close()
    return Targets(secret, store, url, folder / "written.gpkg")


def corpus(targets: Targets, *, large: bool = True) -> dict[str, bytes]:
    return build(targets, large=large)


def leaks(text: str, targets: Targets) -> list[str]:
    """What of the targets a text shows: the marker, a path, the listener's address."""
    needles = [SECRET_MARKER, str(targets.secret), str(targets.store), str(targets.write_to),
               targets.url, "/tmp/", "Traceback", "Error:", "pyogrio", "GDAL error"]
    return [n for n in needles if n in text]


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}
