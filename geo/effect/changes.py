"""Each area's change from before to after, on the scale the comparison is made on.

Counts are compared on the **log scale** (a rate ratio): areas differ tenfold in
size, and an action that halves reports halves them in a large area and a small one
alike, so a multiplicative effect is one number on this scale, and differences of
logs are what difference-in-differences of counts should subtract. Half a record is
added to each count (zero reports would have no logarithm, and the half makes the
log ratio nearly unbiased for Poisson counts); its sampling variance is then close
to ``1/(after + ½) + 1/(before + ½)``, which is known from the counts themselves.

Shares are compared in **percentage points** (after − before): they are already on
one scale for every area. Their sampling variance is ``p(1 − p)/n`` per period when
the number of respondents ``n`` is known, and unknown otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.effect.panel import Outcome, Panel

HALF = 0.5
COLUMNS = ("area", "treated", "earlier", "before", "after", "change", "variance", "usable")


def area_changes(panel: Panel) -> pd.DataFrame:
    """One row per area (:data:`COLUMNS`): levels, change, its sampling variance, usable.

    An area is usable when it says something about change: counts with at least one
    record before or after (an area with none in either has no information on the
    ratio), shares with a value in both periods.
    """
    values = panel.by_area()
    before, after = values["before"].to_numpy(float), values["after"].to_numpy(float)
    if panel.outcome is Outcome.COUNT:
        change = (np.log((after + HALF) / (before + HALF))
                  - np.log(panel.after_days / panel.before_days))
        variance = 1 / (after + HALF) + 1 / (before + HALF)
        usable = before + after > 0
    else:
        change = after - before
        variance = _share_variance(values) if panel.has_respondents else (
            np.full(len(values), np.nan))
        usable = ~np.isnan(change)
    out = values.assign(change=change, variance=variance, usable=usable)
    return pd.DataFrame(out[list(COLUMNS)]).reset_index(drop=True)


def earlier_change(table: pd.DataFrame, outcome: Outcome) -> np.ndarray:
    """Change from the ``earlier`` window to ``before`` (NaN without an earlier window)."""
    earlier, before = table["earlier"].to_numpy(float), table["before"].to_numpy(float)
    if outcome is Outcome.COUNT:
        return np.log((before + HALF) / (earlier + HALF))
    return before - earlier


def _share_variance(values: pd.DataFrame) -> np.ndarray:
    """Sampling variance of a difference of two survey shares, in points²."""
    total = np.zeros(len(values))
    for period in ("before", "after"):
        count = values[f"n_{period}"].to_numpy(float)
        share = values[period].to_numpy(float) / 100
        share = np.clip(share, HALF / count, 1 - HALF / count)  # 0 % or 100 % still varies
        total += share * (1 - share) / count
    return total * 100**2
