"""The page's state in its URL: plain codes in, plain codes out, never anything pickled.

``?kommun=1270&year=2020&pledge=tomelilla-2020&lang=en`` reproduces a view. Values
are the stored codes, not the labels a widget shows, so a link made in Swedish
opens the same view in English. (Streamlit's ``bind="query-params"`` writes the
formatted label into the URL, which is why the page syncs the URL itself.)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any


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
