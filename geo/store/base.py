"""The store interface every backend implements, and its errors."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import geopandas as gpd
import pandas as pd

from geo.access.auth import User
from geo.domain.enums import PlanColour
from geo.domain.filters import Filter
from geo.domain.lagesbild import Lagesbild
from geo.domain.model import ActivityCount, Feature, Pledge
from geo.domain.plan import Plan


class StoreError(Exception):
    """Base class of the store's refusals."""


class NotFoundError(StoreError):
    """No record with that id in that layer."""


class StaleVersionError(StoreError):
    """The record changed since the caller read it; the update was not applied."""

    def __init__(self, layer: str, record_id: str, expected: int, current: int,
                 updated_by: str, updated_at: datetime | None) -> None:
        super().__init__(
            f"{layer}/{record_id} is at version {current}, not {expected}: "
            f"changed by {updated_by or 'unknown'} at {updated_at}; reload"
        )
        self.current = current
        self.updated_by = updated_by
        self.updated_at = updated_at


@dataclass(frozen=True)
class HistoryEntry:
    """One change: who, when, what before and what after (JSON text)."""

    seq: int
    at: datetime
    user: str
    layer: str
    record_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str = ""


@dataclass(frozen=True)
class ImportEntry:
    """One imported file in the store's ledger (``io_imports``), written with its records."""

    sha256: str
    layer: str
    kommun_kod: str
    file_name: str
    imported_at: str
    user: str
    created: int


