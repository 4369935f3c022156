"""The council meeting's agenda: what changed between two dates, what is overdue, progress.

The crime-prevention council asks the same questions at every meeting; this module
answers them from the store, without Streamlit, so the meeting page, the PDF
snapshot and the tests show the same lists.

The window is **inclusive at both ends**: a record dated on ``since`` or on
``until`` is in it. The date used for each list:

``new_places``
    unsafe places whose ``reported_date`` is in the window.
``new_findings``
    walk findings whose ``found_date`` is in the window.
``findings_done``
    findings now *done* whose ``completed_date`` is in the window (the date the work
    was finished, not the day someone edited the record).
``places_resolved``
    unsafe places now *resolved* whose change to *resolved* was saved in the window
    (places carry no resolution date, so the store's history timestamp is used;
    a place entered as resolved has no such change and is not listed).
``activities``
    activities whose ``activity_date`` is in the window.
``watch_started`` / ``watch_ended``
    watch areas whose ``start_date`` / ``end_date`` is in the window.
``overdue``
    findings open *at the end of* ``until`` whose ``due_date`` is before ``until``
    (:func:`geo.domain.lifecycle.is_overdue` with ``today = until``). "Open at ``until``"
    means: open now, or done with a ``completed_date`` after ``until``, or closed
    otherwise (not done, forwarded) by a change saved after ``until`` (one entered
    already closed counts as closed from the start).

Home visits and concern talks are only summed (``counts``), by the months that
overlap the window; they never have a place. Progress is each pledge's
:func:`geo.domain.followup.progress` as of ``until``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd

from geo import config
from geo.domain import followup
from geo.domain.enums import COUNT_ONLY_KINDS, OPEN_FINDING_STATUSES, FindingStatus, PlaceStatus
from geo.domain.filters import PLEDGE_ALL, Filter
from geo.domain.layers import spec
from geo.domain.lifecycle import is_overdue
from geo.domain.model import LAYERS, Pledge
from geo.map import view
from geo.store.base import HistoryEntry, Store

#: The agenda's steps in meeting order: (step key, layer drawn on the map).
STEPS: tuple[tuple[str, str], ...] = (
    ("new_places", "unsafe_places"),
    ("places_resolved", "unsafe_places"),
    ("new_findings", "findings"),
    ("findings_done", "findings"),
    ("activities", "activities"),
    ("watch_started", "watch_areas"),
    ("watch_ended", "watch_areas"),
    ("overdue", "findings"),
)
#: The last step, which has no records of its own: the pledges' progress.
PROGRESS_STEP = "progress"
STEP_KEYS: tuple[str, ...] = tuple(key for key, _ in STEPS) + (PROGRESS_STEP,)
_OPEN = {s.value for s in OPEN_FINDING_STATUSES}


@dataclass(frozen=True)
class Step:
    """One agenda item: its key, the layer its records belong to, the records."""

    key: str
    layer: str
    records: gpd.GeoDataFrame

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.records["id"]) if len(self.records) else ()


@dataclass(frozen=True)
class Agenda:
    """Everything a meeting goes through, for one municipality (and pledge) and window."""

    kommun_kod: str
    pledge_id: str
    since: date
    until: date
    steps: tuple[Step, ...]
    progress: tuple[tuple[Pledge, tuple[followup.Progress, ...]], ...]
    counts: dict[str, int] = field(default_factory=dict)

    def step(self, key: str) -> Step:
        """The step named ``key`` (KeyError for an unknown one)."""
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def sizes(self) -> dict[str, int]:
        """Records per step: the numbers beside each agenda item."""
        return {step.key: len(step.records) for step in self.steps}


def build(store: Store, kommun_kod: str, since: date, until: date | None = None, *,
          pledge: Pledge | None = None, public: bool = True) -> Agenda:
    """The agenda of one municipality (one pledge, or all) from ``since`` to ``until``.

    ``public`` (the default) reads public records and fields only, sensitive
    categories generalised (:func:`geo.map.view.select`), as every public view does.
    """
    until = until or date.today()
    if until < since:
        raise ValueError(f"the end date {until} is before the start date {since}")
    if pledge is not None and pledge.kommun_kod != kommun_kod:
        raise ValueError(f"pledge {pledge.id} belongs to {pledge.kommun_kod}, not {kommun_kod}")
    flt = Filter(kommun_kod, min(config.FIRST_YEAR, since.year), until.year,
                 pledge=pledge.id if pledge else PLEDGE_ALL)
    frames = view.select(store, flt, LAYERS, public=public)
    changes = status_changes(store.history("findings") + store.history("unsafe_places"))
    steps = select_steps(frames, changes, since, until)
    pledges = [pledge] if pledge else [
        p for p in store.pledges()
        if p.kommun_kod == kommun_kod and p.period_start <= until and p.period_end >= since
    ]
    progress = tuple((p, tuple(followup.progress(p, followup.load(store, p), until)))
                     for p in pledges)
    return Agenda(kommun_kod, pledge.id if pledge else PLEDGE_ALL, since, until, steps,
                  progress, month_counts(store.counts(kommun_kod), since, until,
                                         pledge.id if pledge else None))


def select_steps(frames: Mapping[str, gpd.GeoDataFrame],
                 changes: Mapping[str, tuple[str, date]], since: date, until: date
                 ) -> tuple[Step, ...]:
    """Pick each step's records from already read frames (see the module docstring).

    ``changes`` maps a record id to its latest status and the day that status was saved.
    """
    def within(layer: str, column: str) -> pd.Series:
        days = followup.days(frames[layer], column)
        return days.map(lambda d: d is not None and since <= d <= until).astype(bool)

    places, findings = frames["unsafe_places"], frames["findings"]
    resolved = places["status"].eq(PlaceStatus.RESOLVED.value) & places["id"].map(
        lambda i: i in changes and changes[i][0] == PlaceStatus.RESOLVED.value
        and since <= changes[i][1] <= until).astype(bool)
    picks = {
        "new_places": places[within("unsafe_places", "reported_date").values],
        "places_resolved": places[resolved.values],
        "new_findings": findings[within("findings", "found_date").values],
        "findings_done": findings[(findings["status"].eq(FindingStatus.DONE.value)
                                   & within("findings", "completed_date")).values],
        "activities": frames["activities"][within("activities", "activity_date").values],
        "watch_started": frames["watch_areas"][within("watch_areas", "start_date").values],
        "watch_ended": frames["watch_areas"][within("watch_areas", "end_date").values],
        "overdue": findings[overdue_mask(findings, changes, until).values],
    }
    return tuple(Step(key, layer, _sorted(picks[key], layer)) for key, layer in STEPS)


def overdue_mask(findings: pd.DataFrame, changes: Mapping[str, tuple[str, date]],
                 until: date) -> pd.Series:
    """Findings open at the end of ``until`` and due before it."""
    found = followup.days(findings, "found_date")
    due = followup.days(findings, "due_date")
    done = followup.days(findings, "completed_date")
    flags = []
    for index, row in enumerate(findings.itertuples(index=False)):
        status = str(row.status)
        if found.iloc[index] is None or found.iloc[index] > until:
            flags.append(False)
            continue
        if status == FindingStatus.DONE.value:
            open_then = done.iloc[index] is not None and done.iloc[index] > until
        elif status in _OPEN:
            open_then = True
        else:  # not done / forwarded: open until the day that status was saved
            open_then = row.id in changes and changes[row.id][1] > until
        flags.append(open_then and is_overdue(FindingStatus.NEW, due.iloc[index], until))
    return pd.Series(flags, index=findings.index, dtype=bool)


def status_changes(history: list[HistoryEntry]) -> dict[str, tuple[str, date]]:
    """Per record: its latest status change and the day it was saved.

    Only updates count: a record entered with a status (an import, a late entry)
    says nothing about when that status began, so it is treated as always having had it.
    """
    latest: dict[str, tuple[str, date]] = {}
    for entry in sorted(history, key=lambda e: e.seq):
        after = entry.after or {}
        before = entry.before or {}
        status = after.get("status")
        if status is None:
            continue
        if entry.action == "update" and before.get("status") != status:
            latest[entry.record_id] = (str(status), entry.at.date())
    return latest


def month_counts(counts: pd.DataFrame, since: date, until: date, pledge_id: str | None
                 ) -> dict[str, int]:
    """Home visits and concern talks in the months that overlap the window (totals only)."""
    first, last = f"{since:%Y-%m}", f"{until:%Y-%m}"
    rows = counts[(counts["month"] >= first) & (counts["month"] <= last)]
    if pledge_id is not None:
        rows = rows[rows["pledge_id"] == pledge_id]
    return {kind.value: int(rows.loc[rows["kind"] == kind.value, "count"].sum())
            for kind in sorted(COUNT_ONLY_KINDS)}


def _sorted(frame: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
    return frame.sort_values([spec(layer).date_field, "id"]).reset_index(drop=True)
