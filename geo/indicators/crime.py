"""Reported crimes per municipality and year, from an export of Brå's statistics database.

The layout supported, and where it comes from
---------------------------------------------
Brå's statistics database of reported crimes ("Statistikdatabasen över anmälda brott", SOL,
statistik.bra.se/solwebb) builds a table from a choice of *brottstyp* (or *brottskod*),
*område* (the country, police regions, counties, municipalities) and *period*, as *Antal*
or *Antal per 100 000 inv*; its help pages name these dimensions and "Uppgift saknas". Its
result pages show years as column headings (``2015``, ``2016 prel.``), the measure under
them, municipalities and crime types as row headings, numbers with a space between
thousands (``1 416 280``) and ``..`` for a figure that is missing; Brå's Excel tables and
re-users' exports put measure and year into one heading (``Antal 2023``, ``Antal per
100 000 inv 2023``) under a title row, and long exports have one row per area, period and
crime (``omrade;period;ar;brott;antal;per_100k``). No public specification of the CSV
export was found, so every plausible variant of those is read:

* **long**: one row per municipality, year and category: columns *Region/Kommun/Område*,
  *År/Period*, *Brottstyp/Brottskategori/Brott* (and *Brottskod* when there is one),
  *Antal*, and optionally *Antal per 100 000 invånare*;
* **wide**: *Region* and *Brottstyp*, then one column per year (``2023``, ``2023 prel.``,
  ``Antal 2023``) and optionally ``Antal per 100 000 inv 2023`` beside it.

The file is read through the one guarded door (:func:`geo.io.guard.read_upload`): CSV with
``;``, ``,`` or tabs, UTF-8 (with or without BOM) or Windows-1252, title lines above the
table, or an XLSX sheet. A municipality is ``1270 Tomelilla``, ``1270`` or ``Tomelilla``
(``Tomelilla kommun``); rows of the whole country, a county or a police region are left out
and counted, and so are footnote rows (text in the first cell only) and figures that are
missing (``..``, ``-``). The category's code is the *Brottskod* when the file has one, else
its label's words (``stoldbrott``), so the same category matches across imports.

A file is refused as a whole, with one line in the user's language naming the row (the
file's line) and the column: an unknown municipality code or name, a missing or future
year, text or a negative number where a count belongs, the same municipality, year and
category twice, another layout (a survey table, a map layer), an empty file.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from geo import audit, i18n
from geo.io import guard, sniff
from geo.io.errors import Refused
from geo.io.values import word_key
from geo.spatial import boundaries
from geo.store import crime_tables as store_tables
from geo.store.base import Store

#: What the import accepts (the page's uploader and the CLI alike).
ACCEPT = frozenset({sniff.CSV, sniff.XLSX})
#: Language of messages outside the page (the CLI's default, logs, exceptions).
CLI_LANGUAGE = "en"
#: The first year of Brå's statistics of reported crimes.
FIRST_YEAR = 1975
SOURCE = "Brå, anmälda brott"
#: Headings of each role, as :func:`word_key` writes them.
ROLES: dict[str, tuple[str, ...]] = {
    "region": ("region", "kommun", "omrade", "kommunkod", "kommun kod", "kommunnamn",
               "geografi", "municipality", "kommun_kod"),
    "year": ("ar", "year", "period", "artal"),
    "category": ("brottstyp", "brottskategori", "brott", "kategori", "crime category",
                 "crime", "brottstyp namn"),
    "code": ("brottskod", "brottstyp id", "brott id", "brottstyp kod", "category code",
             "kod"),
    "count": ("antal", "antal brott", "antal anmalda brott", "anmalda brott", "count"),
    "rate": ("antal per 100 000 inv", "antal per 100 000 invanare", "per 100 000 invanare",
             "per 100 000 inv", "per 100k", "rate per 100k", "antal per 100 000"),
}
_WIDE_COUNT = re.compile(r"^(?:antal (?:anmalda )?(?:brott )?)?(\d{4})(?: prel)?$")
_WIDE_RATE = re.compile(r"^(?:antal )?per 100 000(?: inv| invanare)? (\d{4})(?: prel)?$")
_YEAR = re.compile(r"^(\d{4})(?:\s*(?:prel\.?|\*))?$", re.IGNORECASE)
_CODE_NAME = re.compile(r"^(\d{4})(?:\s+(.*))?$")
_MISSING = frozenset({"..", "…", "...", "-", "–", "—"})
_AGGREGATES = re.compile(r"^(hela landet|riket|sverige|totalt|kommunuppgift saknas|"
                         r"polisregion .*|region (nord|mitt|stockholm|ost|vast|syd|bergslagen)"
                         r"|.* lan)$")


class CrimeFileError(ValueError):
    """A file refused as a whole: one reason, in any language (:meth:`text`)."""

    def __init__(self, code: str, refused: Refused | None = None, **values: Any) -> None:
        self.code = code
        self.values = values
        self.refused = refused
        super().__init__(self.text(CLI_LANGUAGE))

    def text(self, lang: str) -> str:
        """The reason in ``lang``: one line, naming the row and the column."""
        if self.refused is not None:
            return self.refused.text(lang)
        return i18n.t(f"crime.msg.{self.code}", lang, **self.values)


@dataclass
class CrimeImport:
    """What an import read: the figures and what it left out, and why."""

    figures: pd.DataFrame
    notes: dict[str, int] = field(default_factory=dict)

    def summary(self, lang: str) -> str:
        """One line: how many figures for which years, and what was left out."""
        years = sorted(set(self.figures["year"]))
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        text = i18n.t("crime.msg.summary", lang, n=len(self.figures), years=span,
                      categories=self.figures["category_code"].nunique())
        left = [i18n.t(f"crime.msg.left_{name}", lang, n=n)
                for name, n in self.notes.items() if n]
        return text + (" " + i18n.t("crime.msg.left_out", lang, items="; ".join(left))
                       if left else "")


def read(source: str | Path | bytes, *, kommun_kod: str | None = None,
         today: date | None = None, source_name: str = SOURCE) -> CrimeImport:
    """Read and check a Brå export; :class:`CrimeFileError` when it is refused.

    ``kommun_kod``: keep that municipality's rows only (others are counted as left out).
    """
    try:
        table = guard.read_upload(source, accept=ACCEPT)
    except Refused as refusal:
        raise CrimeFileError(refusal.code, refusal) from None
    broken = guard.first_broken_line(table)
    if broken is not None:
        raise CrimeFileError("broken_row", row=broken)
    frame = guard.frame(table)
    roles = _roles(list(frame.columns))
    lines = list(table.lines)
    notes = {"aggregates": 0, "footnotes": 0, "missing": 0, "other_kommuner": 0}
    rows = list(_long_rows(frame, roles, lines, notes))
    if not rows and not any(notes.values()):
        raise CrimeFileError("no_rows")
    year_limit = (today or date.today()).year
    figures = [_checked(row, year_limit, notes, kommun_kod) for row in rows]
    kept = [f for f in figures if f is not None]
    if not kept and kommun_kod:
        raise CrimeFileError("nothing_for", kommun=_name(kommun_kod))
    if not kept:
        raise CrimeFileError("no_figures")
    _no_repeats(kept)
    result = pd.DataFrame([{k: v for k, v in f.items() if k != "line"} for f in kept])
    result["source"] = source_name
    return CrimeImport(result, notes)


def import_file(store: Store, source: str | Path | bytes, *, kommun_kod: str | None = None,
                user: str = "import", dry_run: bool = False, today: date | None = None
                ) -> CrimeImport:
    """Check a Brå export and keep its figures (all or nothing); the page's entry point.

    One audit line for the import, whatever its end: ``ok`` with the count of figures, or
    ``refused`` with the refusal's code (never the file's name or a cell's text).
    """
    try:
        data = guard.read_path(source) if isinstance(source, str | Path) else source
    except Refused as unreadable:
        raise CrimeFileError(unreadable.code, unreadable) from None
    refused: CrimeFileError | None = None
    with audit.operation(audit.Event.IMPORT, layer=store_tables.TABLE, kommun=kommun_kod,
                         sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run) as logged:
        try:
            read_ = read(data, kommun_kod=kommun_kod, today=today)
        except CrimeFileError as error:
            refused = error
            logged.update(outcome="refused", reason=error.code)
        else:
            if not dry_run:
                store.replace_crime_statistics(read_.figures, user)
            years = sorted(set(read_.figures["year"]))
            logged.update(count=len(read_.figures), years=[years[0], years[-1]])
    if refused is not None:  # raised after the block: the line says "refused", not "invalid"
        raise refused
    return read_


def _roles(columns: list[str]) -> dict[str, Any]:
    """Which column plays which role; the wide layout's year columns; or a refusal."""
    keys = {column: word_key(column) for column in columns}
    found: dict[str, Any] = {}
    for role, names in ROLES.items():
        found[role] = next((c for c in columns if keys[c] in names), None)
    if found["region"] is None and columns and keys[columns[0]].startswith("column "):
        found["region"] = columns[0]  # the blank top-left heading of a cross table
    wide_counts = {int(m.group(1)): c for c in columns if (m := _WIDE_COUNT.match(keys[c]))}
    wide_rates = {int(m.group(1)): c for c in columns if (m := _WIDE_RATE.match(keys[c]))}
    found["wide"] = (wide_counts, wide_rates)
    has_counts = found["count"] is not None or bool(wide_counts)
    present = sum(x is not None for x in (found["region"], found["category"])) + has_counts
    if present < 2:
        raise CrimeFileError("other_layout", columns=", ".join(columns[:8]))
    missing = [i18n_key for role, i18n_key in (("region", "Region"), ("category", "Brottstyp"))
               if found[role] is None]
    if not has_counts:
        missing.append("Antal")
    elif found["count"] is not None and found["year"] is None and not wide_counts:
        missing.append("År")
    if missing:
        raise CrimeFileError("missing_columns", columns=", ".join(missing))
    return found


