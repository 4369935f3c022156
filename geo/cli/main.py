"""Command line: ``python -m geo init|stats|assets`` for scripts and checks.

Every refusal is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from geo import __version__, audit, config
from geo.cli.common import UsageError, existing_store, location_label, store_at
from geo.domain.filters import PLEDGE_ALL, PLEDGE_NONE, Filter
from geo.domain.pledge_files import load_pledges
from geo.io import csvwrite
from geo.map import view
from geo.spatial import boundaries
from geo.store import GeoPackageStore, Store, StoreError

SYSTEM_USER = "system"

#: Modules that add commands: each has ``add_parser(commands)``, whose parsers set
#: ``run`` (a function of the parsed arguments returning the exit code) as a default,
#: and raise :class:`UsageError` (or a ValueError) for a bad argument.
EXTENSIONS: tuple[str, ...] = ("geo.cli.users", "geo.coverage.cli", "geo.cli.store",
                               "geo.cli.meeting", "geo.io.cli", "geo.cli.pledges",
                               "geo.cli.backup", "geo.indicators.cli",
                               "geo.lagesbild.cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + message
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The CLI's arguments."""
    prog = "trygghetskartan" if Path(sys.argv[0]).name == "trygghetskartan" else "python -m geo"
    parser = _Parser(prog=prog, description="Trygghetskartan: store and checks")
    parser.add_argument("--version", action="version", version=f"trygghetskartan {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    # (each command's parser sets ``run``)

    init = commands.add_parser("init", help="create an empty store (or upgrade one), or "
                               "re-seed it with the example pledges and data (--example)")
    init.set_defaults(run=_init)
    init.add_argument("--example", action="store_true",
                      help="replace all records with the deterministic example data")
    init.add_argument("--scale", type=int, default=1, help="multiply the example data")
    init.add_argument("--db", help="a .gpkg path or a postgresql:// URL "
                                   "(default: TRYGGHETSKARTAN_DB or data/)")

    stats = commands.add_parser("stats", help="per-layer counts the map shows for a filter")
    stats.set_defaults(run=_stats)
    stats.add_argument("--kommun", required=True, help="4-digit municipality code")
    stats.add_argument("--year", type=int, required=True)
    stats.add_argument("--year-to", type=int, help="last year of a span (default: --year)")
    stats.add_argument("--pledge", default=PLEDGE_ALL,
                       help=f"a pledge id, {PLEDGE_ALL!r} or {PLEDGE_NONE!r}")
    stats.add_argument("--json", action="store_true", help="one flat JSON object")
    stats.add_argument("--db", help="store path")

    commands.add_parser("assets", help="copy the map's JavaScript into static/").set_defaults(
        run=_assets
    )

    report = commands.add_parser("report", help="a pledge's follow-up report for a period")
    report.set_defaults(run=_report)
    report.add_argument("--pledge", required=True, help="a pledge id, e.g. tomelilla-2020")
    report.add_argument("--quarter", required=True, help="a quarter (2019Q2) or a year (2019)")
    report.add_argument("--format", choices=("html", "pdf", "csv"), default="html")
    report.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE)
    csvwrite.add_cli_argument(report)
    report.add_argument("--out", required=True, help="the file to write")
    report.add_argument("--db", help="store path")
    for module_name in EXTENSIONS:
        importlib.import_module(module_name).add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (its writes are logged as ``cli:<os user>``)."""
    try:
        args = build_parser().parse_args(argv)
        audit.ensure_configured()  # a bad log setting stops the command before it writes
        with audit.acting(audit.cli_actor()):
            return args.run(args)
    except (UsageError, ValueError, StoreError, KeyError, OSError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        lines = [line.strip() for line in str(message).splitlines() if line.strip()]
        print(f"geo: error: {'; '.join(lines)}", file=sys.stderr)  # one line, always
        return 2


def _init(args: argparse.Namespace) -> int:
    if args.scale < 1:
        raise UsageError("--scale must be at least 1")
    location = args.db or config.db_location()
    store = store_at(location)
    if args.example and isinstance(store, GeoPackageStore) and store.path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    created = not store.exists()
    store.initialize()
    if args.example and not created and not isinstance(store, GeoPackageStore):
        store.clear()  # a database is not a file to delete: empty its tables instead
    if args.example:  # the seeds of data/pledges.yaml are example pledges
        pledges = load_pledges()
        store.replace_pledges(pledges, SYSTEM_USER)
    else:  # pledges are the municipalities' own records: a new store starts with none,
        pledges = store.pledges()  # and an upgrade leaves them alone
    if args.example:
        seed_example(store, pledges, args.scale)
    print(f"{'created' if created else 'updated'} {location_label(location)}: "
          f"{len(pledges)} pledges"
          + (f", example data x{args.scale}" if args.example else ""))
    return 0


def seed_example(store: Store, pledges: list, scale: int) -> None:
    """Fill the store with the deterministic example data and mark it as such."""
    from geo import example
    from geo.example import crime as example_crime  # issue 19: the lägesbild's crime figures
    from geo.example import plan as example_plan  # issue 19: Tomelilla's åtgärdsplan
    from geo.example import survey as example_survey
    from geo.example import texts_lagesbild as example_texts  # and its lägesbild's sections

    started = time.perf_counter()
    codes = sorted({p.kommun_kod for p in pledges})
    data = example.generate(pledges, example.municipality_boundaries(codes), scale=scale)
    store.create_many(data.features(), example.EXAMPLE_USER)
    store.add_counts(data.counts, example.EXAMPLE_USER)
    store.save_survey(example_survey.for_codes(codes), example.EXAMPLE_USER)  # issue 9
    store.replace_crime_statistics(example_crime.for_codes(codes), example.EXAMPLE_USER)
    example_plan.save(store, data)
    example_texts.save(store)
    store.set_meta("contents", "example")
    print(f"example data: {len(data.features())} features in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)


def _stats(args: argparse.Namespace) -> int:
    if args.kommun not in boundaries.names():
        raise UsageError(f"unknown municipality code {args.kommun!r}")
    store = existing_store(args.db)
    known = {p.id for p in store.pledges()}
    if args.pledge not in (PLEDGE_ALL, PLEDGE_NONE) and args.pledge not in known:
        raise UsageError(f"unknown pledge {args.pledge!r}")
    flt = Filter(kommun_kod=args.kommun, year_from=args.year,
                 year_to=args.year_to if args.year_to is not None else args.year,
                 pledge=args.pledge)
    numbers = view.counts(view.select(store, flt))
    if args.json:
        print(json.dumps(numbers))
    else:
        for layer, number in numbers.items():
            print(f"{layer:15} {number:6d}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from geo import report
    from geo.domain import periods

    store = existing_store(args.db)
    pledges = {p.id: p for p in store.pledges()}
    if args.pledge not in pledges:
        raise UsageError(f"unknown pledge {args.pledge!r} (known: {', '.join(sorted(pledges))})")
    built = report.build(store, pledges[args.pledge], periods.parse(args.quarter))
    if args.format == "pdf":
        Path(args.out).write_bytes(report.pdf(built, args.lang))
    elif args.format == "csv":
        Path(args.out).write_bytes(report.csv_bytes(built, args.lang, args.csv_dialect))
    else:
        Path(args.out).write_text(report.html(built, args.lang), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _assets(args: argparse.Namespace) -> int:
    from geo.map import heatmap, install_assets

    print(install_assets())
    print("leaflet.heat:", "installed" if heatmap.install() else "not in node_modules")
    return 0
