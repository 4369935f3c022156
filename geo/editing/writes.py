"""Reads and writes on behalf of a person: every one checks the role here, not only in the page.

Pages call these functions with the signed-in :class:`~geo.access.auth.User`; a user
without the right role or municipality gets :class:`~geo.access.auth.PermissionDenied`
and nothing is written; :func:`load` returns None for a record the user may not
open (another municipality's, whatever id a forged map click names). Conflicts
between two editors surface as :class:`~geo.store.StaleVersionError` ("changed by X at T, reload").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pandas as pd
from shapely.geometry.base import BaseGeometry

from geo import formats, i18n
from geo.access.auth import Action, User, require
from geo.domain.enums import PlaceStatus
from geo.domain.filters import Filter
from geo.domain.lifecycle import check_transition
from geo.domain.model import FEATURE_TYPES, Feature, Finding, SafetyWalk, ValidationError
from geo.domain.validation import as_date
from geo.editing import forms, links
from geo.spatial import boundaries
from geo.store.base import HistoryEntry, NotFoundError, StaleVersionError, Store

#: Default time to act on a walk finding: the walk date plus this many days (~6 months).
DEFAULT_DUE_DAYS = 183


def default_due(walk_date: date, days: int = DEFAULT_DUE_DAYS) -> date:
    """When a finding is due unless the editor says otherwise.

    The walk date plus ``days``, but never after the walk's year ends: a pledge's rule
    such as Tomelilla's (both chosen actions done the same year) is counted per year.
    """
    return min(walk_date + timedelta(days=days), date(walk_date.year, 12, 31))


def default_year(store: Store, kommun_kod: str, today: date, first_year: int) -> int:
    """The year Registrera opens on for a municipality: the data and the pledge in view.

    This year when one of the municipality's pledges runs today; otherwise the latest
    year (up to this one) with records of the municipality; otherwise the last year of
    its latest pledge that has begun; otherwise this year.
    """
    pledges = [p for p in store.pledges() if p.kommun_kod == kommun_kod]
    if any(p.period_start <= today <= p.period_end for p in pledges):
        return today.year
    latest = latest_data_year(store, kommun_kod, first_year, today.year)
    if latest is not None:
        return latest
    begun = [p.period_end.year for p in pledges if p.period_start <= today]
    return min(max(begun), today.year) if begun else today.year


def latest_data_year(store: Store, kommun_kod: str, first_year: int, last_year: int
                     ) -> int | None:
    """The latest year from ``first_year`` to ``last_year`` with a record of the municipality."""
    if last_year < first_year:
        return None
    flt = Filter(kommun_kod, first_year, last_year)
    years: list[int] = []
    for layer, record_type in FEATURE_TYPES.items():
        frame = store.list(layer, flt)
        column = record_type.DATE_FIELD
        if frame.empty or column not in frame.columns:
            continue
        dates = pd.to_datetime(frame[column], errors="coerce").dropna()
        years += [min(int(d.year), last_year) for d in dates]
    return max(years) if years else None


def new_record_day(year: int, today: date) -> date:
    """The date a new record's form starts with.

    Today in this year; for an earlier year in view, that year's last day (a record
    registered afterwards), so that the new record lands in the year on screen.
    """
    return today if year >= today.year else date(year, 12, 31)


def load(store: Store, user: User, layer: str, record_id: object) -> Feature | None:
    """The record ``layer``/``record_id`` if ``user`` may open it in the edit form, else None.

    The id comes from the browser (a map click, a URL, session state), so it is checked
    like a write: only records of a municipality the user edits, internal ones only for a
    role that may see internal data. A record outside that is answered exactly as a
    missing one, so the answer does not tell whether it exists.
    """
    if layer not in FEATURE_TYPES or not isinstance(record_id, str):
        return None
    record = store.get(layer, record_id)
    if record is None or not user.may(Action.EDIT, record.kommun_kod):
        return None
    if record.visibility.value != "public" and not user.may(Action.VIEW_INTERNAL,
                                                             record.kommun_kod):
        return None
    return record


def new_values(layer: str, today: date) -> dict[str, Any]:
    """A new record's form, prefilled (today's date, the model's defaults)."""
    return forms.defaults(layer, today)


