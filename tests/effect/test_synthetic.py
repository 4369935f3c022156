"""The issue's criterion on seeded synthetic municipalities (:mod:`.synthetic`).

The issue asks: a planted halving inside the 95 % interval in at least 95 of 100 runs, and
"no detectable change" without an effect in at least 95 of 100 runs. A 95 % interval that is
right misses in about 5 runs of 100, so a single block of 100 seeds passes or fails that bar by
chance (over seeds 0–5999: 51 of 60 blocks met both; the first block, 0–99, gave 92 and 93).
The test therefore holds the same rate over the first 1,000 seeds, fixed in advance: at least
950 of 1,000 (over 6,000 seeds this estimator covered 97.1 % and said "no detectable
change" in 96.5 %). Reproduce: ``python -m tests.effect.synthetic 0 6000``.
"""

from __future__ import annotations

import math

import pytest

from geo.effect import Verdict, estimate
from tests.effect.synthetic import municipality

SEEDS = range(1000)


def test_a_planted_halving_is_inside_the_interval_in_95_percent_of_runs():
    inside = 0
    for seed in SEEDS:
        result = estimate(municipality(seed, 0.5))
        assert result.low is not None and result.high is not None
        inside += result.low <= math.log(0.5) <= result.high
    assert inside >= 950, inside


def test_without_an_effect_no_detectable_change_in_95_percent_of_runs():
    verdicts = [estimate(municipality(seed, 1.0)).verdict for seed in SEEDS]
    assert verdicts.count(Verdict.NO_CHANGE) >= 950, verdicts.count(Verdict.NO_CHANGE)


@pytest.mark.parametrize("effect", [0.5, 2.0])
def test_larger_areas_show_a_halving_or_doubling_in_most_runs(effect):
    # Not the criterion, but it keeps "no detectable change" from being the only
    # answer: with 50–300 records per area a halving (or doubling) is usually seen.
    verdicts = [estimate(municipality(seed, effect, treated_rate=150, rates=(50, 300))).verdict
                for seed in range(100)]
    expected = Verdict.DECREASE if effect < 1 else Verdict.INCREASE
    assert verdicts.count(expected) >= 70
    assert verdicts.count(Verdict.INCREASE if effect < 1 else Verdict.DECREASE) == 0
