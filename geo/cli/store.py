"""``python -m geo migrate|copy``: the schema of a store, and moving a council's data.

``migrate`` creates or upgrades the schema (Alembic revisions on PostGIS; a GeoPackage
is brought up to date in place) and says which revision the database is at. ``copy``
moves everything from one store to another, GeoPackage to PostGIS and back, then reads
both again and compares every field of every table (:mod:`geo.store.transfer`), so a
council can trust that the move lost nothing. A destination that already holds data is
refused unless ``--replace`` says to empty it.
"""

from __future__ import annotations

import argparse
import sys
import time

from geo import config
from geo.cli.common import UsageError, existing_store, location_label, store_at
from geo.store import GeoPackageStore, Store, open_store, transfer


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``migrate`` and ``copy``."""
    migrate = commands.add_parser("migrate", help="create or upgrade the store's schema")
    migrate.add_argument("--db", help="store location: a .gpkg path or a postgresql:// URL "
                                      "(default: TRYGGHETSKARTAN_DB or data/)")
    migrate.set_defaults(run=_migrate)

    copy = commands.add_parser(
        "copy", help="copy a whole store (GeoPackage <-> PostGIS) and compare every field")
    copy.add_argument("--from", dest="source", required=True, metavar="SRC",
                      help="the store to copy: a .gpkg path or a postgresql:// URL")
    copy.add_argument("--to", dest="target", required=True, metavar="DST",
                      help="the store to fill (created if missing; must be empty)")
    copy.add_argument("--replace", action="store_true",
                      help="empty a destination that already holds data, then copy")
    copy.set_defaults(run=_copy)


def _close(store: Store) -> None:
    close = getattr(store, "close", None)
    if close is not None:
        close()


def _migrate(args: argparse.Namespace) -> int:
    location = args.db or config.db_location()
    store = store_at(location)
    label = location_label(location)
    if isinstance(store, GeoPackageStore):
        created = not store.exists()
        store.initialize()
        print(f"{'created' if created else 'checked'} {label}: GeoPackage schema up to date "
              "(a GeoPackage has no revisions)")
        return 0
    from geo.store.postgis import schema as pg

    try:
        before = _revision(store)
        store.initialize()
        current = _revision(store)
    finally:
        _close(store)
    print(label if args.db else f"{label}  (from {config.db_origin()})")
    print(f"  was at revision:  {before or '(none: empty database)'}")
    print(f"  current revision: {current}")
    print(f"  head revision:    {pg.head_revision()}")
    return 0


def _revision(store: Store) -> str | None:
    """The Alembic revision a PostGIS database is at (None: not initialised)."""
    return store.schema_revision()  # type: ignore[attr-defined]  # PostGIS only


def _copy(args: argparse.Namespace) -> int:
    if _same(args.source, args.target):
        raise UsageError("--from and --to name the same store")
    started = time.perf_counter()
    source = existing_store(args.source)
    target = store_at(args.target)
    try:
        target.initialize()
        report = transfer.copy(
            source, target, replace=args.replace,
            progress=lambda table, n: print(f"copied {table}: {n}", file=sys.stderr),
        )
    finally:
        _close(source)
        _close(target)
    checks = report.checks
    print(f"{'table':16} {'source':>8} {'copy':>8}  check")
    for check in checks:
        verdict = "ok" if check.ok else f"{check.differences} differences"
        print(f"{check.table:16} {check.source:8d} {check.target:8d}  {verdict}")
        for example in check.examples:
            print(f"    {example}")
    for table, n in report.left_out.items():
        why = transfer.NOT_COPIED.get(table, "a table this version does not know")
        print(f"{table:16} {n:8d} {'-':>8}  not copied: {why}")
    bad = [check.table for check in checks if not check.ok]
    records = sum(check.source for check in checks)
    summary = (f"{location_label(args.source)} -> {location_label(args.target)}: {records} rows "
               f"in {time.perf_counter() - started:.1f} s")
    if bad:
        print(f"copy differs in {', '.join(bad)}: {summary}", file=sys.stderr)
        return 1
    print(f"copied, every field of every row equal: {summary}")
    return 0


def _same(source: str, target: str) -> bool:
    """True when both arguments name one store (the same file, or the same database URL)."""
    stores = [open_store(location) for location in (source, target)]
    if all(isinstance(store, GeoPackageStore) for store in stores):
        return stores[0].path.resolve() == stores[1].path.resolve()  # type: ignore[attr-defined]
    return source == target
