"""How names, dates, numbers and periods are written in each language of the UI.

Printed reports are read by people, not parsers: a municipality is "Staffanstorps
kommun" (not "Staffanstorp kommun"), a date in running text is "13 juli 2018", a
quarter is "andra kvartalet 2019", and 2.5 is "2,5" in Swedish. One place for these
rules keeps every report and page consistent. Numbers and month names come from the
Unicode CLDR through ``babel`` (Swedish: a no-break space between thousands, the decimal
comma), so they follow the language's conventions rather than a hand-made table.
"""

from __future__ import annotations

import decimal
from datetime import UTC, date, datetime

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from geo import config
from geo.domain.periods import Period

#: The CLDR locale of each UI language.
LOCALES = {"sv": "sv_SE", "en": "en_GB"}
_ORDINALS: dict[str, tuple[str, ...]] = {
    "sv": ("första", "andra", "tredje", "fjärde"),
    "en": ("first", "second", "third", "fourth"),
}
_VOWELS = frozenset("aeiouyåäöé")
#: Names whose fixed combinations keep an old vowel ending: "Falu kommun", "Kalmar kommun"
#: (Institutet för språk och folkminnen). Gotland's municipality calls itself a region.
_KOMMUN_EXCEPTIONS = {"Falun": "Falu kommun", "Kalmar": "Kalmar kommun",
                      "Gotland": "Region Gotland"}


def municipality(name: str, lang: str) -> str:
    """The municipality as an organisation: ``Staffanstorps kommun``, ``Tyresö kommun``.

    Swedish adds the genitive -s except after a vowel (a fixed place-name combination,
    "Tomelilla kommun") or a final s, x or z ("Grums kommun", "Kalix kommun").
    """
    name = name.strip()
    if lang != "sv":
        return "Region Gotland" if name == "Gotland" else f"{name} Municipality"
    if name in _KOMMUN_EXCEPTIONS:
        return _KOMMUN_EXCEPTIONS[name]
    last = name[-1:].lower()
    genitive = name if last in _VOWELS or last in "sxz" else f"{name}s"
    return f"{genitive} kommun"


def moment(value: datetime) -> str:
    """When something happened, as a Swedish reader's clock showed it: ``2024-05-01 10:12``.

    The store keeps UTC (a time without a zone is UTC); pages, messages and history
    show Swedish time, whatever the server's own zone.
    """
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return f"{aware.astimezone(config.LOCAL_TIME):%Y-%m-%d %H:%M}"


def long_date(day: date, lang: str) -> str:
    """A date for running text: ``13 juli 2018`` / ``13 July 2018``."""
    return format_date(day, "d MMMM y", locale=LOCALES[_lang(lang)])


def date_span(start: date, end: date, lang: str) -> str:
    """A span of days without repeating the year: ``1 april–30 juni 2019``."""
    if start.year != end.year:
        return f"{long_date(start, lang)}–{long_date(end, lang)}"
    first = format_date(start, "d MMMM", locale=LOCALES[_lang(lang)])
    return f"{first}–{long_date(end, lang)}"


def years(start: date, end: date) -> str:
    """``2018`` or ``2018–2019`` (an en dash, as in print)."""
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def period_name(period: Period, lang: str) -> str:
    """A quarter or a year as a reader says it: ``andra kvartalet 2019``, ``helåret 2019``."""
    lang = _lang(lang)
    year = period.start.year
    if period.is_quarter:
        ordinal = _ORDINALS[lang][(period.start.month - 1) // 3]
        return (f"{ordinal} kvartalet {year}" if lang == "sv"
                else f"the {ordinal} quarter of {year}")
    return f"helåret {year}" if lang == "sv" else f"the full year {year}"


def quarter_short(period: Period, lang: str) -> str:
    """A table heading for a quarter: ``Kv. 2 2019`` / ``Q2 2019``."""
    quarter = (period.start.month - 1) // 3 + 1
    return f"Kv. {quarter} {period.start.year}" if _lang(lang) == "sv" \
        else f"Q{quarter} {period.start.year}"


def number(value: float | None, lang: str) -> str:
    """A figure for reading: ``4 000`` and ``2,5`` in Swedish, ``4,000`` and ``2.5`` in English.

    Whole numbers without decimals, others with one, rounded half up (2,45 is 2,5, as a
    reader rounds). Swedish groups thousands with a no-break space (CLDR's), so a figure
    never splits across lines.
    """
    if value is None:
        return ""
    pattern = "#,##0" if value == int(value) else "#,##0.0"
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        return format_decimal(value, format=pattern, locale=LOCALES[_lang(lang)])


#: A true minus sign: a change of −4 is not a hyphen and 4.
MINUS = "\u2212"


def signed(value: float, lang: str, suffix: str = "", *, zero: str = "") -> str:
    """A change with its sign: ``+7``, ``−3,5`` (a true minus), ``+12 %``.

    A value that reads as zero gets ``zero`` for a sign (nothing, or ``±``). The one place
    for a signed figure: the pages, the documents, the drafted analysis and "did it help?".
    """
    text = number(abs(value), lang)
    sign = zero if text.strip("0.,") == "" else "+" if value > 0 else MINUS
    return f"{sign}{text}{suffix}"


def listing(items: list[str], lang: str) -> str:
    """Items as running text: ``Lomma, Burlöv och Kävlinge`` / ``Lomma, Burlöv and Kävlinge``."""
    return format_list(items, locale=LOCALES[_lang(lang)]) if items else ""


def _lang(lang: str) -> str:
    return "sv" if lang == "sv" else "en"
