"""One table of fields per record type: each field's kind, optionality and checks.

A record class declares ``FIELDS``, a tuple of :class:`FieldSpec`, one per dataclass
field. The model's constructor applies each spec's check (:meth:`FieldSpec.check`);
the fast import path (:mod:`geo.io.fastrecords`), the editing forms (:mod:`geo.editing.forms`),
the table layout (:mod:`geo.store.schema`), an import's cell readers
(:mod:`geo.io.rows`), the bulk writer (:mod:`geo.store.gpkg.imports`) and the
spreadsheet export (:mod:`geo.io.sheet`) read the same table instead of guessing a
field's kind from its type annotation. Rules that compare fields (date order, a
resolved place needs its date, a deleted record needs a reason) stay in the record's
``validate`` and run once every field has passed its own checks.

To add a field: declare it on the dataclass and add its spec to ``FIELDS``; the
GeoPackage column (PostGIS also needs a migration), the form's widget, an import's
reader and the export follow.

Why a ``ClassVar`` tuple rather than dataclass field metadata: the table is then one
plain value a reader can iterate in check order (the order the constructor names the
first bad field in), a subclass extends its parent's table with ``(*Parent.FIELDS, …)``,
and the dataclass declarations stay short and readable as the record's shape.
``tests/domain/test_fieldspec.py`` checks that the table and the dataclass fields agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from geo import config, i18n
from geo.domain import validation as v
from geo.domain.enums import Code

#: What a field holds. ``text`` and ``long_text`` differ in the form's widget only (the
#: limit is :attr:`FieldSpec.limit`); ``id`` is the record's own UUID, ``reference``
#: another record's, ``slug`` a pledge or commitment id, ``kommun`` a municipality code,
#: ``extra`` a JSON object of texts, ``geometry`` the map shape (checked per layer),
#: ``texts`` a tuple of texts (a pledge's goals), ``records`` a tuple of records (its
#: commitments, checked by their own constructor).
Kind = Literal["text", "long_text", "choice", "date", "datetime", "int", "float", "bool",
               "id", "reference", "slug", "kommun", "extra", "geometry", "texts", "records"]
#: Kinds a database, a spreadsheet and a cell reader see as their value type; every
#: other kind is stored as text.
VALUE_KINDS = frozenset({"choice", "date", "datetime", "int", "float", "bool"})


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: its name, kind, optionality and per-field rules.

    ``required`` refuses a missing value (an empty text, for text kinds); ``limit`` is
    a text's length in characters; ``enum`` a choice's codes; ``minimum`` a whole
    number's least value; ``rule`` one more check of the coerced value alone (it raises
    :class:`~geo.domain.validation.ValidationError`); ``coerce`` a field's own check
    ``coerce(name, value)`` in place of its kind's (a month, a web address, a value kept
    as given).
    """

    name: str
    kind: Kind
    required: bool = False
    limit: int = config.MAX_SHORT_TEXT
    enum: type[Code] | None = None
    minimum: int = 0
    rule: Callable[[Any], None] | None = None
    coerce: Callable[[str, Any], Any] | None = None

    @property
    def group(self) -> str:
        """A choice's catalog group (the names of its codes); "" for any other field."""
        return i18n.ENUM_GROUPS[self.enum.__name__] if self.enum is not None else ""

    def check(self, value: Any, owner: Any = None) -> Any:
        """``value`` coerced and checked as the constructor does, or ValidationError.

        ``owner`` (the record class) is needed for a geometry only: its allowed types.
        """
        result = (self.coerce(self.name, value) if self.coerce is not None
                  else _CHECKS[self.kind](self, value, owner))
        if self.rule is not None:
            self.rule(result)
        return result


def _choice(spec: FieldSpec, value: Any, owner: Any) -> Any:
    assert spec.enum is not None, spec.name
    return v.enum_value(spec.name, value, spec.enum, optional=not spec.required)


def _text(spec: FieldSpec, value: Any, owner: Any) -> str:
    return v.text(spec.name, value, limit=spec.limit, required=spec.required)


def _reference(spec: FieldSpec, value: Any, owner: Any) -> str | None:
    if value:
        return v.record_id(value, spec.name)
    if spec.required:
        raise v.ValidationError(spec.name, "is required")
    return None


def _geometry(spec: FieldSpec, value: Any, owner: Any) -> Any:
    return v.geometry(spec.name, value, owner.GEOMETRY_TYPES,
                      optional=owner.GEOMETRY_OPTIONAL)


_CHECKS: dict[str, Callable[[FieldSpec, Any, Any], Any]] = {
    "text": _text,
    "long_text": _text,
    "choice": _choice,
    "date": lambda s, x, o: v.as_date(s.name, x, optional=not s.required),
    "datetime": lambda s, x, o: v.as_datetime(s.name, x, optional=not s.required),
    "int": lambda s, x, o: v.whole_number(s.name, x, optional=not s.required,
                                          minimum=s.minimum),
    "float": lambda s, x, o: v.number(s.name, x, optional=not s.required),
    "bool": lambda s, x, o: x if isinstance(x, bool) else v.as_bool(s.name, x),
    "id": lambda s, x, o: v.record_id(x, s.name),
    "reference": _reference,
    "slug": lambda s, x, o: v.slug(s.name, x, optional=not s.required),
    "kommun": lambda s, x, o: v.kommun_kod(x),
    "extra": lambda s, x, o: v.extra(s.name, x),
    "geometry": _geometry,
    "texts": lambda s, x, o: tuple(v.text(s.name, item, limit=s.limit) for item in x),
    "records": lambda s, x, o: tuple(x),
}


def as_given(name: str, value: Any) -> Any:
    """A field's value kept as given (a field no rule checks; the table says so)."""
    return value


def as_tuple(name: str, value: Any) -> tuple[Any, ...]:
    """A field's items kept as given, as a tuple."""
    return tuple(value)


def check_all(record: Any, specs: Iterable[FieldSpec]) -> None:
    """Coerce and check ``record``'s fields in place, in the table's order."""
    owner = type(record)
    for spec in specs:
        setattr(record, spec.name, spec.check(getattr(record, spec.name), owner))


def by_name(cls: Any) -> Mapping[str, FieldSpec]:
    """``cls.FIELDS`` by field name (read-only: one per class, made once and shared)."""
    found = _BY_NAME.get(cls)
    if found is None:
        found = _BY_NAME[cls] = MappingProxyType({s.name: s for s in cls.FIELDS})
    return found


_BY_NAME: dict[type, Mapping[str, FieldSpec]] = {}


def has_default(cls: Any, name: str) -> bool:
    """True when the dataclass field ``name`` of ``cls`` may be left out."""
    found = next(f for f in dataclasses.fields(cls) if f.name == name)
    return (found.default is not dataclasses.MISSING
            or found.default_factory is not dataclasses.MISSING)
