"""Lägesbilder (issue 19): the coordinator's written parts of the law's lägesbild, versioned.

``situation_reports``: one row per lägesbild (municipality, police area, years, title, the
sections of *Annan information* as a JSON list, the analysis, status draft/decided,
decision and next-revision dates, the optimistic version). Frozen, like every migration;
see :mod:`geo.store.lagesbild_tables` for the table's use.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "situation_reports", sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kommun_kod", sa.Text, nullable=False),
        sa.Column("police_area", sa.Text),
        sa.Column("year_from", sa.Integer, nullable=False),
        sa.Column("year_to", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("sections", JSONB), sa.Column("analysis", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("decided_date", sa.Date), sa.Column("next_revision", sa.Date),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True)), sa.Column("updated_by", sa.Text),
    )
    op.create_index("situation_reports_kommun", "situation_reports", ["kommun_kod"])


def downgrade() -> None:
    op.drop_table("situation_reports")
