"""Table layout derived from the model: one table per layer, one column per field.

The column list comes from the record dataclasses and each column's type from the
record's ``FIELDS`` table, so adding a field to the model adds it to every backend's
table; values are converted to and from the
plain forms a database stores (ISO text for dates, 0/1 for booleans).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from geo.domain.fieldspec import FieldSpec, by_name
from geo.domain.model import FEATURE_TYPES, Feature

#: Fields that are not columns of their own.
_NOT_COLUMNS = {"geometry"}


def sql_type(spec: FieldSpec) -> str:
    """The GeoPackage column type of a field of the record's table (a choice is text)."""
    return {
        "date": "DATE",
        "datetime": "DATETIME",
        "int": "INTEGER",
        "float": "REAL",
        "bool": "BOOLEAN",
    }.get(spec.kind, "TEXT")


def columns(layer: str) -> list[tuple[str, str]]:
    """Return ``(name, sql type)`` for every stored attribute of ``layer``."""
    record_type = FEATURE_TYPES[layer]
    table = by_name(record_type)
    result = []
    for f in dataclasses.fields(record_type):
        if f.name in _NOT_COLUMNS:
            continue
        column_type = sql_type(table[f.name])
        if f.name == "id":
            column_type = "TEXT NOT NULL UNIQUE"
        elif f.name == "version":
            column_type = "INTEGER NOT NULL"
        result.append((f.name, column_type))
    return result


def column_names(layer: str) -> list[str]:
    """Return the attribute column names of ``layer``."""
    return [name for name, _ in columns(layer)]


def to_db(value: Any) -> Any:
    """Convert one field value to what the database stores."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_values(record: Feature) -> dict[str, Any]:
    """Return the record's attribute columns as database values."""
    return {name: to_db(getattr(record, name)) for name in column_names(record.LAYER)}


def record_json(record: Feature | None) -> str | None:
    """Serialise a record for the history table (geometry as WKT)."""
    if record is None:
        return None
    values = record_values(record)
    values["geometry"] = record.geometry.wkt if record.geometry is not None else None
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def from_db(layer: str, values: dict[str, Any]) -> Feature:
    """Build a validated record from database values (the model coerces the types)."""
    record_type = FEATURE_TYPES[layer]
    if "selected" in values and values["selected"] is not None:
        values["selected"] = bool(values["selected"])
    return record_type(**values)