def _long_rows(frame: pd.DataFrame, roles: dict[str, Any], lines: list[int],
               notes: dict[str, int]) -> Iterator[dict[str, Any]]:
    """Each figure of the file as ``{line, region, year, category, code, count, rate}``."""
    wide_counts, wide_rates = roles["wide"]
    use_wide = roles["count"] is None or (roles["year"] is None and wide_counts)
    region = ""
    values = {c: frame[c].tolist() for c in frame.columns}
    for index, line in enumerate(lines):
        cells = {c: _cell(values[c][index]) for c in frame.columns}
        only = [v for v in cells.values() if v]
        if len(only) == 1 and only[0] == cells[roles["region"]] and _is_region(only[0]):
            region = only[0]  # a heading row: the municipality of the rows below it
            continue
        if len(only) == 1 and cells[frame.columns[0]]:
            notes["footnotes"] += 1  # "Källa: Brå", ".. = uppgift saknas"
            continue
        # a municipality written once above its crime types (merged cells) holds for them
        region = cells[roles["region"]] or region
        cells[roles["region"]] = region
        base = {"line": line, "region": cells[roles["region"]],
                "category": cells[roles["category"]],
                "code": cells[roles["code"]] if roles["code"] else ""}
        if not use_wide:
            yield {**base, "year": (cells[roles["year"]], roles["year"]),
                   "count": (cells[roles["count"]], roles["count"]),
                   "rate": (cells[roles["rate"]], roles["rate"]) if roles["rate"] else None}
            continue
        for year, column in sorted(wide_counts.items()):
            rate = wide_rates.get(year)
            yield {**base, "year": (str(year), column), "count": (cells[column], column),
                   "rate": (cells[rate], rate) if rate else None}


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _checked(row: dict[str, Any], year_limit: int, notes: dict[str, int],
             kommun_kod: str | None) -> dict[str, Any] | None:
    """One figure checked; None when it is left out (an aggregate, a missing figure)."""
    line = row["line"]
    region = row["region"]
    if _AGGREGATES.match(word_key(region)):
        notes["aggregates"] += 1
        return None
    code = _kommun(region, line)
    count_text, count_column = row["count"]
    year_text, year_column = row["year"]
    year = _year(year_text, year_column, line, year_limit)
    if not row["category"]:
        raise CrimeFileError("no_category", row=line)
    if count_text in _MISSING or count_text == "":
        notes["missing"] += 1
        return None
    count = _number(count_text, count_column, line)
    if not float(count).is_integer():
        raise CrimeFileError("not_whole", row=line, column=count_column, value=count_text)
    rate = None
    if row["rate"] is not None and row["rate"][0] not in _MISSING and row["rate"][0]:
        rate_text, rate_column = row["rate"]
        rate = _number(rate_text, rate_column, line)
    if kommun_kod is not None and code != kommun_kod:
        notes["other_kommuner"] += 1
        return None
    category_code = row["code"] or word_key(row["category"]).replace(" ", "_")
    return {"line": line, "kommun_kod": code, "year": year, "category_code": category_code,
            "category": row["category"], "count": int(count), "rate_per_100k": rate}


