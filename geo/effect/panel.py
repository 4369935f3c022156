"""The estimator's input: one outcome per area and period, checked once.

A :class:`Panel` is a long table, one row per area, period and (for counts) reporting
channel, so that the same input serves the store's counts and the survey's shares,
and a test can write one by hand:

``area``
    the area's id (text): a DeSO/RegSO code, a district, an SCB square, a circle.
``treated``
    True for the action's area(s), False for the comparison areas.
``period``
    ``"before"`` or ``"after"`` the action, or ``"earlier"`` (the window before
    ``before``, optional: it is read only to warn of regression to the mean).
``value``
    a count of records (counts) or a share in per cent, 0–100 (survey shares).
``n`` (optional)
    survey respondents behind a share; their number gives the area's own sampling
    error. Without it that error is estimated from the comparison areas' spread.
``source`` (optional)
    the reporting channel of counted records, to notice a channel that starts
    within the window (:mod:`geo.effect.caveats`).

Rows of one area and period are added up (counts) or averaged, weighted by ``n``
when it is given (shares), so several survey years or channels may be given as rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

PERIODS = ("earlier", "before", "after")
REQUIRED = ("area", "treated", "period", "value")


class Outcome(StrEnum):
    """What the values are: counts of records, or shares in per cent."""

    COUNT = "count"
    SHARE = "share"


class PanelError(ValueError):
    """The panel is malformed (a programming error of the caller, not the user's data)."""


@dataclass(frozen=True)
class Panel:
    """A checked outcome table (see the module text) and what its values are.

    ``before_days`` and ``after_days`` are the lengths of the count windows; counts
    are compared as rates, so unequal windows are allowed, but the builder makes
    them equal (a season in one and not the other would show as a change).
    """

    frame: pd.DataFrame
    outcome: Outcome
    before_days: float = 1.0
    after_days: float = 1.0

    def __post_init__(self) -> None:
        frame = self.frame
        missing = [c for c in REQUIRED if c not in frame.columns]
        if missing:
            raise PanelError(f"panel: missing columns {missing}")
        periods = set(frame["period"].unique()) - set(PERIODS)
        if periods:
            raise PanelError(f"panel: unknown periods {sorted(map(str, periods))}")
        values = pd.to_numeric(frame["value"], errors="coerce")
        if values.isna().any() or (values < 0).any():
            raise PanelError("panel: values must be numbers, not negative")
        if self.outcome is Outcome.SHARE and (values > 100).any():
            raise PanelError("panel: shares are per cent, 0–100")
        if "n" in frame.columns:
            n = pd.to_numeric(frame["n"], errors="coerce")
            if n.isna().any() or (n <= 0).any():
                raise PanelError("panel: respondents n must be positive numbers")
        if self.before_days <= 0 or self.after_days <= 0:
            raise PanelError("panel: window lengths must be positive")
        treated = frame.groupby(frame["area"].astype(str))["treated"].nunique()
        if (treated > 1).any():
            raise PanelError("panel: an area is both treated and not")

    @property
    def has_respondents(self) -> bool:
        """True when every share comes with its number of respondents."""
        return self.outcome is Outcome.SHARE and "n" in self.frame.columns

    def by_area(self) -> pd.DataFrame:
        """One row per area: ``area, treated``, the value of each period and its ``n_<period>``.

        Counts are summed over rows; shares averaged, weighted by ``n`` when given (their
        ``n`` summed). A count area gets 0 for a period it has no row for (no record is a
        count of 0) when some area has that period; a share without a row stays NaN (not
        surveyed). ``n`` is the count itself for counts and NaN for shares without it.
        """
        codes, names = pd.factorize(self.frame["area"].astype(str), sort=True)
        period = self.frame["period"].to_numpy()
        value = pd.to_numeric(self.frame["value"]).to_numpy(float)
        if self.has_respondents:
            n = pd.to_numeric(self.frame["n"]).to_numpy(float)
        else:
            n = value if self.outcome is Outcome.COUNT else np.full(len(value), np.nan)
        size = len(names)
        treated = np.zeros(size, dtype=bool)
        treated[codes] = self.frame["treated"].to_numpy(bool)
        out: dict[str, np.ndarray] = {"area": np.asarray(names, dtype=object),
                                      "treated": treated}
        for name in PERIODS:
            rows = period == name
            where = codes[rows]
            rows_n = np.bincount(where, minlength=size)
            total_n = np.bincount(where, n[rows], minlength=size)
            if self.outcome is Outcome.COUNT:
                total = np.bincount(where, value[rows], minlength=size)
                out[name] = out[f"n_{name}"] = total if rows.any() else np.full(size, np.nan)
                continue
            weight = n[rows] if self.has_respondents else np.ones(int(rows.sum()))
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = (np.bincount(where, value[rows] * weight, minlength=size)
                        / np.bincount(where, weight, minlength=size))
            out[name] = np.where(rows_n > 0, mean, np.nan)
            out[f"n_{name}"] = np.where(rows_n > 0, total_n, np.nan)
        frame = pd.DataFrame(out)
        return frame.sort_values(["treated", "area"], ascending=[False, True],
                                 ignore_index=True)
