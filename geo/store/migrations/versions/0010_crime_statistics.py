"""Reported crimes per municipality and year, imported from Brå's statistics (issue 19).

``crime_statistics``: one row per municipality, year and crime category (its code and its
label as the file gave them), the count of reported crimes, the rate per 100 000
inhabitants when given, the source and when and by whom it was imported. Frozen, like every
migration; see :mod:`geo.store.crime_tables` for the table's use.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crime_statistics", sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kommun_kod", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("category_code", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("rate_per_100k", sa.Double),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True)),
        sa.Column("imported_by", sa.Text),
    )
    op.create_index("crime_statistics_kommun", "crime_statistics", ["kommun_kod", "year"])


def downgrade() -> None:
    op.drop_table("crime_statistics")
