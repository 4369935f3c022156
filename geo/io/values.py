"""Reading one cell as Swedish offices write it: numbers, dates, yes/no and coded words.

Each reader takes what a file gives (text from a CSV, typed values from Excel or a
GIS file) and returns a Python value or raises :class:`BadValue` with a reason that
the import report shows next to the row's line number.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import pandas as pd

from geo import config, i18n
from geo.domain.enums import COUNT_ONLY_KINDS, Code
from geo.io.errors import Words


class BadValue(ValueError):
    """A cell that cannot be read as the field's type; ``args[0]`` says why (English).

    ``code`` and ``values``, when given, say it as an ``io.msg`` message instead (in the
    user's language: a value outside a list names the list).
    """

    def __init__(self, reason: str, code: str = "", **values: Any) -> None:
        super().__init__(reason)
        self.code = code
        self.values = values


MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "maj": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7, "augusti": 8, "aug": 8,
    "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "october": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$",
                  re.IGNORECASE)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
#: 1/3 2020, 1/3-2020, 1.3.2020, 01.03.2020, 1/3/2020 (day first, as in Swedish).
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.\- ]|\s*-\s*)(\d{4})$")
_WORDS = re.compile(r"^(?:den\s+)?(\d{1,2})(?::[ae])?\.?\s+([a-zåäö]+)\.?\s+(\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$")

TRUE_WORDS = {"1", "ja", "j", "x", "sant", "true", "yes", "y", "vald", "selected", "t"}
FALSE_WORDS = {"0", "nej", "n", "falskt", "false", "no", "f", "", "-"}

#: Words offices use for the codes, beyond the catalog's names (normalised, see ``word_key``).
#: A word may name several candidate codes: the first one the enum has is taken, so
#: the words keep working when a vocabulary changes (e.g. finding statuses).
SYNONYMS: dict[str, dict[str, str | tuple[str, ...]]] = {
    "category": {
        "belysning saknas": "lighting", "dalig belysning": "lighting", "morkt": "lighting",
        "lampa": "lighting", "gatubelysning": "lighting", "buskage": "vegetation",
        "vaxtlighet": "vegetation", "sly": "vegetation", "trafiksakerhet": "traffic",
        "ungdomar": "youth_gathering", "ungdomsgang": "youth_gathering", "gang": "youth_gathering",
        "klotter": "vandalism", "skadegorelse": "vandalism", "graffiti": "vandalism",
        "narkotika": "drugs", "droger": "drugs", "knark": "drugs", "langning": "drugs",
        "inbrott": "burglary", "stold": "burglary", "ofredande": "harassment",
        "trakasserier": "harassment", "hot": "harassment", "ovrigt": "other", "annat": "other",
    },
    "place_source": {
        "enkat": "survey", "trygghetsenkat": "survey", "medborgardialog": "citizen_dialogue",
        "dialog": "citizen_dialogue", "vandring": "safety_walk", "webb": "web_form",
        "e tjanst": "web_form", "polisen": "police", "polis": "police",
    },
    "place_status": {"aktiv": "active", "pagaende": "active", "oppen": "active",
                     "atgardad": "resolved", "lost": "resolved", "klar": "resolved",
                     "stangd": "resolved"},
    "finding_status": {
        "ny": ("new", "open"), "oppen": ("open", "new"), "ej paborjad": ("open", "new"),
        "bedomd": ("assessed", "open"), "planerad": "planned",
        "pagaende": ("in_progress", "planned"), "paborjad": ("in_progress", "planned"),
        "atgardad": "done", "klar": "done", "utford": "done", "genomford": "done",
        "avvisad": ("rejected", "not_done"), "avslagen": ("rejected", "not_done"),
        "ej aktuell": ("rejected", "not_done"), "ej atgardad": ("not_done", "rejected"),
        "ej genomford": ("not_done", "rejected"), "vidarebefordrad": "forwarded",
        "skickad vidare": "forwarded", "overlamnad": "forwarded",
    },
    "party": {"kommun": "municipality", "kommunen": "municipality", "polis": "police",
              "fastighetsagare": "property_owner", "fastighetsagaren": "property_owner",
              "bostadsbolag": ("housing_company", "property_owner"),
              "bostadsbolaget": ("housing_company", "property_owner"),
              "trafikverket": "road_authority", "vaghallare": "road_authority",
              "vaghallaren": "road_authority", "annan": "other", "ovrigt": "other"},
    "activity_kind": {"vandring": "safety_walk", "information": "information_meeting",
                      "infomote": "information_meeting", "uppstartsmote": "watch_startup_meeting",
                      "kontaktombudsmote": "watch_contact_meeting", "polistimmar": "police_hours",
                      "timmar": "police_hours", "hembesok": "home_visit", "utskick": "dispatch",
                      "narvaro": "visible_presence", "atgard": "physical_measure",
                      "annat": "other", "ovrigt": "other"},
    "visibility": {"publik": "public", "oppen": "public", "offentlig": "public",
                   "intern": "internal", "dold": "internal"},
}


def is_empty(value: Any) -> bool:
    """True for what a file uses for "no value": None, NaN, NaT, blank text."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return value is pd.NaT


def number(value: Any) -> float:
    """A number: ``55,5446``, ``1 234,5``, ``−13.2``, ``1.234,5`` (decimal comma first)."""
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise _not_a_number(value)
        return float(value)
    text = _SPACES.sub("", str(value)).replace("\u2212", "-").lower()
    if "," in text and "." in text:  # the later mark is the decimal one
        text = (text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".")
                else text.replace(",", ""))
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise _not_a_number(value)
    result = float(text)
    if not math.isfinite(result):
        raise _not_a_number(value)
    return result


