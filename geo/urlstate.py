"""Check a page's URL query values before the widgets read them.

Widgets bound to the URL silently drop values they do not know; a person who
followed a link deserves to be told, so the page lists what it ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping


def invalid_values(
    params: Mapping[str, list[str]], allowed: Mapping[str, Collection[str]]
) -> list[tuple[str, str]]:
    """Return ``(name, value)`` for every value of a known parameter that is not allowed.

    Unknown parameter names are not reported (other tools add their own).
    """
    bad = []
    for name, values in params.items():
        if name not in allowed:
            continue
        bad.extend((name, value) for value in values if value not in allowed[name])
    return bad
