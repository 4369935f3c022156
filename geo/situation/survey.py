"""Survey results by area (trygghetsmätning) as kartläggning figures.

The results are the store's survey table (:mod:`geo.survey.results`), shares in per cent
per area and year; they are not records on the map, so their figures link to none and
say so (the survey page shows them by area).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from geo.situation import model as m
from geo.store.base import Store
from geo.survey.results import MEASURES, load

if TYPE_CHECKING:
    from geo.situation.records import Period


def figures(store: Store, kommuner: Sequence[str], period: Period) -> tuple[m.Figure, ...]:
    """Each measure per area and year of the period, for each municipality."""
    result = []
    for kommun in kommuner:
        table = load(store, kommun)
        if table.empty:
            continue
        table = table[table["year"].astype(int).between(period.first, period.last)]
        for row in table.sort_values(["area_kind", "area_id", "year"]).itertuples(index=False):
            for measure in MEASURES:
                value = getattr(row, measure)
                if value is None or pd.isna(value):
                    continue
                year = int(row.year)
                result.append(m.Figure(
                    f"survey_{measure}", float(value), 0, (year, year), str(row.area_kind),
                    m.SOURCE_SURVEY,
                    (("kommun", kommun), ("area", str(row.area_id)), ("year", str(year))),
                    (), m.NOTE_SURVEY))
    return tuple(result)
