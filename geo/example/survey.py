"""Example safety-survey results (trygghetsmätning) for the pledges' municipalities.

Made up, like the rest of the example data, and labelled ``source = example`` in the
store's ``survey_results`` table, so the meeting page says so. Grid squares (1 km, SCB's
grid) around the real town centres: they need no download, unlike DeSO/RegSO polygons.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping

import pandas as pd
from pyproj import Transformer

from geo import config
from geo.coverage import grid
from geo.survey.results import COLUMNS


def generate(towns: Mapping[str, Iterable[tuple[float, float]]], years: Iterable[int],
             seed: int = config.EXAMPLE_SEED) -> pd.DataFrame:
    """Deterministic results on the 1 km squares around each town centre.

    ``towns`` maps a municipality code to town centres (lon, lat). Shares drift
    down a little each year with noise: plausible, and labelled ``example``.
    """
    rng = random.Random(seed)
    to_grid = Transformer.from_crs(config.STORAGE_CRS, config.MEASURE_CRS, always_xy=True)
    years = list(years)
    rows = []
    for code, centres in sorted(towns.items()):
        squares: list[str] = []
        for lon, lat in centres:
            x, y = to_grid.transform(lon, lat)
            for dx in (-1000, 0, 1000):
                for dy in (-1000, 0, 1000):
                    square = grid.point_id(x + dx, y + dy, 1000)
                    if square not in squares:
                        squares.append(square)
        for square in squares:
            unsafe, burglary = rng.uniform(15, 45), rng.uniform(20, 50)
            for year in years:
                rows.append({"kommun_kod": code, "area_kind": "grid", "area_id": square,
                             "grid_size": 1000, "year": year,
                             "unsafe_evening": round(min(100, max(0, unsafe)), 1),
                             "worry_burglary": round(min(100, max(0, burglary)), 1),
                             "source": "example"})
                unsafe += rng.uniform(-3.5, 1.5)
                burglary += rng.uniform(-3.0, 2.0)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def for_codes(codes: Iterable[str]) -> pd.DataFrame:
    """The example results for these municipalities (those with known town centres)."""
    from geo.example.towns import TOWNS

    wanted = set(codes)
    towns = {code: [(t.lon, t.lat) for t in found] for code, found in TOWNS.items()
             if code in wanted}
    return generate(towns, range(config.EXAMPLE_YEARS[0], config.EXAMPLE_YEARS[1] + 1))
