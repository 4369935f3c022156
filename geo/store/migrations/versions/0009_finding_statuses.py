"""Finding statuses from before the full lifecycle, renamed as a GeoPackage's upgrade does.

Migration 0003 added the lifecycle's columns but left the statuses a database already held:
``open`` and ``rejected``, which ``FindingStatus`` no longer has, so such a finding could not
be read. A GeoPackage store renames them when it opens (``geo.store.gpkg.store._upgrade``); this
does the same here: ``open`` becomes ``new``, ``rejected`` becomes ``not_done`` with the
reason ``avvisad`` (which "not done" requires). Frozen: the old names are written out here.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE findings SET status = 'new' WHERE status = 'open'")
    op.execute("UPDATE findings SET status = 'not_done', status_reason = 'avvisad' "
               "WHERE status = 'rejected'")


def downgrade() -> None:
    """Nothing to undo: the old statuses cannot be told from new ones of the same name."""
