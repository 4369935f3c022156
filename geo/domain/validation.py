"""Pure checks used by the model: each refuses a bad value with the field's name."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime
from enum import Enum
from json.encoder import encode_basestring as _encode
from typing import Any, Literal, TypeVar, overload

from shapely.geometry.base import BaseGeometry

from geo import config

E = TypeVar("E", bound=Enum)

KOMMUN_RE = re.compile(r"^\d{4}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,80}$")
#: A UUID as ``str(uuid.UUID(...))`` writes it: such text is its own :func:`record_id`.
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class ValidationError(ValueError):
    """A record broke a rule; ``field`` names the field, ``message`` says why (English).

    ``code`` names the rule and ``values`` its details, so that an interface can say it in
    the user's language (:meth:`text`, catalog keys ``validation.<code>``); the CLI and the
    logs keep the English ``message``.
    """

    def __init__(self, field: str, message: str, code: str = "", **values: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
        self.values = values

    def text(self, lang: str) -> str:
        """The rule broken, in ``lang`` (the English message if the rule has no text)."""
        from geo import i18n

        try:
            return i18n.t(f"validation.{self.code}", lang, **self.values)
        except (KeyError, IndexError):
            return self.message


@overload
def enum_value(field: str, value: Any, enum: type[E], *, optional: Literal[False] = ...) -> E: ...
@overload
def enum_value(field: str, value: Any, enum: type[E], *, optional: bool) -> E | None: ...
def enum_value(field: str, value: Any, enum: type[E], *, optional: bool = False) -> E | None:
    """Coerce ``value`` to a member of ``enum`` or refuse it."""
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required", "required")
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(field, f"{value!r} is not one of: {allowed}",
                              "not_one_of", allowed=allowed) from None


#: The earliest date a record, pledge or link may carry. The pledges and the example
#: data span 2016-2021 and Swedish medborgarlöften began in the 2010s; 1990 leaves room
#: for older safety walks and watch areas typed in from archives.
EARLIEST_DATE = date(1990, 1, 1)
#: How far ahead a date may lie (a pledge period, a due date): ten years from today.
LATEST_YEARS_AHEAD = 10


def date_range(today: date | None = None) -> tuple[date, date]:
    """The dates accepted anywhere: :data:`EARLIEST_DATE` to today + 10 years."""
    today = today or date.today()
    try:
        latest = today.replace(year=today.year + LATEST_YEARS_AHEAD)
    except ValueError:  # 29 February, in a year that has none
        latest = date(today.year + LATEST_YEARS_AHEAD, 2, 28)
    return EARLIEST_DATE, latest


def _in_range(field: str, day: date) -> date:
    earliest, latest = date_range()
    if not earliest <= day <= latest:
        raise ValidationError(field, f"{day.isoformat()} is outside {earliest.isoformat()}"
                                     f" to {latest.isoformat()}", "date_range",
                              earliest=earliest.isoformat(), latest=latest.isoformat())
    return day


@overload
def as_date(field: str, value: Any, *, optional: Literal[False] = ...) -> date: ...
@overload
def as_date(field: str, value: Any, *, optional: bool) -> date | None: ...
def as_date(field: str, value: Any, *, optional: bool = False) -> date | None:
    """Coerce ISO text, a datetime or a date to a date within :func:`date_range`."""
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required", "required")
    if isinstance(value, datetime):
        return _in_range(field, value.date())
    if isinstance(value, date):
        return _in_range(field, value)
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return _in_range(field, value.to_pydatetime().date())
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValidationError(field, f"{value!r} is not a date (YYYY-MM-DD)", "date") from None
    return _in_range(field, day)


@overload
def as_datetime(field: str, value: Any, *, optional: Literal[False]) -> datetime: ...
@overload
def as_datetime(field: str, value: Any, *, optional: bool = ...) -> datetime | None: ...
def as_datetime(field: str, value: Any, *, optional: bool = True) -> datetime | None:
    """Coerce ISO text or a datetime to a datetime."""
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required", "required")
    if isinstance(value, datetime):
        moment = value
    elif hasattr(value, "to_pydatetime"):
        moment = value.to_pydatetime()
    else:
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(field, f"{value!r} is not a timestamp") from None
    _in_range(field, moment.date())
    return moment


def text(
    field: str, value: Any, *, limit: int = config.MAX_SHORT_TEXT, required: bool = False
) -> str:
    """Return a stripped string within ``limit`` characters."""
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise ValidationError(field, "is required", "required")
    if len(value) > limit:
        raise ValidationError(field, f"is longer than {limit} characters", "too_long",
                              limit=limit)
    return value


def extra(field: str, value: Any) -> str:
    """Return a JSON object of texts (``{"Plats": "Torget"}``) as canonical text, or "".

    A dict or its JSON text; empty values are left out. Stored as text, so every store
    and the history keep it as they keep any other text field.
    """
    if value is None or value == "" or value == {}:
        return ""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationError(field, "is not a JSON object", "extra") from None
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValidationError(field, "is not a JSON object of texts", "extra")
    items = {k.strip(): str(v).strip() for k, v in value.items()
             if k.strip() and v is not None and str(v).strip()}
    if not items:
        return ""
    result = json_object(items)
    if len(result) > config.MAX_LONG_TEXT:
        raise ValidationError(field, f"is longer than {config.MAX_LONG_TEXT} characters",
                              "too_long", limit=config.MAX_LONG_TEXT)
    return result


def json_object(items: dict[str, str]) -> str:
    """``json.dumps(items, ensure_ascii=False)`` of texts, without its general machinery.

    An import makes one per row (of 100 000): the C string encoder on each key and value.
    """
    return "{" + ", ".join(f"{_encode(k)}: {_encode(v)}" for k, v in items.items()) + "}"


def extra_items(value: str) -> dict[str, str]:
    """The ``extra`` text of a record as ``{header: text}`` (empty for none)."""
    return json.loads(value) if value else {}


@overload
def whole_number(field: str, value: Any, *, optional: Literal[False], minimum: int = ...
                 ) -> int: ...
@overload
def whole_number(field: str, value: Any, *, optional: bool = ..., minimum: int = ...
                 ) -> int | None: ...
def whole_number(field: str, value: Any, *, optional: bool = True, minimum: int = 0) -> int | None:
    """Return a non-negative whole number (or None when optional and empty)."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        if optional:
            return None
        raise ValidationError(field, "is required", "required")
    if isinstance(value, bool):
        raise ValidationError(field, "must be a whole number", "whole_number")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(field, f"{value!r} is not a whole number", "whole_number") from None
    if number != float(value):
        raise ValidationError(field, f"{value!r} is not a whole number", "whole_number")
    if number < minimum:
        raise ValidationError(field, f"must be at least {minimum}", "at_least",
                              minimum=minimum)
    return number


