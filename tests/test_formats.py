"""Names, dates, numbers and periods as a reader expects them, in Swedish and English."""

from __future__ import annotations

from datetime import date

import pytest

from geo import formats
from geo.domain import periods
from geo.spatial import boundaries

#: "X kommun" as the municipalities write their own names (their websites and SCB's
#: register), one or more per case of the rule.
OFFICIAL = {
    "Staffanstorp": "Staffanstorps kommun",    # consonant: genitive -s
    "Lund": "Lunds kommun",
    "Lilla Edet": "Lilla Edets kommun",
    "Malung-Sälen": "Malung-Sälens kommun",
    "Dals-Ed": "Dals-Eds kommun",
    "Tomelilla": "Tomelilla kommun",           # vowel: a fixed combination, no -s
    "Svedala": "Svedala kommun",
    "Tyresö": "Tyresö kommun",
    "Upplands Väsby": "Upplands Väsby kommun",
    "Upplands-Bro": "Upplands-Bro kommun",
    "Östra Göinge": "Östra Göinge kommun",
    "Grums": "Grums kommun",                   # already ends in s, x
    "Borås": "Borås kommun",
    "Kalix": "Kalix kommun",
    "Falun": "Falu kommun",                    # the two old vowel endings
    "Kalmar": "Kalmar kommun",
    "Gotland": "Region Gotland",
}


@pytest.mark.parametrize(("name", "official"), OFFICIAL.items())
def test_municipality_in_swedish(name, official):
    assert formats.municipality(name, "sv") == official


def test_every_municipality_gets_a_name_with_kommun():
    names = list(boundaries.names().values())
    assert len(names) == 290
    for name in names:
        official = formats.municipality(name, "sv")
        assert official == "Region Gotland" or official.endswith(" kommun"), official
        stem = official.removesuffix(" kommun")
        assert stem in (name, f"{name}s") or name in ("Falun", "Gotland"), official


def test_municipality_in_english():
    assert formats.municipality("Staffanstorp", "en") == "Staffanstorp Municipality"


def test_dates_for_running_text():
    assert formats.long_date(date(2018, 7, 13), "sv") == "13 juli 2018"
    assert formats.long_date(date(2018, 7, 13), "en") == "13 July 2018"
    assert formats.date_span(date(2019, 4, 1), date(2019, 6, 30), "sv") == "1 april–30 juni 2019"
    assert formats.date_span(date(2018, 1, 1), date(2019, 12, 31), "sv") == \
        "1 januari 2018–31 december 2019"


def test_periods_as_said():
    assert formats.period_name(periods.parse("2019Q2"), "sv") == "andra kvartalet 2019"
    assert formats.period_name(periods.parse("2019"), "sv") == "helåret 2019"
    assert formats.period_name(periods.parse("2020Q4"), "en") == "the fourth quarter of 2020"
    assert formats.quarter_short(periods.parse("2020Q1"), "sv") == "Kv. 1 2020"
    assert formats.years(date(2018, 1, 1), date(2019, 12, 31)) == "2018–2019"


def test_numbers_group_thousands_and_use_the_decimal_comma():
    assert formats.number(4000, "sv") == "4\u00a0000"
    assert formats.number(2.5, "sv") == "2,5"
    assert formats.number(4000, "en") == "4,000"
    assert formats.number(1234.5, "en") == "1,234.5"
    assert formats.number(None, "sv") == ""


def test_numbers_follow_cldr_and_round_half_up():
    from babel.numbers import format_decimal

    assert formats.number(1_234_567, "sv") == "1\u00a0234\u00a0567" == format_decimal(
        1_234_567, locale="sv_SE")
    assert formats.number(12.5, "sv") == "12,5" == format_decimal(12.5, locale="sv_SE")
    assert formats.number(0.25, "sv") == "0,3"  # half up, as a reader rounds (not 0,2)
    assert formats.number(4000.25, "en") == "4,000.3"
    assert formats.number(2.04, "sv") == "2,0"  # one decimal when the value has any


def test_lists_as_running_text():
    assert formats.listing(["Burlöv", "Kävlinge", "Lomma"], "sv") == "Burlöv, Kävlinge och Lomma"
    assert formats.listing(["Nacka", "Tyresö"], "en") == "Nacka and Tyresö"
    assert formats.listing([], "sv") == ""


def test_a_moment_is_shown_in_swedish_time_summer_and_winter():
    from datetime import UTC, datetime

    from geo.formats import moment

    assert moment(datetime(2024, 5, 1, 8, 12, tzinfo=UTC)) == "2024-05-01 10:12"
    assert moment(datetime(2024, 1, 10, 8, 12, tzinfo=UTC)) == "2024-01-10 09:12"
    assert moment(datetime(2024, 1, 10, 23, 30)) == "2024-01-11 00:30"  # the store's UTC


def test_a_signed_change_has_a_true_minus_and_a_sign_only_when_it_reads_as_non_zero():
    assert formats.signed(-4, "sv") == "\u22124" and formats.signed(7, "en") == "+7"
    assert formats.signed(-3.5, "sv") == "\u22123,5" and formats.signed(2500, "sv") == "+2\u00a0500"
    assert formats.signed(0, "sv") == "0" and formats.signed(0, "sv", zero="±") == "±0"
    assert formats.signed(-0.04, "en") == "0.0"  # rounds to zero: no sign
    assert formats.signed(12, "sv", "\u00a0%") == "+12\u00a0%"
