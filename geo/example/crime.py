"""Example figures of reported crimes per municipality and year, in the store's form.

Made up, like the rest of the example data, and labelled ``source = example`` in the
store's ``crime_statistics`` table (never Brå's figures), so that the lägesbild of an example
municipality has the kartläggning's crime figures to show and says where they come from.
Real figures come from Brå's export (:mod:`geo.indicators.crime`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import pandas as pd

from geo import config

#: Category code → (label as Brå writes it, a typical yearly count in a small municipality).
CATEGORIES: dict[str, tuple[str, int]] = {
    "totalt_antal_brott": ("Totalt antal brott", 1200),
    "stoldbrott": ("Stöldbrott", 400),
    "bostadsinbrott": ("Bostadsinbrott", 30),
    "misshandel": ("Misshandel", 90),
    "skadegorelsebrott": ("Skadegörelsebrott", 180),
    "narkotikabrott": ("Narkotikabrott", 110),
}
SOURCE = "example"


def generate(codes: Iterable[str], years: Iterable[int], seed: int = config.EXAMPLE_SEED
             ) -> pd.DataFrame:
    """Deterministic counts that drift a little from year to year (no rate: no population)."""
    rng = random.Random(seed)
    years = list(years)
    rows = []
    for code in sorted(set(codes)):
        size = rng.uniform(0.6, 1.8)
        for category, (label, typical) in CATEGORIES.items():
            level = typical * size
            for year in years:
                rows.append({"kommun_kod": code, "year": year, "category_code": category,
                             "category": label, "count": max(0, round(level)),
                             "rate_per_100k": None, "source": SOURCE})
                level *= rng.uniform(0.9, 1.1)
    return pd.DataFrame(rows)


def for_codes(codes: Iterable[str]) -> pd.DataFrame:
    """The example figures for these municipalities over the example years."""
    return generate(codes, range(config.EXAMPLE_YEARS[0], config.EXAMPLE_YEARS[1] + 1))
