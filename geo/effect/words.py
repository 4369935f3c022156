"""The result in plain words, Swedish or English, from the catalog (``effect.*``).

Words describe a difference in time and place and how sure it is; they never say
the action caused it (every description ends with that reminder). Counts are given
as per cent change of the rate relative to the comparison areas, shares in
percentage points; negative numbers get a true minus sign.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo import i18n
from geo.effect.estimate import MIN_CONTROLS, MIN_EVENTS, EffectResult, Scale, Shortage
from geo.formats import signed

#: A per cent change beyond this is said as "more than +999 %": an interval that wide
#: says only that the data cannot tell, and a five-digit bound reads as a precise figure.
MAX_PERCENT = 999


@dataclass(frozen=True)
class Description:
    """A headline (the verdict), the sentences under it, and the caveats' sentences."""

    headline: str
    sentences: tuple[str, ...]
    caveats: tuple[str, ...]

    def text(self) -> str:
        """Everything as one paragraph per part (a report, a log line, a test)."""
        return "\n".join([self.headline, *self.sentences, *self.caveats])


def describe(result: EffectResult, lang: str) -> Description:
    """Say ``result`` in ``lang``: verdict, figure and interval, placebo check, caveats."""
    t = i18n.catalog(lang)
    sentences = []
    if result.shortage is not None:
        limits = {Shortage.FEW_CONTROLS: MIN_CONTROLS, Shortage.FEW_EVENTS: MIN_EVENTS}
        sentences.append(t[f"effect.shortage.{result.shortage}"].format(
            min=limits.get(result.shortage, "")))
    else:
        sentences.append(_summary(result, lang))
        if result.placebo_total:
            sentences.append(t["effect.placebo"].format(count=result.placebo_count,
                                                        total=result.placebo_total))
    if result.excluded:
        sentences.append(t["effect.excluded"].format(n=len(result.excluded)))
    sentences.append(t["effect.not_cause"])
    return Description(headline=t[f"effect.verdict.{result.verdict}"],
                       sentences=tuple(sentences),
                       caveats=tuple(t[f"effect.caveat.{c}"] for c in result.caveats))


def _percent(value: float, lang: str) -> str:
    """A per cent change in words: ``+12 %``, ``more than +999 %``, ``almost −100 %``.

    Above :data:`MAX_PERCENT` the bound is capped; a fall that rounds to all is "almost"
    (a rate ratio is never zero, so −100 % would be wrong).
    """
    t = i18n.catalog(lang)
    if value > MAX_PERCENT:
        return t["effect.bound.above"].format(value=signed(MAX_PERCENT, lang, "\u00a0%"))
    if round(value) <= -100:
        return t["effect.bound.almost"].format(value=signed(-100, lang, "\u00a0%"))
    return signed(round(value), lang, "\u00a0%")


def _summary(result: EffectResult, lang: str) -> str:
    t = i18n.catalog(lang)
    counts = {"treated": result.n_treated, "controls": result.n_controls}
    if result.scale is Scale.LOG_RATIO:
        percent = result.percent()
        assert percent is not None
        estimate, low, high = (_percent(x, lang) for x in percent)
        return t["effect.summary.count"].format(estimate=estimate, low=low, high=high, **counts)
    assert result.estimate is not None and result.low is not None and result.high is not None
    estimate, low, high = (signed(round(x, 1), lang)
                           for x in (result.estimate, result.low, result.high))
    return t["effect.summary.share"].format(estimate=estimate, low=low, high=high, **counts)
