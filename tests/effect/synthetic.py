"""Synthetic municipalities with a planted effect, for the estimator's criterion.

One action area and twelve comparison areas (a small municipality's DeSO areas).
Each area reports at its own rate (uniform 10–60 records per window; the action area
at 30, as an area chosen for its problems is seldom the quietest). Between the
windows the whole municipality changes by a common factor (log-normal, sd 0.3: a new
app or a news story moves every area) and each area by its own (sd 0.15: areas
never move in step). Counts are Poisson. The action multiplies the action area's
rate by ``effect`` (0.5 = halved; 1.0 = no effect).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.effect import Outcome, Panel

CONTROLS = 12
TREATED_RATE = 30.0
RATES = (10.0, 60.0)
COMMON_SD = 0.3
AREA_SD = 0.15


def municipality(seed: int, effect: float, *, controls: int = CONTROLS,
                 treated_rate: float = TREATED_RATE,
                 rates: tuple[float, float] = RATES) -> Panel:
    """A count panel of one seeded synthetic municipality."""
    rng = np.random.default_rng(seed)
    rates_ = np.concatenate([[treated_rate], rng.uniform(*rates, controls)])
    common = rng.normal(0, COMMON_SD)
    after_rates = rates_ * np.exp(common + rng.normal(0, AREA_SD, len(rates_)))
    after_rates[0] *= effect
    before, after = rng.poisson(rates_), rng.poisson(after_rates)
    size = len(rates_)
    areas = [f"A{i:02d}" for i in range(size)]
    treated = [i == 0 for i in range(size)]
    frame = pd.DataFrame({"area": areas * 2, "treated": treated * 2,
                          "period": ["before"] * size + ["after"] * size,
                          "value": np.concatenate([before, after])})
    return Panel(frame, Outcome.COUNT)


def calibrate(seeds: range) -> tuple[float, float, int, int]:
    """Coverage of a planted halving, share of "no change" without one, and how many
    blocks of 100 seeds meet both 95 bars: ``python -m tests.effect.synthetic 0 3000``."""
    import math

    from geo.effect import Verdict, estimate

    inside, quiet = [], []
    for seed in seeds:
        halved = estimate(municipality(seed, 0.5))
        inside.append(halved.low is not None and halved.high is not None
                      and halved.low <= math.log(0.5) <= halved.high)
        quiet.append(estimate(municipality(seed, 1.0)).verdict is Verdict.NO_CHANGE)
    blocks = range(0, len(inside) - len(inside) % 100, 100)
    passing = sum(sum(inside[b:b + 100]) >= 95 and sum(quiet[b:b + 100]) >= 95 for b in blocks)
    return sum(inside) / len(inside), sum(quiet) / len(quiet), passing, len(blocks)


if __name__ == "__main__":
    import sys

    print(calibrate(range(int(sys.argv[1]), int(sys.argv[2]))))
