"""Difference-in-differences with an interval that stays honest with few areas.

The estimate is the textbook one: the action's area's change (after − before) minus
the comparison areas' mean change, on the log scale for counts and in percentage
points for shares (:mod:`geo.effect.changes`). With several treated areas their
mean change is used.

Why this interval. A municipality gives one treated area (seldom more) against 5–30
comparison areas, and the usual tools fail there:

- a **permutation (placebo) test** alone, each area in turn as "treated", cannot
  reach 5 %: its smallest p is 1/(K + 1), 1/13 with 12 comparison areas, so its
  95 % interval is the whole line;
- a **bootstrap over areas** resamples the comparison areas and leaves out the
  treated area's own noise, the largest part of the error with one treated area, so
  its interval is too narrow.

So the interval is built from what the data do tell (the idea of Conley & Taber 2011):
the error of the estimate is the treated area's own deviation minus the controls'
mean deviation. The controls' spread of change (sample variance ``s²``, K − 1
degrees of freedom) estimates the second part directly (``s²/K``) and is taken as the
first part too: without the action, the treated area would have varied as a typical
comparison area does. Where its own sampling noise is larger than the controls'
average (a small area: Poisson variance ``1/(after + ½) + 1/(before + ½)`` from its
counts, or ``p(1 − p)/n`` from its respondents) the excess is added. Splitting ``s²``
into sampling noise and real differences in trend would give a narrower interval for
a large treated area, but with 5–30 areas that split is too uncertain: in
simulations it covered only 93 % instead of 95 % when the treated area was larger
than its comparison areas; the rule used here stayed at 95–99.7 % in every setting
tried (1 treated against 5, 12 and 30 areas; 3–300 records per area; areas' own
trends from none to sd 0.3; simulated like ``tests/effect/synthetic.py``). The interval is
``estimate ± t · SE`` with Student's t on K − 1 degrees of freedom, fewer when the
areas' noise differs (:func:`degrees_of_freedom`), because ``s²`` rests on K areas.
It assumes the treated area would have varied like the comparison areas without the
action, which no interval can avoid. The placebo check reported beside it assumes
less (only that the areas could have been swapped) and is studentised, so a small
noisy area does not dominate it; it does not decide the verdict, as it cannot reach
5 % with fewer than 19 comparison areas.

The verdict is "increase" or "decrease" when the interval leaves out zero, "no
detectable change" when it holds zero, and "too little data" when there is no
basis for an interval (:data:`MIN_CONTROLS`, :data:`MIN_EVENTS`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from geo.effect import tdist
from geo.effect.caveats import Caveat, detect
from geo.effect.changes import area_changes
from geo.effect.panel import Outcome, Panel

LEVEL = 0.95
#: Fewer usable comparison areas than this: no interval (t with 2 df is 4.3 wide).
MIN_CONTROLS = 4
#: Fewer records than this before and after together in the action's area(s): the
#: log-ratio's normal approximation fails, no interval.
MIN_EVENTS = 10
#: Placebo assignments: all of them up to this many, else this many random ones.
PLACEBO_EXACT = 5000
PLACEBO_DRAWS = 1999
PLACEBO_SEED = 19


class Verdict(StrEnum):
    """What the data say, in the words a reader gets (``effect.verdict.<code>``)."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NO_CHANGE = "no_change"
    TOO_LITTLE_DATA = "too_little_data"


class Shortage(StrEnum):
    """Why the data are too few for any answer (``effect.shortage.<code>``)."""

    NO_TREATED = "no_treated"
    FEW_CONTROLS = "few_controls"
    FEW_EVENTS = "few_events"
    NO_SPREAD = "no_spread"


class Scale(StrEnum):
    """The scale of the estimate and its interval."""

    LOG_RATIO = "log_ratio"
    POINTS = "points"


@dataclass(frozen=True)
class EffectResult:
    """The estimate (on ``scale``), its 95 % interval, checks, verdict and caveats.

    ``estimate``, ``low``, ``high``, ``p_value`` are None when the verdict is "too
    little data". ``placebo_count`` of ``placebo_total`` assignments of the treated
    label gave a studentised difference at least as large as the real one
    (``placebo_p`` is their ratio). ``changes`` is the per-area table it rests on.
    """

    outcome: Outcome
    scale: Scale
    verdict: Verdict
    estimate: float | None
    low: float | None
    high: float | None
    p_value: float | None
    placebo_count: int | None
    placebo_total: int | None
    n_treated: int
    n_controls: int
    excluded: tuple[str, ...]
    caveats: tuple[Caveat, ...]
    shortage: Shortage | None = None
    changes: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False, repr=False)

    @property
    def placebo_p(self) -> float | None:
        if self.placebo_count is None or not self.placebo_total:
            return None
        return self.placebo_count / self.placebo_total

    def percent(self) -> tuple[float, float, float] | None:
        """Counts: the estimate and interval as per cent change of the rate (−50 = halved)."""
        if self.scale is not Scale.LOG_RATIO or self.estimate is None:
            return None
        low, high = self.low, self.high
        assert low is not None and high is not None
        return (100 * math.expm1(self.estimate), 100 * math.expm1(low), 100 * math.expm1(high))


