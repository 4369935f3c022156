"""``python -m geo pledge import|export|list``: pledges as files, for scripts and a new council.

``import`` reads a YAML or JSON file in the format of ``data/pledges.yaml`` through the
guarded reader and :func:`geo.domain.pledge_files.parse_pledges`: a file with any problem is refused
whole, one line per problem on stderr, exit code 2, nothing written. A pledge whose id is
new is created; one whose id the store holds is updated at its current version (the file
is the pledge as its municipality wants it now), with history either way. ``export``
writes one pledge in the same format, so that it imports unchanged; ``list`` shows what
the store holds, archived pledges too.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from geo.cli.common import UsageError, existing_store
from geo.domain.model import Pledge
from geo.domain.pledge_files import PledgeFileError, dump_pledges, parse_pledges
from geo.io import guard
from geo.spatial import boundaries
from geo.store import Store

SYSTEM = "cli"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``pledge`` and its actions."""
    pledge = commands.add_parser("pledge", help="import, export and list pledges")
    actions = pledge.add_subparsers(dest="action", required=True, parser_class=type(pledge))
    importing = actions.add_parser("import", help="create or update pledges from a file")
    importing.add_argument("file", help="a YAML or JSON file in the format of pledges.yaml")
    importing.add_argument("--dry-run", action="store_true",
                           help="check the file and say what would change; write nothing")
    importing.add_argument("--db", help="store path")
    importing.set_defaults(run=_import)
    export = actions.add_parser("export", help="write a pledge in the pledges.yaml format")
    export.add_argument("--pledge", required=True, help="the pledge's id, e.g. tomelilla-2020")
    export.add_argument("--out", help="the file to write (default: standard output)")
    export.add_argument("--db", help="store path")
    export.set_defaults(run=_export)
    listing = actions.add_parser("list", help="the store's pledges (archived ones too)")
    listing.add_argument("--kommun", help="only this municipality (4-digit code)")
    listing.add_argument("--db", help="store path")
    listing.set_defaults(run=_list)


def _store(location: str | None) -> Store:

    return existing_store(location)


def _import(args: argparse.Namespace) -> int:
    data = guard.read_path(args.file)  # a regular file within the size limit
    try:
        pledges = parse_pledges(data, Path(args.file).name)
    except PledgeFileError as refused:
        for line in refused.lines():
            print(f"geo: error: {args.file}: {line}", file=sys.stderr)
        print(f"geo: error: {args.file}: refused ({len(refused.problems)} "
              f"problem{'s' if len(refused.problems) != 1 else ''}); nothing written",
              file=sys.stderr)
        return 2
    store = _store(args.db)
    current = {p.id: p for p in store.pledges()}
    for pledge in pledges:
        old = current.get(pledge.id)
        if old is not None and _same(pledge, old):
            print(f"unchanged {pledge.id} (version {old.version})")
            continue
        action = "update" if old else "create"
        if args.dry_run:
            print(f"would {action} {pledge.id}: {len(pledge.commitments)} commitments")
            continue
        saved = store.save_pledge(pledge, SYSTEM, old.version if old else None)
        print(f"{action}d {pledge.id}: {len(pledge.commitments)} commitments "
              f"(version {saved.version})")
    return 0


def _same(pledge: Pledge, stored: Pledge) -> bool:
    """True when a file's pledge is the stored one (the store's own fields aside)."""
    return dataclasses.replace(pledge, version=stored.version, updated_at=stored.updated_at,
                               updated_by=stored.updated_by) == stored


def _export(args: argparse.Namespace) -> int:

    store = _store(args.db)
    pledge = store.pledge(args.pledge)
    if pledge is None:
        known = ", ".join(sorted(p.id for p in store.pledges())) or "none"
        raise UsageError(f"unknown pledge {args.pledge!r} (known: {known})")
    text = dump_pledges([pledge])
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _list(args: argparse.Namespace) -> int:

    if args.kommun and args.kommun not in boundaries.names():
        raise UsageError(f"unknown municipality code {args.kommun!r}")
    pledges = [p for p in _store(args.db).pledges()
               if not args.kommun or p.kommun_kod == args.kommun]
    for pledge in pledges:
        print(_line(pledge))
    return 0


def _line(pledge: Pledge) -> str:
    """id, municipality, period, commitments, archived: one tab-separated line."""
    return "\t".join((pledge.id, f"{pledge.kommun_kod} {pledge.kommun}",
                      f"{pledge.period_start.isoformat()}–{pledge.period_end.isoformat()}",
                      f"{len(pledge.commitments)} commitments",
                      "archived" if pledge.archived else "current"))
