"""``python -m geo import|export|publish``: files in, the filtered view out, a public site.

Registered through ``geo.cli.main.EXTENSIONS``. Exit codes of ``import``: 0 when the file
was imported (or a dry run found nothing wrong, or nothing was new), 1 when rows were
rejected (nothing written), 2 when the file or an argument is refused (one line on
stderr, as every command of the CLI).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from geo import config
from geo.cli.common import UsageError
from geo.domain.enums import Category, FindingStatus, PlaceStatus
from geo.domain.filters import PLEDGE_ALL, PLEDGE_NONE, Filter
from geo.domain.model import FEATURE_TYPES, LAYERS
from geo.io import csvwrite, sheet
from geo.io import export as exporting
from geo.io.errors import Refused
from geo.io.importer import ImportOptions, import_file, read_path
from geo.spatial import boundaries
from geo.store import GeoPackageStore, Store, StoreError, open_store


def add_parser(commands: Any) -> None:
    """Add ``import``, ``export`` and ``publish`` to the CLI's subcommands."""
    imp = commands.add_parser("import", help="import a GeoJSON, GeoPackage, zipped shapefile, "
                                             "CSV or XLSX file into one layer")
    imp.set_defaults(run=run_import)
    imp.add_argument("file")
    imp.add_argument("--layer", required=True, choices=list(FEATURE_TYPES))
    imp.add_argument("--kommun", required=True, help="4-digit municipality code")
    imp.add_argument("--pledge", help="link rows without a pledge to this pledge id")
    imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    imp.add_argument("--json", action="store_true", help="the report as JSON on stdout")
    imp.add_argument("--skip-invalid", action="store_true",
                     help="import the valid rows and report the rejected ones")
    imp.add_argument("--crs", help="the coordinates' system when the file does not say "
                                   "(EPSG code, e.g. EPSG:3006, or a SWEREF 99 local zone "
                                   "EPSG:3007-3018, e.g. EPSG:3008 = SWEREF 99 13 30)")
    imp.add_argument("--source-layer", help="the file's layer (GeoPackage) or sheet (XLSX)")
    imp.add_argument("--walk", help="findings: the safety walk (id, name or date)")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="map a column to a field (repeatable; others are guessed)")
    imp.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                     dest="fixed", help="one value for every row of a field the file lacks "
                     "(repeatable; a choice by its code or name, e.g. "
                     "source=citizen_dialogue or source=Medborgardialog)")
    imp.add_argument("--skip", action="append", default=[], metavar="COLUMN",
                     help="a column to leave out (repeatable; other unmapped columns are "
                          "kept with each record as extra information, never public)")
    imp.add_argument("--user", default="import", help="recorded as the author of the rows")
    imp.add_argument("--progress", action="store_true", help="progress lines on stderr")
    imp.add_argument("--db", help="the store: a .gpkg path or a postgresql:// URL")

    exp = commands.add_parser("export", help="export the features of a filter (as the map)")
    exp.set_defaults(run=run_export)
    _filter_arguments(exp)
    exp.add_argument("--layer", action="append", choices=list(LAYERS),
                     help="a layer (repeatable; default: all, for gpkg and xlsx)")
    exp.add_argument("--format", required=True, choices=exporting.FORMATS)
    exp.add_argument("--out", required=True, help="the file to write")
    exp.add_argument("--public", action="store_true",
                     help="public records and public fields only (as the public map)")
    exp.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE,
                     help="headings and values of CSV and XLSX")
    csvwrite.add_cli_argument(exp)
    exp.add_argument("--codes", action="store_true",
                     help="CSV/XLSX: after each coded column, one with the codes "
                          "(category = lighting)")
    exp.add_argument("--coords", choices=sheet.COORDS, default=sheet.WKT,
                     help="CSV/XLSX: WKT in WGS 84 (default), or N/E in SWEREF 99 TM "
                          "(sweref99tm) or a local zone (EPSG:3007-3018)")
    exp.add_argument("--db", help="the store: a .gpkg path or a postgresql:// URL")

    pub = commands.add_parser("publish", help="write the static public site of a municipality")
    pub.set_defaults(run=run_publish)
    pub.add_argument("--kommun", required=True, help="4-digit municipality code")
    pub.add_argument("--out", required=True, help="the folder to write (created or replaced)")
    pub.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE)
    pub.add_argument("--basemap", default="",
                     help="a tile URL template for a background map (default: none, so the "
                          "site makes no request outside itself)")
    pub.add_argument("--db", help="the store: a .gpkg path or a postgresql:// URL")