def estimate(panel: Panel) -> EffectResult:
    """Difference-in-differences of ``panel`` with its 95 % interval and verdict."""
    table = area_changes(panel)
    excluded = tuple(table.loc[~table["usable"], "area"].astype(str))
    usable = table[table["usable"]].reset_index(drop=True)
    treated = usable["treated"].to_numpy(bool)
    scale = Scale.LOG_RATIO if panel.outcome is Outcome.COUNT else Scale.POINTS
    caveats = detect(panel, usable)
    base = {"outcome": panel.outcome, "scale": scale, "n_treated": int(treated.sum()),
            "n_controls": int((~treated).sum()), "excluded": excluded, "caveats": caveats,
            "changes": table}
    shortage = _shortage(panel, usable)
    change = usable["change"].to_numpy(float)
    variance = usable["variance"].to_numpy(float)
    if shortage is None:
        tau, se = (float(x[0]) for x in _difference(change, variance, treated[None, :]))
        shortage = Shortage.NO_SPREAD if se == 0 else None
    if shortage is not None:
        return EffectResult(verdict=Verdict.TOO_LITTLE_DATA, estimate=None, low=None,
                            high=None, p_value=None, placebo_count=None, placebo_total=None,
                            shortage=shortage, **base)
    df = degrees_of_freedom(change[~treated], variance[~treated])
    half = tdist.quantile(LEVEL, df) * se
    low, high = tau - half, tau + half
    verdict = (Verdict.DECREASE if high < 0 else Verdict.INCREASE if low > 0
               else Verdict.NO_CHANGE)
    count, total = placebo(change, variance, treated)
    return EffectResult(verdict=verdict, estimate=tau, low=low, high=high,
                        p_value=tdist.two_sided_p(tau / se, df), placebo_count=count,
                        placebo_total=total, **base)


def placebo(change: np.ndarray, variance: np.ndarray, treated: np.ndarray) -> tuple[int, int]:
    """How many assignments of the treated label give a |t| at least the real one's.

    Every way to choose the treated areas among all usable areas (the real one
    included) when there are at most :data:`PLACEBO_EXACT`, else the real one and
    :data:`PLACEBO_DRAWS` seeded random ones, so the answer is repeatable.
    """
    n, m = len(change), int(treated.sum())
    if math.comb(n, m) <= PLACEBO_EXACT:
        chosen = [list(c) for c in itertools.combinations(range(n), m)]
    else:
        rng = np.random.default_rng(PLACEBO_SEED)
        chosen = [list(np.flatnonzero(treated))]
        chosen += [list(rng.choice(n, m, replace=False)) for _ in range(PLACEBO_DRAWS)]
    masks = np.zeros((len(chosen), n), dtype=bool)
    for row, areas in enumerate(chosen):
        masks[row, areas] = True
    tau, se = _difference(change, variance, masks)
    real_tau, real_se = _difference(change, variance, treated[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.abs(np.nan_to_num(tau / se, nan=0.0, posinf=np.inf))
        real = abs(float(real_tau[0] / real_se[0]))
    return int((t >= real * (1 - 1e-9)).sum()), len(chosen)


def _difference(change: np.ndarray, variance: np.ndarray, masks: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Estimate and standard error for each row of ``masks`` (True = treated).

    Vectorised over rows so that the placebo's thousands of assignments cost one
    matrix product.
    """
    m, k = masks.sum(axis=1), (~masks).sum(axis=1)
    sum_t, sum_c = masks @ change, (~masks) @ change
    tau = sum_t / m - sum_c / k
    spread = np.clip(((~masks) @ change**2 - sum_c**2 / k) / (k - 1), 0, None)
    if np.isnan(variance).any():
        own = spread / m
    else:
        typical = ((~masks) @ variance) / k
        noisier = np.clip(variance[None, :] - typical[:, None], 0, None)
        own = (m * spread + (masks * noisier).sum(axis=1)) / m**2
    return tau, np.sqrt(own + spread / k)


def degrees_of_freedom(change: np.ndarray, variance: np.ndarray) -> int:
    """K − 1, fewer when the comparison areas' noise differs (Welch–Satterthwaite).

    The spread ``s²`` of K changes has K − 1 degrees of freedom only when every area
    varies alike. A municipality's areas do not: a small area's change is far noisier
    than a large one's, so a few areas carry most of ``s²`` and it is less certain
    than K − 1 says. Each area's variance is estimated as the areas' common part
    (``max(0, s² − mean sampling variance)``) plus its own sampling variance ``w``,
    and the degrees of freedom are ``(K − 1)(Σw)² / (K Σw²)``, rounded down (which
    is K − 1 for equal areas). Without sampling variances (shares without ``n``): K − 1.
    """
    k = len(change)
    if np.isnan(variance).any():
        return k - 1
    common = max(0.0, float(np.var(change, ddof=1)) - float(np.mean(variance)))
    w = common + variance
    return max(1, math.floor((k - 1) * float(w.sum()) ** 2 / (k * float((w**2).sum()))))


def _shortage(panel: Panel, usable: pd.DataFrame) -> Shortage | None:
    treated = usable[usable["treated"]]
    if treated.empty:
        return Shortage.NO_TREATED
    if int((~usable["treated"]).sum()) < MIN_CONTROLS:
        return Shortage.FEW_CONTROLS
    if (panel.outcome is Outcome.COUNT
            and float((treated["before"] + treated["after"]).sum()) < MIN_EVENTS):
        return Shortage.FEW_EVENTS
    return None
