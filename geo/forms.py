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

from geo import i18n
from geo.enums import (
    COUNT_ONLY_KINDS,
    ActivityKind,
    Category,
    Party,
    PlaceSource,
    Visibility,
)
from geo.layers import spec
from geo.model import FEATURE_TYPES, Feature

#: Fields the system sets (never typed in by an editor).
SYSTEM_FIELDS = frozenset({
    "id", "kommun_kod", "geometry", "created_at", "updated_at", "updated_by", "version",
    "deleted_at", "deleted_reason", "walk_id", "number", "found_date", "activity_id",
    "finding_id", "commitment_id", "pledge_id",
    "extra",  # an imported file's other columns: shown to staff, not typed in
})
LONG_TEXT = frozenset({"description", "proposed_action", "internal_note"})
ENUMS: dict[str, type[Enum]] = {
    "category": Category, "source": PlaceSource, "visibility": Visibility,
    "responsible": Party, "kind": ActivityKind,
}


@dataclass(frozen=True)
class FieldSpec:
    """One input: its name, kind of widget, choices (codes) and catalog group."""

    name: str
    kind: str  # "choice", "date", "int", "float", "bool", "text", "long_text"
    choices: tuple[str, ...] = ()
    group: str = ""
    optional: bool = False


def fields(layer: str) -> list[FieldSpec]:
    """The editable fields of a layer, in the model's order."""
    specs = []
    base = {f.name for f in dataclasses.fields(Feature)}
    ordered = sorted(dataclasses.fields(FEATURE_TYPES[layer]), key=lambda f: f.name in base)
    for f in ordered:
        if f.name in SYSTEM_FIELDS:
            continue
        annotation = str(f.type)
        optional = "None" in annotation or f.default is not dataclasses.MISSING
        status = spec(layer).status
        enum = (status.enum if status else None) if f.name == "status" else ENUMS.get(f.name)
        if enum is not None:
            codes = tuple(m.value for m in enum if m not in COUNT_ONLY_KINDS)
            group = i18n.ENUM_GROUPS[enum.__name__]
            specs.append(FieldSpec(f.name, "choice", codes, group, optional))
        elif annotation.startswith("date"):
            specs.append(FieldSpec(f.name, "date", optional=optional))
        elif annotation.startswith("bool"):
            specs.append(FieldSpec(f.name, "bool", optional=True))
        elif annotation.startswith("int"):
            specs.append(FieldSpec(f.name, "int", optional=optional))
        elif annotation.startswith("float"):
            specs.append(FieldSpec(f.name, "float", optional=optional))
        else:
            kind = "long_text" if f.name in LONG_TEXT else "text"
            specs.append(FieldSpec(f.name, kind, optional=optional))
    return specs


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
