"""Åtgärdsplaner (issue 19): the law's action plan as records, Brå's matrix one row per action.

``plans``: one row per plan (municipality, title, status draft/decided, decided and
next-revision dates, the optimistic version). ``plan_rows``: the plan's rows in order, from
the problem (with JSON lists of linked unsafe places and findings, and an area) through
cause, action, operational goal (target and unit), dates and party to the comment and the
follow-up colour's override with who, when and why. Frozen, like every migration; see
:mod:`geo.store.plan_tables` for the tables' use.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "plans", sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kommun_kod", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("decided_date", sa.Date), sa.Column("next_revision", sa.Date),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", TIMESTAMP), sa.Column("updated_by", sa.Text),
    )
    op.create_index("plans_kommun", "plans", ["kommun_kod"])
    op.create_table(
        "plan_rows", sa.Column("id", sa.Text, primary_key=True),
        sa.Column("plan_id", sa.Text, sa.ForeignKey("plans.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("problem", sa.Text, nullable=False),
        sa.Column("place_ids", JSONB), sa.Column("finding_ids", JSONB),
        sa.Column("area", sa.Text), sa.Column("cause", sa.Text),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target", sa.Double), sa.Column("unit", sa.Text),
        sa.Column("start_date", sa.Date), sa.Column("due_date", sa.Date),
        sa.Column("responsible", sa.Text, nullable=False),
        sa.Column("pledge_id", sa.Text), sa.Column("commitment_id", sa.Text),
        sa.Column("comment", sa.Text), sa.Column("colour_override", sa.Text),
        sa.Column("override_reason", sa.Text), sa.Column("override_by", sa.Text),
        sa.Column("override_at", TIMESTAMP),
    )
    op.create_index("plan_rows_plan", "plan_rows", ["plan_id", "position"])


def downgrade() -> None:
    op.drop_table("plan_rows")
    op.drop_table("plans")