# In the class body ``list`` is the method ``Store.list``: annotations say ``builtins.list``.
class Store(Protocol):
    """What the app needs from a database; see DESIGN.md "The store"."""

    def initialize(self) -> None:
        """Create the schema if it is missing (idempotent)."""

    def list(self, layer: str, flt: Filter | None = None, *, public: bool = False
             ) -> gpd.GeoDataFrame:
        """Features of ``layer`` matching ``flt``; ``public`` selects only public fields."""

    def get(self, layer: str, record_id: str, *, deleted: bool = False) -> Feature | None:
        """One record, or None (a soft-deleted one only when ``deleted``)."""

    def create(self, record: Feature, user: str) -> Feature:
        """Insert a new record (version 1) and return it as stored."""

    def create_many(self, records: builtins.list[Feature], user: str) -> int:
        """Insert many records in one transaction; return how many."""

    def update(self, layer: str, record_id: str, changes: dict[str, Any],
               expected_version: int, user: str) -> Feature:
        """Apply ``changes`` if the stored version is ``expected_version``."""

    def delete(self, layer: str, record_id: str, expected_version: int, user: str,
               reason: str = "") -> None:
        """Soft-delete a record with a (required) reason; it leaves every list."""

    def history(self, layer: str | None = None, record_id: str | None = None
                ) -> builtins.list[HistoryEntry]:
        """Changes, oldest first."""

    def exists(self) -> bool:
        """True when the store has been initialised."""

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about the store (e.g. ``contents = example``)."""

    def meta(self, key: str) -> str | None:
        """A fact recorded with :meth:`set_meta`, or None."""

    def data_version(self) -> str:
        """A value that changes whenever data change (a cache key)."""

    def replace_pledges(self, pledges: builtins.list[Pledge], user: str) -> None:
        """Replace all pledges and commitments."""

    def pledges(self) -> builtins.list[Pledge]:
        """All pledges (archived too) with their commitments, by start of period and id."""

    def pledge(self, pledge_id: str) -> Pledge | None:
        """One pledge with its commitments, or None."""

    def save_pledge(self, pledge: Pledge, user: str, expected_version: int | None) -> Pledge:
        """Create (``expected_version`` None; the id must be free) or update a pledge.

        An update applies only at ``expected_version`` (else :class:`StaleVersionError`);
        the commitments are replaced by the given ones; history in the same transaction.
        Returns the pledge as stored (version counted up, ``updated_at``/``updated_by`` set).
        """

    def archive_pledge(self, pledge_id: str, user: str, expected_version: int) -> Pledge:
        """Mark a pledge archived (version counted up, history ``archive``)."""

    def save_pledge_document(self, pledge_id: str, name: str, media_type: str, data: bytes,
                             user: str) -> None:
        """Keep the pledge's source document (PDF or UTF-8 text; the content is checked)."""

    def pledge_document(self, pledge_id: str) -> tuple[str, str, bytes] | None:
        """The pledge's source document as name, media type and bytes, or None."""

    def plans(self, kommun_kod: str | None = None) -> builtins.list[Plan]:
        """Åtgärdsplaner with their rows (of one municipality); drafts, then newest decided."""

    def plan(self, plan_id: str) -> Plan | None:
        """One plan with its rows, or None."""

    def save_plan(self, plan: Plan, user: str, expected_version: int | None) -> Plan:
        """Create (``expected_version`` None) or update a plan whole, as :meth:`save_pledge`.

        Each row keeps its stored colour override (see :meth:`override_plan_colour`).
        """

    def override_plan_colour(self, plan_id: str, row_id: str, colour: PlanColour | str | None,
                             reason: str, user: str, expected_version: int) -> Plan:
        """Set or lift (None) a row's follow-up colour by hand with a reason; history kept."""

    def lagesbilder(self, kommun_kod: str | None = None) -> builtins.list[Lagesbild]:
        """Lägesbilder's written parts (of one municipality); drafts, then the newest period."""

    def lagesbild(self, lagesbild_id: str) -> Lagesbild | None:
        """One lägesbild's written parts, or None."""

    def save_lagesbild(self, doc: Lagesbild, user: str, expected_version: int | None
                       ) -> Lagesbild:
        """Create (``expected_version`` None) or update a lägesbild whole, as :meth:`save_plan`."""

    def add_counts(self, counts: builtins.list[ActivityCount], user: str) -> int:
        """Store count-only activities (never with a place)."""

    def counts(self, kommun_kod: str) -> pd.DataFrame:
        """Count-only activities of one municipality."""

    def save_user(self, user: User, password_hash: str | None, by: str) -> None:
        """Add or change a user (None keeps the password)."""

    def user(self, email: str) -> tuple[User, str | None] | None:
        """A user and their password hash, or None."""

    def users(self) -> builtins.list[User]:
        """Every user."""

    def remove_user(self, email: str, by: str) -> bool:
        """Remove a user; True when there was one."""

    def counts_by_kommun(self, year: int, codes: Sequence[str] | None = None
                         ) -> dict[str, dict[str, int]]:
        """Public features per municipality and layer in ``year`` (the region view's numbers)."""

    def row_counts(self) -> dict[str, int]:
        """Rows per table of :data:`geo.store.transfer.TABLES` (deleted records included)."""

    def export_rows(self, table: str) -> builtins.list[dict[str, Any]]:
        """Every row of a table as plain values, deleted records and hashes too (for a copy)."""

    def import_rows(self, table: str, rows: builtins.list[dict[str, Any]]) -> int:
        """Insert exported rows as they are, without a history entry (for a copy)."""

    def clear(self) -> None:
        """Empty every table, history included; the store gets a new ``store_id``."""

    def save_survey(self, results: pd.DataFrame, user: str,
                    areas: gpd.GeoDataFrame | None = None) -> int:
        """Keep checked survey results (and the polygons of their areas); see survey_tables."""

    def survey_results(self, kommun_kod: str) -> pd.DataFrame:
        """A municipality's survey results, every kind of area and year."""

    def survey_areas(self, kommun_kod: str, kind: str) -> gpd.GeoDataFrame:
        """The stored polygons of one kind of survey area (``area_id``, WGS 84)."""

    def replace_crime_statistics(self, figures: pd.DataFrame, user: str) -> int:
        """Keep checked crime figures (same municipality, year, category replaced)."""

    def crime_statistics(self, kommun_kod: str, years: Iterable[int] | None = None
                         ) -> pd.DataFrame:
        """A municipality's reported crimes by year and category; see crime_tables."""

    def import_records(self, layer: str, records: builtins.list[Feature], user: str,
                       entry: ImportEntry, progress: Callable[[float], None] | None = None
                       ) -> int:
        """Insert a file's new records (history too) and its ledger row, all or nothing."""

    def imported_file(self, sha256: str, layer: str, kommun_kod: str
                      ) -> dict[str, Any] | None:
        """The ledger row of a file imported before into ``layer`` of ``kommun_kod``."""

    def existing_ids(self, layer: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` the layer holds (deleted records too: their ids are taken)."""
