"""``python -m geo snapshot`` (the meeting brief as PDF) and ``python -m geo survey import``.

Registered through :data:`geo.cli.main.EXTENSIONS`; refusals are one line, as everywhere.
"""

from __future__ import annotations

import argparse
import getpass
from datetime import date
from pathlib import Path
from typing import Any

from geo import config
from geo.cli.common import UsageError, existing_store
from geo.spatial import boundaries


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``snapshot`` and ``survey import``."""
    snap = commands.add_parser("snapshot", help="the council meeting's brief as a PDF")
    snap.add_argument("--kommun", required=True, help="4-digit municipality code")
    snap.add_argument("--since", required=True, type=_day, help="first day (YYYY-MM-DD)")
    snap.add_argument("--until", type=_day, help="last day (default: today)")
    snap.add_argument("--pledge", help="one pledge id (default: all of the municipality's)")
    snap.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE)
    snap.add_argument("--view", choices=("agenda", "compare", "survey"), default="agenda",
                      help="what the page shows: the agenda, year against year, the survey")
    snap.add_argument("--year", type=int, help="compare/survey: the year (default: --until's "
                      "year; survey: the latest with results up to it)")
    snap.add_argument("--compare-with", type=int, help="compare: the other year (default: "
                      "the year before)")
    snap.add_argument("--measure", choices=("unsafe_evening", "worry_burglary"),
                      default="unsafe_evening", help="survey: the share shown")
    snap.add_argument("--kind", choices=("grid", "deso", "regso", "district"),
                      help="survey: the kind of area (default: imported before example)")
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
    imp.add_argument("--areas", help="GeoPackage/GeoJSON of the areas' polygons (deso, regso, "
                     "district; kept in the store with the results)")
    imp.add_argument("--id-column", default=None,
                     help="the id column of --areas (default: the likeliest unique one)")
    imp.add_argument("--dry-run", action="store_true", help="check only, keep nothing")
    imp.add_argument("--db", help="store path or PostgreSQL URL")
    imp.set_defaults(run=_survey_import)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _snapshot(args: argparse.Namespace) -> int:
    from geo.meeting import agenda as meeting
    from geo.meeting import report as meeting_report
    from geo.meeting import views as meeting_views

    if args.kommun not in boundaries.names():
        raise UsageError(f"unknown municipality code {args.kommun!r}")
    store = existing_store(args.db)
    pledges = {p.id: p for p in store.pledges() if p.kommun_kod == args.kommun}
    if args.pledge and args.pledge not in pledges:
        raise UsageError(f"unknown pledge {args.pledge!r} for {args.kommun} "
                         f"(known: {', '.join(sorted(pledges)) or 'none'})")
    pledge = pledges.get(args.pledge) if args.pledge else None
    until = args.until or date.today()
    if until < args.since:
        raise UsageError(f"--until {until} is before --since {args.since}")
    agenda = meeting.build(store, args.kommun, args.since, args.until, pledge=pledge)
    title = pledge.title if pledge else ", ".join(p.title for p, _ in agenda.progress)
    shown: dict[str, Any] = {"example": store.meta("contents") == "example"}
    if args.view == "compare":
        year_a = args.year or until.year
        year_b = args.compare_with or year_a - 1
        frames = {y: meeting_views.year_frames(store, args.kommun, y)  # same terms, both years
                  for y in (year_b, year_a)}
        shown["compare"] = meeting_views.comparison(frames, year_b, year_a, year_a, args.lang)
    elif args.view == "survey":
        outcome = meeting_views.outcome(store, args.kommun, args.year, args.measure, args.lang,
                                        kind=args.kind, until_year=until.year)
        if outcome is None:
            raise UsageError(f"no survey results for {args.kommun} "
                             "(import them: python -m geo survey import)")
        shown["outcome"] = outcome
    if args.format == "pdf":
        Path(args.out).write_bytes(meeting_report.pdf(agenda, args.lang, pledge_title=title,
                                                      **shown))
    else:
        Path(args.out).write_text(meeting_report.html(agenda, args.lang, pledge_title=title,
                                                      **shown), encoding="utf-8")
    if args.view == "agenda":
        print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in agenda.sizes().items()))
    elif args.view == "compare":
        print(f"wrote {args.out}: {year_a} against {year_b}")
    else:
        print(f"wrote {args.out}: survey {shown['outcome'].year} "
              f"({shown['outcome'].kind}), {len(shown['outcome'].table)} areas")
    return 0


def _survey_import(args: argparse.Namespace) -> int:
    from geo.survey import results as survey

    if args.kommun not in boundaries.names():
        raise UsageError(f"unknown municipality code {args.kommun!r}")
    if args.areas and args.kind == "grid":
        raise UsageError("--areas is for deso, regso and district (squares are built from ids)")
    store = existing_store(args.db)
    areas = survey.read_areas(args.areas, args.id_column) if args.areas else None
    results = survey.import_table(store, survey.read_table(args.file), args.kommun, args.kind,
                                  areas=areas, boundary=boundaries.boundary(args.kommun),
                                  grid_size=args.grid_size, user=_user(), dry_run=args.dry_run)
    years = ", ".join(str(y) for y in sorted(set(results["year"])))
    if args.dry_run:
        print(f"{len(results)} rows are good ({args.kind}, {years}; nothing kept: --dry-run)")
        return 0
    print(f"kept {len(results)} rows ({args.kind}, {years})"
          + (f" and {len(areas)} area polygons" if areas is not None else "")
          + " in the store")
    return 0


def _user() -> str:
    return f"cli:{getpass.getuser()}"