def _kommun(region: str, line: int) -> str:
    """The code of ``1270 Tomelilla``, ``1270``, ``Tomelilla (kommun)``, ``Region Gotland``.

    A name is matched with its letters (Håbo is not Habo), then without accents where that
    names one municipality only.
    """
    codes, exact, loose = _municipalities()
    match = _CODE_NAME.match(region)
    if match:
        if match.group(1) not in codes:
            raise CrimeFileError("unknown_code", row=line, value=match.group(1))
        return match.group(1)
    name = re.sub(r"^region (?=gotland$)| (kommun|stad)$", "", " ".join(region.casefold().split()))
    found = exact.get(name) or loose.get(word_key(name))
    if found is None:
        raise CrimeFileError("unknown_name", row=line, value=region or "(tom)")
    return found


def _is_region(text: str) -> bool:
    """True for a municipality (by code or name), the country, a county or a police region."""
    try:
        return bool(_AGGREGATES.match(word_key(text))) or bool(_kommun(text, 0))
    except CrimeFileError:
        return False


@functools.lru_cache(maxsize=1)
def _municipalities() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    """The codes, and codes by name as written and by name without accents (unique only)."""
    names = boundaries.names()
    exact = {" ".join(name.casefold().split()): code for code, name in names.items()}
    keys = [word_key(name) for name in names.values()]
    loose = {key: code for key, code in zip(keys, names, strict=True) if keys.count(key) == 1}
    return frozenset(names), exact, loose


