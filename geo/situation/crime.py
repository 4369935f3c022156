"""The hook for imported reported-crime indicators (Brå's statistics, per municipality).

The import and its store table are another part of the work; the kartläggning only
asks the store, through this small protocol, when the store offers it. A store without
it (or without rows for the municipality) leaves the figures empty with the note
"no data imported", never a zero that would read as "no crime".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class CrimeIndicators(Protocol):
    """What the kartläggning needs of imported crime statistics."""

    def reported_crimes(self, kommun_kod: str, years: Sequence[int]) -> Mapping[int, int]:
        """Reported crimes per year of ``years`` for one municipality (years absent: none)."""
        ...


def source(store: object) -> CrimeIndicators | None:
    """The store as a source of crime indicators, or None when it has none."""
    return store if isinstance(store, CrimeIndicators) else None
