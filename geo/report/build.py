"""What a follow-up report says, computed once for HTML, PDF, CSV and the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd

from geo import formats, i18n
from geo.domain import followup
from geo.domain.followup import PledgeRecords, Progress
from geo.domain.model import Pledge
from geo.domain.periods import Period
from geo.report.mapimage import svg_map
from geo.spatial import boundaries
from geo.store.base import Store


@dataclass(frozen=True)
class Report:
    """A pledge's follow-up for one quarter or year, public fields only."""

    pledge: Pledge
    period: Period
    progress: tuple[Progress, ...]
    previous: tuple[Progress, ...] | None
    activities: gpd.GeoDataFrame
    findings_opened: gpd.GeoDataFrame
    findings_closed: gpd.GeoDataFrame
    indicators: dict[str, int]
    example_data: bool
    map_svg: str


def build(store: Store, pledge: Pledge, period: Period) -> Report:
    """Assemble the report; a period outside the pledge's is refused."""
    span = followup.pledge_period(pledge)
    if not period.overlaps(span):
        raise ValueError(
            f"{period.label} is outside the pledge period {span.start}..{span.end}"
        )
    records = followup.load(store, pledge)
    return from_records(pledge, period, records, example=store.meta("contents") == "example")


def from_records(pledge: Pledge, period: Period, records: PledgeRecords, *,
                 example: bool) -> Report:
    """The report from already loaded records (the page reuses its cached load)."""
    span = followup.pledge_period(pledge)
    previous = None
    if period.is_quarter:
        before = period.previous_quarter()
        if before.overlaps(span):
            previous = tuple(followup.progress(pledge, records, before.end))
    activities = _in_period(records.activities, "activity_date", period)
    opened = _in_period(records.findings, "found_date", period)
    closed = _in_period(records.findings, "completed_date", period)
    periods_findings = opened.merge(closed, how="outer") if len(closed) else opened
    return Report(
        pledge=pledge, period=period,
        progress=tuple(followup.progress(pledge, records, period.end)), previous=previous,
        activities=activities, findings_opened=opened, findings_closed=closed,
        indicators=followup.watch_indicators(records, period.clip(span)),
        example_data=example,
        map_svg=svg_map(boundaries.boundary(pledge.kommun_kod),
                        [("activities", activities), ("findings", periods_findings)],
                        pledge.kommun),
    )


@dataclass(frozen=True)
class Citation:
    """The pledge's source as a reader cites it: a title and who issued it when."""

    title: str
    details: str

    def text(self) -> str:
        """The citation as one line of plain text (title, then publisher and date)."""
        return f"{self.title}. {self.details}."


def citation(pledge: Pledge, lang: str) -> Citation:
    """The source document by title, publisher and date; never by its file name.

    A pledge that brings no source metadata (a municipality's own) is cited by its own
    title and parties, with its signing date, or else the period it covers.
    """
    publisher = pledge.source_publisher or i18n.t(
        "report.source_parties", lang, kommun=formats.municipality(pledge.kommun, lang),
        police_area=pledge.police_area)
    if pledge.source_date is not None:
        when = formats.long_date(pledge.source_date, lang)
    elif pledge.signed_date is not None:
        when = i18n.t("report.source_signed", lang,
                      date=formats.long_date(pledge.signed_date, lang))
    else:
        when = i18n.t("report.source_period", lang,
                      span=formats.date_span(pledge.period_start, pledge.period_end, lang))
    return Citation(title=pledge.source_title or pledge.title, details=f"{publisher}, {when}")


def target_text(progress: Progress, lang: str) -> str:
    """The target as a reader understands it (``5``, ``4000 timmar``, ``24 månader …``)."""
    if progress.target is None:
        return i18n.t("followup.no_target", lang)
    if progress.measure == "walk_rule" and not progress.target:
        return i18n.t("followup.walks_rule", lang)  # no walk yet: "0 walks …" is no target
    unit = target_unit(progress, lang)
    return f"{formats.number(progress.target, lang)}{' ' if unit else ''}{unit}"


def target_unit(progress: Progress, lang: str) -> str:
    """What the target counts (``informationstillfällen``, ``månader med minst 2``)."""
    commitment = progress.commitment
    if progress.measure == "units" and commitment.target is not None:
        key = "followup.units_month" if commitment.target_period.value == "month" \
            else "followup.units_week"
        return i18n.t(key, lang, n=formats.number(commitment.target, lang))
    if progress.measure == "walk_rule":
        return i18n.t("followup.walks_ok", lang)
    return commitment.unit or ""


def commitment_rows(report: Report, lang: str) -> list[dict[str, str]]:
    """The commitments table of the report (and the published site), as display text."""
    t = i18n.catalog(lang)
    before = {p.commitment.id: p.achieved for p in report.previous or ()}
    rows = []
    for progress in report.progress:
        row = {
            t["followup.commitment"]: progress.commitment.text,
            t["followup.target"]: target_text(progress, lang),
            t["followup.achieved"]: formats.number(progress.achieved, lang),
            t["followup.status"]: t[f"followup_status.{progress.status.value}"],
        }
        if report.previous is not None:
            change = progress.achieved - before.get(progress.commitment.id, 0.0)
            row[t["report.change"]] = f"{'+' if change > 0 else ''}{formats.number(change, lang)}"
        rows.append(row)
    return rows


def table_rows(report: Report, lang: str) -> list[dict[str, Any]]:
    """The commitments as a spreadsheet wants them (the CSV): one fact per column.

    Target, achieved and change are numbers a spreadsheet sums (empty without a
    target in figures), the unit and the period are columns of their own.
    """
    t = i18n.catalog(lang)
    before = {p.commitment.id: p.achieved for p in report.previous or ()}
    period = formats.period_name(report.period, lang)
    rows = []
    for progress in report.progress:
        # no target in figures: none, or a walk rule's 0 (no walk yet: no target)
        target = (None if progress.measure == "walk_rule" and not progress.target
                  else progress.target)
        row: dict[str, Any] = {
            t["followup.commitment"]: progress.commitment.text,
            t["csv.report.target"]: None if target is None else _plain(target),
            t["csv.report.unit"]: target_unit(progress, lang),
            t["followup.achieved"]: _plain(progress.achieved),
            t["csv.report.period"]: period[:1].upper() + period[1:],
            t["csv.report.period_start"]: report.period.start,
            t["csv.report.period_end"]: end_of(report.period, report.pledge),
            t["followup.status"]: t[f"followup_status.{progress.status.value}"],
        }
        if report.previous is not None:
            row[t["report.change"]] = _plain(
                progress.achieved - before.get(progress.commitment.id, 0.0))
        rows.append(row)
    return rows


def _plain(value: float) -> float:
    """A whole number as an int (``31``, not ``31.0``), else the float."""
    return int(value) if value == int(value) else value




def _in_period(frame: gpd.GeoDataFrame, column: str, period: Period) -> gpd.GeoDataFrame:
    days = followup.days(frame, column)
    mask = days.map(lambda d: d is not None and period.contains(d)).astype(bool)
    return frame[mask.values].reset_index(drop=True)


def end_of(period: Period, pledge: Pledge) -> date:
    """The last day a report for ``period`` counts (never past the pledge's end)."""
    return min(period.end, pledge.period_end)
