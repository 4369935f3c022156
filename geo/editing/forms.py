"""Which fields an editor fills in for each kind of record, derived from the model.

A page renders these specs as widgets; the model validates what comes back, so
the form and the rules cannot drift apart.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from geo.domain import fieldspec
from geo.domain.enums import COUNT_ONLY_KINDS
from geo.domain.model import FEATURE_TYPES, Feature

#: Fields the system sets (never typed in by an editor).
SYSTEM_FIELDS = frozenset({
    "id", "kommun_kod", "geometry", "created_at", "updated_at", "updated_by", "version",
    "deleted_at", "deleted_reason", "walk_id", "number", "found_date", "activity_id",
    "finding_id", "commitment_id", "pledge_id",
    "extra",  # an imported file's other columns: shown to staff, not typed in
})


@dataclass(frozen=True)
class FieldSpec:
    """One input: its name, kind of widget, choices (codes) and catalog group."""

    name: str
    kind: str  # "choice", "date", "int", "float", "bool", "text", "long_text"
    choices: tuple[str, ...] = ()
    group: str = ""
    optional: bool = False


def fields(layer: str) -> list[FieldSpec]:
    """The editable fields of a layer, in the model's order (the record's own first).

    Each field's widget follows its kind in the record's ``FIELDS`` table; a field the
    editor may leave out is one with a default.
    """
    record_type = FEATURE_TYPES[layer]
    table = fieldspec.by_name(record_type)
    base = {f.name for f in dataclasses.fields(Feature)}
    ordered = sorted(dataclasses.fields(record_type), key=lambda f: f.name in base)
    return [_input(table[f.name], record_type) for f in ordered
            if f.name not in SYSTEM_FIELDS]


def _input(spec: fieldspec.FieldSpec, record_type: type[Feature]) -> FieldSpec:
    """The widget of one field of the table."""
    optional = fieldspec.has_default(record_type, spec.name)
    if spec.enum is not None:
        codes = tuple(m.value for m in spec.enum if m not in COUNT_ONLY_KINDS)
        return FieldSpec(spec.name, "choice", codes, spec.group, optional)
    kind = {"int": "int", "float": "float", "date": "date", "datetime": "date",
            "bool": "bool", "long_text": "long_text"}.get(spec.kind, "text")
    return FieldSpec(spec.name, kind, optional=optional or kind == "bool")


def defaults(layer: str, today: date) -> dict[str, Any]:
    """Starting values for a new record's form (today for the record's date)."""
    values: dict[str, Any] = {}
    record_type = FEATURE_TYPES[layer]
    for f in dataclasses.fields(record_type):
        if f.name in SYSTEM_FIELDS:
            continue
        if f.default is not dataclasses.MISSING:
            default = f.default
            values[f.name] = default.value if isinstance(default, Enum) else default
    values[record_type.DATE_FIELD] = today
    return values
