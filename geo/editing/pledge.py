"""Writing a pledge with roles: who may save, archive and renew one (no Streamlit here).

The page "Löften" and the CLI call these; the store keeps the version check and the
history (:meth:`geo.store.base.Store.save_pledge`). Only editors of the pledge's
municipality and admins may write it, as with the map's records (:mod:`geo.editing.writes`);
a pledge moved to another municipality needs the right in both.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Collection
from datetime import date, timedelta

from geo.access.auth import Action, PermissionDenied, User, require
from geo.domain.model import Commitment, Pledge
from geo.store.base import NotFoundError, Store

__all__ = ["PermissionDenied", "archive", "new_id", "renew", "save"]


def save(store: Store, user: User, pledge: Pledge, expected_version: int | None) -> Pledge:
    """Create (``expected_version`` None) or update a pledge the user may edit."""
    require(user, Action.EDIT, pledge.kommun_kod)
    if expected_version is not None:
        current = store.pledge(pledge.id)
        if current is None:
            raise NotFoundError(f"pledges/{pledge.id} does not exist")
        require(user, Action.EDIT, current.kommun_kod)  # not someone else's pledge
    return store.save_pledge(pledge, user.label, expected_version)


def archive(store: Store, user: User, pledge_id: str, expected_version: int) -> Pledge:
    """Archive a pledge of a municipality the user edits (it stays, out of new work)."""
    current = store.pledge(pledge_id)
    if current is None:
        raise NotFoundError(f"pledges/{pledge_id} does not exist")
    require(user, Action.EDIT, current.kommun_kod)
    return store.archive_pledge(pledge_id, user.label, expected_version)


def renew(pledge: Pledge, taken: Collection[str] = ()) -> Pledge:
    """"Förnya": the same pledge for the next period of the same length, not yet saved.

    The common case is a pledge extended unchanged (Vadstena 2018 → 2019): the period moves
    on by its own length, the commitments are copied with ids under the new pledge id, and
    what belongs to the signed original (signing date, version, history) starts afresh.
    ``taken`` are ids already in use (the store's pledges), so the new id is free.
    """
    start = pledge.period_end + timedelta(days=1)
    end = _same_length(pledge.period_start, pledge.period_end, start)
    new = _renewed_id(pledge, start, end, {*taken, pledge.id})
    commitments = tuple(
        dataclasses.replace(c, id=_commitment_id(c, pledge.id, new), pledge_id=new)
        for c in pledge.commitments)
    return dataclasses.replace(
        pledge, id=new, period_start=start, period_end=end, signed_date=None,
        title=_renewed_title(pledge, start, end), commitments=commitments, version=1,
        archived=False, updated_at=None, updated_by="")


def new_id(kommun_name: str, year: int, taken: Collection[str], *,
           end_year: int | None = None) -> str:
    """A pledge id such as ``strangnas-2019`` (ASCII, lower case), free among ``taken``.

    Swedish letters lose their marks (ä → a, ö → o, å → a), as in the seeds' ids; a
    second pledge of the same municipality and year gets ``-2``, ``-3`` ….
    """
    ascii_name = unicodedata.normalize("NFKD", kommun_name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "kommun"
    return _free(f"{base}-{year}" + (f"-{end_year}" if end_year is not None else ""), taken)


def _free(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is not taken."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _renewed_id(pledge: Pledge, start: date, end: date, taken: Collection[str]) -> str:
    """The old id with its years moved on (``vadstena-2018`` → ``vadstena-2019``), free.

    An id that does not end in its period's years gets one from the municipality's name.
    """
    end_year = end.year if end.year != start.year else None
    first, last = pledge.period_start.year, pledge.period_end.year
    old_years = f"-{first}" + (f"-{last}" if last != first else "")
    if not pledge.id.endswith(old_years):
        return new_id(pledge.kommun, start.year, taken, end_year=end_year)
    stem = pledge.id[: -len(old_years)]
    return _free(f"{stem}-{start.year}" + (f"-{end_year}" if end_year is not None else ""),
                 taken)


def _same_length(old_start: date, old_end: date, start: date) -> date:
    """The end of a period starting at ``start`` as long as the old one.

    Whole months stay whole months (a calendar year 2018 → 2019, March–August → September–
    February), so a leap year or a short month does not shift the period by a day; any
    other period keeps its day count.
    """
    if old_start.day == 1 and (old_end + timedelta(days=1)).day == 1 and start.day == 1:
        months = (old_end.year - old_start.year) * 12 + old_end.month - old_start.month + 1
        last = start.year * 12 + start.month - 1 + months  # the month after the new period
        return date(last // 12, last % 12 + 1, 1) - timedelta(days=1)
    return start + (old_end - old_start)


def _commitment_id(commitment: Commitment, old: str, new: str) -> str:
    """The commitment's id under the new pledge id (its own part after the old id kept)."""
    return new + commitment.id[len(old):]


def _renewed_title(pledge: Pledge, start: date, end: date) -> str:
    """The title with the old years replaced by the new ones where it names them."""
    old = (f"{pledge.period_start.year}–{pledge.period_end.year}"
           if pledge.period_end.year != pledge.period_start.year
           else str(pledge.period_start.year))
    new = f"{start.year}–{end.year}" if end.year != start.year else str(start.year)
    return pledge.title.replace(old, new) if old in pledge.title else pledge.title