def _year(text: str, column: str, line: int, limit: int) -> int:
    if not text:
        raise CrimeFileError("no_year", row=line, column=column)
    match = _YEAR.match(text)
    if not match or int(match.group(1)) < FIRST_YEAR:
        raise CrimeFileError("bad_year", row=line, column=column, value=text)
    year = int(match.group(1))
    if year > limit:
        raise CrimeFileError("future_year", row=line, column=column, value=year, limit=limit)
    return year


def _number(text: str, column: str, line: int) -> float:
    """``1 234``, ``1 234,5`` (space, no-break space or thin space between thousands)."""
    plain = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    try:
        number = float(plain)
    except ValueError:
        raise CrimeFileError("not_number", row=line, column=column, value=text) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CrimeFileError("not_number", row=line, column=column, value=text)
    if number < 0:
        raise CrimeFileError("negative", row=line, column=column, value=text)
    return number


def _no_repeats(figures: list[dict[str, Any]]) -> None:
    seen: dict[tuple[str, int, str], int] = {}
    for f in figures:
        key = (f["kommun_kod"], f["year"], f["category_code"])
        if key in seen:
            raise CrimeFileError("repeated", row=f["line"], first=seen[key],
                                 kommun=_name(f["kommun_kod"]), year=f["year"],
                                 category=f["category"])
        seen[key] = f["line"]


def _name(kommun_kod: str | None) -> str:
    return boundaries.names().get(kommun_kod or "", kommun_kod or "")
