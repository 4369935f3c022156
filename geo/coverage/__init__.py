"""Coverage analysis (issue 6): which neighbourhoods have demand but no neighbourhood watch.

:mod:`.grid` names SCB's squares, :mod:`.units` reads the other unit sources,
:mod:`.analysis` computes per unit in SWEREF 99 TM, :mod:`.service` reads the
store and exports, :mod:`.display` draws the choropleth, :mod:`.cli` is
``python -m geo coverage``. No Streamlit here.
"""

from __future__ import annotations

from geo.coverage.analysis import (
    COLUMNS,
    RANKED_COLUMNS,
    CoverageResult,
    Features,
    GridUnits,
    PolygonUnits,
    analyse,
    summary,
    uncovered,
)

__all__ = [
    "COLUMNS", "RANKED_COLUMNS", "CoverageResult", "Features", "GridUnits", "PolygonUnits",
    "analyse", "summary", "uncovered",
]
