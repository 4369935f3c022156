"""The query parameters of ``/collections/{id}/items``, checked, and the selection they make.

A bad value is an :class:`OgcError` (HTTP 400) naming the parameter in the reader's
language, never the parser's own words. Days: a feature's date is a whole day in
Swedish time, so a ``datetime`` instant or interval end is turned into the Swedish
day it falls on, and a feature matches when its span of days meets the interval's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from geo import config
from geo.ogcapi.layers import OPEN_END, PublicLayer

#: Features per page when the client does not say (GDAL asks for more when it knows the
#: maximum); the maximum a page holds (a larger ``limit`` is cut to it, as the standard
#: allows).
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
#: What ``/items`` understands; anything else is refused (OGC API Features, /req/core).
ITEM_PARAMETERS = frozenset({"bbox", "bbox-crs", "datetime", "limit", "offset", "f"})
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#: The ``f`` values that mean GeoJSON (the only encoding served).
JSON_FORMATS = ("json", "geojson")


class OgcError(Exception):
    """A refused request: HTTP status, OGC exception code and the catalog key of its text."""

    def __init__(self, status: int, code: str, key: str, **values: object) -> None:
        super().__init__(key)
        self.status, self.code, self.key, self.values = status, code, key, values


def bad(parameter: str) -> OgcError:
    """A 400 naming ``parameter``."""
    return OgcError(400, "InvalidParameterValue", f"ogcapi.error.{parameter}",
                    parameter=parameter)


@dataclass(frozen=True)
class Selection:
    """What one ``/items`` request asks for."""

    bbox: tuple[float, float, float, float] | None = None
    #: Day ordinals of the interval (inclusive); 0 and :data:`OPEN_END` for open ends.
    days: tuple[int, int] | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def mask(self, data: PublicLayer) -> np.ndarray:
        """Which of ``data``'s features the bbox and the interval select."""
        keep = np.ones(len(data.features), dtype=bool)
        if self.bbox is not None:
            west, south, east, north = self.bbox
            minx, miny, maxx, maxy = data.bounds.T
            with np.errstate(invalid="ignore"):  # NaN bounds (no place) compare False
                across = (maxx >= west) & (minx <= east) if west <= east \
                    else (maxx >= west) | (minx <= east)  # crosses the antimeridian
                keep &= across & (maxy >= south) & (miny <= north)
        if self.days is not None:
            first, last = self.days
            keep &= (data.first <= last) & (data.last >= first)
        return keep


def parse(params: Mapping[str, str]) -> Selection:
    """Check the parameters of an ``/items`` request (unknown ones are refused)."""
    unknown = sorted(set(params) - ITEM_PARAMETERS)
    if unknown:
        raise OgcError(400, "InvalidParameterValue", "ogcapi.error.unknown",
                       parameter=unknown[0][:40])
    check_format(params)
    if params.get("bbox-crs", CRS84) != CRS84:
        raise bad("bbox-crs")
    return Selection(
        bbox=parse_bbox(params["bbox"]) if "bbox" in params else None,
        days=parse_datetime(params["datetime"]) if "datetime" in params else None,
        limit=min(_integer(params, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT),
        offset=_integer(params, "offset", 0, 0),
    )


def check_format(params: Mapping[str, str]) -> None:
    """Refuse an ``f`` other than JSON (the one encoding served)."""
    if params.get("f", "json").lower() not in JSON_FORMATS:
        raise bad("f")


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``minx,miny,maxx,maxy`` (or six numbers with heights, which are ignored), CRS84."""
    try:
        numbers = [float(part) for part in text.split(",")]
    except ValueError:
        raise bad("bbox") from None
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise bad("bbox")
    west, south, east, north = numbers
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise bad("bbox")
    return west, south, east, north


def parse_datetime(text: str) -> tuple[int, int]:
    """An instant or an interval (``a/b``, ``../b``, ``a/..``, ``a/``, ``/b``) as days."""
    if "/" not in text:
        day = _day(text)
        return day, day
    start, _, end = text.partition("/")
    if "/" in end:
        raise bad("datetime")
    first = 0 if start in ("", "..") else _day(start)
    last = OPEN_END if end in ("", "..") else _day(end)
    if first > last:
        raise bad("datetime")
    return first, last


def _day(text: str) -> int:
    """The Swedish day (an ordinal) of an RFC 3339 date or date-time."""
    text = text.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).toordinal()
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise bad("datetime") from None
    if "T" not in text.upper():
        raise bad("datetime")
    if moment.tzinfo is not None:
        moment = moment.astimezone(config.LOCAL_TIME)
    return moment.date().toordinal()


def _integer(params: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    text = params.get(name)
    if text is None:
        return default
    text = text.strip()
    if not (text.isascii() and text.isdigit()):  # "²" is a digit to str.isdigit, not to int
        raise bad(name)
    value = int(text)
    if value < minimum:
        raise bad(name)
    return value
