"""The field table of each record (:mod:`geo.domain.fieldspec`) is complete, and its one reading.

Every dataclass field of every record has exactly one spec and every spec a field, and
the fast import path checks each field with the model's own spec (not a copy of it).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import partial

import pytest

from geo.domain.fieldspec import VALUE_KINDS
from geo.domain.model import FEATURE_TYPES, ActivityCount, Commitment, Pledge, ValidationError
from geo.editing import forms
from geo.io import fastrecords
from geo.store import schema

RECORDS = sorted([*FEATURE_TYPES.values(), ActivityCount, Commitment, Pledge],
                 key=lambda cls: cls.__name__)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_every_field_has_exactly_one_spec_and_every_spec_a_field(cls):
    specs = Counter(spec.name for spec in cls.FIELDS)
    assert [name for name, n in specs.items() if n > 1] == []
    assert set(specs) == {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_a_choice_names_its_codes_and_only_a_choice_does(cls):
    for spec in cls.FIELDS:
        assert (spec.kind == "choice") == (spec.enum is not None), spec.name


def test_fastrecords_checks_are_the_models_own():
    for cls, checks in fastrecords.CHECKS.items():
        table = {spec.name: spec for spec in cls.FIELDS if spec.kind != "geometry"}
        assert set(checks) == set(table), cls.__name__
        for name, check in checks.items():
            assert isinstance(check, partial), (cls.__name__, name)
            assert check.func == table[name].check, (cls.__name__, name)
            assert check.keywords == {"owner": cls}, (cls.__name__, name)


@pytest.mark.parametrize("layer", sorted(FEATURE_TYPES))
def test_the_constructor_refuses_a_text_over_its_specs_limit(layer, record_fields):
    """The limit in the table is the one the constructor applies, field by field."""
    cls = FEATURE_TYPES[layer]
    texts = [spec for spec in cls.FIELDS if spec.kind in ("text", "long_text")]
    assert texts
    for spec in texts:
        assert cls(**record_fields(layer, **{spec.name: "x" * spec.limit}))
        with pytest.raises(ValidationError) as caught:
            cls(**record_fields(layer, **{spec.name: "x" * (spec.limit + 1)}))
        assert (caught.value.field, caught.value.code) == (spec.name, "too_long")


@pytest.mark.parametrize("layer", sorted(FEATURE_TYPES))
def test_the_constructor_refuses_a_missing_required_value(layer, record_fields):
    cls = FEATURE_TYPES[layer]
    for spec in cls.FIELDS:
        if spec.required and spec.kind in VALUE_KINDS | {"text", "reference"}:
            with pytest.raises(ValidationError) as caught:
                cls(**record_fields(layer, **{spec.name: ""}))
            assert caught.value.field == spec.name


@pytest.mark.parametrize("layer", sorted(FEATURE_TYPES))
def test_the_form_and_the_table_layout_follow_the_table(layer):
    """A choice is a select box of its codes (a finding's ``forwarded_to`` too: it was a
    free-text box when the form guessed kinds from annotations), a date a date column."""
    table = {spec.name: spec for spec in FEATURE_TYPES[layer].FIELDS}
    for widget in forms.fields(layer):
        spec = table[widget.name]
        assert (widget.kind == "choice") == (spec.enum is not None), widget.name
        if spec.enum is not None:
            assert set(widget.choices) <= {m.value for m in spec.enum}
            assert widget.group == spec.group
    types = dict(schema.columns(layer))
    for spec in table.values():
        if spec.kind == "date":
            assert types[spec.name] == "DATE", spec.name
        elif spec.kind in ("text", "long_text", "choice"):
            assert types[spec.name] == "TEXT", spec.name
