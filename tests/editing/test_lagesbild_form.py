"""The Lägesbild page's rules: default years, the record of a scope, refusals naming a field."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from geo.access.auth import User
from geo.domain.enums import PlanStatus
from geo.domain.lagesbild import DEFAULT_SECTIONS
from geo.editing import lagesbild_form as rules
from geo.situation.model import Figure, Kartlaggning

TOMELILLA = rules.Scope(("1270",))
YSTAD_AREA = rules.Scope(("1286", "1270", "1291"), "Ystad")
TODAY = date(2026, 12, 6)


@pytest.mark.parametrize("latest,expected", [(2020, (2019, 2020)), (None, (2024, 2025)),
                                             (2026, (2024, 2025)), (2025, (2024, 2025))])
def test_the_default_period_is_two_full_years_following_the_data(latest, expected):
    assert rules.default_years(latest, TODAY) == expected


def test_a_new_record_has_the_default_sections_in_swedish():
    record = rules.new_record(TOMELILLA, 2019, 2020, "Tomelilla", "sv")
    assert record.title == "Lägesbild Tomelilla 2019–2020"
    assert [(s.key, s.data) for s in record.sections] == list(DEFAULT_SECTIONS)
    assert record.sections[0].title == "Dialoger som har hållits"
    assert record.version == 1 and record.analysis == ""


def _saved(scope: rules.Scope, years: tuple[int, int], version: int, hour: int):
    record = rules.new_record(scope, *years, "x", "sv")
    return replace(record, version=version, updated_at=datetime(2026, 1, 1, hour, tzinfo=UTC))


def test_find_takes_the_scope_and_years_and_the_newest():
    older, newer = _saved(TOMELILLA, (2019, 2020), 3, 8), _saved(TOMELILLA, (2019, 2020), 1, 9)
    other_years = _saved(TOMELILLA, (2020, 2021), 5, 10)
    area = _saved(YSTAD_AREA, (2019, 2020), 2, 11)
    records = [older, newer, other_years, area]
    assert rules.find(records, TOMELILLA, 2019, 2020) is newer
    assert rules.find(records, YSTAD_AREA, 2019, 2020) is area
    assert rules.find(records, TOMELILLA, 2018, 2020) is None


def _draft(**changes) -> rules.Draft:
    base = rules.draft_of(rules.new_record(TOMELILLA, 2019, 2020, "Tomelilla", "sv"))
    return replace(base, **changes)


@pytest.mark.parametrize("changes,line", [
    ({"title": "  "}, "Rubrik måste fyllas i."),
    ({"next_revision": date(2026, 1, 1), "decided_date": date(2026, 3, 1)},
     "Nästa revidering får inte vara före beslutsdatumet."),
    ({"status": PlanStatus.DECIDED}, "Beslutsdatum måste fyllas i när lägesbilden är beslutad."),
    ({"sections": [rules.SectionDraft("dialogues", "", "text")]},
     "Avsnittets rubrik måste fyllas i."),
    ({"analysis": "x" * 200_000}, "Analys är för lång."),
])
def test_a_bad_draft_is_refused_in_one_line_naming_the_field(changes, line):
    base = rules.new_record(TOMELILLA, 2019, 2020, "Tomelilla", "sv")
    with pytest.raises(rules.Refusal) as refused:
        rules.build(base, _draft(**changes))
    assert refused.value.text("sv") == line


def test_a_good_draft_keeps_the_records_identity_and_scope():
    base = replace(rules.new_record(YSTAD_AREA, 2019, 2020, "Ystad", "sv"), version=4)
    draft = _draft(title=" Lägesbild Ystad ", status=PlanStatus.DECIDED,
                   decided_date=date(2026, 3, 1), next_revision=date(2027, 3, 1),
                   analysis="Analysen.")
    draft.sections.append(rules.SectionDraft(rules.new_section_key(draft), "Skolan", "Text."))
    built = rules.build(base, draft)
    assert (built.id, built.kommun_kod, built.police_area, built.version) == (
        base.id, "1286", "Ystad", 4)
    assert built.title == "Lägesbild Ystad" and built.analysis == "Analysen."
    assert [s.key for s in built.sections] == ["dialogues", "residents", "staff", "s1"]


def test_who_may_write_and_see_internal():
    editor = User(email="e@tomelilla.se", role="editor", kommuner=("1270",))
    assert rules.may_write(editor, TOMELILLA) and rules.may_write(editor, YSTAD_AREA)
    assert rules.may_see_internal(editor, TOMELILLA)
    assert not rules.may_see_internal(editor, YSTAD_AREA)  # Ystad's own internal records
    assert not rules.may_write(User(), TOMELILLA)


def test_a_sections_data_code_names_its_figures():
    one = Figure("activities", 1.0, 1, (2020, 2020), "kommun")
    k = Kartlaggning(kommuner=("1270",), police_area=None, years=(2020, 2020),
                     previous_years=(2019, 2019), as_of=TODAY, public=False, area_level=None,
                     distance_m=50.0, activities=(one,))
    assert rules.section_figures(k, "activities") == (one,)
    assert rules.section_figures(k, "survey") == () and rules.section_figures(k, "") == ()
