"""The result in words: every code has its sentence in both languages, never a cause."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo import i18n
from geo.effect import Caveat, Shortage, Verdict, estimate
from geo.effect.panel import Outcome, Panel
from geo.effect.words import describe
from geo.formats import MINUS, signed
from tests.effect.test_estimate import SHARES, panel

CAUSAL = re.compile(r"\b(tack vare|ledde till|orsakade|berodde på åtgärden|because of the action"
                    r"|caused by|led to|thanks to)\b", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_verdict_caveat_and_shortage_has_words(lang):
    t = i18n.catalog(lang)
    for code in [*(f"verdict.{v}" for v in Verdict), *(f"caveat.{c}" for c in Caveat),
                 *(f"shortage.{s}" for s in Shortage)]:
        assert t[f"effect.{code}"].strip()


def test_the_words_never_claim_a_cause():
    for lang in ("sv", "en"):
        texts = [v for k, v in i18n.catalog(lang).items()
                 if k.startswith("effect.") and k != "effect.not_cause"]  # the one denial
        assert not [text for text in texts if CAUSAL.search(text)]


def test_a_decrease_in_swedish_and_english():
    result = estimate(panel(SHARES, {"A"}, Outcome.SHARE))
    sv, en = describe(result, "sv"), describe(result, "en")
    assert sv.headline == "Minskning jämfört med jämförelseområdena"
    assert f"{MINUS}12 procentenheter" in sv.sentences[0]
    assert f"{MINUS}14,9 till {MINUS}9,1" in sv.sentences[0]
    assert f"{MINUS}14.9 to {MINUS}9.1" in en.sentences[0]
    assert "1 av 5" in sv.sentences[1]
    assert sv.sentences[-1] == i18n.t("effect.not_cause", "sv")
    # A was the highest before (regression to the mean), 4 controls, no respondents.
    assert len(sv.caveats) == len(result.caveats) == 3


def test_no_detectable_change_and_per_cent_for_counts():
    rows = {a: (b, b) for a, b in zip("ABCDEFGHIJK", (40, 12, 25, 33, 60, 18, 22, 45, 30, 27, 50),
                                     strict=True)}
    rows["B"], rows["C"] = (12, 15), (25, 21)
    text = describe(estimate(panel(rows, {"A"}, Outcome.COUNT)), "sv").text()
    assert text.startswith("Ingen mätbar förändring\n")
    assert re.search(r"\d\u00a0% \(95 % osäkerhetsintervall [−+]\d+\u00a0% till \+\d+\u00a0%\)",
                     text)


def test_too_little_data_names_the_limit():
    frame = pd.DataFrame({"area": ["A", "A", "B", "B"], "treated": [True, True, False, False],
                          "period": ["before", "after"] * 2, "value": [30, 20, 10, 12]})
    words = describe(estimate(Panel(frame, Outcome.COUNT)), "sv")
    assert words.headline == "För lite data för att säga något"
    assert "färre än 4 jämförelseområden" in words.sentences[0]


def test_signed_numbers():
    assert signed(-3.5, "sv") == f"{MINUS}3,5"
    assert signed(12, "en", " %") == "+12 %"
    assert signed(0, "sv") == "0"


def test_a_very_wide_count_interval_is_capped_in_words():
    """Few records give bounds like −100 % and +11 953 %: said as "nästan"/"mer än"."""
    rows = {a: (b, b) for a, b in zip("ABCDEFG", (3, 12, 25, 33, 60, 18, 22), strict=True)}
    rows["A"], rows["B"], rows["C"] = (10, 1), (4, 40), (40, 4)
    result = estimate(panel(rows, {"A"}, Outcome.COUNT))
    percent = result.percent()
    assert percent is not None and percent[1] < -99.5 and percent[2] > 999
    sv, en = describe(result, "sv").sentences[0], describe(result, "en").sentences[0]
    assert f"osäkerhetsintervall nästan {MINUS}100\u00a0% till mer än +999\u00a0%" in sv
    assert f"interval almost {MINUS}100\u00a0% to more than +999\u00a0%" in en
