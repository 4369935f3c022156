"""Student's t distribution for whole degrees of freedom, without SciPy.

The estimator needs two numbers from it: the 97.5 % quantile (for a 95 % interval)
and a two-sided p-value. The degrees of freedom are a count of comparison areas
minus one, so always a whole number; for those the distribution has a closed form
(Abramowitz & Stegun 26.7.3–4), exact to rounding, and a bisection inverts it. This
keeps a 40 MB dependency out of the app for two numbers.
"""

from __future__ import annotations

import math


def central(t: float, df: int) -> float:
    """``P(|T| < t)`` for Student's t with ``df`` degrees of freedom.

    The finite series in ``cos θ`` (θ = atan(t / √df)) is exact for whole ``df``.
    """
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    t = abs(t)
    if math.isinf(t):
        return 1.0
    theta = math.atan(t / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2:  # odd: 2/π (θ + sin θ cos θ (1 + 2/3 cos²θ + 2·4/(3·5) cos⁴θ + …))
        if df == 1:
            return 2 * theta / math.pi
        term = total = 1.0
        for k in range(1, (df - 1) // 2):
            term *= c2 * (2 * k) / (2 * k + 1)
            total += term
        return 2 / math.pi * (theta + math.sin(theta) * math.cos(theta) * total)
    term = total = 1.0  # even: sin θ (1 + 1/2 cos²θ + 1·3/(2·4) cos⁴θ + …)
    for k in range(1, df // 2):
        term *= c2 * (2 * k - 1) / (2 * k)
        total += term
    return math.sin(theta) * total


def two_sided_p(t: float, df: int) -> float:
    """The chance of a t at least as far from 0 as ``t`` when the truth is 0."""
    return max(0.0, 1.0 - central(t, df))


def quantile(level: float, df: int) -> float:
    """The ``t`` with ``P(|T| < t) = level`` (``level`` 0.95 gives the 97.5 % quantile)."""
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    low, high = 0.0, 1.0
    while central(high, df) < level:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if central(mid, df) < level:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2
