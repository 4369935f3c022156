"""What every reader returns: named columns, the source line of each row, and shapes if any."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyproj import CRS
from shapely.geometry.base import BaseGeometry


@dataclass
class SourceTable:
    """A file's rows, column by column, before mapping and validation.

    ``lines`` holds the line (CSV), row (Excel) or feature number (GIS files) that the
    import report cites for each row. ``geometries`` is set for GIS formats, where
    shapes come with the rows; ``crs`` is the file's own coordinate system, if stated.
    ``notes`` are facts about the reading (encoding, separator …) as ``(code, values)``.
    """

    format: str
    columns: list[str]
    data: dict[str, list[Any]]
    lines: list[int]
    geometries: list[BaseGeometry | None] | None = None
    crs: CRS | None = None
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: Rows the reader could not split into cells: ``(line, code, values)``.
    broken: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> list[Any]:
        """The values of one column (a missing column is all None)."""
        return self.data.get(name) or [None] * len(self.lines)

    def row(self, index: int) -> dict[str, Any]:
        """One row as ``{column: value}`` (for the rejected-rows download)."""
        return {name: self.data[name][index] for name in self.columns}