@overload
def number(field: str, value: Any, *, optional: Literal[False]) -> float: ...
@overload
def number(field: str, value: Any, *, optional: bool = ...) -> float | None: ...
def number(field: str, value: Any, *, optional: bool = True) -> float | None:
    """Return a non-negative number (or None when optional and empty)."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        if optional:
            return None
        raise ValidationError(field, "is required", "required")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise ValidationError(field, f"{value!r} is not a number", "number") from None
    if result < 0:
        raise ValidationError(field, "must not be negative", "not_negative")
    return result


def as_bool(field: str, value: Any) -> bool:
    """True or false, also as 0/1 or their texts (a form, a file, a database)."""
    if value in (0, 1, "0", "1", "true", "false", "True", "False"):
        return str(value).lower() in ("1", "true")
    raise ValidationError(field, f"{value!r} is not true or false")


def kommun_kod(value: Any) -> str:
    """A municipality code is SCB's four digits, as text (``0138`` keeps its zero)."""
    value = "" if value is None else str(value).strip()
    if not KOMMUN_RE.match(value):
        raise ValidationError("kommun_kod", f"{value!r} is not a 4-digit municipality code")
    return value


def new_id() -> str:
    """Return a new record id (a random UUID)."""
    return str(uuid.uuid4())


def record_id(value: Any, field: str = "id") -> str:
    """A record id (or a reference to one in ``field``) is a UUID (text)."""
    if value.__class__ is str and _CANONICAL_UUID.fullmatch(value):
        return value  # str(uuid.UUID(value)) == value for this form (an import's many ids)
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ValidationError(field, f"{value!r} is not a UUID") from None


@overload
def slug(field: str, value: Any, *, optional: Literal[False]) -> str: ...
@overload
def slug(field: str, value: Any, *, optional: bool = ...) -> str | None: ...
def slug(field: str, value: Any, *, optional: bool = True) -> str | None:
    """Pledge and commitment ids are lower-case slugs such as ``tomelilla-2020``."""
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required", "required")
    if not SLUG_RE.match(str(value)):
        raise ValidationError(
            field, f"{value!r} is not an id of lower-case letters, digits and '-'"
        )
    return str(value)


@overload
def geometry(field: str, value: Any, allowed: tuple[str, ...], *,
             optional: Literal[False] = ...) -> BaseGeometry: ...
@overload
def geometry(field: str, value: Any, allowed: tuple[str, ...], *,
             optional: bool) -> BaseGeometry | None: ...
def geometry(
    field: str, value: Any, allowed: tuple[str, ...], *, optional: bool = False
) -> BaseGeometry | None:
    """Check a geometry's type, validity and that it lies in Sweden (lon/lat)."""
    if value is None:
        if optional:
            return None
        raise ValidationError(field, "is required", "required")
    if not isinstance(value, BaseGeometry):
        raise ValidationError(field, "is not a geometry", "geometry")
    if value.is_empty:
        raise ValidationError(field, "is empty", "geometry_empty")
    if value.geom_type not in allowed:
        raise ValidationError(field, f"{value.geom_type} is not one of: {', '.join(allowed)}",
                              "geometry_type")
    if not value.is_valid:
        raise ValidationError(field, "is not a valid geometry (self-intersecting?)",
                              "geometry_invalid")
    minx, miny, maxx, maxy = value.bounds
    west, south, east, north = config.SWEDEN_BBOX
    if minx < west or maxx > east or miny < south or maxy > north:
        raise ValidationError(
            field, "lies outside Sweden (expected WGS 84 longitude/latitude; swapped?)",
            "outside_sweden")
    return value


def date_order(start_field: str, start: date | None, end_field: str, end: date | None) -> None:
    """Refuse an end date before its start date."""
    if start and end and end < start:
        raise ValidationError(end_field, f"is before {start_field}", "before_start")