def _filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kommun", required=True, help="4-digit municipality code")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--year-to", type=int, help="last year of a span (default: --year)")
    parser.add_argument("--pledge", default=PLEDGE_ALL,
                        help=f"a pledge id, {PLEDGE_ALL!r} or {PLEDGE_NONE!r}")
    parser.add_argument("--category", action="append", default=[],
                        choices=[c.value for c in Category])
    parser.add_argument("--place-status", action="append", default=[],
                        choices=[s.value for s in PlaceStatus])
    parser.add_argument("--finding-status", action="append", default=[],
                        choices=[s.value for s in FindingStatus])


def _store(location: str | None) -> Store:
    """The store at a ``.gpkg`` path or ``postgresql://`` URL (its password never shown)."""
    store = open_store(location)
    if not store.exists():
        where = store.path if isinstance(store, GeoPackageStore) else repr(store)
        raise StoreError(f"no store at {where}: run 'python -m geo init --example' "
                         "(PostGIS: 'python -m geo migrate')")
    return store


def _kommun(code: str) -> str:
    if code not in boundaries.names():
        raise UsageError(f"unknown municipality code {code!r}")
    return code


def run_import(args: argparse.Namespace) -> int:
    """Import one file; print the report (text or JSON)."""
    _kommun(args.kommun)
    mapping = None
    if args.map:
        mapping = _pairs(args.map, "--map takes COLUMN=FIELD")
    fixed = _pairs(args.fixed, "--set takes FIELD=VALUE")
    store = _store(args.db)
    progress = _progress_printer() if args.progress else None
    try:
        data = read_path(args.file)
    except Refused as refusal:
        raise UsageError(str(refusal)) from None
    options = ImportOptions(
        layer=args.layer, kommun_kod=args.kommun, pledge_id=args.pledge, dry_run=args.dry_run,
        skip_invalid=args.skip_invalid, crs=args.crs, source_layer=args.source_layer,
        walk=args.walk, user=args.user, file_name=Path(args.file).name, fixed=fixed,
        skip=tuple(args.skip),
    )
    if mapping is not None:
        from geo.io import columns, guard

        try:  # the guess for the columns not named, then the ones named
            table = guard.read_upload(data, source_layer=args.source_layer,
                                      target_layer=args.layer)
            options.mapping = {**columns.guess(table.columns, args.layer), **mapping}
        except Refused:
            options.mapping = mapping  # the import reports the refusal itself
    report = import_file(store, data, options, progress)
    if args.json:
        print(report.to_json())
    elif report.refused is None:
        print("\n".join(report.text_lines()))
    if report.refused is not None:
        print(f"geo: error: {report.refusal_text()}", file=sys.stderr)
        return 2
    return 0 if report.ok else 1


def _pairs(items: list[str], usage: str) -> dict[str, str]:
    """``NAME=VALUE`` arguments as a dict (the value may hold "=")."""
    pairs = [item.split("=", 1) for item in items]
    if any(len(pair) != 2 or not pair[0].strip() for pair in pairs):
        raise UsageError(usage)
    return {name.strip(): value.strip() for name, value in pairs}


def _progress_printer():
    last = {"line": ""}

    def show(share: float, phase: str) -> None:
        line = f"progress: {phase} {int(share * 100)}%"
        if line != last["line"]:
            last["line"] = line
            print(line, file=sys.stderr, flush=True)

    return show


def run_export(args: argparse.Namespace) -> int:
    """Write the filter's features; say how many per layer."""
    flt = Filter(
        kommun_kod=_kommun(args.kommun), year_from=args.year,
        year_to=args.year_to if args.year_to is not None else args.year, pledge=args.pledge,
        categories=tuple(sorted(set(args.category))),
        place_statuses=tuple(sorted(set(args.place_status))),
        finding_statuses=tuple(sorted(set(args.finding_status))),
    )
    store = _store(args.db)
    if args.pledge not in (PLEDGE_ALL, PLEDGE_NONE) and \
            args.pledge not in {p.id for p in store.pledges()}:
        raise UsageError(f"unknown pledge {args.pledge!r}")
    layers = args.layer or (["findings"] if args.format == "open311" else list(LAYERS))
    frames = exporting.select(store, flt, layers, public=args.public)
    Path(args.out).write_bytes(exporting.export(frames, args.format, args.lang,
                                                dialect=args.csv_dialect, codes=args.codes,
                                                coords=args.coords))
    counts = {layer: len(frame) for layer, frame in frames.items()}
    exporting.log_export(counts, args.format, flt, public=args.public)
    print(json.dumps(counts))
    return 0


def run_publish(args: argparse.Namespace) -> int:
    """Write the public site into ``--out``."""
    from geo.site import publish

    store = _store(args.db)
    written = publish.publish(store, _kommun(args.kommun), Path(args.out), lang=args.lang,
                              basemap=args.basemap)
    print(f"wrote {len(written)} files to {args.out}")
    return 0
