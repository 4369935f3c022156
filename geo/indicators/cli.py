"""``python -m geo import-crime FILE``: reported crimes from an export of Brå's statistics.

Registered through :data:`geo.cli.main.EXTENSIONS`. Exit codes: 0 when the figures were kept
(or a dry run found nothing wrong), 2 when the file or an argument is refused: one line on
stderr in ``--lang`` (Swedish by default, as the page), naming the row and the column.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from geo import config
from geo.cli.common import UsageError, existing_store
from geo.spatial import boundaries


def add_parser(commands: Any) -> None:
    """Register ``import-crime``."""
    imp = commands.add_parser("import-crime", help="reported crimes per municipality and year "
                              "from an export of Brå's statistics database (CSV or XLSX)")
    imp.add_argument("file", help="Brå's export: Region, År, Brottstyp, Antal (and Antal per "
                     "100 000 inv), long or with one column per year")
    imp.add_argument("--kommun", help="keep this municipality's rows only (4-digit code)")
    imp.add_argument("--dry-run", action="store_true", help="check only, keep nothing")
    imp.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE,
                     help="the language of the summary and of a refusal")
    imp.add_argument("--db", help="store path or PostgreSQL URL")
    imp.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the file, keep its figures, print one summary line."""
    from geo.indicators import crime

    if args.kommun is not None and args.kommun not in boundaries.names():
        raise UsageError(f"unknown municipality code {args.kommun!r}")
    store = existing_store(args.db)
    try:
        result = crime.import_file(store, args.file, kommun_kod=args.kommun,
                                   user=f"cli:{getpass.getuser()}", dry_run=args.dry_run)
    except crime.CrimeFileError as refusal:
        print(f"geo: error: {refusal.text(args.lang)}", file=sys.stderr)
        return 2
    print(result.summary(args.lang) + (" (--dry-run)" if args.dry_run else ""))
    return 0
