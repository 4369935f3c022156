"""The hook for imported reported-crime indicators (Brå's statistics, per municipality).

The figures come from the store's table of Brå's statistics
(``store.crime_statistics``, :mod:`geo.indicators.crime`): per year, the row of all
crimes ("Totalt antal brott", "Samtliga brott"), never a sum of the categories (a file
holds the total beside a few crime types, so a sum would count twice or leave some out).
Anything else that answers :class:`CrimeIndicators` is used as it is. A store without
the figures leaves them empty with the note "no data imported", never a zero that would
read as "no crime".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

#: The category that counts every reported crime, as Brå's tables name it.
ALL_CRIMES = re.compile(r"^\s*(totalt|samtliga)\b", re.IGNORECASE)


@runtime_checkable
class CrimeIndicators(Protocol):
    """What the kartläggning needs of imported crime statistics."""

    def reported_crimes(self, kommun_kod: str, years: Sequence[int]) -> Mapping[int, int]:
        """Reported crimes per year of ``years`` for one municipality (years absent: none)."""
        ...


class _StoreTotals:
    """The store's imported Brå figures as :class:`CrimeIndicators`: all crimes per year."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def reported_crimes(self, kommun_kod: str, years: Sequence[int]) -> Mapping[int, int]:
        frame = self._store.crime_statistics(kommun_kod, years)
        totals = frame[frame["category"].astype(str).str.match(ALL_CRIMES)]
        return {int(year): int(count) for year, count in zip(totals["year"], totals["count"],
                                                             strict=True)}


def source(store: object) -> CrimeIndicators | None:
    """The store as a source of crime indicators, or None when it has none."""
    if isinstance(store, CrimeIndicators):
        return store
    if callable(getattr(store, "crime_statistics", None)):
        return _StoreTotals(store)
    return None
