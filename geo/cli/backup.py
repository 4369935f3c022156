"""``python -m geo backup|restore``: the whole store at one moment in a file, and back again.

``backup --out FILE.gpkg`` writes a verified snapshot of the configured store (or ``--db``),
GeoPackage or PostGIS, and ``restore FILE.gpkg`` reads one into an empty store
(:mod:`geo.store.backup` does both). Each prints a short report in the operator's language
(``--lang``, Swedish by default): rows per table on each side, the history's last entry and
the integrity check. Exit codes: 0 written and checked; 1 the check found a difference (no
backup file is written; a restored store is emptied again); 2 refused, with one line that
names no path and no Python words (the details go to the ``geo.backup`` logger at INFO).
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from collections.abc import Callable

from geo import config, i18n
from geo.cli.common import UsageError, location_label, store_at
from geo.store import Store, StoreError
from geo.store import backup as backups

log = logging.getLogger("geo.backup")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``backup`` and ``restore``."""
    save = commands.add_parser(
        "backup", help="write a consistent, verified snapshot of the whole store to one "
                       "GeoPackage file")
    save.add_argument("--out", required=True, metavar="FILE.gpkg",
                      help="the backup file (written under a temporary name, renamed when "
                           "checked; an older file of that name is replaced)")
    save.add_argument("--db", help="the store to back up: a .gpkg path or a postgresql:// "
                                   "URL (default: TRYGGHETSKARTAN_DB or data/)")
    save.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE)
    save.set_defaults(run=_backup)

    load = commands.add_parser("restore", help="read a backup into an empty store and check "
                                               "every table")
    load.add_argument("file", metavar="FILE.gpkg", help="a file written by 'backup'")
    load.add_argument("--db", help="the empty store to fill: a .gpkg path (created if "
                                   "missing) or a postgresql:// URL (default: "
                                   "TRYGGHETSKARTAN_DB or data/)")
    load.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE)
    load.set_defaults(run=_restore)


def _backup(args: argparse.Namespace) -> int:
    location = args.db or config.db_location()

    def work(store: Store) -> backups.Result:
        return backups.backup(store, args.out)

    return _run(args.lang, location, work, "backup", location_label(location))


def _restore(args: argparse.Namespace) -> int:
    location = args.db or config.db_location()

    def work(store: Store) -> backups.Result:
        return backups.restore(args.file, store)

    return _run(args.lang, location, work, "restore", location_label(location))


def _run(lang: str, location: str, work: Callable[[Store], backups.Result], verb: str,
         label: str) -> int:
    """Open the store, do the work, print the report; a refusal is one line in ``lang``."""
    try:
        store = store_at(location)
        try:
            result = work(store)
        finally:
            close = getattr(store, "close", None)
            if close is not None:
                close()
    except backups.BackupError as refusal:
        values = {name: _rows(value, lang) if name == "rows" else value
                  for name, value in refusal.values.items()}
        return _refuse(i18n.t(f"backup.msg.{refusal.code}", lang, **values))
    except UsageError:
        return _refuse(i18n.t("backup.msg.not_a_store", lang))
    except _failures():
        log.info("%s of %s failed", verb, label, exc_info=True)
        return _refuse(i18n.t(f"backup.msg.{verb}_failed", lang))
    _report(result, lang, verb, label)
    return 0 if result.ok else 1


def _failures() -> tuple[type[BaseException], ...]:
    """What a store may raise when a database or a disk fails (SQLAlchemy's when loaded)."""
    found: list[type[BaseException]] = [StoreError, sqlite3.Error, OSError]
    if "sqlalchemy" in sys.modules:  # loaded only when a PostGIS store was opened
        found.append(sys.modules["sqlalchemy"].exc.SQLAlchemyError)
    return tuple(found)


def _plural(key: str, n: int, lang: str) -> str:
    """``1 rad``, ``2 rader``: the catalog's ``one`` or ``many`` form of ``key``."""
    return i18n.t(f"backup.{key}.{'one' if n == 1 else 'many'}", lang, n=n)


def _rows(n: int, lang: str) -> str:
    return _plural("rows", n, lang)


def _refuse(text: str) -> int:
    print(f"geo: {text}", file=sys.stderr)
    return 2


def _report(result: backups.Result, lang: str, verb: str, label: str) -> None:
    """Rows per table on each side, the history's end, the integrity check, the verdict."""
    def t(key: str, **values: object) -> str:
        return i18n.t(f"backup.{key}", lang, **values)

    print(t(f"{verb}.title", store=label, at=result.taken_at.strftime("%Y-%m-%d %H:%M:%S")))
    print(f"{t('table'):18} {t(f'{verb}.source'):>14} {t(f'{verb}.target'):>14}  "
          f"{t('check')}")
    differences = {check.table: check.differences for check in result.copy.checks}
    for count in result.counts:
        bad = differences.get(count.table, 0)
        verdict = (t("ok") if count.ok and not bad
                   else _plural("differences", bad or abs(count.source - count.target),
                                lang))
        print(f"{count.table:18} {count.source:14d} {count.target:14d}  {verdict}")
    for table, n in result.left_out.items():
        why = t("left_out.io_imports") if table == "io_imports" else t("left_out.unknown")
        print(f"{table:18} {n:14d} {'-':>14}  {why}")
    rows, last, at = result.history
    print(t("history", rows=_rows(rows, lang), last=last if last is not None else "-",
            at=at or "-"))
    if result.integrity is not None:
        print(t("integrity", verdict=t("ok") if result.integrity == "ok" else result.integrity))
    seconds = f"{result.seconds:.1f}"
    if lang == "sv":
        seconds = seconds.replace(".", ",")
    if result.ok:
        print(t(f"{verb}.done", rows=_rows(result.rows, lang), seconds=seconds))
    else:
        bad_tables = ", ".join(c.table for c in result.counts
                               if not c.ok or differences.get(c.table))
        print(t(f"{verb}.failed", tables=bad_tables or "-"), file=sys.stderr)
