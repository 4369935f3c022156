"""What a file leaves out: one value for every row, required fields, the other columns.

An office's file rarely has a column for everything the model needs (where the places
came from, say): :func:`fixed_values` reads the values the user gives for all rows
(``--set source=citizen_dialogue`` or the page's step), :func:`refuse_missing` refuses the
whole file before any row is read when a required field has neither a column nor such a
value, naming the field in the user's language and the two ways to fix it. Nothing of
the file vanishes: :func:`add_columns` keeps every column that no field holds (unless the
user skips it) with each record, in its ``extra`` field, by its header.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from functools import lru_cache
from typing import Any

from geo import i18n
from geo.domain import fieldspec
from geo.domain.enums import COUNT_ONLY_KINDS
from geo.domain.model import FEATURE_TYPES
from geo.domain.validation import json_object
from geo.io import columns, rows, values
from geo.io.errors import Refused, field_words
from geo.io.table import SourceTable

#: Names of the columns added for the rows' values (never a header: a file's names are
#: stripped text, and these start with a NUL character).
_FIXED = "\x00set:"
_EXTRA = "\x00extra"
#: Targets that take no value for all rows (each row has its own).
_NOT_FIXED = {columns.SOURCE_ID, *columns.GEOMETRY_TARGETS, "case_number"}


def settable(layer: str) -> list[str]:
    """The fields of ``layer`` that may take one value for every row."""
    return [t for t in columns.targets(layer) if t not in _NOT_FIXED]


def field_name(text: str, layer: str) -> str:
    """A field named by its code or its label in any language (``source``, ``Källa``)."""
    wanted = values.word_key(text)
    for name in settable(layer):
        labels = {values.word_key(name)}
        labels |= {values.word_key(field_words(name).text(lang)) for lang in ("sv", "en")}
        if wanted in labels:
            return name
    raise Refused("unknown_set_field", field=text.strip()[:60],
                  fields=", ".join(settable(layer)))


@lru_cache(maxsize=256)
def enum(layer: str, name: str) -> Any:
    """The enum of a field of ``layer`` (None for a field that is not a choice)."""
    spec = fieldspec.by_name(FEATURE_TYPES[layer]).get(name)
    return None if spec is None else spec.enum


def fixed_values(given: Mapping[str, Any], layer: str) -> dict[str, Any]:
    """The values for all rows, by field code; a value the field cannot take is refused.

    A choice is given by its code or its name in either language ("Medborgardialog").
    """
    read = rows.converters(layer)
    result: dict[str, Any] = {}
    for text, value in given.items():
        name = field_name(text, layer)
        if values.is_empty(value):
            continue
        found = enum(layer, name)
        try:
            read_value = read[name](value)
        except values.BadValue as error:
            if found is not None:
                raise Refused("set_not_in_list", field=field_words(name), name=name,
                              value=str(value).strip()[:60],
                              allowed=values.allowed_words(found)) from None
            if error.code:
                raise Refused(error.code, **{**error.values, "field": field_words(name)}
                              ) from None
            raise Refused("set_bad_value", field=field_words(name), name=name,
                          value=str(value).strip()[:60], reason=str(error)) from None
        result[name] = read_value if found is not None else value  # a choice: its code
    return result


def groups(layer: str, names: Collection[str]) -> dict[str, str]:
    """The catalog group of each choice field among ``names`` (its values' names)."""
    table = fieldspec.by_name(FEATURE_TYPES[layer])
    return {name: table[name].group for name in names if name in table and table[name].group}


def refuse_missing(mapping: Mapping[str, str], fixed: Mapping[str, Any], layer: str,
                   table: SourceTable) -> None:
    """Refuse the file when a required field has no column and no value for all rows."""
    mapped = set(mapping.values())
    for name in columns.required(layer):
        if name in mapped or name in fixed:
            continue
        found = enum(layer, name)
        shown = ", ".join(table.columns[:20])
        if found is not None:
            raise Refused("missing_choice", field=field_words(name), name=name,
                          allowed=values.allowed_words(found), columns=shown)
        raise Refused("missing_field", field=field_words(name), name=name, columns=shown)


def add_columns(table: SourceTable, mapping: dict[str, str], fixed: Mapping[str, Any],
                extra: Collection[str]) -> dict[str, str]:
    """The mapping with the values for all rows and the kept columns as columns of their own.

    A value for all rows fills the rows whose mapped column is empty (every row when no
    column is mapped). The kept columns become one ``extra`` column: per row a JSON
    object of the non-empty cells by header. ``table.data`` gains these columns, its
    ``columns`` (the file's own, for the rejected rows) do not.
    """
    result = dict(mapping)
    for name, value in fixed.items():
        source = next((c for c, t in result.items() if t == name), None)
        cells = table.column(source) if source is not None else [None] * len(table)
        table.data[_FIXED + name] = [value if values.is_empty(cell) else cell
                                     for cell in cells]
        if source is not None:
            del result[source]
        result[_FIXED + name] = name
    kept = [c for c in table.columns if c in extra]
    if kept:
        cells_by_column = [table.column(c) for c in kept]
        table.data[_EXTRA] = [_extra_text(kept, row) for row in zip(*cells_by_column,
                                                                     strict=True)]
        result[_EXTRA] = columns.EXTRA
    return result


def _extra_text(names: list[str], cells: tuple[Any, ...]) -> str:
    """A row's kept cells as a JSON object; an ``extra`` column (an export's) is unpacked."""
    items: dict[str, str] = {}
    for name, cell in zip(names, cells, strict=True):
        if values.is_empty(cell):
            continue
        if columns.EXTRA in (name, columns.exported_as(name)):
            try:
                found = json.loads(str(cell))
            except ValueError:
                found = None
            if isinstance(found, dict):
                items.update({str(k): str(v) for k, v in found.items()})
                continue
        items[name] = cell.strip() if cell.__class__ is str else rows.cell_text(cell)
    return json_object(items) if items else ""


def choice_labels(layer: str, name: str, lang: str) -> dict[str, str]:
    """A choice field's codes and names in ``lang`` (for the page's value for all rows)."""
    found = enum(layer, name)
    group = i18n.ENUM_GROUPS[found.__name__] if found is not None else ""
    return {m.value: i18n.label(group, m.value, lang) for m in found
            if m not in COUNT_ONLY_KINDS} if found else {}


__all__ = ["add_columns", "choice_labels", "field_name", "fixed_values",
           "refuse_missing", "settable"]
