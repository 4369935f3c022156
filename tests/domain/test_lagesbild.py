"""The lägesbild's written parts (geo/domain/lagesbild.py): field tables, rules across fields."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date

import pytest

from geo import i18n
from geo.domain.enums import PlanStatus
from geo.domain.lagesbild import DEFAULT_SECTIONS, SECTION_DATA, Lagesbild, Section
from geo.domain.model import ValidationError


def _doc(**fields) -> Lagesbild:
    return Lagesbild(**{"kommun_kod": "1270", "year_from": 2024, "year_to": 2025,
                        "title": "Lägesbild Tomelilla 2024–2025", **fields})


@pytest.mark.parametrize("cls", [Lagesbild, Section], ids=lambda cls: cls.__name__)
def test_every_field_has_exactly_one_spec_and_every_spec_a_field(cls):
    specs = Counter(spec.name for spec in cls.FIELDS)
    assert [name for name, n in specs.items() if n > 1] == []
    assert set(specs) == {f.name for f in dataclasses.fields(cls)}


def test_sections_come_from_mappings_and_are_found_by_key():
    doc = _doc(sections=[{"key": "dialogues", "title": "Dialoger", "text": "Tre möten.",
                          "data": "activities"}])
    assert doc.sections == (Section(key="dialogues", title="Dialoger", text="Tre möten.",
                                    data="activities"),)
    assert doc.section("dialogues") is doc.sections[0] and doc.section("staff") is None


@pytest.mark.parametrize(("bad", "field"), [
    ({"sections": [{"key": "own", "title": "A"}, {"key": "own", "title": "B"}]}, "sections"),
    ({"sections": [{"key": "own", "title": "A", "data": "crime_map"}]}, "data"),
    ({"sections": [{"key": "Dialoger!", "title": "A"}]}, "key"),
    ({"sections": [{"key": "own", "title": " "}]}, "title"),
    ({"year_from": 1999}, "year_from"),
    ({"year_to": 2101}, "year_to"),
    ({"year_from": 2025, "year_to": 2024}, "year_to"),
    ({"status": PlanStatus.DECIDED}, "decided_date"),
    ({"decided_date": date(2025, 3, 1), "next_revision": date(2025, 2, 1)}, "next_revision"),
    ({"title": ""}, "title"),
    ({"kommun_kod": "127"}, "kommun_kod"),
])
def test_a_bad_field_is_refused_by_name(bad, field):
    with pytest.raises(ValidationError) as caught:
        _doc(**bad)
    assert caught.value.field == field


def test_a_decided_lagesbild_keeps_its_dates():
    doc = _doc(status="decided", decided_date="2025-03-01", next_revision="2026-03-01")
    assert (doc.status, doc.decided_date, doc.next_revision) == (
        PlanStatus.DECIDED, date(2025, 3, 1), date(2026, 3, 1))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_default_section_and_data_code_has_words(lang):
    t = i18n.catalog(lang)
    assert all(f"lagesbild.section.{key}" in t for key, _ in DEFAULT_SECTIONS)
    assert all(data in SECTION_DATA for _, data in DEFAULT_SECTIONS)
    assert all(f"lagesbild.data.{code or 'none'}" in t for code in SECTION_DATA)
