"""Pledges written in the app: versions, archiving, a link and a document as the source.

``Pledge`` gained ``version`` (optimistic locking, as the map's records), ``archived``,
``updated_at``, ``updated_by`` and ``source_url``; a commitment stores its ``measure``; a
pledge may keep its source document (``pledge_documents``, PDF or UTF-8 text); an unsafe
place carries the date it was resolved (``resolved_date``, which ``places_resolved``
counts by). Existing rows: pledges are at version 1 and not archived; each commitment gets
the measure its kind gave before measures were stored; a place already resolved gets the
date of its last change (never before it was reported). Frozen: the measure rule is
written out here as it stood.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)

#: The measure a commitment's kind and target period gave (geo.domain.pledge.default_measure).
DEFAULT_MEASURE = """
UPDATE commitments SET measure = CASE
  WHEN kind IN ('home_visit', 'concern_talk') THEN 'count_only'
  WHEN kind = 'safety_walk' AND target_period = 'per_walk' THEN 'walk_rule'
  WHEN kind = 'safety_walk' THEN 'walks'
  WHEN kind = 'police_hours' THEN 'hours'
  WHEN target_period IN ('month', 'week') THEN 'units'
  ELSE 'activities' END
WHERE measure IS NULL
"""


def upgrade() -> None:
    op.add_column("pledges", sa.Column("source_url", sa.Text))
    op.add_column("pledges", sa.Column("version", sa.Integer, nullable=False,
                                       server_default="1"))
    op.add_column("pledges", sa.Column("archived", sa.Boolean, nullable=False,
                                       server_default=sa.false()))
    op.add_column("pledges", sa.Column("updated_at", TIMESTAMP))
    op.add_column("pledges", sa.Column("updated_by", sa.Text))
    op.add_column("commitments", sa.Column("measure", sa.Text))
    op.execute(DEFAULT_MEASURE)
    op.create_table(
        "pledge_documents",
        sa.Column("pledge_id", sa.Text, sa.ForeignKey("pledges.id"), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("media_type", sa.Text, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", TIMESTAMP), sa.Column("updated_by", sa.Text),
    )
    op.add_column("unsafe_places", sa.Column("resolved_date", sa.Date))
    op.execute("UPDATE unsafe_places SET resolved_date = GREATEST(reported_date, "
               "coalesce((updated_at AT TIME ZONE 'UTC')::date, reported_date)) "
               "WHERE status = 'resolved' AND resolved_date IS NULL")


def downgrade() -> None:
    op.drop_column("unsafe_places", "resolved_date")
    op.drop_table("pledge_documents")
    op.drop_column("commitments", "measure")
    for name in ("updated_by", "updated_at", "archived", "version", "source_url"):
        op.drop_column("pledges", name)