def new_record(store: Store, layer: str, kommun_kod: str, values: dict[str, Any],
               geometry: BaseGeometry | None, walk_id: str | None = None) -> Feature:
    """Build (and validate) a record from a form.

    A finding joins its walk: the walk's date, the next number in walk order, the
    default due date. A record dated inside one of the municipality's pledges is
    linked to that pledge, unless the form chose its pledge (``pledge_id``, None for
    none: :mod:`geo.editing.links`).
    """
    chosen_pledge = "pledge_id" in values  # chosen on the form, also "no pledge" (None)
    values = {k: v for k, v in values.items() if v is not None}
    record_type = FEATURE_TYPES[layer]
    if layer == "findings":
        walk = store.get("walks", walk_id) if walk_id else None
        if not isinstance(walk, SafetyWalk) or walk.kommun_kod != kommun_kod:
            raise ValidationError("walk_id", "choose the safety walk the finding belongs to",
                                  "walk_required")
        numbers = store.list("findings", Filter(walk.kommun_kod, walk.walk_date.year,
                                                walk.walk_date.year))
        numbers = numbers.loc[numbers["walk_id"] == walk.id, "number"]
        values.update(walk_id=walk.id, number=int(numbers.max()) + 1 if len(numbers) else 1,
                      found_date=walk.walk_date, pledge_id=walk.pledge_id)
        values.setdefault("due_date", default_due(walk.walk_date))
    day = values.get(record_type.DATE_FIELD)
    if not chosen_pledge and "pledge_id" not in values and isinstance(day, date):
        values["pledge_id"] = next((p.id for p in store.pledges() if p.kommun_kod == kommun_kod
                                    and p.period_start <= day <= p.period_end), None)
    record = record_type(kommun_kod=kommun_kod, geometry=geometry, **values)
    check_inside(record)
    return record


def check_inside(record: Feature) -> None:
    """Refuse a record whose place lies outside its municipality (the import's check)."""
    if record.geometry is None:
        return
    try:
        inside = bool(boundaries.inside(record.kommun_kod, [record.geometry])[0])
    except KeyError:
        raise ValidationError("kommun_kod", f"{record.kommun_kod} is not a municipality") from None
    if not inside:
        raise ValidationError("geometry", f"lies outside the municipality {record.kommun_kod}",
                              "outside_kommun",
                              kommun=boundaries.names().get(record.kommun_kod, record.kommun_kod))


def check_links(store: Store, record: Feature) -> None:
    """Refuse links that do not fit the record (:func:`geo.editing.links.check`).

    A pledge of another municipality, a commitment of another pledge, an activity or
    walk dated outside its pledge. The ids come from the browser (a form's choice), so
    a write checks them here.
    """
    if record.pledge_id is None and getattr(record, "commitment_id", None) is None:
        return
    links.check(record, store.pledges(), boundaries.names().get(record.kommun_kod, ""))


#: A change to one of these fields has the record's links checked again.
LINK_CHANGES = frozenset({"pledge_id", "commitment_id", "kommun_kod",
                          *(t.DATE_FIELD for t in FEATURE_TYPES.values())})


def create(store: Store, user: User, record: Feature) -> Feature:
    """Register a new record in a municipality the user edits (its place inside it)."""
    require(user, Action.EDIT, record.kommun_kod)
    check_inside(record)
    check_links(store, record)
    return store.create(record, user.label)


def create_walk(store: Store, user: User, walk: SafetyWalk, findings: list[Finding]
                ) -> tuple[SafetyWalk, list[Finding]]:
    """A safety walk and its findings as one piece of work (one transaction).

    Findings are numbered in walk order and get the walk's date and default due date.
    """
    require(user, Action.EDIT, walk.kommun_kod)
    check_links(store, walk)
    numbered = [
        f.replace(walk_id=walk.id, number=i, found_date=walk.walk_date, kommun_kod=walk.kommun_kod,
                  pledge_id=f.pledge_id or walk.pledge_id,
                  due_date=f.due_date or default_due(walk.walk_date))
        for i, f in enumerate(findings, start=1)
    ]
    store.create_many([walk, *numbered], user.label)
    return walk, numbered


def resolved_today(current: Feature, changes: dict[str, Any]) -> dict[str, Any]:
    """A place marked resolved without a date was resolved today (the day it is saved).

    ``places_resolved`` counts a place by its ``resolved_date``, which the model requires;
    an editor who only switches the status means "now" (never before the place's report).
    """
    status = str(getattr(changes.get("status"), "value", changes.get("status")))
    if status != PlaceStatus.RESOLVED.value or changes.get("resolved_date"):
        return changes
    if getattr(current, "resolved_date", None) is not None:
        return changes
    reported = changes.get("reported_date") or current.reported_date  # type: ignore[attr-defined]
    return {**changes, "resolved_date": max(date.today(), as_date("reported_date", reported))}


