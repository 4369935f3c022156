"""Did it help? Before and after an action, against comparison areas (issue 19).

:mod:`.panel` is the input (an outcome per area and period), :mod:`.changes` each
area's change, :mod:`.estimate` the difference-in-differences with its interval and
verdict, :mod:`.caveats` what may mislead, :mod:`.build` makes a panel from the
store, :mod:`.words` says the result in Swedish or English, :mod:`.plan` answers it for
a row of an åtgärdsplan (its areas: :mod:`.plan_areas`). Never a claim of cause:
a difference in time and place is what the data can show. No Streamlit here.
"""

from __future__ import annotations

from geo.effect.caveats import Caveat
from geo.effect.estimate import EffectResult, Scale, Shortage, Verdict, estimate
from geo.effect.panel import Outcome, Panel, PanelError

__all__ = ["Caveat", "EffectResult", "Outcome", "Panel", "PanelError", "Scale", "Shortage",
           "Verdict", "estimate"]
