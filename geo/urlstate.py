"""The page's state in its URL: plain codes in, plain codes out, never anything pickled.

``?kommun=1270&year=2020&pledge=tomelilla-2020&lang=en`` reproduces a view. Values
are the stored codes, not the labels a widget shows, so a link made in Swedish
opens the same view in English. (Streamlit's ``bind="query-params"`` writes the
formatted label into the URL, which is why the page syncs the URL itself.)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from geo.domain.filters import PLEDGE_ALL, Filter


@dataclass(frozen=True)
class Param:
    """One URL parameter: its allowed codes, whether it repeats, how to convert it.

    ``key`` is the Session State key of the page's widget when it is not the URL name:
    two pages may use the same short URL name (``pledge``) for different choices (the
    map's pledge filter, the pledge the Löften page shows), and each page's widget
    keeps its own value.
    """

    allowed: Collection[str]
    multi: bool = False
    convert: Callable[[str], Any] = str
    key: str | None = None

    def state_key(self, name: str) -> str:
        """The Session State key for the URL parameter ``name``."""
        return self.key or name


def parse(
    params: Mapping[str, list[str]], specs: Mapping[str, Param]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Split URL values into accepted values and ``(name, value)`` pairs that were ignored.

    Unknown parameter names are left alone (other tools add their own).
    """
    values: dict[str, Any] = {}
    ignored: list[tuple[str, str]] = []
    for name, raw in params.items():
        spec = specs.get(name)
        if spec is None:
            continue
        good = [value for value in raw if value in spec.allowed]
        ignored.extend((name, value) for value in raw if value not in spec.allowed)
        if spec.multi:
            values[name] = [spec.convert(value) for value in dict.fromkeys(good)]
        elif good:
            values[name] = spec.convert(good[-1])
    return values, ignored


def encode(values: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, str | list[str]]:
    """The query parameters for ``values``, leaving out what equals its default."""
    params: dict[str, str | list[str]] = {}
    for name, value in values.items():
        if value is None or value == defaults.get(name) or value == []:
            continue
        params[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return params


# -- the map's filter as URL parameters -----------------------------------------------------

#: The map page's parameter of each :class:`~geo.domain.filters.Filter` field that is a
#: tuple of codes (repeated in the URL); ``app.filter_panel`` reads the same names.
FILTER_MULTI: Mapping[str, str] = {
    "categories": "category", "place_statuses": "place_status",
    "finding_statuses": "finding_status", "kinds": "kind", "responsible": "responsible",
    "ids": "id",
}


def filter_query(flt: Filter, layers: Sequence[str] = ()) -> dict[str, str | list[str]]:
    """The map's URL parameters showing exactly ``flt`` (and only ``layers``, if given).

    The inverse of :func:`parse_filter`; values left at their default are left out.
    """
    params: dict[str, str | list[str]] = {"kommun": flt.kommun_kod, "year": str(flt.year_from)}
    if flt.year_to != flt.year_from:
        params["year_to"] = str(flt.year_to)
    if flt.pledge != PLEDGE_ALL:
        params["pledge"] = flt.pledge
    for name, param in FILTER_MULTI.items():
        if getattr(flt, name):
            params[param] = list(getattr(flt, name))
    if flt.commitment:
        params["commitment"] = flt.commitment
    if flt.late_on is not None:
        params["late_on"] = flt.late_on.isoformat()
    if layers:
        params["layers"] = list(layers)
    return params


def map_url(flt: Filter, layers: Sequence[str] = (), page: str = "/") -> str:
    """A link to the map page (``page``) filtered to ``flt``: ``/?kommun=1270&year=2020…``."""
    return page + "?" + urlencode(filter_query(flt, layers), doseq=True)


def parse_filter(url_or_query: str) -> tuple[Filter, tuple[str, ...]]:
    """The Filter and layers a map link shows (the link is followed as the page reads it).

    Raises :class:`~geo.domain.validation.ValidationError` for a value the filter refuses.
    """
    query = parse_qs(urlsplit(url_or_query).query, keep_blank_values=False)

    def one(name: str) -> str | None:
        return query[name][-1] if name in query else None

    year = int(one("year") or 0)
    late_on = one("late_on")
    flt = Filter(
        kommun_kod=one("kommun") or "", year_from=year, year_to=int(one("year_to") or year),
        pledge=one("pledge") or PLEDGE_ALL, commitment=one("commitment"),
        late_on=date.fromisoformat(late_on) if late_on else None,
        **{name: tuple(dict.fromkeys(query.get(param, [])))
           for name, param in FILTER_MULTI.items()},
    )
    return flt, tuple(query.get("layers", []))
