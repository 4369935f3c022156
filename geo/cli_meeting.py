"""``python -m geo snapshot`` (the meeting brief as PDF) and ``python -m geo survey import``.

Registered through :data:`geo.cli.EXTENSIONS`; refusals are one line, as everywhere.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from geo import boundaries, config


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``snapshot`` and ``survey import``."""
    snap = commands.add_parser("snapshot", help="the council meeting's brief as a PDF")
    snap.add_argument("--kommun", required=True, help="4-digit municipality code")
    snap.add_argument("--since", required=True, type=_day, help="first day (YYYY-MM-DD)")
    snap.add_argument("--until", type=_day, help="last day (default: today)")
    snap.add_argument("--pledge", help="one pledge id (default: all of the municipality's)")
    snap.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE)
    snap.add_argument("--format", choices=("pdf", "html"), default="pdf")
    snap.add_argument("--out", required=True, help="the file to write")
    snap.add_argument("--db", help="store path")
    snap.set_defaults(run=_snapshot)

    survey = commands.add_parser("survey", help="safety-survey results (trygghetsmätning)")
    actions = survey.add_subparsers(dest="action", required=True, parser_class=type(survey))
    imp = actions.add_parser("import", help="check a CSV of results per area and year, keep it")
    imp.add_argument("file", help="CSV: an area column, year, unsafe_evening/worry_burglary")
    imp.add_argument("--kommun", required=True)
    imp.add_argument("--kind", choices=("grid", "deso", "regso", "district"), default="grid")
    imp.add_argument("--grid-size", type=int, choices=(250, 1000), default=1000)
    imp.add_argument("--areas", help="polygon file of the areas (district; DeSO/RegSO ids)")
    imp.add_argument("--id-column", default=None, help="the id column of --areas")
    imp.add_argument("--dry-run", action="store_true", help="check only, keep nothing")
    imp.set_defaults(run=_survey_import)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _snapshot(args: argparse.Namespace) -> int:
    from geo import meeting, meeting_report
    from geo.cli import UsageError, _existing_store

    if args.kommun not in boundaries.names():
        raise UsageError(f"unknown municipality code {args.kommun!r}")
    store = _existing_store(args.db)
    pledges = {p.id: p for p in store.pledges() if p.kommun_kod == args.kommun}
    if args.pledge and args.pledge not in pledges:
        raise UsageError(f"unknown pledge {args.pledge!r} for {args.kommun} "
                         f"(known: {', '.join(sorted(pledges)) or 'none'})")
    pledge = pledges.get(args.pledge) if args.pledge else None
    agenda = meeting.build(store, args.kommun, args.since, args.until, pledge=pledge)
    title = pledge.title if pledge else ", ".join(p.title for p, _ in agenda.progress)
    example = store.meta("contents") == "example"
    if args.format == "pdf":
        Path(args.out).write_bytes(meeting_report.pdf(agenda, args.lang, pledge_title=title,
                                                      example=example))
    else:
        Path(args.out).write_text(meeting_report.html(agenda, args.lang, pledge_title=title,
                                                      example=example), encoding="utf-8")
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in agenda.sizes().items()))
    return 0


def _survey_import(args: argparse.Namespace) -> int:
    from geo import survey
    from geo.cli import UsageError

    if args.kommun not in boundaries.names():
        raise UsageError(f"unknown municipality code {args.kommun!r}")
    known = None
    if args.areas:
        from geo.coverage.units import read_frame

        frame = read_frame(args.areas)
        column = args.id_column or next((c for c in frame.columns if c != "geometry"), None)
        if column not in frame.columns:
            raise UsageError(f"no column {column!r} in {args.areas}")
        known = set(frame[column].astype(str))
    results = survey.validate(survey.read_table(args.file), args.kommun, args.kind,
                              known_areas=known, boundary=boundaries.boundary(args.kommun),
                              grid_size=args.grid_size)
    if args.dry_run:
        print(f"{len(results)} rows are good (nothing kept: --dry-run)")
        return 0
    survey.save(results)
    print(f"kept {len(results)} rows in {survey.results_path()}")
    return 0
