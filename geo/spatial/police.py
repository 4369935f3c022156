"""The police's organisation as data files: local police areas and police regions.

``data/police_areas.csv`` lists, per local police area (*lokalpolisområde*), its
municipalities, each line with the page it was read from (``source_url``), when that
page was published (``source_published``) and when it was read (``checked_on``). Only
areas whose municipalities a source names are there: an area not verified is left out,
never guessed. ``data/police_regions.csv`` gives the seven police regions' counties the
same way. Both are read once (cached); a broken file is a programming error (the tests
read them), so it raises rather than being shown to a user.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from geo import config

AREAS_FILE = config.SEED_DIR / "police_areas.csv"
REGIONS_FILE = config.SEED_DIR / "police_regions.csv"
#: What people write before an area's name ("Lokalpolisområde Ystad", "LPO Ystad").
_PREFIX = re.compile(r"^\s*(?:lokalpolisområde|lpo)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class PoliceArea:
    """A local police area: its region, its municipalities (codes, in the file's order)."""

    name: str
    region: str
    kommun_koder: tuple[str, ...]
    source_urls: tuple[str, ...]
    checked_on: date


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def areas() -> dict[str, PoliceArea]:
    """Every verified local police area by name, in name order."""
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in _rows(AREAS_FILE):
        grouped.setdefault(row["police_area"], []).append(row)
    result = {}
    for name in sorted(grouped):
        rows = grouped[name]
        result[name] = PoliceArea(
            name=name, region=rows[0]["police_region"],
            kommun_koder=tuple(r["kommun_kod"] for r in rows),
            source_urls=tuple(dict.fromkeys(r["source_url"] for r in rows)),
            checked_on=max(date.fromisoformat(r["checked_on"]) for r in rows))
    return result


def area(name: str) -> PoliceArea | None:
    """The area a pledge names (``Ystad``, ``Lokalpolisområde Ystad``), if it is in the file."""
    return areas().get(_PREFIX.sub("", name).strip())


def area_of(kommun_kod: str) -> PoliceArea | None:
    """The local police area a municipality belongs to, if the file has it."""
    return next((a for a in areas().values() if kommun_kod in a.kommun_koder), None)


@lru_cache(maxsize=1)
def regions() -> dict[str, tuple[str, ...]]:
    """Police region → its counties' codes (``Syd`` → ``07, 08, 10, 12``), north to south."""
    result: dict[str, list[str]] = {}
    for row in _rows(REGIONS_FILE):
        result.setdefault(row["police_region"], []).append(row["lan_kod"])
    return {name: tuple(codes) for name, codes in result.items()}


def regions_source() -> tuple[str, date]:
    """Where the regions' counties were read (its first source) and when it was checked."""
    rows = _rows(REGIONS_FILE)
    return rows[0]["source_url"], max(date.fromisoformat(row["checked_on"]) for row in rows)


def region_of_county(lan_kod: str) -> str | None:
    """The police region a county belongs to."""
    return next((name for name, codes in regions().items() if lan_kod in codes), None)


def checked_on() -> date:
    """When the areas file was last checked against its sources (for the page's source line)."""
    return max(a.checked_on for a in areas().values())
