"""The drafted analysis (geo/situation/analysis.py) on a hand-made kartläggning.

The figures are made by hand so that each rule has one right answer: the largest change
is lighting (12 against 5, +7), then area A10 (+6), then drugs (−5); of the four areas
(14 + 4 + 4 + 3 = 25 places, 6,25 on average) only A10 has twice the average; every
source is there, so each "cannot show" sentence appears only when its source is taken away.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from geo.domain.lagesbild import Lagesbild
from geo.i18n import t
from geo.situation import build
from geo.situation.analysis import draft, largest_changes, standing_out
from geo.situation.model import Figure, Kartlaggning, Trend
from tests.situation import fixture

YEARS, PREVIOUS = (2024, 2025), (2022, 2023)


def trend(current: int, previous: int, **by: str) -> Trend:
    pairs = tuple(by.items())
    return Trend(Figure("places", current, current, YEARS, "kommun", by=pairs),
                 Figure("places", previous, previous, PREVIOUS, "kommun", by=pairs))


def made(**fields) -> Kartlaggning:
    """Every source present; the numbers of the module's docstring."""
    survey = Figure("survey_unsafe_evening", 31.0, 0, (2025, 2025), "deso", "survey",
                    (("kommun", "1270"), ("area", "A10"), ("year", "2025")))
    crime = Figure("reported_crimes", 1480.0, 0, (2025, 2025), "kommun", "bra",
                   (("kommun", "1270"), ("year", "2025")))
    counted = Figure("activities", 9.0, 9, YEARS, "kommun", "counts", (("kind", "home_visit"),))
    return Kartlaggning(**{
        "kommuner": ("1270",), "police_area": None, "years": YEARS, "previous_years": PREVIOUS,
        "as_of": date(2026, 1, 15), "public": False, "area_level": "deso", "distance_m": 50.0,
        "places_by_category": (trend(30, 21), trend(12, 5, category="lighting"),
                               trend(3, 8, category="drugs"), trend(4, 4, category="traffic")),
        "places_by_area": (trend(14, 8, area="A10"), trend(4, 6, area="A20"),
                           trend(4, 5, area="A30"), trend(3, 2, area="A40"), trend(5, 0)),
        "survey": (survey,), "crime": (crime,), "counted_activities": (counted,), **fields})


def test_the_largest_changes_are_named_largest_first_with_numbers_and_years():
    assert [tr.current.get("category") or tr.current.get("area")
            for tr in largest_changes(made())] == ["lighting", "A10", "drugs"]
    text = draft(made(), "sv")
    part = text.split("De största förändringarna sedan föregående period\n\n")[1].split(
        "\n\nOmråden som sticker ut")[0].split("\n\n")
    assert part == [
        "Anmälda otrygga platser totalt: 30 under 2024–2025 mot 21 under 2022–2023 (+9).",
        "Anmälda otrygga platser i kategorin Belysning: 12 under 2024–2025 mot 5 under "
        "2022–2023 (+7).",
        "Anmälda otrygga platser i området A10: 14 under 2024–2025 mot 8 under 2022–2023 (+6).",
        "Anmälda otrygga platser i kategorin Narkotika: 3 under 2024–2025 mot 8 under "
        "2022–2023 (−5).",
        t("lagesbild_analysis.changes.placeholder", "sv")]
    english = draft(made(), "en")
    assert ("Reported unsafe places in the category Lighting: 12 in 2024–2025 against 5 in "
            "2022–2023 (+7).") in english
    # nothing changed: the total, then that nothing did
    same = draft(made(places_by_category=(trend(4, 4), trend(4, 4, category="lighting")),
                      places_by_area=(trend(4, 4, area="A10"),)), "sv")
    assert t("lagesbild_analysis.changes.same", "sv") in same
    assert t("lagesbild_analysis.changes.none", "sv") in draft(
        made(places_by_category=(trend(0, 0),), places_by_area=()), "sv")


def test_the_area_that_stands_out_is_named_against_the_whole():
    (found,) = standing_out(made())
    assert (found.area, found.count, found.total, found.mean) == ("A10", 14, 25, 6.25)
    text = draft(made(), "sv")
    assert ("Området A10: 14 av periodens 25 anmälda platser i områdena (56\u00a0%), mot i "
            "genomsnitt 6,3 per område. Förändring mot föregående period: +6 för området och "
            "+9 för kommunen som helhet.") in text
    assert "Området A20" not in text and "Området A40" not in text
    assert "minst 3 anmälda otrygga platser" in text
    assert "The area A10: 14 of the period's 25 reported places in the areas (56%)" in draft(
        made(), "en")
    # spread evenly: nobody stands out, and the text says so
    even = made(places_by_area=(trend(5, 4, area="A10"), trend(4, 6, area="A20")))
    assert standing_out(even) == []
    assert t("lagesbild_analysis.areas.none", "sv") in draft(even, "sv")
    police = draft(made(police_area="Österlen", kommuner=("1270", "1291")), "sv")
    assert "lokalpolisområdet Österlen" in police and "lokalpolisområdet som helhet" in police


