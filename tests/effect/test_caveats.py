"""Caveats: each one raised by the data that call for it, and not otherwise."""

from __future__ import annotations

import pandas as pd

from geo.effect import Caveat, Outcome, Panel, estimate
from geo.effect.caveats import new_channels

# Twelve comparison areas that change a little; the action area "A" is set per test.
CONTROLS = {f"C{i:02d}": (b, a) for i, (b, a) in enumerate(
    [(20, 22), (35, 30), (18, 21), (40, 44), (25, 24), (30, 33), (22, 20), (45, 47),
     (28, 31), (33, 29), (26, 27), (38, 41)])}


def counts(action: tuple[int, int], controls: dict[str, tuple[int, int]] = CONTROLS,
           earlier: dict[str, int] | None = None) -> pd.DataFrame:
    rows = [("A", True, p, v) for p, v in zip(("before", "after"), action, strict=True)]
    rows += [(area, False, p, v) for area, pair in controls.items()
             for p, v in zip(("before", "after"), pair, strict=True)]
    rows += [(area, area == "A", "earlier", v) for area, v in (earlier or {}).items()]
    return pd.DataFrame(rows, columns=["area", "treated", "period", "value"])


def caveats(frame: pd.DataFrame, outcome: Outcome = Outcome.COUNT) -> tuple[Caveat, ...]:
    return estimate(Panel(frame, outcome)).caveats


def test_a_plain_case_has_no_caveat():
    assert caveats(counts((30, 20))) == ()


def test_few_reports():
    assert caveats(counts((12, 10))) == (Caveat.FEW_REPORTS,)
    assert Caveat.FEW_REPORTS not in caveats(counts((18, 12)))  # 30 records: enough


def test_few_comparison_areas():
    nine = dict(list(CONTROLS.items())[:9])
    assert caveats(counts((30, 20), nine)) == (Caveat.FEW_CONTROLS,)
    assert caveats(counts((30, 20), dict(list(CONTROLS.items())[:10]))) == ()


def test_a_channel_that_starts_after_the_action():
    frame = counts((30, 20)).assign(source="citizen_dialogue")
    web = pd.DataFrame([("A", True, "after", 6, "web_form"),
                        ("C01", False, "after", 1, "web_form")],
                       columns=["area", "treated", "period", "value", "source"])
    panel = Panel(pd.concat([frame, web], ignore_index=True), Outcome.COUNT)
    assert new_channels(panel) == ["web_form"]
    assert Caveat.NEW_CHANNEL in estimate(panel).caveats


def test_a_channel_used_before_too_is_not_new_nor_is_a_single_stray_report():
    frame = counts((30, 20)).assign(source="citizen_dialogue")
    both = pd.DataFrame([("A", True, "before", 2, "web_form"), ("A", True, "after", 6, "web_form"),
                         ("C03", False, "after", 1, "police")],
                        columns=["area", "treated", "period", "value", "source"])
    panel = Panel(pd.concat([frame, both], ignore_index=True), Outcome.COUNT)
    assert new_channels(panel) == []


def test_regression_to_the_mean_from_a_jump_into_the_before_window():
    # The comparison areas moved a little into the before window; A jumped 15 → 30.
    levels = (22, 31, 20, 38, 27, 28, 25, 41, 26, 35, 24, 40)
    earlier = {"A": 15, **dict(zip(CONTROLS, levels, strict=True))}
    assert Caveat.REGRESSION_TO_MEAN in caveats(counts((30, 20), earlier=earlier))
    steady = {**earlier, "A": 29}
    assert Caveat.REGRESSION_TO_MEAN not in caveats(counts((30, 20), earlier=steady))


def test_regression_to_the_mean_from_the_highest_before_level_without_an_earlier_window():
    assert Caveat.REGRESSION_TO_MEAN in caveats(counts((80, 50)))


def test_shares_without_respondents_say_so():
    rows = [("A", True, "before", 32.0), ("A", True, "after", 24.0)]
    rows += [(f"C{i}", False, p, v) for i, (b, a) in enumerate(
        [(20, 22), (30, 31), (25, 28), (35, 37), (28, 27), (33, 36), (24, 25), (31, 30),
         (27, 29), (36, 35)]) for p, v in (("before", float(b)), ("after", float(a)))]
    frame = pd.DataFrame(rows, columns=["area", "treated", "period", "value"])
    assert caveats(frame, Outcome.SHARE) == (Caveat.NO_RESPONDENTS,)
    assert caveats(frame.assign(n=200), Outcome.SHARE) == ()