def _not_a_number(value: Any) -> BadValue:
    return BadValue(f"{value!r} is not a number", "value_not_number", value=_shown(value))


def _shown(value: Any) -> str:
    """A cell's value as a message quotes it (short)."""
    return str(value).strip()[:60]


def whole(value: Any) -> int:
    """A whole number written as ``12``, ``12,0`` or ``12.0``."""
    result = number(value)
    if result != int(result):
        raise BadValue(f"{value!r} is not a whole number", "value_not_whole",
                       value=_shown(value))
    return int(result)


def day(value: Any) -> date:
    """A date in one of the forms Swedish offices write (day before month)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise _excel_number(value)
    text = _SPACES.sub(" ", str(value)).strip().lower()
    for pattern, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_YMD, "ymd"), (_DMY, "dmy")):
        match = pattern.match(text)
        if match:
            parts = [int(p) for p in match.groups()[:3]]
            year, month, day_ = parts if order == "ymd" else parts[::-1]
            return _make(value, year, month, day_)
    match = _WORDS.match(text)
    if match and match.group(2) in MONTHS:
        return _make(value, int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    if re.fullmatch(r"\d{5}", text):
        raise _excel_number(value)
    raise BadValue(f"{value!r} is not a date (write it as YYYY-MM-DD)", "value_not_date",
                   value=_shown(value))


def _excel_number(value: Any) -> BadValue:
    return BadValue(f"{value!r} is a number, not a date (an Excel date saved as a number?)",
                    "value_excel_date", value=_shown(value))


def _make(original: Any, year: int, month: int, day_: int) -> date:
    try:
        return date(year, month, day_)
    except ValueError:
        raise BadValue(f"{original!r} is not a date in the calendar", "value_not_in_calendar",
                       value=_shown(original)) from None


def moment(value: Any) -> datetime:
    """A timestamp (ISO text or a datetime); a bare date is midnight UTC.

    A time without an offset is Swedish time: that is what a Swedish spreadsheet
    shows and what the Excel export writes (:mod:`geo.io.csvwrite`).
    """
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return datetime.combine(day(value), datetime.min.time(), tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=config.LOCAL_TIME)


def yes_no(value: Any) -> bool:
    """Yes or no: ``ja``/``nej``, ``x``, ``1``/``0``, ``sant``/``falskt``, true/false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadValue(f"{value!r} is not yes or no (ja/nej)", "value_not_yes_no",
                   value=_shown(value))


def code(value: Any, enum: type[Code]) -> str:
    """The code of ``enum`` a cell names: the code, its Swedish or English name, a synonym."""
    found = _words(enum).get(word_key(value))
    if found is None:
        allowed = ", ".join(m.value for m in enum)
        raise BadValue(f"{str(value).strip()!r} is not one of: {allowed}", "not_in_list",
                       value=str(value).strip()[:60], allowed=allowed_words(enum))
    return found


def allowed_words(enum: type[Code]) -> Any:
    """The names of an enum's codes as message words ("Belysning, Växtlighet, …")."""
    group = i18n.ENUM_GROUPS[enum.__name__]
    return Words(tuple(f"{group}.{m.value}" for m in enum if m not in COUNT_ONLY_KINDS))


@lru_cache(maxsize=32)
def _words(enum: type[Code]) -> dict[str, str]:
    group = i18n.ENUM_GROUPS[enum.__name__]
    codes = {m.value for m in enum}
    words = {}
    for word, candidates in SYNONYMS.get(group, {}).items():
        found = next((c for c in ((candidates,) if isinstance(candidates, str) else candidates)
                      if c in codes), None)
        if found is not None:
            words[word_key(word)] = found
    for member in enum:
        for lang in ("en", "sv"):
            words[word_key(i18n.label(group, member.value, lang))] = member.value
            for part in i18n.label(group, member.value, lang).split("/"):
                words.setdefault(word_key(part), member.value)
        words[word_key(member.value)] = member.value
    return words


def word_key(value: Any) -> str:
    """Case, accents, punctuation and spacing do not matter when matching words."""
    text = unicodedata.normalize("NFKD", str(value).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
