"""What could make a before-and-after comparison mislead, read from the data.

Each caveat is a code (its words are in the catalog, ``effect.caveat.<code>``) with a
rule simple enough to say in one sentence; the rules are heuristics that warn, they
never change the estimate.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd

from geo.effect.changes import earlier_change
from geo.effect.panel import Outcome, Panel

#: Fewer records than this before and after together in the action's area(s): the
#: interval then spans more than a halving to a doubling.
FEW_REPORTS = 30
#: Fewer comparison areas than this: the interval leans on the areas varying alike,
#: and the placebo check alone cannot show a change (its smallest p is 1/(K+1)).
FEW_CONTROLS = 10
#: A channel counts as new when it has no record before and, after, at least this
#: many records and this share of the records (in the action's area or overall).
NEW_CHANNEL_RECORDS = 3
NEW_CHANNEL_SHARE = 0.10
#: The action's area stands out before when it is above this quantile of the
#: comparison areas (its rise from the earlier window, or its level without one).
STANDS_OUT = 0.9


class Caveat(StrEnum):
    """A reason to read the result with care."""

    FEW_REPORTS = "few_reports"
    NEW_CHANNEL = "new_channel"
    REGRESSION_TO_MEAN = "regression_to_mean"
    FEW_CONTROLS = "few_controls"
    NO_RESPONDENTS = "no_respondents"


def detect(panel: Panel, table: pd.DataFrame) -> tuple[Caveat, ...]:
    """The caveats that apply, in catalog order; ``table`` is the usable areas' changes."""
    found = []
    treated = table[table["treated"]]
    controls = table[~table["treated"]]
    if panel.outcome is Outcome.COUNT:
        if float((treated["before"] + treated["after"]).sum()) < FEW_REPORTS:
            found.append(Caveat.FEW_REPORTS)
        if new_channels(panel):
            found.append(Caveat.NEW_CHANNEL)
    if stands_out(panel.outcome, treated, controls):
        found.append(Caveat.REGRESSION_TO_MEAN)
    if len(controls) < FEW_CONTROLS:
        found.append(Caveat.FEW_CONTROLS)
    if panel.outcome is Outcome.SHARE and not panel.has_respondents:
        found.append(Caveat.NO_RESPONDENTS)
    return tuple(found)


def new_channels(panel: Panel) -> list[str]:
    """Reporting channels with no record before and a real part of the records after.

    Looked for in the action's areas and in all areas: a new web form may be opened
    in one district (as part of the action) or everywhere; either way more reports
    after can come from easier reporting rather than from the place.
    """
    frame = panel.frame
    if "source" not in frame.columns:
        return []
    found: set[str] = set()
    for part in (frame[frame["treated"].astype(bool)], frame):
        by_source = part.pivot_table(index="source", columns="period", values="value",
                                     aggfunc="sum", fill_value=0)
        by_source = by_source.reindex(columns=["before", "after"], fill_value=0)
        least = max(NEW_CHANNEL_RECORDS, NEW_CHANNEL_SHARE * float(by_source["after"].sum()))
        fresh = (by_source["before"] == 0) & (by_source["after"] >= least)
        found.update(str(source) for source in by_source.index[fresh])
    return sorted(found)


def stands_out(outcome: Outcome, treated: pd.DataFrame, controls: pd.DataFrame) -> bool:
    """True when the action's area was unusually high before it (regression to the mean).

    Areas are often chosen *because* their figures were high, and a high figure tends
    to be followed by a lower one whatever is done. With an ``earlier`` window the
    rule looks at the rise into the before window (earlier → before) against the
    comparison areas' rises; without one, at the before level itself.
    """
    if treated.empty or len(controls) < 2:
        return False
    rise_t, rise_c = earlier_change(treated, outcome), earlier_change(controls, outcome)
    if not np.isnan(rise_t).any() and not np.isnan(rise_c).any():
        value, others = float(np.mean(rise_t)), rise_c
        return value > 0 and value > float(np.quantile(others, STANDS_OUT))
    value = float(treated["before"].mean())
    return value > float(np.quantile(controls["before"].to_numpy(float), STANDS_OUT))