def test_the_introduction_names_the_municipalities():
    assert "kartläggningen för Tomelilla kommun." in draft(made(), "sv")
    assert "mapping for Tomelilla Municipality." in draft(made(), "en")
    both = draft(made(kommuner=("1270", "1291")), "sv")
    assert "kartläggningen för kommunerna Tomelilla och Simrishamn." in both


#: A 'cannot show' sentence's key: what :func:`made` is given to leave its source out.
MISSING = {
    "no_crime": {"crime": ()},
    "no_survey": {"survey": ()},
    "no_units": {"area_level": None, "places_by_area": ()},
    "no_counts": {"counted_activities": (dataclasses.replace(
        made().counted_activities[0], value=0.0, records=0),)},
    "public": {"public": True},
    "small": {"places_by_category": (trend(12, 9), trend(12, 5, category="lighting"))},
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("key", sorted(MISSING))
def test_each_missing_source_has_its_sentence_and_it_goes_when_the_source_is_there(key, lang):
    values = {"small": {"current": "12", "previous": "9"}}.get(key, {})
    sentence = t(f"lagesbild_analysis.limits.{key}", lang, **values)
    assert sentence in draft(made(**MISSING[key]), lang)
    assert sentence.split("(")[0] not in draft(made(), lang)


def test_small_numbers_in_the_named_categories_and_areas_are_said():
    """The total is large (30 and 21) but lighting (12 against 5) is named: small parts."""
    sentence = t("lagesbild_analysis.limits.small_parts", "sv")
    assert sentence in draft(made(), "sv")
    large = made(places_by_category=(trend(300, 210), trend(120, 50, category="lighting")),
                 places_by_area=(trend(140, 80, area="A10"), trend(40, 60, area="A20")))
    assert sentence not in draft(large, "sv")
    assert t("lagesbild_analysis.limits.small", "sv", current="300", previous="210") \
        not in draft(large, "sv")


def test_the_limits_that_always_hold_are_said_and_the_crime_level_when_there_is_crime():
    text = draft(made(), "sv")
    assert t("lagesbild_analysis.limits.reporting", "sv") in text
    assert t("lagesbild_analysis.limits.crime_level", "sv") in text
    assert "Hembesök och bekymringssamtal räknas bara som antal per månad (9 under " \
           "perioden)." in text
    assert t("lagesbild_analysis.limits.crime_level", "sv") not in draft(made(crime=()), "sv")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_draft_is_headings_and_paragraphs_that_a_lagesbild_can_hold(lang):
    text = draft(made(police_area="Österlen"), lang)
    parts = text.split("\n\n")
    assert all(p.strip() and "\n" not in p for p in parts)  # one paragraph, one line
    headings = [t(f"lagesbild_analysis.{k}", lang) for k in (
        "heading", "changes.heading", "areas.heading", "limits.heading", "conclusions.heading")]
    assert [p for p in parts if p in headings] == headings
    assert sum(p.startswith("[Skriv här:" if lang == "sv" else "[Write here:")
               for p in parts) == 4
    assert "{" not in text and "}" not in text
    assert Lagesbild(kommun_kod="1270", year_from=2024, year_to=2025, title="Lägesbild",
                     analysis=text).analysis == text


def test_on_the_hand_made_town_the_largest_change_is_lighting(town):
    store, _ = town
    k = build(store, [fixture.KOMMUN], 2021, 2022, as_of=fixture.AS_OF,
              units=fixture.districts())
    # lighting 3 against 1, district N 3 against 1, drugs 2 against 0: ties go to the
    # larger count, then categories before areas
    assert [tr.current.get("category") or tr.current.get("area")
            for tr in largest_changes(k)] == ["lighting", "N", "drugs"]
    assert standing_out(k) == []  # N has 3 of 5, the average is 2,5: not twice
    text = draft(k, "sv")
    assert "i kategorin Belysning: 3 under 2021–2022 mot 1 under 2019–2020 (+2)." in text
    assert t("lagesbild_analysis.limits.no_survey", "sv") not in text  # the survey is there
    assert t("lagesbild_analysis.limits.no_crime", "sv") in text
