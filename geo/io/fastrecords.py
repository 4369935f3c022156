"""Model records built a column at a time, for an import's many rows.

The model's constructor checks every field of every record (about 10 µs a row). An
import's columns repeat their values (a category, a date, the municipality), so
here each field's check, the very spec of the record's ``FIELDS`` table
(:mod:`geo.domain.fieldspec`) the constructor applies, runs once per distinct value of a
column, and the geometries are checked with shapely's array functions (the tests of
:func:`geo.domain.validation.geometry`, in the same order of meaning). A row whose every
field passed gets a record made without running the checks again; any other row is
left to the caller, which runs the real constructor (so a refused row is refused
with exactly the constructor's field and reason).

Only layers whose rules are per field (plus the deletion rule every feature has, and an
unsafe place's resolved date, which rows that need it leave to the constructor) are built
here: see :data:`CHECKS`. Findings (and watch areas, which turn a polygon
into a multipolygon and compare two dates) always go through the constructor.
``tests/io/test_fastrecords.py`` compares both on the corpus rows and on generated
good and bad values; ``tests/domain/test_fieldspec.py`` checks that :data:`CHECKS` are the
model's own checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import GEOMETRY_TYPES, BaseGeometry

from geo import config
from geo.domain.enums import PlaceStatus
from geo.domain.model import Activity, Feature, SafetyWalk, UnsafePlace

Check = Callable[[Any], Any]
#: A failed check (the row goes to the constructor); a caller may put it in a column.
FAILED: Any = object()
_FAILED = FAILED
#: Layers whose rules are per field (and the two cross-field rules :func:`build` knows).
_BUILT: tuple[type[Feature], ...] = (UnsafePlace, SafetyWalk, Activity)


def checks(cls: type[Feature]) -> dict[str, Check]:
    """Each field's check (geometry apart) from the record's table, as the model runs it."""
    return {spec.name: partial(spec.check, owner=cls) for spec in cls.FIELDS
            if spec.kind != "geometry"}


#: Per layer: each field's check, read from the record's ``FIELDS``. A layer not
#: here is always built by its constructor.
CHECKS: dict[type[Feature], dict[str, Check]] = {cls: checks(cls) for cls in _BUILT}


def supported(cls: type[Feature]) -> bool:
    """True when :func:`build` makes records of ``cls`` (else use the constructor)."""
    return cls in CHECKS


def build(cls: type[Feature], columns: Mapping[str, Sequence[Any]],
          constants: Mapping[str, Any], count: int) -> list[Feature | None]:
    """``count`` records of ``cls`` from per-field ``columns`` and ``constants``.

    Each field comes from one of the two (a field in neither takes its default, as
    the constructor's keyword left out). The result has the record of each row
    whose every check passed (equal to ``cls(**row)``), None for the others.
    """
    checks = CHECKS[cls]
    names = [f.name for f in dataclasses.fields(cls)]
    ok = np.ones(count, dtype=bool)
    values: list[Any] = []
    for field in dataclasses.fields(cls):
        name = field.name
        if name in columns:
            column = columns[name]
            if name == "geometry":
                good = _geometries_ok(cls, column)
                ok &= good
                values.append(column)
                continue
            checked = _checked(column, checks[name])
            failed = [i for i, x in enumerate(checked) if x is _FAILED]
            if failed:
                ok[failed] = False
            values.append(checked)
            continue
        if name in constants:
            value = constants[name]
        elif field.default is not dataclasses.MISSING:
            value = field.default
        else:
            return [None] * count  # a required field missing: the constructor says so
        if name == "geometry":
            good = _geometries_ok(cls, [value])
            value = value if good[0] else _FAILED
        else:
            value = _try(checks[name], value)
        if value is _FAILED:
            return [None] * count
        values.append([value] * count)
    at = names.index("deleted_at")
    reason = names.index("deleted_reason")
    deleted = [i for i, (when, why) in enumerate(zip(values[at], values[reason], strict=True))
               if when is not None and not why]
    if deleted:
        ok[deleted] = False
    if cls is UnsafePlace:  # its one rule across fields: left to the constructor
        ok &= _resolved_ok(values[names.index("status")], values[names.index("reported_date")],
                           values[names.index("resolved_date")])
    result: list[Feature | None] = [None] * count
    new = object.__new__
    if ok.all():
        rows = zip(*values, strict=True)
        indices: Any = range(count)
    else:
        indices = np.flatnonzero(ok).tolist()
        rows = zip(*([column[i] for i in indices] for column in values), strict=True)
    for index, row in zip(indices, rows, strict=True):
        record = new(cls)
        record.__dict__ = dict(zip(names, row, strict=True))
        result[index] = record
    return result


def _resolved_ok(statuses: Sequence[Any], reported: Sequence[Any], resolved: Sequence[Any]
                 ) -> np.ndarray:
    """Rows whose resolved date is as the model wants it, so nothing is left to decide.

    Resolved: a date, not before the report; otherwise: none. The constructor refuses
    (or, for a place not resolved, clears) the rest.
    """
    return np.array([
        (isinstance(when, date) and isinstance(day, date) and when >= day)
        if status is PlaceStatus.RESOLVED else when is None
        for status, day, when in zip(statuses, reported, resolved, strict=True)
    ], dtype=bool)


def _try(check: Check, value: Any) -> Any:
    try:
        return check(value)
    except Exception:  # noqa: BLE001 - any refusal: the constructor gives the reason
        return _FAILED


def _checked(column: Sequence[Any], check: Check) -> list[Any]:
    """``check`` of each value (``_FAILED`` where it refused), each distinct value once.

    Only values whose equality means sameness share a check: text, whole numbers,
    dates, None (by type: ``1`` and ``True`` are equal keys). Floats (``0.0`` and
    ``-0.0``) and timestamps (one instant in two time zones) go one at a time.
    """
    kinds = set(map(type, column))
    if not kinds <= _SAME_WHEN_EQUAL:
        return [x if x is _FAILED else _try(check, x) for x in column]
    keys: Sequence[Any] = column if len(kinds) == 1 else list(zip(map(type, column), column,
                                                                   strict=True))
    done = dict.fromkeys(keys, _FAILED)
    for key in done:
        value = key if len(kinds) == 1 else key[1]
        if value is not _FAILED:
            done[key] = _try(check, value)
    return list(map(done.__getitem__, keys))


_SAME_WHEN_EQUAL = frozenset({str, int, bool, date, type(None), type(FAILED)})


def _geometries_ok(cls: type[Feature], column: Sequence[Any]) -> np.ndarray:
    """Per value: True where ``v.geometry`` accepts it for ``cls`` (returning it as is)."""
    shapes = np.empty(len(column), dtype=object)
    shapes[:] = list(column)
    present = np.fromiter((isinstance(x, BaseGeometry) for x in column), dtype=bool,
                          count=len(column))
    ok = present.copy()
    missing = np.fromiter((x is None for x in column), dtype=bool, count=len(column))
    if cls.GEOMETRY_OPTIONAL:
        ok |= missing
    if present.any():
        chosen = shapes[present]
        allowed = [GEOMETRY_TYPES.index(name) for name in cls.GEOMETRY_TYPES]
        good = ~shapely.is_empty(chosen) & np.isin(shapely.get_type_id(chosen), allowed)
        good &= shapely.is_valid(chosen)
        bounds = shapely.bounds(chosen)
        west, south, east, north = config.SWEDEN_BBOX
        good &= ~((bounds[:, 0] < west) | (bounds[:, 2] > east) | (bounds[:, 1] < south)
                  | (bounds[:, 3] > north))
        ok[present] = good
    return ok