def update(store: Store, user: User, layer: str, record_id: str, changes: dict[str, Any],
           expected_version: int) -> Feature:
    """Change a record the user may edit (a stale version is refused by the store)."""
    current = _existing(store, layer, record_id)
    require(user, Action.EDIT, current.kommun_kod)
    if current.version != expected_version:  # before the rules: they judge the newer record
        raise StaleVersionError(layer, record_id, expected_version, current.version,
                                current.updated_by, current.updated_at)
    if layer == "findings" and "status" in changes:
        check_transition(current.status, changes["status"])  # type: ignore[attr-defined]
    if layer == "unsafe_places":
        changes = resolved_today(current, changes)
    if "kommun_kod" in changes:
        require(user, Action.EDIT, changes["kommun_kod"])
    if changes.get("geometry") is not None or "kommun_kod" in changes:
        check_inside(current.replace(**{k: v for k, v in changes.items()
                                        if k in ("geometry", "kommun_kod")}))
    if LINK_CHANGES & set(changes):
        check_links(store, current.replace(**{k: v for k, v in changes.items()
                                              if k in LINK_CHANGES}))
    return store.update(layer, record_id, changes, expected_version, user.label)


def delete(store: Store, user: User, layer: str, record_id: str, expected_version: int,
           reason: str) -> None:
    """Soft-delete a record (admins only) with a reason."""
    current = _existing(store, layer, record_id)
    require(user, Action.DELETE, current.kommun_kod)
    store.delete(layer, record_id, expected_version, user.label, reason)


#: Fields every write changes: not what an editor changed.
BOOKKEEPING = frozenset({"version", "updated_at", "updated_by", "created_at"})


def history_rows(entries: list[HistoryEntry], lang: str) -> list[tuple[str, str, str]]:
    """When, who and what of a record's history, as an editor reads it.

    What was done in words ("Ändrad: Status, Åtagande"), never the stored action code
    or the ids in the stored before and after.
    """
    t = i18n.catalog(lang)
    rows = []
    for entry in entries:
        what = t.get(f"edit.history_{entry.action}", entry.action)
        if entry.action == "update":
            before, after = entry.before or {}, entry.after or {}
            record_type = FEATURE_TYPES.get(entry.layer)  # in the model's order
            names = record_type.field_names() if record_type else tuple(after)
            changed = [t[f"fields.{name}"] for name in names
                       if name not in BOOKKEEPING and before.get(name) != after.get(name)
                       and f"fields.{name}" in t]
            what = i18n.t("edit.history_update", lang, fields=", ".join(changed) or "–")
        rows.append((formats.moment(entry.at), entry.user, what))
    return rows


def _existing(store: Store, layer: str, record_id: str) -> Feature:
    if layer not in FEATURE_TYPES:
        raise NotFoundError(f"no layer {layer!r}")
    record = store.get(layer, record_id)
    if record is None:
        raise NotFoundError(f"{layer}/{record_id} does not exist")
    return record


#: What a click on Registrera's map means: choose a record, or place a new one.
SELECT, PLACE = "select", "place"


@dataclass(frozen=True)
class MapSelection:
    """Registrera's map state between reruns: the mode, the chosen record, the placed point.

    ``clicked``, ``feature_clicks`` and ``feature`` are the map's last reported click,
    feature-click count and clicked feature, so that a rerun tells a new click from one
    already handled.
    """

    layer: str
    mode: str = SELECT
    target: tuple[str, str] | None = None
    point: tuple[float, float] | None = None
    clicked: tuple[float, float] | None = None
    feature_clicks: int = 0
    feature: tuple[str, str] | None = None

    def new_record(self) -> MapSelection:
        """"Ny post": leave the chosen record; the next click places a new one."""
        return replace(self, mode=PLACE, target=None, point=None)

    def choose_existing(self) -> MapSelection:
        """Back to choosing: the next click on a record opens it."""
        return replace(self, mode=SELECT, target=None, point=None)

    def saved_new(self) -> MapSelection:
        """A new record was saved: ready to place the next one."""
        return replace(self, mode=PLACE, target=None, point=None)


def follow_click(state: MapSelection, *, layer: str, clicked: tuple[float, float] | None,
                 feature: tuple[str, str] | None, feature_clicks: int) -> MapSelection:
    """The map state after what the map reported on this rerun.

    - Choosing (the start): a click on a record opens it; a click on an empty spot
      places a new record there (and the map is then in placing mode).
    - Placing: every click places the point, also inside a watch area or on a walk's
      route (a record there is not opened).
    - A record open: a click on another record opens that one; a click on an empty spot
      is where "move here" moves it.
    - Another layer tab leaves the open record.
    """
    new_click = clicked is not None and clicked != state.clicked
    feature_click = feature is not None and (feature_clicks != state.feature_clicks
                                             or feature != state.feature)
    state = replace(state, clicked=clicked, feature_clicks=feature_clicks, feature=feature)
    if layer != state.layer:
        state = replace(state, layer=layer, target=None,
                        mode=PLACE if state.point is not None else state.mode)
    if state.mode == PLACE:
        return replace(state, point=clicked) if new_click else state
    if feature_click:
        return replace(state, target=feature, point=None)
    if new_click:
        if state.target is None:
            return replace(state, mode=PLACE, point=clicked)
        return replace(state, point=clicked)
    return state
