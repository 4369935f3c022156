"""The estimator on examples small enough to work out by hand."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest

from geo.effect import Caveat, Outcome, Panel, PanelError, Shortage, Verdict, estimate, tdist
from geo.effect.estimate import MIN_CONTROLS, MIN_EVENTS


def panel(rows: dict[str, tuple[float, float]], treated: set[str], outcome: Outcome,
          **extra: object) -> Panel:
    """``{area: (before, after)}`` as a panel."""
    frame = pd.DataFrame(
        [(area, area in treated, period, value) for area, pair in rows.items()
         for period, value in zip(("before", "after"), pair, strict=True)],
        columns=["area", "treated", "period", "value"])
    return Panel(frame, outcome, **extra)  # type: ignore[arg-type]


# Survey shares in per cent: the action area fell 40 → 30 (−10 points), the four
# comparison areas rose by 2, 1, 3 and 2 (mean +2): the difference is −10 − 2 = −12.
SHARES = {"A": (40, 30), "B": (20, 22), "C": (30, 31), "D": (25, 28), "E": (35, 37)}


def test_shares_hand_worked():
    result = estimate(panel(SHARES, {"A"}, Outcome.SHARE))
    assert result.estimate == pytest.approx(-12)
    # controls' changes 2, 1, 3, 2: mean 2, squares 0 + 1 + 1 + 0 = 2, s² = 2/3.
    # No respondents: the action area varies like a control (s²), the mean of four
    # controls by s²/4, so SE² = 2/3 + 1/6 = 5/6, with 3 degrees of freedom.
    assert tdist.quantile(0.95, 3) == pytest.approx(3.18245, abs=1e-5)  # the t table
    half = 3.182446 * math.sqrt(5 / 6)
    assert result.low == pytest.approx(-12 - half, abs=1e-4)
    assert result.high == pytest.approx(-12 + half, abs=1e-4)
    assert result.verdict is Verdict.DECREASE
    assert (result.n_treated, result.n_controls) == (1, 4)
    # Five ways to call one area treated; only the real one is as extreme.
    assert (result.placebo_count, result.placebo_total) == (1, 5)
    assert result.placebo_p == pytest.approx(0.2)
    assert Caveat.NO_RESPONDENTS in result.caveats and Caveat.FEW_CONTROLS in result.caveats


def test_counts_hand_worked_on_the_log_scale():
    counts = {"A": (39, 19), "B": (9, 11), "C": (19, 19), "D": (29, 25), "E": (49, 50),
              "F": (14, 16)}
    result = estimate(panel(counts, {"A"}, Outcome.COUNT))

    def change(before: float, after: float) -> float:
        return math.log((after + 0.5) / (before + 0.5))

    def noise(before: float, after: float) -> float:
        return 1 / (after + 0.5) + 1 / (before + 0.5)

    controls = [change(*counts[a]) for a in "BCDEF"]
    noises = [noise(*counts[a]) for a in "BCDEF"]
    tau = math.log(19.5 / 39.5) - statistics.mean(controls)
    s2 = statistics.variance(controls)
    own = s2 + max(0.0, noise(39, 19) - statistics.mean(noises))  # A is noisier than typical
    se = math.sqrt(own + s2 / 5)
    w = [max(0.0, s2 - statistics.mean(noises)) + v for v in noises]
    df = math.floor(4 * sum(w) ** 2 / (5 * sum(x * x for x in w)))
    assert result.estimate == pytest.approx(tau)
    assert result.low == pytest.approx(tau - tdist.quantile(0.95, df) * se)
    assert result.high == pytest.approx(tau + tdist.quantile(0.95, df) * se)
    assert df == 3  # not 4: the areas' noise differs (B and F are small, E is large)
    # About −53 % against controls that barely moved (−70 % to −25 %): a decrease.
    percent = result.percent()
    assert percent[0] == pytest.approx(100 * math.expm1(tau))
    assert [round(x) for x in percent] == [-53, -70, -25]
    assert result.verdict is Verdict.DECREASE


def test_two_treated_areas_use_their_mean_change():
    rows = {**SHARES, "A2": (50, 44)}  # −6: the treated mean change is (−10 − 6) / 2 = −8
    result = estimate(panel(rows, {"A", "A2"}, Outcome.SHARE))
    assert result.estimate == pytest.approx(-8 - 2)
    assert result.n_treated == 2
    assert result.placebo_total == math.comb(6, 2)


def test_many_ways_to_choose_are_sampled_with_a_fixed_seed():
    rng = np.random.default_rng(5)
    rows = {f"X{i:02d}": (int(b), int(b) + int(d)) for i, (b, d) in
            enumerate(zip(rng.integers(20, 60, 40), rng.integers(-5, 6, 40), strict=True))}
    treated = {"X00", "X01", "X02"}  # C(40, 3) = 9880 ways: the real one and 1999 drawn
    first = estimate(panel(rows, treated, Outcome.COUNT))
    assert first.placebo_total == 2000
    assert first == estimate(panel(rows, treated, Outcome.COUNT))  # repeatable


def test_a_rise_everywhere_is_not_an_effect():
    # Every area doubles: the action's area did what all others did.
    rows = {a: (b, 2 * b) for a, b in zip("ABCDEFGHIJK", (40, 12, 25, 33, 60, 18, 22, 45, 30,
                                                         27, 50), strict=True)}
    result = estimate(panel(rows, {"A"}, Outcome.COUNT))
    assert result.percent()[0] == pytest.approx(0, abs=1.5)
    assert result.verdict is Verdict.NO_CHANGE


def test_respondents_weight_shares_and_give_sampling_error():
    frame = pd.DataFrame({
        "area": ["A", "A", "A", "B", "B"], "treated": [True, True, True, False, False],
        "period": ["before", "before", "after", "before", "after"],
        "value": [40.0, 10.0, 30.0, 20.0, 22.0], "n": [300, 100, 200, 100, 100]})
    by_area = Panel(frame, Outcome.SHARE).by_area().set_index("area")
    assert by_area.loc["A", "before"] == pytest.approx((40 * 300 + 10 * 100) / 400)
    assert by_area.loc["A", "n_before"] == 400


@pytest.mark.parametrize(("rows", "treated", "shortage"), [
    ({"B": (10, 12), "C": (20, 22), "D": (15, 14), "E": (30, 33)}, set(), Shortage.NO_TREATED),
    ({"A": (40, 20), "B": (10, 12), "C": (20, 22), "D": (15, 14)}, {"A"}, Shortage.FEW_CONTROLS),
    ({"A": (5, 2), "B": (10, 12), "C": (20, 22), "D": (15, 14), "E": (30, 33)}, {"A"},
     Shortage.FEW_EVENTS),
])
def test_too_little_data(rows, treated, shortage):
    result = estimate(panel(rows, treated, Outcome.COUNT))
    assert result.verdict is Verdict.TOO_LITTLE_DATA
    assert result.shortage is shortage
    assert result.estimate is None and result.low is None and result.placebo_total is None
    assert MIN_CONTROLS == 4 and MIN_EVENTS == 10  # the limits the words name


def test_areas_without_any_record_are_left_out_and_named():
    rows = {"A": (40, 20), "B": (10, 12), "C": (20, 22), "D": (15, 14), "E": (30, 33),
            "Q": (0, 0)}
    result = estimate(panel(rows, {"A"}, Outcome.COUNT))
    assert result.excluded == ("Q",)
    assert result.n_controls == 4


def test_no_spread_among_identical_shares_is_too_little_data():
    rows = {"A": (40, 30), "B": (20, 22), "C": (30, 32), "D": (25, 27), "E": (35, 37)}
    result = estimate(panel(rows, {"A"}, Outcome.SHARE))
    assert result.shortage is Shortage.NO_SPREAD


@pytest.mark.parametrize(("frame", "outcome"), [
    (pd.DataFrame({"area": ["A"], "treated": [True], "value": [1]}), Outcome.COUNT),
    (pd.DataFrame({"area": ["A"], "treated": [True], "period": ["during"], "value": [1]}),
     Outcome.COUNT),
    (pd.DataFrame({"area": ["A"], "treated": [True], "period": ["after"], "value": [-1]}),
     Outcome.COUNT),
    (pd.DataFrame({"area": ["A"], "treated": [True], "period": ["after"], "value": [120]}),
     Outcome.SHARE),
    (pd.DataFrame({"area": ["A", "A"], "treated": [True, False], "period": ["after", "before"],
                   "value": [1, 2]}), Outcome.COUNT),
])
def test_a_malformed_panel_is_refused(frame, outcome):
    with pytest.raises(PanelError):
        Panel(frame, outcome)


def test_t_distribution_matches_the_table():
    assert [round(tdist.quantile(0.95, df), 3) for df in (1, 2, 5, 11, 30)] == [
        12.706, 4.303, 2.571, 2.201, 2.042]
    assert tdist.two_sided_p(2.201, 11) == pytest.approx(0.05, abs=1e-4)
